"""Writing finished files: whole or not at all (temporary name, flush, fsync, rename)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from app.core import faults
from app.core.errors import RendaError
from app.core.replace import held_open, replace_file

# Characters Windows refuses in file names, and its reserved device names.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))} | {
    f"LPT{i}" for i in range(1, 10)
}


def safe_file_name(name: str, *, fallback: str = "未命名") -> str:
    """A file name Windows accepts, made from a person's name or a title."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    if not cleaned or cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"{fallback}_{cleaned}" if cleaned else fallback
    return cleaned[:120]


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so that a reader sees the old file or the whole new one,
    never half of it. Errors come as RendaError in Chinese."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(temporary, path)
    except OSError as exc:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        if held_open(exc) and path.exists():
            raise RendaError(
                f"“{path}”正被其他程序（如 PDF 阅读器、WPS）打开，Windows 不允许替换它。"
                "请关闭这个文件后再试；原来的文件没有改动。"
            ) from exc
        reason = faults.reason(exc)
        raise RendaError(
            f"无法保存到“{path}”：{reason}。请检查文件夹是否存在、是否有写入权限、"
            "磁盘是否已满，或该文件是否正被其他程序（如 PDF 阅读器）打开。"
        ) from exc
    return path
