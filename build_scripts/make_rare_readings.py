"""data/chars/rare_readings.tsv.gz: the toneless pinyin and the stroke count of the
characters outside the basic block (CJK Extensions A–F, 3400–4DBF and 20000–2EBEF), from
pypinyin's dictionary, our own readings.tsv.gz and strokes.tsv.gz, so the 生僻字 dialog can
find 𠮷 or 䶮 by its reading offline and list them fewest strokes first without loading the
whole stroke table.

    python build_scripts/make_rare_readings.py
"""

from __future__ import annotations

import gzip
import unicodedata
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "chars" / "rare_readings.tsv.gz"
# Extensions A–F: what the shipped fonts draw (Extension G would show as boxes).
RANGES = ((0x3400, 0x4DBF), (0x20000, 0x2EBEF))


def toneless(reading: str) -> str:
    plain = unicodedata.normalize("NFKD", reading)
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("u\u0308", "v")


def main() -> None:
    table: dict[str, set[str]] = {}
    for cp, readings in pinyin_dict.items():
        if any(lo <= cp <= hi for lo, hi in RANGES):
            table.setdefault(chr(cp), set()).update(
                toneless(r).replace("ü", "v") for r in readings.split(",")
            )
    with gzip.open(ROOT / "data" / "chars" / "readings.tsv.gz", "rt", encoding="utf-8") as f:
        for line in f:
            ch, read = line.rstrip("\n").split("\t")
            if any(lo <= ord(ch) <= hi for lo, hi in RANGES):
                table.setdefault(ch, set()).update(read.split())
    import sys

    sys.path.insert(0, str(ROOT))
    from app.core.chinese import stroke_count

    rows = sorted(table.items(), key=lambda item: ord(item[0]))
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        for ch, reads in rows:
            f.write(f"{ch}\t{' '.join(sorted(reads))}\t{stroke_count(ch) or 99}\n")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} characters, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
