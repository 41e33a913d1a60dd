"""What the first print and the first save of a session would otherwise load on the clerk's
time, loaded in the background once the window shows (DESIGN.md: nothing blocks the window
for more than 100 ms).

- the print fonts and their glyph tables (app.documents.fonts.preload), reportlab and the
  form modules: the first 打印登记表 took about 1 s longer than the next ones;
- pypinyin's dictionaries: the first save of a deputy (the name's pinyin search keys) held
  the window about 0.75 s (loaded by app.core.pinyin_loading, which lets the window run
  meanwhile: pypinyin's own loader holds the GIL for 0.5 s);
- the stroke table and the ID numbers' area codes (the rest of a first save);
- the print preview's Qt modules (QtPdf, QtPrintSupport).

Thread safety: the fonts are registered under a lock (a print that starts meanwhile waits
for the load to finish, never sees half a font, never registers one twice); Python's import
lock makes a module imported here and by the UI thread at the same time load once, the
other waiting. Nothing here touches a widget or the UI's database connection (the setting
is read before the thread starts). A failure is only logged: the print or the save that
needs the part meets it again and tells the clerk."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.office import Office
from ui.tasks import TaskRunner

_thread: threading.Thread | None = None
# name -> seconds, for the benchmarks and the log
timings: dict[str, float] = {}


def _print_fonts(choice: object) -> Callable[[], object]:
    def load() -> object:
        import app.documents.registration  # noqa: F401  (reportlab's platypus with it)
        from app.documents.fonts import preload

        return preload(choice)

    return load


def _sample_form(choice: object) -> Callable[[], object]:
    """A small form thrown away: what reportlab sets up on its first document (about
    0.1 s more on the first 打印登记表 than on the next)."""

    def build() -> object:
        from app.documents.base import Document
        from app.documents.fonts import office_font_set

        doc = Document(office_font_set(choice), title="代表登记表")
        kit = doc.kit()
        half = doc.width / 2
        rows = [
            [kit.label("姓名"), kit.text("张𠮷，。")],
            [kit.label("身份证号码"), kit.one_line("110101197503030011")],
        ]
        grid = kit.grid(rows, [half, half])
        story = [*kit.title("代表登记表"), grid, kit.signatures(["代表本人签名："])]
        return doc.build(story, kit=kit)

    return build


def _pinyin() -> object:
    from app.core.chinese import pinyin_keys
    from app.core.pinyin_loading import preload_pypinyin

    preload_pypinyin()  # its dictionaries parsed so that the window keeps the GIL too
    return pinyin_keys("张单曾")


def _deputy_checks() -> object:
    """The stroke table (姓氏笔画 sort keys) and the ID numbers' area codes, read on the
    first save of a deputy."""
    from app.core.chinese import stroke_sort_key
    from app.core.validate import area_code_existed

    return stroke_sort_key("张"), area_code_existed("110101")


def _preview_modules() -> object:
    import ui.printing.preview  # noqa: F401

    return None


def start_warmup(office: Office, runner: TaskRunner | None = None) -> threading.Thread:
    """Start loading in the background (once per process); returns the thread. With the
    window's `runner`, its worker opens its own connection now rather than on the first
    print or export."""
    global _thread
    if runner is not None:
        runner.run(lambda ctx: ctx.office and None)
    if _thread is not None:
        return _thread
    choice = office.settings.get("print_fonts")
    steps: list[tuple[str, Callable[[], object]]] = [
        ("preview_modules", _preview_modules),
        ("print_fonts", _print_fonts(choice)),
        ("sample_form", _sample_form(choice)),
        ("pinyin", _pinyin),
        ("deputy_checks", _deputy_checks),
    ]
    # Not a daemon: the interpreter waits for it at exit instead of stopping it mid-import.
    _thread = threading.Thread(target=_run, args=(steps,), name="renda-warmup")
    _thread.start()
    return _thread


def _run(steps: list[tuple[str, Callable[[], object]]]) -> None:
    # The loading makes a million small objects; Python's cyclic garbage collector would
    # walk the whole heap several times meanwhile, each time holding the GIL (measured:
    # the window froze 150–200 ms at a time). It waits until the loading is done, and
    # what was loaded (kept for the whole session) is then frozen out of its walks.
    gc.disable()
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                step()
            except Exception as exc:  # met again, with its message, by the print or save
                from app.core.log import log_error

                log_error(f"warmup {name}", exc)
            timings[name] = time.perf_counter() - started
    finally:
        gc.freeze()
        gc.enable()


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has reached the screen
        return False


def when_painted(widget: QWidget, then: Callable[[], None]) -> None:
    """Call `then` once, just after `widget` is first painted."""
    _FirstPaint(widget, then)


class _Relay(QObject):
    done = Signal()


def load_then(load: Callable[[], object], then: Callable[[], None], parent: QObject) -> None:
    """Run `load` (imports only: it must touch no widget and no database connection) on a
    thread of its own, then call `then` on the UI thread; a failure is logged and `then`
    still runs (it meets the failure again, with its message). A module imported here and
    by the UI thread at the same time loads once (Python's import lock)."""
    relay = _Relay(parent)
    relay.done.connect(then)  # queued: emitted from the loading thread
    relay.done.connect(relay.deleteLater)

    def run() -> None:
        try:
            load()
        except Exception as exc:
            from app.core.log import log_error

            log_error("background load", exc)
        try:
            relay.done.emit()
        except RuntimeError:  # the window was closed meanwhile
            pass

    threading.Thread(target=run, name="renda-load").start()
