"""What loads in the background after the first paint (ui/warmup.py): the first print and
the first save of a session keep the window painting, and the fonts are registered once
however many threads ask for them. Each runs in a fresh process: the fonts and pypinyin
load once per process, so only a fresh one shows the clerk's first time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The budget is 100 ms (DESIGN.md), held by benchmarks/bench_responsiveness.py; a test on a
# shared, loaded machine allows more, but less than what the loads took before (0.4–1.2 s).
GAP_BOUND_MS = 250


def _run(args: list[str]) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _probe(scenario: str, db: Path) -> dict[str, float]:
    out = _run(["-m", "benchmarks.ui_probe", scenario, "--db", str(db)])
    return json.loads(out.strip().splitlines()[-1])


def test_the_first_print_preview_keeps_the_window_painting(demo_db) -> None:
    found = _probe("first_print", demo_db)
    assert found["warmup_gap_ms"] < GAP_BOUND_MS, found  # the loading itself
    assert found["first_preview_gap_ms"] < GAP_BOUND_MS, found
    assert found["second_preview_gap_ms"] < GAP_BOUND_MS, found
    # The first preview is about as quick as the next (it took ~1 s more before).
    assert found["first_preview_s"] < found["second_preview_s"] + 0.5, found


def test_a_print_asked_for_as_the_fonts_load_waits_for_them_without_freezing(demo_db) -> None:
    found = _probe("print_at_start", demo_db)
    assert found["first_preview_gap_ms"] < GAP_BOUND_MS, found
    assert found["second_preview_gap_ms"] < GAP_BOUND_MS, found


def test_the_first_deputy_save_keeps_the_window_painting(demo_db) -> None:
    found = _probe("first_save", demo_db)
    assert found["warmup_gap_ms"] < GAP_BOUND_MS, found
    assert found["first_save_gap_ms"] < GAP_BOUND_MS, found


FONT_RACE = """
import threading
from reportlab.pdfbase import pdfmetrics, ttfonts

made = []
original = ttfonts.TTFont.__init__


def counted(self, name, *args, **kwargs):
    made.append(name)
    original(self, name, *args, **kwargs)


ttfonts.TTFont.__init__ = counted
from app.documents import fonts
from app.documents.registration import registration_pdf  # noqa: F401

sets = []
threads = [threading.Thread(target=lambda: sets.append(fonts.preload(None))) for _ in range(4)]
for t in threads:
    t.start()
sets.append(fonts.office_font_set(None))  # a print starting meanwhile
for t in threads:
    t.join()
assert len(made) == len(set(made)), made  # each font registered once
assert all(s == sets[0] for s in sets)
for name in dict.fromkeys([*sets[0].body, *sets[0].title]):
    face = pdfmetrics.getFont(name).face  # whole: its glyph table is there
    assert len(face.charToGlyph) > 100, name
print(len(made))
"""


def test_fonts_asked_for_by_several_threads_at_once_load_once() -> None:
    assert int(_run(["-c", FONT_RACE]).strip()) >= 4
