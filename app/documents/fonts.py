"""Fonts of printed forms: registered once per process, embedded and subset in every PDF.

Three things reportlab does not do for Chinese, done here (measured, ../shared/NOTES.md §1):
- **Fallback**: a glyph missing from a font prints as nothing, silently. Every text is cut
  into runs, each in the first font of a chain that has the character
  (Song → Micro Hei → RendaFallbackA → RendaFallbackB for the body).
- **ToUnicode for rare characters**: reportlab writes code points above U+FFFF as five hex
  digits instead of UTF-16 surrogate pairs, so 𠮷 prints but cannot be searched or copied.
- **Line breaking** (禁则): the characters that may not start a line lack the full-width
  ，；：！？》 and friends; reportlab hangs only one closing mark (so "）" then "，" puts
  the comma at the start of the next line) and never keeps an opening mark off a line's
  end. Its CJK line splitter is replaced by one that follows both rules.

Fonts are chosen by the setting `print_fonts`: the shipped ones (the default), or on Windows
the customary official fonts (宋体 or 仿宋 for the body, 黑体 for titles) when they exist and
can be embedded; otherwise the shipped ones, with a note saying so.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from app.core.errors import RendaError
from app.core.paths import resource_path

SONG = "RendaSong"
HEI = "RendaHei"
FALLBACK_A = "RendaFallbackA"
FALLBACK_B = "RendaFallbackB"
PUNCT_GB = "RendaPunctGB"

# reportlab name -> (file in resources/fonts, face index in a collection)
SHIPPED: dict[str, tuple[str, int]] = {
    SONG: ("uming-cn.ttf", 0),
    HEI: ("wqy-microhei.ttc", 0),
    FALLBACK_A: ("RendaFallbackA.ttf", 0),
    FALLBACK_B: ("RendaFallbackB.ttf", 0),
    PUNCT_GB: ("RendaPunctGB.ttf", 0),
}

# The shipped Song face (AR PL UMing CN) centres 。 and 、 in the square (the Taiwan
# convention); mainland forms put them low at the left. Text in that face takes these marks
# from AR PL SungtiL GB instead (measured: build_scripts/make_punct_font.py).
GB_PUNCTUATION = frozenset(map(ord, "。、，；：！？"))

# The customary fonts of Chinese official papers on Windows: (file in %WINDIR%\Fonts, name).
WINDOWS_FONTS: dict[str, tuple[str, str]] = {
    "song": ("simsun.ttc", "宋体"),
    "fangsong": ("simfang.ttf", "仿宋"),
    "hei": ("simhei.ttf", "黑体"),
}

# Printed where no font of the chain has a character: the customary mark of a missing
# character in Chinese typesetting, rather than a silent gap.
MISSING_MARK = "〓"

# Full-width punctuation that may not start a line (reportlab's list lacks these).
CANNOT_START_EXTRA = "，；：！？》〉）」』】〕”’…·％"
# Marks that may not end a line (GB/T 15834 and the usual 禁则 of Chinese typesetting).
CANNOT_END = "（《「『【〔〈［｛“‘([{"


@dataclass(frozen=True)
class FontSet:
    """The font chains a document uses, and what the clerk should know about them."""

    body: tuple[str, ...]
    title: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def body_font(self) -> str:
        return self.body[0]

    @property
    def title_font(self) -> str:
        return self.title[0]


_lock = threading.Lock()


def _register(name: str, path: Path, index: int = 0) -> None:
    """Register a TrueType font under `name` (once). Raises RendaError when the file is
    missing, not TrueType-outline, or does not allow embedding."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        if name in pdfmetrics.getRegisteredFontNames():
            return
        _patch_reportlab()
        try:
            font = TTFont(name, str(path), subfontIndex=index, asciiReadable=0)
        except Exception as exc:  # TTFError, OSError, struct.error: all mean "not usable"
            raise RendaError(f"字体文件“{path.name}”无法用于打印：{exc}") from exc
        pdfmetrics.registerFont(font)


def _shipped_chain(first: str) -> tuple[str, ...]:
    chain = [first, HEI, FALLBACK_A, FALLBACK_B]
    names = list(dict.fromkeys(chain))
    for name in [*names, PUNCT_GB] if first == SONG else names:
        if name in SHIPPED:
            file, index = SHIPPED[name]
            path = resource_path("fonts", file)
            try:
                _register(name, path, index)
            except RendaError as exc:
                raise RendaError(
                    f"程序自带的字体“{file}”缺失或已损坏，无法打印。请重新安装乡镇人大工作台。（{exc}）"
                ) from exc
    return tuple(names)


def windows_fonts_dir() -> Path | None:
    """Where Windows keeps its fonts, or None elsewhere."""
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if not windir:
        return None
    folder = Path(windir) / "Fonts"
    return folder if folder.is_dir() else None


def _windows_font(key: str, notes: list[str]) -> str | None:
    """Register one Windows font; None (with a note) when it is missing or unusable."""
    file, label = WINDOWS_FONTS[key]
    folder = windows_fonts_dir()
    path = folder / file if folder else None
    if path is None or not path.is_file():
        notes.append(f"本机没有找到{label}（{file}），已改用程序自带字体打印。")
        return None
    name = f"RendaWin{key.capitalize()}"
    try:
        _register(name, path)
    except RendaError:
        notes.append(f"本机的{label}（{file}）不能嵌入 PDF，已改用程序自带字体打印。")
        return None
    return name


# One font set is made at a time: a print that starts while the fonts load in the
# background (ui/warmup.py) waits here for that load to finish, and finds it done.
_set_lock = threading.Lock()


def font_set(choice: str = "bundled") -> FontSet:
    """The fonts for the setting `print_fonts`; registers them on first use (about 0.3 s,
    done in the background after the window shows). Safe from any thread."""
    with _set_lock:
        return _font_set(choice)


@cache
def _font_set(choice: str) -> FontSet:
    notes: list[str] = []
    body_first, title_first = SONG, HEI
    if choice in ("windows_song", "windows_fangsong"):
        body_key = "song" if choice == "windows_song" else "fangsong"
        body_first = _windows_font(body_key, notes) or SONG
        title_first = _windows_font("hei", notes) or HEI
    body = _shipped_chain(SONG)
    title = _shipped_chain(HEI)
    if body_first != SONG:
        body = (body_first, *body)
    if title_first != HEI:
        title = (title_first, *title)
    return FontSet(body=body, title=title, notes=tuple(notes))


font_set.cache_clear = _font_set.cache_clear  # type: ignore[attr-defined]


def office_font_set(settings_value: object) -> FontSet:
    return font_set(str(settings_value or "bundled"))


def preload(settings_value: object) -> FontSet:
    """Everything the first form of a session would load: the fonts of the setting
    `print_fonts` and the glyph tables of each (which character is in which font). Run in
    the background at start (ui/warmup.py); safe from any thread."""
    chosen = office_font_set(settings_value)
    for name in dict.fromkeys([*chosen.body, *chosen.title]):
        _glyphs(name)
    return chosen


# ---- choosing a font per character ------------------------------------------------------


@cache
def _glyphs(name: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _font_for(cp: int, chain: tuple[str, ...]) -> str | None:
    if chain[0] == SONG and cp in GB_PUNCTUATION:
        return PUNCT_GB
    for name in chain:
        if cp in _glyphs(name):
            return name
    return None


_missing = threading.local()


def reset_missing() -> None:
    """Start collecting, on this thread, the characters no font has (a new document)."""
    _missing.chars = {}


def missing_characters() -> list[str]:
    """The characters printed as 〓 on this thread since `reset_missing`, in order."""
    return list(getattr(_missing, "chars", {}))


def missing_note(chars: list[str]) -> str:
    """What the clerk is told when characters were printed as 〓."""
    shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in chars[:10])
    more = f"等 {len(chars)} 个字" if len(chars) > 10 else ""
    return (
        f"打印字体中没有{shown}{more}，这些字印成了“{MISSING_MARK}”。"
        "请在打印件上手工补写，或在设置中改用含有这些字的字体。"
    )


def runs(text: str, chain: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(font, text) pieces of `text`, each in the first font of `chain` that has its
    characters. A character no font has is printed as 〓 (so a gap never goes unseen) and
    remembered for the document's notes (`missing_characters`)."""
    current: str | None = None
    piece: list[str] = []
    for ch in text:
        cp = ord(ch)
        font = chain[0] if ch in "\n\t" else _font_for(cp, chain)
        if font is None:
            if not hasattr(_missing, "chars"):
                _missing.chars = {}
            _missing.chars[ch] = None
            ch, font = MISSING_MARK, _font_for(ord(MISSING_MARK), chain) or chain[0]
        if font != current and piece:
            yield current or chain[0], "".join(piece)
            piece = []
        current = font
        piece.append(ch)
    if piece:
        yield current or chain[0], "".join(piece)


def markup(text: str, chain: tuple[str, ...]) -> str:
    """Paragraph markup of plain text: escaped, line breaks kept, and every character in a
    font that has it (the paragraph's own font is chain[0])."""
    out: list[str] = []
    for font, piece in runs(text, chain):
        body = escape(piece).replace("\n", "<br/>")
        out.append(body if font == chain[0] else f'<font name="{font}">{body}</font>')
    return "".join(out)


def string_width(text: str, chain: tuple[str, ...], size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(piece, font, size) for font, piece in runs(text, chain))


# ---- fixing reportlab ------------------------------------------------------------------

_patched = False
_BFCHAR = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)


def _surrogates(match: re.Match[str]) -> str:
    cp = int(match.group(2), 16) - 0x10000
    high, low = 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF)
    return f"<{match.group(1)}> <{high:04X}{low:04X}>"


def _patch_reportlab() -> None:
    """Apply the two fixes of the module docstring, once per process."""
    global _patched
    if _patched:
        return
    from reportlab.lib import textsplit
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    original = ttfonts.makeToUnicodeCMap

    def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        return _BFCHAR.sub(_surrogates, original(fontname, subset))

    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    extra = "".join(ch for ch in CANNOT_START_EXTRA if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START += extra
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START
    paragraph.cjkFragSplit = _cjk_frag_split
    paragraph.wordSplit = _word_split
    _patched = True


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in ".-_/%")


def _before(chars: list[str], start: int, b: int) -> str:
    """The last visible character before position b (a space at a line's end is not seen)."""
    j = b - 1
    while j > start and chars[j] == " ":
        j -= 1
    return chars[j]


def next_line_start(chars: list[str], start: int, overflow: int) -> int:
    """Where the next line starts when `chars[overflow]` no longer fits on the line that
    began at `start`: hang one closing mark in the margin (、。，） …), else carry
    characters over so that no line starts with a closing mark nor ends with an opening
    one (（《 …), and a run of digits or Latin letters is not cut (at most half a line)."""
    from reportlab.lib.textsplit import ALL_CANNOT_START

    n = len(chars)
    cur = chars[overflow]
    if (
        cur in ALL_CANNOT_START
        and (overflow + 1 >= n or chars[overflow + 1] not in ALL_CANNOT_START)
        and chars[overflow - 1] not in CANNOT_END
    ):
        return overflow + 1
    b = overflow
    half = start + (overflow - start) // 2
    while b > start + 1:
        prev, cur = _before(chars, start, b), chars[b]
        keep_together = _latin(prev) and _latin(cur) and b > half
        if cur in ALL_CANNOT_START or prev in CANNOT_END or keep_together:
            b -= 1
        else:
            break
    if b <= start + 1 and (chars[b] in ALL_CANNOT_START or chars[b - 1] in CANNOT_END):
        return max(overflow, start + 1)  # nothing better: keep making progress
    return max(b, start + 1)


def _word_split(
    text: str | bytes,
    max_widths: Any,
    font_name: str,
    font_size: float,
    encoding: str = "utf8",
) -> list[tuple[float, str]]:
    """reportlab's `wordSplit` (a paragraph in one font) with the rules of
    `next_line_start`: [(space left, line text), …]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if isinstance(text, bytes):
        text = text.decode(encoding)
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    chars = list(text)
    widths = [stringWidth(ch, font_name, font_size) for ch in chars]
    lines: list[tuple[float, str]] = []
    i = used = start = 0
    max_width = max_widths[0]
    while i < len(chars):
        used += widths[i]
        i += 1
        if used > max_width and i - 1 > start:
            i = next_line_start(chars, start, i - 1)
            lines.append((max_width - sum(widths[start:i]), "".join(chars[start:i])))
            max_width = max_widths[min(len(lines), len(max_widths) - 1)]
            start = i
            used = 0
    if start < len(chars):
        lines.append((max_width - sum(widths[start:]), "".join(chars[start:])))
    return lines


def _cjk_frag_split(frags: Any, max_widths: Any, calc_bounds: bool, encoding: str = "utf8") -> Any:
    """reportlab's `cjkFragSplit` with the line-breaking rules of `next_line_start`."""
    from reportlab.platypus import paragraph

    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(paragraph.cjkU(text, f, encoding))
    chars = [str(u) for u in units]

    def width(u: Any, max_width: float) -> float:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        return w

    lines = []
    i = used = start = 0
    max_width = max_widths[0]
    n = len(units)
    while i < n:
        u = units[i]
        i += 1
        used += width(u, max_width)
        line_break = hasattr(u.frag, "lineBreak")
        if (used > max_width + paragraph._FUZZ and used > 0) or line_break:
            if not line_break and i - 1 > start:
                i = next_line_start(chars, start, i - 1)
            line = units[start:i]
            line_width = sum(width(x, max_width) for x in line)
            lines.append(
                paragraph.makeCJKParaLine(
                    line, max_width, line_width, max_width - line_width, line_break, calc_bounds
                )
            )
            try:
                max_width = max_widths[len(lines)]
            except IndexError:
                max_width = max_widths[-1]
            start = i
            used = 0
    if start < n:
        line = units[start:]
        line_width = sum(width(x, max_width) for x in line)
        lines.append(
            paragraph.makeCJKParaLine(
                line, max_width, line_width, max_width - line_width, False, calc_bounds
            )
        )
    return paragraph.ParaLines(kind=1, lines=lines)
