"""Figures of the work between sessions: the yearly files of every deputy of the township
demo (budget 10 s), one yearly file, the activity and reception lists and searches, the
duty scores of a township, one deputy's yearly file as the file tab reads it."""

from __future__ import annotations

import time

from benchmarks.common import Context, benchmark, median_ms


@benchmark("activities_print")
def bench_year_files(ctx: Context) -> list[tuple[str, float, str]]:
    from app.core import dates
    from app.core.progress import Progress
    from app.documents.fonts import font_set
    from app.documents.year_file import scored_deputies, year_file_pdf
    from app.office import Office

    font_set()
    year = dates.today().year
    with Office.open(ctx.db("township")) as office:
        ids = scored_deputies(office, year)
        cycle = iter(ids * 20)
        one = median_ms(lambda: year_file_pdf(office, [next(cycle)], year), repeat=7)
        steps: list[int] = []
        started = time.perf_counter()
        batch = year_file_pdf(
            office, ids, year, progress=Progress(lambda d, t, _x: steps.append(d))
        )
        batch_s = time.perf_counter() - started
    return [
        ("print_one_year_file", one, "ms"),
        ("print_all_year_files_township", batch_s, "s"),
        ("print_all_year_files_deputies", len(ids), "deputies"),
        ("print_all_year_files_pages", batch.pages, "pages"),
        ("print_all_year_files_progress_steps", len(steps), "reports"),
    ]


@benchmark("activities_lists")
def bench_lists(ctx: Context) -> list[tuple[str, float, str]]:
    from app.core import dates
    from app.duties.activities import ActivityQuery
    from app.duties.receptions import ReceptionQuery
    from app.duties.year_file import year_file
    from app.office import Office

    year = dates.today().year
    results = []
    with Office.open(ctx.db()) as office:
        township = office.townships.list()[0].id
        deputy = office.db.execute(
            "SELECT id FROM deputies WHERE township_id = ? AND is_township_deputy = 1 LIMIT 1",
            [township],
        ).fetchone()[0]

        def listing(search, rows, query):  # ids of the matches plus a first screenful
            return lambda: rows(search(query)[:100])

        a, r = office.activities, office.receptions
        for name, fn in (
            ("activities_all", listing(a.search, a.rows, ActivityQuery())),
            ("activities_search_chinese", listing(a.search, a.rows, ActivityQuery(text="饮水"))),
            ("receptions_all", listing(r.search, r.rows, ReceptionQuery())),
            ("receptions_search_chinese", listing(r.search, r.rows, ReceptionQuery(text="路灯"))),
            ("scores_of_a_township_year", lambda: office.scores.year(year, township)),
            # The 述职 page: its year filter's years, then the year's reports.
            ("voter_report_years", office.voter_reports.years),
            ("voter_reports_of_a_year", lambda: office.voter_reports.list(year=year)),
            ("year_file_of_one_deputy", lambda: year_file(office, deputy, year)),
        ):
            results.append((f"{name}_{ctx.scale}", median_ms(fn, repeat=9), "ms"))
        if ctx.compare:
            # The reference: the receptions' text read row by row (the search before its
            # index of characters and pairs), the same first screenful.
            def scanned() -> object:
                ids = [
                    row[0]
                    for row in office.db.execute(
                        "SELECT r.id FROM receptions r WHERE r.id IN (SELECT reception_id"
                        " FROM reception_items WHERE instr(content, ?) > 0"
                        " OR instr(visitor_name, ?) > 0 OR instr(village, ?) > 0"
                        " OR instr(forwarded_to, ?) > 0 OR instr(result, ?) > 0)"
                        " ORDER BY r.date DESC, r.start_time DESC, r.id DESC",
                        ["路灯"] * 5,
                    )
                ]
                return r.rows(ids[:100])

            label = f"receptions_search_chinese_{ctx.scale}"
            at = next(i for i, line in enumerate(results) if line[0] == label)
            results[at] = (*results[at], "text read row by row", median_ms(scanned, repeat=9))
        counts = {
            t: office.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("activities", "receptions", "reception_items", "voter_reports")
        }
    results += [(f"{table}_in_database_{ctx.scale}", n, "rows") for table, n in counts.items()]
    return results
