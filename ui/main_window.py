"""The main window: left navigation of the areas, the pages, and a status bar with the
township, the term and the database file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from app.office import Office
from app.version import __version__
from ui.context import AppContext
from ui.pages import PageSpec, page_specs
from ui.tasks import TaskRunner
from ui.widgets.messages import show_info
from ui.widgets.screen import fit_to_screen

if TYPE_CHECKING:
    from ui.deputies.file_page import DeputyFilePage

FILE_PAGE = "file"


class PageStack(QStackedWidget):
    """The pages, one at a time. Its minimum is the shown page's, not the largest page's,
    and it sits in a scroll area: a page that needs more room than a small screen has
    (1024×768, or 1366×768 at 125%) scrolls instead of pushing the window off the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else QSize()

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else QSize()


class MainWindow(QMainWindow):
    def __init__(self, office: Office) -> None:
        super().__init__()
        self.office = office
        self._closing = False
        from ui.faults import install_lock_wait

        install_lock_wait(office)  # a save that finds the database locked waits, visibly
        self.runner = TaskRunner(office.path, self, session_of=lambda: office.access.signed_in)
        self.context = AppContext(
            office, self.runner, self.open_deputy, self.go, self.open_record, self._page
        )
        self.setWindowTitle(f"乡镇人大工作台 — {office.title}")
        fit_to_screen(self, 1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("NavList")
        self.nav.setFixedWidth(150)
        self.stack = PageStack()
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.stack)
        self.pages: dict[str, QWidget] = {}
        self.specs: list[PageSpec] = page_specs()
        for spec in self.specs:
            page = spec.factory(self.context)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
            self.nav.addItem(QListWidgetItem(spec.title))
        # The page of each row of the navigation, in order (not in the items' data: the
        # first use of Qt's own enums, Qt.ItemDataRole…, costs the start about 25 ms).
        self.nav_keys = [spec.key for spec in self.specs]
        self._file_page: DeputyFilePage | None = None
        self.nav.currentRowChanged.connect(self._nav_changed)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.scroll, 1)
        self.setCentralWidget(central)
        self._build_menu()
        self._build_status_bar()
        self.context.structure_changed.connect(self._update_status_bar)
        self.nav.setCurrentRow(0)
        from ui.access.lock import IdleLock

        self.idle_lock = IdleLock(self)
        from ui.warmup import when_painted

        when_painted(self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """What needs Qt's own enums and nothing on screen yet: set once the window shows
        (their first use makes all ninety, about 25 ms of the start)."""
        from PySide6.QtCore import Qt

        # F1 opens the guide from a dialog too.
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    @property
    def file_page(self) -> DeputyFilePage:
        """The deputy's file (一人一档), built the first time a file is opened."""
        if self._file_page is None:
            from ui.deputies.file_page import DeputyFilePage

            self._file_page = DeputyFilePage(self.context, back=lambda: self.go("deputies"))
            self.pages[FILE_PAGE] = self._file_page
            self.stack.addWidget(self._file_page)
        return self._file_page

    def _build_menu(self) -> None:
        # setShortcuts([...]), not setShortcut(...): choosing among the latter's overloads
        # makes all of Qt's own enums (about 25 ms of the start, see _after_first_paint).
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.lock_action = QAction("锁定", self)
        self.lock_action.setShortcuts([QKeySequence("Ctrl+L")])
        self.lock_action.triggered.connect(lambda: self.idle_lock.lock())
        file_menu.addAction(self.lock_action)
        quit_action = QAction("退出", self)
        quit_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Quit)])
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        guide = QAction("用户手册", self)
        guide.setShortcuts([QKeySequence("F1")])
        guide.triggered.connect(self.open_guide)
        self.guide_action = guide
        help_menu.addAction(guide)
        about = QAction("关于", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        self.place_label = QLabel()
        self.user_label = QLabel()
        self.db_label = QLabel()  # selectable by mouse once shown (_after_first_paint)
        self.statusBar().addWidget(self.place_label)
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(QLabel(f"版本 {__version__}"))
        self._update_status_bar()

    def _update_status_bar(self) -> None:
        office = self.office
        self.place_label.setText(f"  {office.title}  ")
        session = office.access.session
        signed_in = session is not None and session.user_id is not None
        self.user_label.setText(f"用户：{session.label}  " if signed_in else "")
        self.user_label.setVisible(signed_in)
        if hasattr(self, "lock_action"):
            self.lock_action.setEnabled(signed_in)
        self.db_label.setText(f"数据库：{office.path}")
        self.setWindowTitle(f"乡镇人大工作台 — {office.title}")

    def _about(self) -> None:
        show_info(
            self,
            f"乡镇人大工作台 {__version__}\n\n乡镇人大主席团办公室的代表履职档案、会议、"
            "建议办理与报送工具。所有数据保存在本机，不联网。\n\n"
            f"数据库：{self.office.path}",
            "关于",
        )

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        return next((key for key, page in self.pages.items() if page is current), "")

    def open_guide(self) -> None:
        """帮助 → 用户手册, or F1: the guide at the section about the page on screen."""
        from ui.home.guide import GuideWindow

        GuideWindow.open(self, self.current_page_key())

    # ---- navigation -------------------------------------------------------------------

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentWidget(self.pages[self.nav_keys[row]])

    def go(self, key: str) -> None:
        if key == FILE_PAGE:
            self.stack.setCurrentWidget(self.file_page)
            return
        if key not in self.nav_keys:
            raise KeyError(key)
        row = self.nav_keys.index(key)
        if self.nav.currentRow() == row:
            self._nav_changed(row)
        else:
            self.nav.setCurrentRow(row)

    def _page(self, key: str) -> QWidget:
        return self.pages[key]

    def open_record(self, key: str, record_id: int | None = None) -> None:
        """Show a page and one of its records. `key` may name a view of the page after a
        slash ("oversight/opinions": the page's `show_view(view, record_id)`), for a page
        whose tabs hold records of different kinds."""
        if key == FILE_PAGE and record_id is not None:
            self.open_deputy(record_id)
            return
        key, _slash, view = key.partition("/")
        self.go(key)
        page = self.pages[key]
        if view and hasattr(page, "show_view"):
            page.show_view(view, record_id)
        elif record_id is not None and hasattr(page, "show_record"):
            page.show_record(record_id)

    def open_deputy(self, deputy_id: int) -> None:
        self.file_page.show_deputy(deputy_id)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.nav_keys.index("deputies"))
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.file_page)

    def closeEvent(self, event: QCloseEvent) -> None:
        from ui.exchange.lifecycle import backup_on_close

        if self._closing:  # the closing backup runs (the event loop too): one close is enough
            event.ignore()
            return
        self._closing = True
        try:
            self.runner.shutdown()
            backup_on_close(self)
        finally:
            self._closing = False
        super().closeEvent(event)
