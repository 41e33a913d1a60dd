"""Errors that reach the clerk. Every message is Simplified Chinese and says what to fix."""

from __future__ import annotations


class RendaError(Exception):
    """An error whose message can be shown to the clerk as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(RendaError):
    """Input refused; `fields` maps each offending field to its message."""

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        self.fields = dict(fields)
        summary = message or "；".join(self.fields.values()) or "输入有误"
        super().__init__(summary)


class NotFound(RendaError):
    pass


class DatabaseTooNew(RendaError):
    pass


class Cancelled(RendaError):
    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)


class StorageError(RendaError):
    """The disk or the database file refused a read or a write (app.core.faults maps the
    causes). Nothing half-done was kept: the transaction was rolled back. `exit_code` is the
    command line's status for this cause (README, 命令行)."""

    exit_code = 8
    title = "无法读写数据库"


class DatabaseLocked(StorageError):
    exit_code = 3
    title = "数据库正被占用"


class DiskFull(StorageError):
    exit_code = 4
    title = "磁盘空间不足"


class ReadOnly(StorageError):
    exit_code = 5
    title = "数据库是只读的"


class DriveMissing(StorageError):
    exit_code = 6
    title = "找不到数据库所在的磁盘"


class DatabaseUnreadable(StorageError):
    """Not a renda database, or damaged (never said of a file that is only read-only)."""

    exit_code = 7
    title = "无法打开数据库"


class DatabaseDamaged(DatabaseUnreadable):
    title = "数据库文件已损坏"


class UnexpectedError(RendaError):
    """A fault of the program itself; the details are in the log, never in the message."""

    exit_code = 9
