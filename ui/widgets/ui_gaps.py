"""How long the window stops repainting, measured from the clerk's side.

A timer ticks every few milliseconds on the UI thread; a tick that comes late means the
event loop (which also paints) did not run in between. The longest wait between two ticks
while an action runs is the longest the window was frozen (DESIGN.md: at most 100 ms).
Used by the responsiveness benchmark and the tests that hold the UI thread to it.

    meter = GapMeter()
    with meter:
        window.close()          # the closing backup
    meter.longest_ms            # e.g. 18.0
"""

from __future__ import annotations

import time
from types import TracebackType

from PySide6.QtCore import Qt, QTimer

TICK_MS = 10


class GapMeter:
    def __init__(self, tick_ms: int = TICK_MS) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest_ms = 0.0
        self.ticks = 0
        self.longest_ended = 0.0  # perf_counter() at the end of the longest gap

    def start(self) -> None:
        self.longest_ms = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = (now - self._last) * 1000
        if gap > self.longest_ms:
            self.longest_ms, self.longest_ended = gap, now
        self._last = now
        self.ticks += 1

    def stop(self) -> float:
        """Stop measuring; the longest gap, counting the time since the last tick (an action
        that blocked to its very end counts whole)."""
        self._tick()
        self._timer.stop()
        return self.longest_ms

    def __enter__(self) -> GapMeter:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()
