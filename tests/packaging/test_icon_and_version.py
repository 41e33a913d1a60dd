"""The program's icon and the version resource its executables carry on Windows."""

from __future__ import annotations

import ast

import make_icon
from PIL import Image
from version_info import version_text, version_tuple

from app.core.paths import resource_path
from app.version import __version__


def test_the_icon_file_holds_every_size_windows_asks_for():
    with Image.open(resource_path("icons", "renda.ico")) as ico:
        sizes = ico.info["sizes"]
    assert {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)} <= sizes


def test_the_icon_is_red_with_a_gold_character():
    with Image.open(resource_path("icons", "renda.png")) as png:
        icon = png.convert("RGBA")
    assert icon.size == (256, 256)
    red, gold = make_icon.RED[:3], make_icon.GOLD[:3]
    data = icon.tobytes()
    colours = [tuple(data[i : i + 3]) for i in range(0, len(data), 4) if data[i + 3] == 255]
    near = lambda a, b: sum(abs(x - y) for x, y in zip(a, b, strict=True)) < 30  # noqa: E731
    assert sum(near(c, red) for c in colours) > 0.5 * len(colours)
    # The character's stroke at the centre of 人, just under its top.
    assert near(icon.getpixel((128, 70))[:3], gold)


def test_small_sizes_are_drawn_not_shrunk():
    """At 16 px the frame is left out so the character stays readable."""
    small = make_icon.draw_icon(16)
    large = make_icon.draw_icon(256).resize((16, 16), Image.Resampling.LANCZOS)
    assert small.tobytes() != large.tobytes()


def test_windows_wants_four_numbers():
    assert version_tuple("0.1.0") == (0, 1, 0, 0)
    assert version_tuple("1.2") == (1, 2, 0, 0)
    assert version_tuple("2.0.1rc1") == (2, 0, 1, 0)
    assert version_tuple("0.3.0.dev4+g1234") == (0, 3, 0, 0)


def test_the_version_resource_carries_the_program_version_in_chinese():
    text = version_text(__version__, exe_name="renda.exe", description="乡镇人大工作台")
    tree = ast.parse(text, mode="eval")  # PyInstaller eval()s this text on Windows
    strings = {
        node.args[0].value: node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct"
    }
    assert strings["ProductVersion"] == __version__
    assert strings["ProductName"] == "乡镇人大工作台"
    assert strings["OriginalFilename"] == "renda.exe"
    assert "'080404b0'" in text  # Simplified Chinese, Unicode
    assert f"filevers={version_tuple(__version__)}" in text
