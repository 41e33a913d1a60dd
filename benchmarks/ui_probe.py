"""One clerk's action in a fresh GUI process, timed from the clerk's side: how long it takes
and the longest time the window did not repaint meanwhile (ui/widgets/ui_gaps.py). Run by
benchmarks/bench_responsiveness.py, one process per run, and printing one JSON line:

    python -m benchmarks.ui_probe close_backup --db county.sqlite
    python -m benchmarks.ui_probe first_print --db county.sqlite [--no-warmup]
    python -m benchmarks.ui_probe print_at_start --db county.sqlite
    python -m benchmarks.ui_probe first_save --db county.sqlite [--no-warmup]

A fresh process is the point: the fonts, pypinyin and the modules load once per process, so
only a fresh one shows what the clerk's first print or first save costs."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SETTLE_S = 0.3  # the window's first events after showing, before anything is measured
WARMUP_LIMIT_S = 60


def _window(db: Path, *, backup: bool) -> tuple[object, object, object]:
    from PySide6.QtWidgets import QApplication

    from app.office import Office
    from ui.fonts import install_fonts
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_fonts(app)
    office = Office.open(db)
    window = MainWindow(office)
    window.backup_on_close = backup
    window.resize(1280, 800)
    window.show()
    _spin(app, SETTLE_S)
    # The 工作台 fills after the first paint (its modules load on a thread): part of the
    # start, not of what is measured next.
    home = window.pages["home"]
    _spin(app, WARMUP_LIMIT_S, until=lambda: home.filled or not home.isVisible())
    _spin(app, SETTLE_S)
    return app, office, window


def _spin(app: object, seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Run the event loop for `seconds` (or until `until()` holds)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end and not (until and until()):
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


def _warm_up(app: object, window: object, meter: object) -> dict[str, float]:
    """Start the background loading as the program does after its first paint, keep the
    window's event loop running until it is done; the longest gap meanwhile."""
    import ui.warmup as warmup

    started = time.perf_counter()
    meter.start()  # type: ignore[attr-defined]
    thread = warmup.start_warmup(window.office, window.runner)  # type: ignore[attr-defined]
    _spin(app, WARMUP_LIMIT_S, until=lambda: not thread.is_alive())
    gap = meter.stop()  # type: ignore[attr-defined]
    return {
        "warmup_s": time.perf_counter() - started,
        "warmup_gap_ms": gap,
        **{f"warmup_{k}_s": v for k, v in warmup.timings.items()},
    }


def close_backup(db: Path, _warm: bool) -> dict[str, float]:
    from app.exchange.backup import backup_folder, list_backups
    from ui.widgets.ui_gaps import GapMeter

    _app, office, window = _window(db, backup=True)
    office.settings.set("auto_backup", True)  # type: ignore[attr-defined]
    before = {b.path for b in list_backups(backup_folder(db))}
    meter = GapMeter()
    started = time.perf_counter()
    meter.start()
    window.close()  # type: ignore[attr-defined]
    gap = meter.stop()
    seconds = time.perf_counter() - started
    office.close()  # type: ignore[attr-defined]
    made = [b for b in list_backups(backup_folder(db)) if b.path not in before]
    size = made[0].size if made else 0
    for b in made:  # a benchmark's backups are not the clerk's
        b.path.unlink()
    return {"close_s": seconds, "close_gap_ms": gap, "backup_mb": size / 1e6}


def preview_open() -> object | None:
    """The print preview on screen, if any (found by its class's name: importing it here
    would load QtPdf before the clerk's first print does)."""
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == "PdfPreviewDialog" and widget.isVisible():
            return widget
    return None


def first_print(db: Path, warm: bool, at_once: bool = False) -> dict[str, float]:
    """打印登记表 on a deputy's file, twice: the first of the process and the next. With
    `at_once`, the first is asked for just as the background loading starts (it waits for
    the fonts that are being loaded)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.warmup as warmup
    from ui.widgets.ui_gaps import GapMeter

    app, office, window = _window(db, backup=False)
    meter = GapMeter()
    result: dict[str, float] = {}
    if at_once:
        warmup.start_warmup(window.office, window.runner)  # type: ignore[attr-defined]
    elif warm:
        result = _warm_up(app, window, meter)
    deputy = office.db.execute("SELECT min(id) FROM deputies").fetchone()[0]  # type: ignore[attr-defined]
    window.open_deputy(deputy)  # type: ignore[attr-defined]
    _spin(app, 0.1)
    seen: dict[str, float] = {}

    def watch() -> None:
        # The preview runs its own event loop (exec): it is found and closed from a timer.
        dialog = preview_open()
        if dialog is not None and "at" not in seen:
            seen["at"] = time.perf_counter()
            seen["gap"] = meter.stop()
            dialog.reject()  # type: ignore[attr-defined]

    watcher = QTimer()
    watcher.setInterval(5)
    watcher.timeout.connect(watch)
    watcher.start()
    for which in ("first", "second"):
        seen.clear()
        started = time.perf_counter()
        meter.start()
        window.file_page.print_registration()  # type: ignore[attr-defined]
        _spin(app, 60, until=lambda: "at" in seen)
        if "at" not in seen:
            raise SystemExit("the preview did not open within 60 s")
        _spin(app, 0.2, until=lambda: preview_open() is None)
        result[f"{which}_preview_s"] = seen["at"] - started
        result[f"{which}_preview_gap_ms"] = seen["gap"]
    watcher.stop()
    if warmup._thread is not None:  # a program quits only after the loading has finished
        _spin(app, WARMUP_LIMIT_S, until=lambda: not warmup._thread.is_alive())  # type: ignore[union-attr]
    QApplication.processEvents()
    window.close()  # type: ignore[attr-defined]
    office.close()  # type: ignore[attr-defined]
    return result


def first_save(db: Path, warm: bool) -> dict[str, float]:
    """保存 in the deputy's edit dialog, unchanged: the name's pinyin keys are computed."""
    import ui.deputies.deputy_dialog as dialogs
    from ui.widgets.ui_gaps import GapMeter

    app, office, window = _window(db, backup=False)
    meter = GapMeter()
    result = _warm_up(app, window, meter) if warm else {}
    dialogs.confirm = lambda *_a, **_k: True  # a warning's 仍要保存吗 answered yes
    ids = [r[0] for r in office.db.execute("SELECT id FROM deputies ORDER BY id LIMIT 2")]  # type: ignore[attr-defined]
    for which, deputy_id in zip(("first", "second"), ids, strict=True):
        dialog = dialogs.DeputyDialog(office, office.deputies.get(deputy_id), window)  # type: ignore[attr-defined]
        dialog.show()
        _spin(app, 0.1)
        started = time.perf_counter()
        meter.start()
        saved = dialog.save()
        gap = meter.stop()
        result[f"{which}_save_s"] = time.perf_counter() - started
        result[f"{which}_save_gap_ms"] = gap
        if not saved:
            raise SystemExit("the deputy was not saved")
        _spin(app, 0.1)
    window.close()  # type: ignore[attr-defined]
    office.close()  # type: ignore[attr-defined]
    return result


def print_at_start(db: Path, _warm: bool) -> dict[str, float]:
    return first_print(db, True, at_once=True)


SCENARIOS = {
    "close_backup": close_backup,
    "first_print": first_print,
    "print_at_start": print_at_start,
    "first_save": first_save,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--no-warmup", action="store_true")
    args = parser.parse_args()
    print(json.dumps(SCENARIOS[args.scenario](args.db, not args.no_warmup)))


if __name__ == "__main__":
    main()
