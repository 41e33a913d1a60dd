"""The one way off the UI thread: results, progress, errors and cancel come back."""

from __future__ import annotations

import threading
import time

from app.core.errors import RendaError
from ui.tasks import TaskRunner


def test_a_task_runs_off_the_ui_thread_with_its_own_database(qtbot, demo_db) -> None:
    runner = TaskRunner(demo_db)
    seen: dict = {}

    def work(ctx):
        seen["thread"] = threading.get_ident()
        for i in range(3):
            ctx.progress.report(i + 1, 3, f"第 {i + 1} 步")
        return ctx.office.db.execute("SELECT count(*) FROM deputies").fetchone()[0]

    progress: list = []
    runner.run(
        work,
        on_done=lambda r: seen.setdefault("result", r),
        on_progress=lambda d, t, text: progress.append((d, t, text)),
    )
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 74
    assert seen["thread"] != threading.get_ident()
    assert progress[-1] == (3, 3, "第 3 步")
    runner.shutdown()


def test_errors_reach_the_ui_thread(qtbot, demo_db) -> None:
    runner = TaskRunner(demo_db)
    errors: list = []

    def fail(ctx):
        raise RendaError("U 盘已满")

    runner.run(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0].message == "U 盘已满"
    runner.shutdown()


def test_a_long_task_can_be_cancelled(qtbot, demo_db) -> None:
    runner = TaskRunner(demo_db)
    outcome: list = []

    def slow(ctx):
        for i in range(500):
            ctx.progress.report(i, 500)
            time.sleep(0.01)
        return "finished"

    handle = runner.run(
        slow, on_done=outcome.append, on_cancelled=lambda: outcome.append("cancelled")
    )
    qtbot.wait(50)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=3000)
    assert outcome == ["cancelled"]
    runner.shutdown()
