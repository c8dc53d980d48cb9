"""Photos made fit to keep and send: longest side 1600 px, JPEG, no EXIF (no GPS position).

One Qt-free path (Pillow) for the window and the CLI alike, so the same picture gives the same
file, and the same SHA-256, whichever way it was added (docs/decisions.md "Photos").
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..domain.errors import ValidationError

MAX_SIDE = 1600
THUMB_SIDE = 320
QUALITY = 82
THUMB_QUALITY = 70
MAX_INPUT_BYTES = 64 * 1024 * 1024  # a phone's or scanner's file; anything larger is refused
MAX_INPUT_PIXELS = 120_000_000  # 12,000 × 10,000: beyond any phone; refuses decompression bombs


@dataclass(frozen=True)
class Shrunk:
    """The photo as kept (JPEG bytes and size) and its thumbnail."""

    data: bytes
    width: int
    height: int
    thumb: bytes


def _not_a_photo() -> ValidationError:
    return ValidationError("文件不是可识别的图片（支持 JPEG、PNG 等常见格式）",
                           "The file is not a picture this program can read (JPEG, PNG, …)", "file")


def shrink(raw: bytes) -> Shrunk:
    """The picture turned upright, at most MAX_SIDE on its longest side, saved as JPEG without
    any metadata (EXIF with the GPS position, XMP, comments), and a thumbnail of it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if len(raw) > MAX_INPUT_BYTES:
        raise ValidationError("图片文件过大（超过 64 MB）", "The picture file is too large (over 64 MB)", "file")
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            if opened.width * opened.height > MAX_INPUT_PIXELS:
                raise ValidationError("图片像素过多，无法处理", "The picture has too many pixels", "file")
            opened.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG: decode at a reduced scale, much faster
            upright = ImageOps.exif_transpose(opened)  # phones store "rotate me" in EXIF
            image = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_a_photo() from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return Shrunk(_jpeg(image, QUALITY), image.width, image.height, _jpeg(thumb, THUMB_QUALITY))


def _jpeg(image, quality: int) -> bytes:  # noqa: ANN001 - a PIL image
    out = io.BytesIO()
    # No exif=, icc_profile= or comment=: nothing of the original file's metadata is written.
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    """Width and height of a stored JPEG."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.width, image.height
