"""Suggestion figures: the list, its filters and the Chinese full-text search, as the
suggestion page runs them (ids of the matches in order, plus the first screenful of rows),
and the yearly rates."""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.common import Context, benchmark, median_ms


@benchmark("suggestions")
def bench_suggestions(ctx: Context) -> list[tuple[str, float, str]]:
    from app.office import Office
    from app.suggestions.records import SuggestionQuery

    results: list[tuple[str, float, str]] = []
    with Office.open(ctx.db()) as office:
        db = office.db
        total = db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        year = db.execute("SELECT max(year) FROM suggestions").fetchone()[0]
        unit = db.execute(
            "SELECT lead_unit_id FROM suggestions WHERE lead_unit_id IS NOT NULL"
            " GROUP BY lead_unit_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        township = db.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]

        def run(query: SuggestionQuery) -> Callable[[], object]:
            def go() -> object:
                ids = office.suggestions.search(query)
                return office.suggestions.rows(ids[:100])

            return go

        for name, query in (
            ("suggestions_list_all", SuggestionQuery()),
            ("suggestions_list_one_township", SuggestionQuery(township_id=township)),
            ("suggestions_filter_status_handling", SuggestionQuery(status="handling")),
            ("suggestions_filter_overdue", SuggestionQuery(due="overdue")),
            ("suggestions_filter_year", SuggestionQuery(year=year)),
            ("suggestions_filter_category", SuggestionQuery(category="饮水安全")),
            (
                "suggestions_filter_year_one_township",
                SuggestionQuery(year=year, township_id=township),
            ),
            ("suggestions_filter_year_category", SuggestionQuery(year=year, category="饮水安全")),
            ("suggestions_filter_unit", SuggestionQuery(unit_id=unit)),
            ("suggestions_sort_by_deadline", SuggestionQuery(sort="deadline")),
            ("suggestions_search_1_char", SuggestionQuery(text="塘")),
            ("suggestions_search_1_char_common", SuggestionQuery(text="村")),
            ("suggestions_search_2_chars", SuggestionQuery(text="山塘")),
            ("suggestions_search_4_chars", SuggestionQuery(text="饮水困难")),
            ("suggestions_search_6_chars", SuggestionQuery(text="灌溉渠道淤塞")),
            ("suggestions_search_name", SuggestionQuery(text="王𠮷")),
            ("suggestions_search_with_filters", SuggestionQuery(text="路灯", year=year)),
        ):
            results.append((f"{name}_{ctx.scale}", median_ms(run(query)), "ms"))

        def like_scan() -> object:
            return db.execute(
                "SELECT id FROM suggestions WHERE title LIKE ? OR content LIKE ?",
                ["%饮水困难%", "%饮水困难%"],
            ).fetchall()

        results.append(
            (
                f"suggestions_plain_like_scan_for_comparison_{ctx.scale}",
                median_ms(like_scan, repeat=5),
                "ms",
            )
        )
        from app.suggestions.stats import yearly_rates

        results.append(
            (
                f"suggestions_yearly_rates_{ctx.scale}",
                median_ms(lambda: yearly_rates(office, year), repeat=5),
                "ms",
            )
        )
        results.append((f"suggestions_in_database_{ctx.scale}", total, "suggestions"))
    return results
