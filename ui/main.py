"""Entry of the GUI: python -m ui [--db PATH] [--demo] [--screenshot OUT.png [--page NAME]]"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from app.office import Office
    from ui.main_window import MainWindow


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ui", description="乡镇人大工作台")
    parser.add_argument("--db", type=Path, help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--demo", action="store_true", help="打开演示乡镇（没有时自动生成）")
    parser.add_argument("--screenshot", type=Path, help="把主窗口画到 PNG 文件后退出")
    parser.add_argument(
        "--page",
        default="home",
        help="截图的页面：home、deputies、basics、file、preview（名册打印预览）、"
        "oversight/opinions（页面的某一部分）…",
    )
    parser.add_argument("--size", default="1280x800", help="截图的窗口大小")
    parser.add_argument("--startup-time", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    # The start makes a few hundred thousand objects that live as long as the program: the
    # cyclic collector would walk them again and again before the window shows. It is held
    # off until the first paint; what was made by then is frozen out of its walks.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = parse_args(argv)
    if args.screenshot or args.startup_time:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    import_before_qt()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.core.errors import RendaError
    from app.core.paths import default_db_path, demo_db_path, resource_path
    from app.office import Office
    from ui.fonts import install_fonts
    from ui.qt_translation import install_qt_translation
    from ui.widgets.messages import show_error

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("乡镇人大工作台")
    from ui.faults import install as install_fault_handler

    install_fault_handler(app)
    app.setWindowIcon(QIcon(str(resource_path("icons", "renda.png"))))
    if not install_qt_translation(app) and (args.screenshot or args.startup_time):
        sys.stderr.write("Qt 的中文翻译文件缺失，对话框按钮将显示英文\n")
    missing_fonts = install_fonts(app)
    style = resource_path("style.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    if missing_fonts:
        show_error(
            None,
            "程序自带的字体文件缺失（"
            + "、".join(missing_fonts)
            + "），部分汉字可能显示为方框。请重新安装乡镇人大工作台。",
        )

    path = args.db or (demo_db_path() if args.demo else default_db_path())
    try:
        office = Office.open(path)
    except RendaError as exc:
        if args.screenshot or args.startup_time:
            sys.stderr.write(exc.message + "\n")
        else:
            show_error(None, exc, getattr(exc, "title", "无法打开数据库"))
        return 1

    if not office.is_set_up:
        gc.enable()  # a first start: the setup and the demo take their time anyway
        if args.demo or args.screenshot or args.startup_time:
            if not args.demo:
                sys.stderr.write(f"数据库“{path}”还没有设置乡镇；截图请加 --demo 或先设置\n")
                return 1
            if not build_demo_with_progress(office):
                return 1
        else:
            from ui.home.setup_dialog import SetupDialog

            dialog = SetupDialog(office)
            if not dialog.exec():
                office.close()
                return 0
            if dialog.choice == SetupDialog.DEMO and not build_demo_with_progress(office):
                return 1

    if not (args.screenshot or args.startup_time) and not sign_in(office):
        office.close()
        return 0

    from ui.main_window import MainWindow

    window = MainWindow(office)
    if args.startup_time or args.screenshot:
        window.backup_on_close = False  # a picture or a timing is not the clerk's session
        try:
            if args.startup_time:
                return report_first_paint(app, window)
            return take_screenshot(app, window, args.screenshot, args.page, args.size)
        finally:
            window.close()
            office.close()
    from ui.widgets.screen import restore_geometry, save_geometry

    restore_geometry(window, "main")  # where the clerk left it, if it fits this screen
    app.aboutToQuit.connect(lambda: save_geometry(window, "main"))
    from ui.warmup import start_warmup, when_painted

    once = after_first_paint(window)
    # What the first print and the first save need, loaded while the clerk looks around.
    when_painted(
        window,
        lambda: (
            once(),
            collect_after_start(),
            after_home_filled(window, lambda: start_warmup(office, window.runner)),
        ),
    )
    window.daily_backups = True
    window.show()
    from PySide6.QtCore import QTimer

    # A window started minimised paints later.
    QTimer.singleShot(5000, window, lambda: (once(), collect_after_start()))
    code = app.exec()
    office.close()
    return code


def after_first_paint(window: MainWindow) -> Callable[[], None]:
    """What a session starts once its window shows, not before the first paint (the log's
    module and file, the backups' modules and Qt's own enums cost the start tens of ms):
    the log's line 'start' and the daily backups. Returns a function doing it once."""
    done: list[bool] = []

    def once() -> None:
        if done:
            return
        done.append(True)
        from app.core.log import log_event
        from ui.exchange.lifecycle import start_daily_backups

        log_event("start")
        start_daily_backups(window)

    return once


def after_home_filled(window: MainWindow, then: Callable[[], object]) -> None:
    """Call `then` once the 工作台 has filled after the first paint (or is not shown, or
    after 5 s): the warmup's loading and the 工作台's would otherwise share the processor
    at the same moment, and the window would pause longer."""
    from PySide6.QtCore import QTimer

    home = window.pages.get("home")
    deadline = time.monotonic() + 5

    def check() -> None:
        loading = getattr(home, "loading", False)
        unfilled = home is not None and home.isVisible() and not getattr(home, "filled", True)
        waiting = loading or unfilled
        if waiting and time.monotonic() < deadline:
            QTimer.singleShot(50, check)
        else:
            then()

    check()


def collect_after_start() -> None:
    """The window is on screen: the objects of the start are kept out of the collector's
    walks (gc.freeze) and the collector runs again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def import_before_qt() -> None:
    """Import the start's modules that do not use Qt before PySide6: once loaded, PySide6
    reads the source of every module imported after it, looking for its own name (about
    0.1 s for the program's and sqlite-utils' three hundred modules)."""
    import html  # noqa: F401  (the 工作台)

    # The facade and what every start reads: its areas load on first use (app/office.py),
    # the 工作台's modules on a thread after the first paint (ui/home/home_page.py).
    import app.access.users
    import app.areas
    import app.core.chinese
    import app.core.log
    import app.core.progress
    import app.core.records
    import app.deputies.township
    import app.office  # noqa: F401


def sign_in(office: Office) -> bool:
    """A new office database asks for its first user (a 管理员) after the township setup;
    with login on, the clerk signs in. False: the clerk chose to quit."""
    if office.access.needs_first_user or office.access.session is None:
        gc.enable()  # the clerk types: the start's timing is not at stake
    if office.access.needs_first_user:
        from ui.access.dialogs import FirstUserDialog

        if not FirstUserDialog(office).exec():
            return False
    if office.access.session is None:
        from ui.access.dialogs import LoginDialog

        if not LoginDialog(office).exec():
            return False
    return True


def build_demo_with_progress(office: Office) -> bool:
    """Fill the (empty) database with the demo township, in the background with progress."""
    from PySide6.QtCore import QEventLoop

    from app.demo import build_demo
    from ui.tasks import TaskRunner
    from ui.widgets.progress import run_with_progress

    runner = TaskRunner(office.path)
    loop = QEventLoop()
    outcome = {"ok": False}

    def done(_result: object) -> None:
        outcome["ok"] = True
        loop.quit()

    def failed(error: Exception) -> None:
        from ui.widgets.messages import show_error

        show_error(None, error, "无法生成演示数据")
        loop.quit()

    handle = run_with_progress(
        None,
        runner,
        lambda ctx: build_demo(ctx.office, progress=ctx.progress),
        title="正在生成演示数据…",
        on_done=done,
        on_failed=failed,
    )
    handle.on_cancelled = loop.quit
    loop.exec()
    runner.shutdown()
    return outcome["ok"]


def take_screenshot(app: QApplication, window: MainWindow, out: Path, page: str, size: str) -> int:
    width, height = (int(v) for v in size.lower().split("x"))
    window.resize(width, height)
    window.show()
    if page == "preview":
        return screenshot_roster_preview(app, window, out)
    if page == "file":
        roster = window.pages["deputies"]
        first = roster.model.deputy_id(0)
        if first is not None:
            window.open_deputy(first)
    elif page.partition("/")[0] in window.pages:
        window.open_record(page)  # "oversight/opinions": a view of the page, as links open it
    else:
        sys.stderr.write(f"没有名为“{page}”的页面；可用：{', '.join(window.pages)}\n")
        return 2
    settle(app, window)
    out.parent.mkdir(parents=True, exist_ok=True)
    return 0 if window.grab().save(str(out)) else 1


def settle(app: QApplication, window: MainWindow, seconds: float = 15) -> None:
    """Let the page finish what it loads in the background (the 工作台's reminders and
    charts, the 考评 ranking) and draw it, before the picture is taken."""
    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline and quiet < 20:
        app.processEvents()
        loading = any(getattr(page, "loading", False) for page in window.pages.values())
        quiet = 0 if window.runner.busy or loading else quiet + 1
        time.sleep(0.02)


def screenshot_roster_preview(app: QApplication, window: MainWindow, out: Path) -> int:
    """The print preview of the roster, its pages drawn by QtPdf (the frozen build's smoke
    test uses it to show QtPdf and the print fonts are in the bundle)."""
    from app.documents.roster import roster_pdf
    from ui.printing.preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(
        roster_pdf(window.office), title="代表名册", file_name="代表名册", parent=window
    )
    dialog.show()
    # QPdfView draws its pages in the background: wait until they show (at most 10 s).
    blank = dialog.grab().toImage()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and dialog.grab().toImage() == blank:
        app.processEvents()
        time.sleep(0.05)
    settled = time.monotonic() + 0.3
    while time.monotonic() < settled:
        app.processEvents()
        time.sleep(0.05)
    out.parent.mkdir(parents=True, exist_ok=True)
    saved = dialog.grab().save(str(out))
    dialog.close()
    return 0 if saved else 1


def report_first_paint(app: QApplication, window: MainWindow) -> int:
    """Print the wall-clock time of the first painted main window (for benchmarks/run.py)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
                self.seen = time.time()
                self.cpu = time.process_time()
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    app.exec()
    # The processor time spent until then (less disturbed by a busy machine than the
    # wall clock); the epoch stays the last line, which the benchmarks and smoke test read.
    lines = (
        f"first_paint_cpu_s: {getattr(watcher, 'cpu', 0):.6f}\n"
        f"first_paint_epoch: {getattr(watcher, 'seen', 0):.6f}\n"
    )
    try:
        sys.stdout.write(lines)
        sys.stdout.flush()
    except BrokenPipeError:  # `| head -1`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (no flush error at exit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
