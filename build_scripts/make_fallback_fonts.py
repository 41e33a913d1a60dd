"""Build the fallback fonts in resources/fonts/ from Debian's fonts-hanazono.

Run by a developer, never by the program:  python build_scripts/make_fallback_fonts.py

WenQuanYi Micro Hei (the main font) has GB2312 and the URO block but no CJK extension.
The Hanazono fonts cover Extensions A-F; we keep only the ideographs the main font lacks,
so the two fallback files hold nothing twice. They are renamed (RendaFallbackA/B) because
they are modified versions; the Hanazono Font License allows both.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE = Path("/usr/share/fonts/truetype/hanazono")
FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
MAIN = FONTS / "wqy-microhei.ttc"


def is_ideograph_block(cp: int) -> bool:
    return (
        0x2E80 <= cp <= 0x2FDF  # radicals supplement, Kangxi radicals
        or 0x31C0 <= cp <= 0x31EF  # CJK strokes
        or 0x3400 <= cp <= 0x4DBF  # Extension A
        or 0x4E00 <= cp <= 0x9FFF  # URO
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= cp <= 0x3134F  # Extensions B-G, compatibility supplement
    )


def rename(font: TTFont, family: str) -> None:
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")


def main() -> None:
    have = set(TTCollection(str(MAIN)).fonts[0].getBestCmap())
    for source, family in (("HanaMinA.ttf", "RendaFallbackA"), ("HanaMinB.ttf", "RendaFallbackB")):
        font = TTFont(str(SOURCE / source))
        keep = [cp for cp in font.getBestCmap() if cp not in have and is_ideograph_block(cp)]
        have.update(keep)
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.hinting = False
        options.layout_features = []
        options.drop_tables += ["FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        rename(font, family)
        out = FONTS / f"{family}.ttf"
        font.save(str(out))
        print(f"{out.name}: {len(keep)} characters, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
