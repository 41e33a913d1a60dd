"""Build the body font of printed forms, resources/fonts/uming-cn.ttf, from Debian's
fonts-arphic-uming.

Run by a developer, never by the program:  python build_scripts/make_song_font.py

Forms print their body in a Song (宋体/明体) style, as paper forms do. AR PL UMing CN is a
freely licensed Song face with TrueType outlines (reportlab embeds only those) and covers
18,717 of the 20,902 URO ideographs, all of GB2312 and 762 of Extension A (measured with
fontTools). uming.ttc holds four faces (CN, HK, TW, TW MBE) in 21 MB; we keep the CN face
and only the blocks a form prints (Latin, punctuation, CJK symbols, ideographs, full-width
forms), without hinting: about 15.6 MB. What it lacks falls back, glyph by glyph, to
WenQuanYi Micro Hei and then to RendaFallbackA/B (app/documents/fonts.py).
The Arphic Public License allows modified copies under the same licence
(resources/fonts/LICENSE-arphic-uming.txt); the font keeps its name.
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "uming-cn.ttf"

KEPT_BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x024F),  # Latin-1, Latin Extended (pinyin tone marks)
    (0x2000, 0x206F),  # general punctuation: “ ” — …
    (0x2100, 0x218F),  # letterlike symbols, number forms (Ⅰ Ⅱ)
    (0x2460, 0x24FF),  # enclosed numbers ①
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x26FF),  # shapes, symbols (□ ○ √)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
)


def kept(cp: int) -> bool:
    return any(low <= cp <= high for low, high in KEPT_BLOCKS)


def main() -> None:
    font = TTFont(str(SOURCE), fontNumber=0)  # face 0: AR PL UMing CN
    keep = [cp for cp in font.getBestCmap() if kept(cp)]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["FFTM", "BDF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT.name}: {len(keep)} characters, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
