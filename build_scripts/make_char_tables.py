"""Generate the character tables that ship in data/chars/.

Run by a developer, never by the program:

    npm pack cnchar-order@3.2.6 && tar xzf cnchar-order-3.2.6.tgz
    python build_scripts/make_char_tables.py --cnchar package/cnchar.order.min.js

Sources (licences in data/chars/LICENSES.md):
- Unihan (Debian package unicode-data): kTotalStrokes for every ideograph, kMandarin
  readings for the characters pypinyin does not know (rare characters in names).
- cnchar-order (MIT): stroke sequences of 6,939 common characters, folded into the five
  stroke classes 横竖撇点折 that 姓氏笔画 ordering compares after the stroke count.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import json
import re
import unicodedata
from pathlib import Path

UNIHAN = Path("/usr/share/unicode")
OUT = Path(__file__).resolve().parent.parent / "data" / "chars"

# cnchar letters -> the five classes (GB13000.1 笔顺规范: 提 counts as 横, 竖钩 as 竖,
# 捺 and the short 点 variants as 点, every stroke with a turn or hook as 折).
STROKE_CLASS = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "l": "4", "d": "4"}


def unihan_field(filename: str, field: str) -> dict[str, str]:
    values: dict[str, str] = {}
    with bz2.open(UNIHAN / filename, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, key, value = line.rstrip("\n").split("\t", 2)
            if key == field:
                values[chr(int(code[2:], 16))] = value
    return values


def cnchar_sequences(js_path: Path) -> dict[str, str]:
    text = js_path.read_text(encoding="utf-8")
    match = re.search(r"JSON\.parse\('(\{.*?\})'\)", text)
    if not match:
        raise SystemExit("no stroke table found in " + str(js_path))
    raw: dict[str, str] = json.loads(match.group(1))
    return {ch: "".join(STROKE_CLASS.get(letter, "5") for letter in seq) for ch, seq in raw.items()}


VARIANT_FIELDS = (
    "kZVariant",
    "kSemanticVariant",
    "kSpecializedSemanticVariant",
    "kSimplifiedVariant",
    "kTraditionalVariant",
    "kSpoofingVariant",
)


def plain_reading(readings: str) -> str:
    """First reading of a pypinyin entry without tone marks, ü written as v."""
    first = unicodedata.normalize("NFD", readings.split(",")[0]).replace("u\u0308", "v")
    return "".join(c for c in first if not unicodedata.combining(c))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cnchar", type=Path, required=True)
    args = parser.parse_args()

    totals = unihan_field("Unihan_IRGSources.txt.bz2", "kTotalStrokes")
    sequences = cnchar_sequences(args.cnchar)
    lines = []
    for ch in sorted(set(totals) | set(sequences), key=ord):
        seq = sequences.get(ch, "")
        # kTotalStrokes lists the simplified (G source) count first.
        count = len(seq) if seq else int(totals[ch].split()[0])
        if seq and ch in totals and int(totals[ch].split()[0]) != len(seq):
            # Trust Unihan's count; a sequence of another length would compare wrongly.
            seq = ""
            count = int(totals[ch].split()[0])
        lines.append(f"{ch}\t{count}\t{seq}")
    OUT.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT / "strokes.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(lines) + "\n")

    from pypinyin.pinyin_dict import pinyin_dict

    # Characters pypinyin cannot read (𠮷 among them) borrow the reading of a variant it can
    # read, so that a deputy named 王𠮷 is found by "wj".
    variants: dict[str, list[str]] = {}
    for field in VARIANT_FIELDS:
        for ch, value in unihan_field("Unihan_Variants.txt.bz2", field).items():
            for target in re.findall(r"U\+([0-9A-F]+)", value):
                variants.setdefault(ch, []).append(chr(int(target, 16)))
    for ch, value in unihan_field("Unihan_IRGSources.txt.bz2", "kCompatibilityVariant").items():
        variants.setdefault(ch, []).append(chr(int(value[2:], 16)))
    extra = []
    for ch in sorted(totals, key=ord):
        if ord(ch) in pinyin_dict:
            continue
        for target in variants.get(ch, []):
            if ord(target) in pinyin_dict:
                extra.append(f"{ch}\t{plain_reading(pinyin_dict[ord(target)])}")
                break
    with gzip.open(OUT / "readings.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(extra) + "\n")
    print(f"strokes: {len(lines)} characters ({len(sequences)} with sequences)")
    print(f"readings: {len(extra)}")


if __name__ == "__main__":
    main()
