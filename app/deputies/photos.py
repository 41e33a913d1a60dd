"""Deputies' photos: checked, turned upright, scaled and stored as JPEG.

A one-inch photo (25 x 35 mm) prints at 300 dpi as about 295 x 413 pixels; we keep up to
twice that, which is plenty for the form and keeps a township's photos to a few MB."""

from __future__ import annotations

import io
from dataclasses import dataclass

from app.core.errors import RendaError

MAX_WIDTH = 600
MAX_HEIGHT = 840
MAX_SOURCE_BYTES = 30 * 1024 * 1024


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes
    width: int
    height: int


def prepare_photo(source: bytes) -> PreparedPhoto:
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(source) > MAX_SOURCE_BYTES:
        raise RendaError("照片文件太大（超过 30 MB），请换一张或先缩小后再选")
    try:
        with Image.open(io.BytesIO(source)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(source))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise RendaError(
            "照片文件已损坏或不是图片（支持 JPG、PNG、BMP），请重新扫描或换一张照片"
        ) from exc
    image = ImageOps.exif_transpose(image)
    if image.mode != "RGB":
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    image.thumbnail((MAX_WIDTH, MAX_HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return PreparedPhoto(out.getvalue(), image.width, image.height)
