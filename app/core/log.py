"""The program's log: a few rotating files in the data folder (日志/renda.log), for the
technician who is told "it went wrong". It never holds personal data: only what kind of
error happened and where in the program (exception type, cause, module:line), never a
message or a value, which may hold a deputy's name, ID number or phone."""

from __future__ import annotations

import logging
from pathlib import Path

from app.core.faults import log_line

FOLDER = "日志"
FILE = "renda.log"
MAX_BYTES = 512 * 1024
KEEP = 3
_logger = logging.getLogger("renda")


def log_folder() -> Path:
    from app.core.paths import user_data_dir

    return user_data_dir() / FOLDER


def log_path() -> Path:
    return log_folder() / FILE


def _handler() -> logging.Handler | None:
    """The file handler for the current data folder (tests change it per test)."""
    target = log_path()
    for handler in _logger.handlers:
        if getattr(handler, "baseFilename", None) == str(target):
            return handler
    for handler in list(_logger.handlers):
        _logger.removeHandler(handler)
        handler.close()
    import logging.handlers  # here: the start writes no log line before its window shows

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8", delay=True
        )
    except OSError:
        return None  # no log is better than a second failure while reporting the first
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    _logger.addHandler(handler)
    _logger.setLevel(logging.INFO)
    _logger.propagate = False
    return handler


def log_error(where: str, exc: BaseException) -> None:
    """Record a failure once: `where` is a fixed English word (gui, cli, task, thread)."""
    if getattr(exc, "_renda_logged", False) or _handler() is None:
        return
    try:
        exc._renda_logged = True  # type: ignore[attr-defined]  # a task's error is shown later
    except AttributeError:
        pass
    try:
        _logger.error("%s %s", where, log_line(exc))
    except Exception:  # the log must never raise in an error path
        pass


def log_event(text: str) -> None:
    """A fixed English line (never data): 'qt-critical', 'start' …"""
    if _handler() is not None:
        try:
            _logger.info("%s", text)
        except Exception:
            pass
