"""Aggregated figures (budget 100 ms at prefecture scale, never stale): the county's
comparison of townships (数据交换), the yearly rates (办理统计) and the 工作台's figures,
as the pages read them — kept with the data version (app/db/figure_cache.py) — and, to
be honest about it, what they cost after a record changed: a record of one township (that
township summed afresh) and a setting (every township summed afresh)."""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Context, Timing, benchmark, timed


def changed(office) -> bool:
    """A record of one township changed (a reply recorded, a newer package imported):
    the triggers raise the data version and that township's counter."""
    office.db.execute(
        "UPDATE suggestions SET updated_at = updated_at"
        " WHERE id = (SELECT min(id) FROM suggestions)"
    )
    return True


_SETTING = iter(range(10**6))
# Rotated, then back: every `after` makes an even number of changes, so the demo database
# is left with the classes it had.
_CLASSES = itertools.cycle([1, 0])


def changed_setting(office) -> bool:
    """A setting no figure reads changed (how many days before a deadline count as due
    soon): the figures kept with the settings they read stay valid."""
    office.settings.set("suggestion_due_soon_days", 10 + next(_SETTING) % 2)
    return True


def changed_for_all(office) -> bool:
    """A setting every township's figures read changed (which result class counts as
    solved): every township is summed again."""
    first = next(_CLASSES)
    classes = ["A=已解决或采纳", "B=列入计划逐步解决", "C=留作参考"]
    office.settings.set("suggestion_result_classes", "；".join(classes[first:] + classes[:first]))
    return True


def after(
    change: Callable[[object], bool], read: Callable[[], object], office: object, runs: int
) -> Timing:
    """The figure read after each change, the change itself not timed (its commit waits
    for the disk, which says nothing of the figure)."""
    times = []
    for _ in range(runs + 1):
        change(office)
        started = time.perf_counter()
        read()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(times[1:])  # the first: warming up


@benchmark("figures")
def bench_figures(ctx: Context) -> list[tuple]:
    from app.core import dates
    from app.county.figures import compare_townships
    from app.office import Office
    from app.reports.dashboard import dashboard
    from app.suggestions.stats import yearly_rates

    scale = ctx.scale
    results: list[tuple] = []
    year = dates.today().year
    with Office.open(ctx.db()) as office:
        if office.mode == "county":
            compare_townships(office)  # the first open after a change keeps it
            results.append(
                (f"county_comparison_{scale}", timed(lambda: compare_townships(office)), "ms")
            )
            results.append(
                (
                    f"county_comparison_after_a_change_in_one_township_{scale}",
                    after(changed, lambda: compare_townships(office), office, 7),
                    "ms",
                )
            )
            results.append(
                (
                    f"county_comparison_after_a_setting_no_figure_reads_changed_{scale}",
                    after(changed_setting, lambda: compare_townships(office), office, 7),
                    "ms",
                )
            )
            results.append(
                (
                    f"county_comparison_after_the_result_classes_changed_{scale}",
                    after(changed_for_all, lambda: compare_townships(office), office, 3),
                    "ms",
                )
            )
        results.append(
            (f"suggestions_yearly_rates_{scale}", timed(lambda: yearly_rates(office, year)), "ms")
        )
        results.append(
            (
                f"suggestions_yearly_rates_after_a_change_in_one_township_{scale}",
                after(changed, lambda: yearly_rates(office, year), office, 7),
                "ms",
            )
        )
        results.append(
            (
                f"suggestions_yearly_rates_after_a_setting_no_figure_reads_changed_{scale}",
                after(changed_setting, lambda: yearly_rates(office, year), office, 7),
                "ms",
            )
        )
        results.append(
            (
                f"suggestions_yearly_rates_after_the_result_classes_changed_{scale}",
                after(changed_for_all, lambda: yearly_rates(office, year), office, 3),
                "ms",
            )
        )
    # The 工作台 is a township's page: measured on the township demo, kept and afresh.
    with tempfile.TemporaryDirectory(prefix="renda-bench-") as tmp:
        copy = Path(tmp) / "township.sqlite"
        shutil.copyfile(ctx.db("township"), copy)
        with Office.open(copy) as office:
            results.append(("dashboard_figures_township", timed(lambda: dashboard(office)), "ms"))
            # A setting written: every figure of the page is summed again.
            afresh = after(changed_for_all, lambda: dashboard(office), office, 7)
            results.append(("dashboard_figures_after_a_change_township", afresh, "ms"))
    return results
