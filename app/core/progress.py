"""Progress and cancellation for long work, without Qt.

The UI's task runner hands a `Progress` to a function of `app/`; the function reports
steps and calls `check()` between them so that a cancel takes effect promptly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.core.errors import Cancelled

Listener = Callable[[int, int, str], None]


class Progress:
    def __init__(self, listener: Listener | None = None) -> None:
        self._listener = listener
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if the clerk asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._listener is not None:
            self._listener(done, total, text)


NO_PROGRESS = Progress()
