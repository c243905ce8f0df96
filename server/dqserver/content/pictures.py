"""A manager's uploaded picture made fit for a kiosk: decoded in full by Pillow (a file that only
starts like a PNG is refused), turned upright, shrunk to what a kiosk shows, and encoded anew as
PNG or JPEG. HEIC (iPhone photos) is read with pillow-heif. Encoding anew also drops the photo's
metadata, such as where it was taken.
"""

from __future__ import annotations

import io

import pillow_heif
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

#: The longest side a kiosk needs: the picture has half of a 1280 px wide screen, and a
#: manager's screenshot of a phone stays sharp at 1600.
MAX_SIDE = 1600
#: A picture's bytes at most: every kiosk downloads every picture, often over a slow line.
MAX_BYTES = 600 * 1024
#: What a manager may upload at all (a 12-megapixel phone photo is 3-8 MB).
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
READABLE = {"PNG", "JPEG", "HEIF", "MPO"}  # MPO: the JPEG of some phone cameras


class PictureRefused(ValueError):
    """The upload is no picture a kiosk can show; the message says so in plain German."""


def _decoded(data: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        picture = Image.open(io.BytesIO(data))
        if picture.format not in READABLE:
            raise PictureRefused("Bitte ein Foto als JPEG, PNG oder HEIC hochladen "
                                 f"(diese Datei ist {picture.format}).")
        picture.load()
    except Image.DecompressionBombError as exc:
        raise PictureRefused("Das Bild hat zu viele Bildpunkte.") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PictureRefused):
            raise
        raise PictureRefused("Diese Datei ist kein Bild, das sich öffnen lässt. Bitte ein Foto "
                             "als JPEG, PNG oder HEIC hochladen.") from exc
    return picture


def prepare(data: bytes) -> tuple[bytes, str]:
    """(bytes, media type) of the picture as kiosks get it; :class:`PictureRefused` else."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PictureRefused(f"Das Bild ist größer als {MAX_UPLOAD_BYTES // 2**20} MB.")
    picture = _decoded(data)
    # A drawing or screenshot (PNG, transparency, a palette) stays PNG; a photo is JPEG.
    drawing = picture.format == "PNG" or "A" in picture.getbands() or picture.mode == "P"
    picture = ImageOps.exif_transpose(picture)
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if drawing:
        out = io.BytesIO()
        picture.save(out, "PNG", optimize=True)
        if out.tell() <= MAX_BYTES:
            return out.getvalue(), "image/png"
    rgb = picture.convert("RGB")
    for quality in (85, 75, 65, 55):
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= MAX_BYTES:
            break
    return out.getvalue(), "image/jpeg"
