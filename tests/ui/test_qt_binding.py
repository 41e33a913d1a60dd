"""Facts about the Qt binding that renda relies on, measured so an upgrade cannot break
them unnoticed."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    text = Signal(str)
    flag = Signal(bool)


def test_emitting_a_signal_from_python_keeps_the_reference_count_of_true() -> None:
    """PySide6 6.12.0 drops a reference to True on every emit(); after a few thousand
    emits (an afternoon of clerk's work) the interpreter aborts. pyproject.toml keeps
    PySide6 below 6.12 for this reason."""
    emitter = Emitter()
    emitter.text.connect(lambda _t: None)
    emitter.flag.connect(lambda _f: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.text.emit("张三")
        emitter.flag.emit(True)
    assert sys.getrefcount(True) - before > -50
