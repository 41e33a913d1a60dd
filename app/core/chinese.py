"""Chinese text: normalising input, pinyin search keys, 姓氏笔画 sort keys, numerals.

Names may hold characters outside the BMP (𠮷 U+20BB7); everything here counts code
points, never UTF-16 units.
"""

from __future__ import annotations

import gzip
import itertools
import re
import unicodedata
from functools import cache, lru_cache

from app.core.paths import data_path

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３) to half-width, as typed by some input methods."""
    return text.translate(_FULLWIDTH)


_SPACES = re.compile(r"\s+")


def clean_text(text: object) -> str:
    """Trim, fold runs of whitespace, NFC. Keeps Chinese punctuation as typed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return _SPACES.sub(" ", value).strip()


_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "．": "·", "‧": "·", "∙": "·", "●": "·"})


def clean_name(text: object) -> str:
    """A person's name: no spaces inside, every middle-dot variant written as ·."""
    value = clean_text(text).translate(_NAME_DOTS)
    return _SPACES.sub("", value)


def is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x20000 <= cp <= 0x323AF
        or ch == "〇"
    )


def length(text: str) -> int:
    """Length in characters as a person counts them (code points)."""
    return len(text)


# ---- pinyin ---------------------------------------------------------------------------

MAX_READING_COMBINATIONS = 16


@cache
def _extra_readings() -> dict[str, str]:
    with gzip.open(data_path("chars", "readings.tsv.gz"), "rt", encoding="utf-8") as f:
        return dict(line.rstrip("\n").split("\t") for line in f if "\t" in line)


@cache
def _rare_readings() -> dict[str, list[str]]:
    """reading -> the characters of CJK Extensions A–F read so, fewest strokes first
    (data/chars, made by build_scripts/make_rare_readings.py from pypinyin's dictionary)."""
    index: dict[str, list[tuple[int, int, str]]] = {}
    with gzip.open(data_path("chars", "rare_readings.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            ch, reads, strokes = line.rstrip("\n").split("\t")
            for read in reads.split():
                index.setdefault(read, []).append((int(strokes), ord(ch), ch))
    return {read: [ch for *_key, ch in sorted(chars)] for read, chars in index.items()}


def rare_characters(reading: str) -> list[str]:
    """Characters outside the basic block (Extensions A–F) read `reading` (pinyin without
    tones: `ji` gives 𠮷, `yan` gives 䶮), fewest strokes first: how a clerk finds a name
    character the input method lacks, with no dictionary and no network."""
    key = to_halfwidth(reading).strip().lower().replace("ü", "v")
    if not key.isascii() or not key.isalpha():
        return []
    return list(_rare_readings().get(key, []))


@lru_cache(maxsize=4096)
def _readings(name: str) -> tuple[tuple[str, ...], ...]:
    """Each ideograph's readings, the likeliest first (cached: a name is read for its
    search keys and its sort key, and an import reads thousands)."""
    from pypinyin import Style, pinyin

    extra = _extra_readings()
    result: list[tuple[str, ...]] = []
    contextual = pinyin(name, style=Style.NORMAL, errors=lambda chars: [[c] for c in chars])
    for i, ch in enumerate(name):
        if not is_ideograph(ch):
            continue
        if ch in extra:
            result.append((extra[ch],))
            continue
        base = contextual[i][0] if i < len(contextual) else ch
        if base == ch:
            continue
        if result:
            result.append((base,))
            continue
        # Only the surname gets every reading: 单 is shan as a surname though dan in words;
        # given names are read in context, as the clerk would say them.
        result.append((base, *[r for r in _all_readings(ch) if r != base]))
    return tuple(result)


@lru_cache(maxsize=4096)
def _all_readings(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def pinyin_keys(name: str) -> str:
    """Search keys of a name: initials and full pinyin of every likely reading.

    Stored as "|zs|zhangsan|"; a search for q matches "%|q%", so `zs` and `zhangs` both
    find 张三. The surname has every reading indexed: 单 (shan), 曾 (zeng), 区 (ou).
    """
    readings = _readings(name)
    if not readings:
        return ""
    keys: list[str] = []
    for combo in itertools.islice(itertools.product(*readings), MAX_READING_COMBINATIONS):
        for key in ("".join(r[0] for r in combo), "".join(combo)):
            if key not in keys:
                keys.append(key)
    return "|" + "|".join(keys) + "|"


def pinyin_sort_key(name: str) -> str:
    readings = _readings(name)
    return " ".join(r[0] for r in readings) if readings else name


# ---- strokes --------------------------------------------------------------------------


@cache
def _stroke_table() -> dict[str, tuple[int, str]]:
    table: dict[str, tuple[int, str]] = {}
    with gzip.open(data_path("chars", "strokes.tsv.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            ch, count, sequence = line.rstrip("\n").split("\t")
            table[ch] = (int(count), sequence)
    return table


def stroke_count(ch: str) -> int | None:
    entry = _stroke_table().get(ch)
    return entry[0] if entry else None


def surname_strokes(name: str) -> int | None:
    return stroke_count(name[0]) if name else None


def stroke_sort_key(name: str) -> str:
    """Key for ordering names 以姓氏笔画为序: character by character, fewer strokes first,
    then by the strokes themselves in the order 横竖撇点折, then by code point.

    Each character becomes: two-digit count, its stroke classes (padded with 9 when only
    the count is known, so it sorts after the known ones of that count), six hex digits.
    """
    table = _stroke_table()
    parts = []
    for ch in name:
        count, sequence = table.get(ch, (99, ""))
        if count == 99:
            parts.append(f"99{ord(ch):06X}")
            continue
        parts.append(f"{count:02d}{sequence or '9' * count}{ord(ch):06X}")
    return "".join(parts)


# ---- numerals -------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """17 -> 十七, 20 -> 二十, 105 -> 一百零五 (届次, 次会议, 第N选区)."""
    if n < 0:
        return "负" + cn_number(-n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _DIGITS[rest]
        tail = cn_number(rest)
        return head + ("一" + tail if rest < 20 else tail)
    return str(n)
