"""Suggestion figures: the list, its filters, every header sort and the Chinese full-text
search, as the suggestion page runs them: the first chunk of ids in order (the page loads
200, ui/models/paged_table.py) plus the first screenful of rows; the count of the matches
(counted off the UI thread when the list is not complete); with --compare, the references
(all ids at once, a LIKE scan, an FTS5 trigram index) beside them."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import CACHE, Context, benchmark, demo_version, timed

FIRST = 200  # ui.models.paged_table.PagedTableModel.FIRST (not imported: no Qt here)
SORTS = [
    "registered",
    "received",
    "number",
    "title",
    "lead",
    "category",
    "status",
    "unit",
    "deadline",
    "result",
    "township",
]

SORTED_SEARCHES = (("1_char_common", "村"), ("2_chars", "山塘"), ("4_chars", "饮水困难"))


@benchmark("suggestions")
def bench_suggestions(ctx: Context) -> list[tuple]:
    from app.office import Office
    from app.suggestions.records import SuggestionQuery

    results: list[tuple] = []
    scale = ctx.scale
    with Office.open(ctx.db()) as office:
        db = office.db
        s = office.suggestions
        total = db.execute("SELECT count(*) FROM suggestions").fetchone()[0]
        year = db.execute("SELECT max(year) FROM suggestions").fetchone()[0]
        unit = db.execute(
            "SELECT lead_unit_id FROM suggestions WHERE lead_unit_id IS NOT NULL"
            " GROUP BY lead_unit_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        township = db.execute("SELECT id FROM townships ORDER BY id LIMIT 1").fetchone()[0]

        def page(query: SuggestionQuery) -> Callable[[], object]:
            def go() -> object:
                return s.rows(s.search(query, limit=FIRST + 1)[:100])

            return go

        def all_ids(query: SuggestionQuery) -> Callable[[], object]:
            return lambda: s.rows(s.search(query)[:100])

        lists = [
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
        ]
        for name, query in lists:
            line: tuple = (f"{name}_{scale}", timed(page(query)), "ms")
            if ctx.compare:
                line += ("all ids at once", timed(all_ids(query), repeat=5, warmup=1))
            results.append(line)
        for sort in SORTS:
            for descending in (True, False):
                query = SuggestionQuery(sort=sort, descending=descending)
                way = "desc" if descending else "asc"
                line = (f"suggestions_sort_by_{sort}_{way}_{scale}", timed(page(query)), "ms")
                if ctx.compare and sort in ("unit", "title", "deadline") and descending:
                    line += ("all ids at once", timed(all_ids(query), repeat=5, warmup=1))
                results.append(line)

        searches = [
            ("1_char", "塘"),
            ("1_char_common", "村"),
            ("2_chars", "山塘"),
            ("4_chars", "饮水困难"),
            ("6_chars", "灌溉渠道淤塞"),
            ("name", "王𠮷"),
        ]
        like_first = _like_scan(db.conn, first_page=True)
        for name, text in searches:
            query = SuggestionQuery(text=text)
            line = (f"suggestions_search_{name}_{scale}", timed(page(query)), "ms")
            if ctx.compare:
                line += ("LIKE scan", timed(lambda t=text: like_first(t), repeat=5, warmup=1))
            results.append(line)
        results.append(
            (
                f"suggestions_search_with_filters_{scale}",
                timed(page(SuggestionQuery(text="路灯", year=year))),
                "ms",
            )
        )
        for sort in ("unit", "title", "deadline"):
            for descending, way in ((True, ""), (False, "_asc")):  # the header clicked twice
                for name, text in SORTED_SEARCHES:
                    query = SuggestionQuery(text=text, sort=sort, descending=descending)
                    label = f"suggestions_search_{name}_sorted_by_{sort}{way}_{scale}"
                    results.append((label, timed(page(query)), "ms"))
        # The count the page shows beside the list (off the UI thread when not complete).
        like_count = _like_scan(db.conn, first_page=False)
        for name, query in (
            ("all", SuggestionQuery()),
            ("year", SuggestionQuery(year=year)),
            ("search_1_char_common", SuggestionQuery(text="村")),
            ("search_2_chars", SuggestionQuery(text="山塘")),
            ("search_4_chars", SuggestionQuery(text="饮水困难")),
        ):
            line = (f"suggestions_count_{name}_{scale}", timed(lambda q=query: s.count(q), 7), "ms")
            if ctx.compare and query.text:
                line += ("LIKE scan", timed(lambda t=query.text: like_count(t), 3, 1))
            results.append(line)
        if ctx.compare:
            results += _trigram_side_by_side(ctx, office)
        results.append((f"suggestions_in_database_{scale}", total, "suggestions"))
    return results


def _like_scan(conn: sqlite3.Connection, *, first_page: bool) -> Callable[[str], object]:
    """The plain way: LIKE over the text columns, newest first (its first page) or all."""
    sql = (
        "SELECT id FROM suggestions WHERE title LIKE ? OR content LIKE ? OR proposal LIKE ?"
        " OR number LIKE ? ORDER BY year DESC, id DESC"
    )
    if first_page:
        sql += f" LIMIT {FIRST + 1}"
    return lambda text: conn.execute(sql, [f"%{text}%"] * 4).fetchall()


def _trigram_side_by_side(ctx: Context, office) -> list[tuple]:
    """Our index (characters and pairs, the candidates checked) against an FTS5 trigram
    index of the same texts, for the queries a trigram index can answer (three
    characters or more): the first chunk of ids and the count."""
    from app.suggestions.records import SuggestionQuery

    path = CACHE / f"trigram-{ctx.scale}-{demo_version()}.sqlite"
    if ctx.rebuild or not path.exists():
        for old in CACHE.glob(f"trigram-{ctx.scale}-*.sqlite"):
            old.unlink()
        started = time.perf_counter()
        part = path.with_name(path.name + ".part")
        part.unlink(missing_ok=True)
        tri = sqlite3.connect(part)
        tri.execute(
            "CREATE VIRTUAL TABLE t USING fts5(number, title, content, proposal,"
            " tokenize='trigram')"
        )
        rows = office.db.execute("SELECT id, number, title, content, proposal FROM suggestions")
        tri.executemany(
            "INSERT INTO t (rowid, number, title, content, proposal) VALUES (?, ?, ?, ?, ?)", rows
        )
        tri.commit()
        tri.close()
        part.rename(path)
        print(f"# built the trigram index in {time.perf_counter() - started:.1f} s", flush=True)
    tri = sqlite3.connect(path)
    size = Path(path).stat().st_size / 1e6
    s = office.suggestions
    out: list[tuple] = []
    for name, text in (("4_chars", "饮水困难"), ("6_chars", "灌溉渠道淤塞")):
        query = SuggestionQuery(text=text)
        phrase = '"' + text + '"'

        def trigram_page(p: str = phrase) -> object:
            return tri.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid DESC LIMIT ?", [p, FIRST + 1]
            ).fetchall()

        def trigram_count(p: str = phrase) -> object:
            return tri.execute("SELECT count(*) FROM t WHERE t MATCH ?", [p]).fetchone()

        out.append(
            (
                f"suggestions_search_{name}_ids_first_chunk_{ctx.scale}",
                timed(lambda q=query: s.search(q, limit=FIRST + 1)),
                "ms",
                "FTS5 trigram",
                timed(trigram_page),
            )
        )
        out.append(
            (
                f"suggestions_search_{name}_count_{ctx.scale}",
                timed(lambda q=query: s.count(q), 7),
                "ms",
                "FTS5 trigram",
                timed(trigram_count, 7),
            )
        )
    out.append((f"trigram_index_size_{ctx.scale}", size, "MB (a file of its own)"))
    tri.close()
    return out
