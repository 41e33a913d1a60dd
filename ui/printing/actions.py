"""What a page calls to print: build the PDF in the background (TaskRunner, with progress
and cancel), then preview it, or save a batch to a file or a folder.

    from ui.printing.actions import preview_pdf
    preview_pdf(self, self.context, lambda ctx: signin_pdf(ctx.office, meeting_id),
                title="会议签到表", file_name="会议签到表_第三次会议")

The build function runs on the worker thread with `ctx.office` (its own connection) and
`ctx.progress`; it must never touch a widget."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.context import AppContext
from ui.tasks import TaskContext, TaskHandle
from ui.widgets.messages import confirm, show_info
from ui.widgets.progress import run_with_progress

if TYPE_CHECKING:  # reportlab loads only when something is printed (start-up budget)
    from app.documents.base import PdfResult
    from app.documents.batch import FolderResult

BuildPdf = Callable[[TaskContext], "PdfResult"]
BuildFolder = Callable[[TaskContext, Path], "FolderResult"]


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _notes_text(notes: tuple[str, ...]) -> str:
    return ("\n\n请注意：\n" + "\n".join(notes)) if notes else ""


def preview_pdf(
    parent: QWidget, context: AppContext, build: BuildPdf, *, title: str, file_name: str
) -> TaskHandle:
    """Build in the background, then open the preview (print / save as PDF)."""

    def done(result: PdfResult) -> None:
        from ui.printing.preview import show_preview

        show_preview(parent, result, title=title, file_name=file_name)

    return run_with_progress(parent, context.runner, build, title=f"正在生成{title}…", on_done=done)


def ask_save_file(parent: QWidget, title: str, file_name: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, f"保存{title}", str(Path(_documents_folder()) / f"{file_name}.pdf"),
        "PDF 文件 (*.pdf)",
    )  # fmt: skip
    if not path:
        return None
    return Path(path if path.lower().endswith(".pdf") else path + ".pdf")


def ask_folder(parent: QWidget, title: str) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, f"选择保存{title}的文件夹", _documents_folder())
    return Path(path) if path else None


def save_pdf(
    parent: QWidget, context: AppContext, build: BuildPdf, *, title: str, file_name: str
) -> TaskHandle | None:
    """A batch into one PDF: ask where, build and save in the background, then offer the
    preview to print it."""
    path = ask_save_file(parent, title, file_name)
    if path is None:
        return None

    def work(ctx: TaskContext) -> PdfResult:
        result = build(ctx)
        ctx.progress.check()
        result.save(path)
        return result

    def done(result: PdfResult) -> None:
        text = f"已保存{title}，共 {result.pages} 页：\n{path}{_notes_text(result.notes)}"
        if confirm(parent, "已完成", text + "\n\n现在预览并打印吗？"):
            from ui.printing.preview import show_preview

            show_preview(parent, result, title=title, file_name=path.stem)

    return run_with_progress(parent, context.runner, work, title=f"正在生成{title}…", on_done=done)


def save_folder(
    parent: QWidget, context: AppContext, build: BuildFolder, *, title: str
) -> TaskHandle | None:
    """A batch of one PDF per record: ask for a folder, build in the background."""
    folder = ask_folder(parent, title)
    if folder is None:
        return None

    def done(result: FolderResult) -> None:
        show_info(
            parent,
            f"已生成 {len(result.paths)} 个 PDF 文件（共 {result.pages} 页），保存在：\n{folder}"
            + _notes_text(result.notes),
        )

    return run_with_progress(
        parent, context.runner, lambda ctx: build(ctx, folder), title=f"正在生成{title}…",
        on_done=done,
    )  # fmt: skip
