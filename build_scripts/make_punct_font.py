"""Build resources/fonts/RendaPunctGB.ttf: the full stop, comma and the other full-width
marks that the body font places in the Taiwan way, taken from AR PL SungtiL GB (Debian
fonts-arphic-gbsn00lp), a Song face of the mainland (GB) convention.

Run by a developer, never by the program:  python build_scripts/make_punct_font.py
(after `apt-get download fonts-arphic-gbsn00lp` and `dpkg-deb -x` of it into /tmp/gbsn).

Measured with fontTools (centre of the ink, as a share of the advance width and of the em):
AR PL UMing CN centres 。 and 、 in the character square (x 0.50, y 0.38), the Taiwan
convention; SungtiL GB puts them low at the left (。 x 0.35, y 0.21; 、 x 0.36, y 0.22), as
mainland official papers do; ：， are alike in both (： x 0.18, y 0.18; ， x 0.22, y 0.00).
The forms take these marks from this font (app/documents/fonts.py, GB_PUNCTUATION).
The Arphic Public License allows modified copies under the same licence
(resources/fonts/LICENSE-arphic-gbsn00lp.txt).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/tmp/gbsn/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
OUT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "RendaPunctGB.ttf"
MARKS = "。、，；：！？"


def main() -> None:
    font = TTFont(str(SOURCE))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=MARKS)
    subsetter.subset(font)
    font.save(str(OUT))
    print(f"{OUT}: {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
