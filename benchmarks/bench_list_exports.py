"""Lists to Excel at county scale: every suggestion of the county demo (about 100,000), the
open ones, the receptions with their visitors, the meetings. (Their memory is measured in
a fresh process by `export_stream`: this process's own peak holds whatever ran before.)"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Context, benchmark


@benchmark("list_exports")
def bench_list_exports(ctx: Context) -> list[tuple[str, float, str]]:
    from app.duties.receptions import ReceptionQuery
    from app.exchange import list_exports as le
    from app.office import Office
    from app.suggestions.records import SuggestionQuery

    results: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp, Office.open(ctx.db()) as office:
        out = Path(tmp)
        runs = [
            ("suggestions_all", lambda p: le.export_suggestions(office, p, SuggestionQuery())),
            (
                "suggestions_open",
                lambda p: le.export_suggestions(office, p, SuggestionQuery(status="open")),
            ),
            ("receptions_all", lambda p: le.export_receptions(office, p, ReceptionQuery())),
            ("meetings_all", lambda p: le.export_meetings(office, p)),
        ]
        for name, run in runs:
            target = out / f"{name}.xlsx"
            started = time.perf_counter()
            done = run(target)
            seconds = time.perf_counter() - started
            results.append((f"export_{name}_{ctx.scale}", seconds * 1000, f"ms ({done.rows} rows)"))
            results.append((f"export_{name}_file", target.stat().st_size / 1024, "KB"))
    return results
