"""Batches of one form: many records into one PDF (each its own numbered section), or one
file each into a folder. Both report progress and stop on cancel; a cancelled folder batch
leaves the folder as it was."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from reportlab.platypus import Flowable, PageBreak

from app.core import faults
from app.core.errors import RendaError
from app.core.progress import NO_PROGRESS, Progress
from app.core.replace import replace_file
from app.documents.base import Document, Kit, PdfResult
from app.documents.output import safe_file_name, write_atomic

T = TypeVar("T")


@dataclass(frozen=True)
class FolderResult:
    paths: tuple[Path, ...]
    pages: int
    notes: tuple[str, ...] = ()


def one_pdf(
    doc: Document,
    items: Sequence[T],
    flowables: Callable[[Kit, T], list[Flowable]],
    label: Callable[[T], str],
    *,
    progress: Progress = NO_PROGRESS,
) -> PdfResult:
    """Every item's form in one PDF, each starting on a new page with its own numbering."""
    if not items:
        raise RendaError("没有可打印的记录")
    kit = doc.kit()
    story: list[Flowable] = []
    for i, item in enumerate(items):
        progress.check()
        if i:
            story.append(PageBreak())
        story.append(kit.section(f"正在排版：{label(item)}（{i + 1}/{len(items)}）"))
        story += flowables(kit, item)
    return doc.build(story, kit=kit, progress=progress, sections=len(items))


def one_file_each(
    folder: Path,
    items: Sequence[T],
    build: Callable[[T], PdfResult],
    file_name: Callable[[T], str],
    *,
    progress: Progress = NO_PROGRESS,
) -> FolderResult:
    """One PDF per item in `folder`. Names that would collide get a number appended.

    The files are made in a hidden folder inside `folder` and moved in only when all are
    done, so a cancel or an error leaves `folder` as it was."""
    if not items:
        raise RendaError("没有可打印的记录")
    folder = Path(folder)
    notes: list[str] = []
    pages = 0
    names: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".renda-print-", dir=folder))
    except OSError as exc:
        raise RendaError(f"无法在“{folder}”中保存文件：{faults.reason(exc)}") from exc
    try:
        for i, item in enumerate(items):
            name = safe_file_name(file_name(item))
            progress.report(i, len(items), f"正在生成：{name}（{i + 1}/{len(items)}）")
            stem, n = name, 2
            while name.lower() in {taken.lower() for taken in names}:
                name, n = f"{stem}_{n}", n + 1
            names.append(name)
            result = build(item)
            write_atomic(staging / f"{name}.pdf", result.data)
            pages += result.pages
            notes += result.notes
        progress.check()
        paths = []
        for name in names:
            target = folder / f"{name}.pdf"
            replace_file(staging / f"{name}.pdf", target)
            paths.append(target)
        progress.report(len(items), len(items), "")
    except OSError as exc:
        raise RendaError(f"无法在“{folder}”中保存文件：{faults.reason(exc)}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return FolderResult(tuple(paths), pages, tuple(dict.fromkeys(notes)))
