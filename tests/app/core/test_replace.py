"""Replacing a file Windows reports in use: retried while a scanner holds it briefly, then a
clear Chinese message that leaves the old file as it was. Windows' refusal is what Linux
never does, so it is played here by os.replace raising what Windows raises (winerror 32);
the real refusal is checked under Wine by build_scripts/windows_under_wine.py."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from app.core import replace
from app.core.errors import RendaError
from app.documents.output import write_atomic


def in_use() -> PermissionError:
    exc = PermissionError(13, "The process cannot access the file")
    exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    return exc


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replace.sys, "platform", "win32")
    monkeypatch.setattr(replace.time, "sleep", lambda _s: None)


def test_a_brief_hold_is_waited_out(tmp_path: Path, windows: None, monkeypatch):
    target = tmp_path / "名册.pdf"
    target.write_bytes(b"old")
    refusals = [in_use(), in_use()]
    real = os.replace

    def scanner_then_free(src, dst):
        if refusals:
            raise refusals.pop()
        real(src, dst)

    monkeypatch.setattr(replace.os, "replace", scanner_then_free)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_file_held_open_gets_a_clear_message_and_stays(tmp_path: Path, windows: None,
                                                        monkeypatch):  # fmt: skip
    target = tmp_path / "名册.pdf"
    target.write_bytes(b"old")

    def always_held(src, dst):
        raise in_use()

    monkeypatch.setattr(replace.os, "replace", always_held)
    with pytest.raises(RendaError, match="正被其他程序"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["名册.pdf"]  # no .part left


def test_elsewhere_the_error_is_not_retried(tmp_path: Path, monkeypatch):
    calls = []

    def refuse(src, dst):
        calls.append(dst)
        raise in_use()

    monkeypatch.setattr(replace.os, "replace", refuse)
    if sys.platform != "win32":
        with pytest.raises(PermissionError):
            replace.replace_file(tmp_path / "a", tmp_path / "b")
        assert len(calls) == 1
