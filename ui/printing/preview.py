"""The in-app print preview: the PDF's pages (QtPdf), 打印 (QPrinter) and 另存为 PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QStandardPaths, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RendaError
from app.documents.base import PdfResult
from ui.widgets.messages import show_error, show_info
from ui.widgets.screen import fit_to_screen

# Pages are sent to the printer as images of this resolution at most: enough for forms,
# and an A4 page stays about 35 MB while it is drawn.
PRINT_DPI = 300
ZOOM_STEP = 1.25


class PdfPreviewDialog(QDialog):
    """Shows a finished PDF; the clerk prints it or saves it. Tests patch `choose_printer`
    and `choose_save_path`."""

    def __init__(
        self, result: PdfResult, *, title: str, file_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.result = result
        self.file_name = file_name
        self.setWindowTitle(f"打印预览 — {title}")
        fit_to_screen(self, 980, 860)

        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(result.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise RendaError("生成的 PDF 无法显示，请重试；如仍不行，请用“另存为 PDF”保存后查看")

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)

        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("Primary")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("另存为 PDF…")
        self.save_button.clicked.connect(self.save_as)
        zoom_out = QPushButton("缩小")
        zoom_out.clicked.connect(lambda: self._zoom(1 / ZOOM_STEP))
        zoom_in = QPushButton("放大")
        zoom_in.clicked.connect(lambda: self._zoom(ZOOM_STEP))
        fit_width = QPushButton("适合宽度")
        fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        whole_page = QPushButton("整页")
        whole_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.page_label = QLabel()
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        for widget in (self.print_button, self.save_button, zoom_out, zoom_in, fit_width,
                       whole_page):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.page_label)
        bar.addSpacing(12)
        bar.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        if result.notes:
            notes = QLabel("\n".join(result.notes))
            notes.setObjectName("Warning")
            notes.setWordWrap(True)
            notes.setStyleSheet("background: #fff4d6; border: 1px solid #e0c070; padding: 6px;")
            layout.addWidget(notes)
            self.notes_label = notes
        layout.addWidget(self.view, 1)
        self._update_page_label()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_page_label(self) -> None:
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(f"第 {current} 页 / 共 {self.page_count} 页")

    def _zoom(self, factor: float) -> None:
        zoom = self.view.zoomFactor() if self.view.zoomMode() == QPdfView.ZoomMode.Custom else 1
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, zoom * factor)))

    def go_to_page(self, page: int) -> None:
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    # ---- printing ----------------------------------------------------------------------

    def choose_printer(self) -> QPrinter | None:
        """The printer and pages the clerk picks in the system's print dialog."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self.page_count)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, self.page_count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return printer

    def print_document(self) -> bool:
        printer = self.choose_printer()
        if printer is None:
            return False
        try:
            send_to_printer(self.document, printer)
        except RendaError as exc:
            show_error(self, exc, "打印失败")
            return False
        return True

    # ---- saving ------------------------------------------------------------------------

    def choose_save_path(self) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self, "另存为 PDF", str(Path(folder) / f"{self.file_name}.pdf"), "PDF 文件 (*.pdf)"
        )
        if not path:
            return None
        return Path(path if path.lower().endswith(".pdf") else path + ".pdf")

    def save_as(self) -> Path | None:
        path = self.choose_save_path()
        if path is None:
            return None
        try:
            self.result.save(path)
        except RendaError as exc:
            show_error(self, exc, "无法保存")
            return None
        show_info(self, f"已保存：{path}")
        return path


def send_to_printer(document: QPdfDocument, printer: QPrinter) -> None:
    """Draw the chosen pages onto the printer, each scaled to the printable area and in
    the orientation of its PDF page (the roster is landscape)."""
    count = document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    if first == 0 and last == 0:
        first, last = 1, count
    first, last = max(1, first), min(count, last)
    size = document.pagePointSize(first - 1)
    orientation = (
        QPageLayout.Orientation.Landscape
        if size.width() > size.height()
        else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)
    printer.setResolution(min(printer.resolution(), PRINT_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        raise RendaError("无法连接打印机，请检查打印机是否开机、是否已在本机安装")
    try:
        for page in range(first - 1, last):
            if page > first - 1:
                printer.newPage()
            area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            target = QRect(0, 0, area.width(), area.height())
            point = document.pagePointSize(page)
            scale = min(target.width() / point.width(), target.height() / point.height())
            image = document.render(page, (point * scale).toSize())
            x = (target.width() - image.width()) // 2
            painter.drawImage(x, 0, image)
    finally:
        painter.end()


def show_preview(
    parent: QWidget | None, result: PdfResult, *, title: str, file_name: str
) -> PdfPreviewDialog | None:
    """Open the preview of a finished PDF (modal)."""
    try:
        dialog = PdfPreviewDialog(result, title=title, file_name=file_name, parent=parent)
    except RendaError as exc:
        show_error(parent, exc)
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.exec()
    return dialog
