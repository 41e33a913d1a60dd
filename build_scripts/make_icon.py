"""Draw the program icon: a red square, a gold frame, the character 人 in gold.

    python build_scripts/make_icon.py

Writes resources/icons/renda.ico (16-256 px, each size drawn on its own so the small ones
stay sharp) and resources/icons/renda.png (256 px, the window icon). The glyph comes from
the shipped font, so the icon looks the same wherever it is regenerated."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
RED = (196, 30, 36, 255)
GOLD = (255, 205, 64, 255)
# Drawn this many times larger, then scaled down: smooth edges at every size.
SUPERSAMPLE = 4
# Below this size the frame would blur into the red: the character alone reads better.
FRAME_FROM = 32


def draw_icon(size: int) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = round(big * 0.14)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=RED)
    with_frame = size >= FRAME_FROM
    if with_frame:
        inset = round(big * 0.07)
        draw.rounded_rectangle(
            (inset, inset, big - 1 - inset, big - 1 - inset),
            radius=round(radius * 0.6),
            outline=GOLD,
            width=max(SUPERSAMPLE, round(big * 0.03)),
        )
    glyph_share = 0.68 if with_frame else 0.86
    font = ImageFont.truetype(str(FONT), round(big * glyph_share), index=0)
    # Micro Hei has one weight; a stroke in the same colour gives the character the weight
    # a seal-like mark needs, more at small sizes where thin strokes vanish.
    stroke = round(big * (0.018 if with_frame else 0.045))
    left, top, right, bottom = draw.textbbox((0, 0), "人", font=font, stroke_width=stroke)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    draw.text((x, y), "人", font=font, fill=GOLD, stroke_width=stroke, stroke_fill=GOLD)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    frames = [draw_icon(size) for size in ICO_SIZES]
    largest = frames[-1]
    largest.save(
        OUT / "renda.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=frames[:-1],
    )
    largest.save(OUT / "renda.png", optimize=True)
    print(f"wrote {OUT / 'renda.ico'} and {OUT / 'renda.png'}")


if __name__ == "__main__":
    main()
