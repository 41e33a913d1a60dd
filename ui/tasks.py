"""The one way to run work off the UI thread.

A task is a plain function of app/ that takes a `TaskContext` (an Office of its own, opened
on the worker thread, and a `Progress` to report to and to check for cancel) and returns a
value. It must never touch a widget. Tasks run one at a time on a single worker thread, so
database work is serialised; results, errors and progress come back on the UI thread.

    runner.run(lambda ctx: export_all(ctx.office, out, ctx.progress),
               on_done=..., on_error=..., on_progress=...)
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.errors import Cancelled, RendaError
from app.core.faults import storage_error
from app.core.log import log_error
from app.core.progress import Progress
from app.office import Office


class TaskContext:
    def __init__(self, worker: _Worker, progress: Progress) -> None:
        self._worker = worker
        self.progress = progress

    @property
    def office(self) -> Office:
        """The worker's own Office on the runner's database (opened on first use)."""
        return self._worker.office()


TaskFn = Callable[[TaskContext], Any]


@dataclass
class TaskHandle:
    id: int
    progress: Progress
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[Exception], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    on_cancelled: Callable[[], None] | None = None
    finished: bool = field(default=False)

    def cancel(self) -> None:
        self.progress.cancel()


class _Worker(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)
    cancelled = Signal(int)
    progressed = Signal(int, int, int, str)

    def __init__(self, db_path: Path | None) -> None:
        super().__init__()
        self._db_path = db_path
        self._office: Office | None = None
        # Who the UI's Office is signed in as: the worker's writes are theirs (app/access).
        self.session_of: Callable[[], Any] | None = None

    def office(self) -> Office:
        if self._db_path is None:
            raise RendaError("还没有打开数据库")
        if self._office is None:
            self._office = Office.open(self._db_path)
        if self.session_of is not None:
            self._office.access.adopt(self.session_of())
        return self._office

    @Slot(int, object, object)
    def execute(self, task_id: int, fn: TaskFn, progress: Progress) -> None:
        context = TaskContext(self, progress)
        try:
            result = fn(context)
        except Cancelled:
            self.cancelled.emit(task_id)
        except RendaError as exc:
            self.failed.emit(task_id, exc)
        except Exception as exc:  # the disk, the file, or a bug: named, logged, never lost
            mapped = storage_error(exc, self._db_path.resolve() if self._db_path else None)
            log_error("task", exc)
            if mapped is not None:
                mapped.__cause__ = exc
                self.failed.emit(task_id, mapped)
            else:
                self.failed.emit(task_id, exc)
        else:
            self.done.emit(task_id, result)

    @Slot()
    def close_office(self) -> None:
        if self._office is not None:
            self._office.close()
            self._office = None


class TaskRunner(QObject):
    _submit = Signal(int, object, object)
    _close = Signal()
    _instances: ClassVar[weakref.WeakSet[TaskRunner]] = weakref.WeakSet()

    @classmethod
    def running(cls) -> list[TaskRunner]:
        """Runners whose worker thread still runs (every one must be shut down on close)."""
        return [r for r in cls._instances if r._thread.isRunning()]

    def __init__(
        self,
        db_path: Path | None,
        parent: QObject | None = None,
        *,
        session_of: Callable[[], Any] | None = None,
    ) -> None:
        """`session_of` gives who is signed in on the UI's Office (office.access.signed_in,
        which reads no database), so that the worker's own Office acts as the same user."""
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._tasks: dict[int, TaskHandle] = {}
        self._thread = QThread()
        self._thread.setObjectName("renda-worker")
        self._worker = _Worker(db_path)
        self._worker.session_of = session_of
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.execute)
        self._close.connect(self._worker.close_office)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._worker.progressed.connect(self._on_progress)
        self._thread.start()
        TaskRunner._instances.add(self)

    @property
    def busy(self) -> bool:
        return any(not t.finished for t in self._tasks.values())

    def run(
        self,
        fn: TaskFn,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> TaskHandle:
        task_id = next(self._ids)
        worker = self._worker
        progress = Progress(lambda d, t, text: worker.progressed.emit(task_id, d, t, text))
        handle = TaskHandle(task_id, progress, on_done, on_error, on_progress, on_cancelled)
        self._tasks[task_id] = handle
        self._submit.emit(task_id, fn, progress)
        return handle

    def _finish(self, task_id: int) -> TaskHandle | None:
        handle = self._tasks.pop(task_id, None)
        if handle is not None:
            handle.finished = True
        return handle

    @Slot(int, object)
    def _on_done(self, task_id: int, result: object) -> None:
        handle = self._finish(task_id)
        if handle and handle.on_done:
            handle.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, error: Exception) -> None:
        handle = self._finish(task_id)
        if handle and handle.on_error:
            handle.on_error(error)
        else:  # nobody waits for this task's failure: it must not pass unseen
            from ui.faults import report

            report(error)

    @Slot(int)
    def _on_cancelled(self, task_id: int) -> None:
        handle = self._finish(task_id)
        if handle and handle.on_cancelled:
            handle.on_cancelled()

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, text: str) -> None:
        handle = self._tasks.get(task_id)
        if handle and handle.on_progress:
            handle.on_progress(done, total, text)

    def shutdown(self) -> None:
        """Cancel what runs, close the worker's database and stop its thread."""
        for handle in list(self._tasks.values()):
            handle.cancel()
        if self._thread.isRunning():
            self._close.emit()
            self._thread.quit()
            self._thread.wait()
