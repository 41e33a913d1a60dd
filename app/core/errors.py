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


class DatabaseUnreadable(RendaError):
    pass


class Cancelled(RendaError):
    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)
