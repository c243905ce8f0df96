"""A QR code (:class:`QRCode`): the booking's calendar entry for a companion's phone."""

from __future__ import annotations

import io

from kivy.core.image import Image as CoreImage
from kivy.properties import StringProperty
from kivy.uix.image import Image

from screens.kv import load_kv


def qr_texture(text: str, dark=(0, 0, 0, 1), light=(1, 1, 1, 1)):
    """A Kivy texture of ``text`` as a QR code (segno), with a quiet zone."""
    def hex_of(colour) -> str:
        return "#" + "".join(f"{round(c * 255):02x}" for c in colour[:3])

    buffer = io.BytesIO()
    import segno

    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=4,
                                     dark=hex_of(dark), light=hex_of(light))
    buffer.seek(0)
    texture = CoreImage(buffer, ext="png").texture
    texture.mag_filter = "nearest"
    return texture


class QRCode(Image):
    """A QR code of ``data``, always dark on light (scanners need that), crisp when scaled."""

    data = StringProperty("")

    def on_data(self, _instance, data: str) -> None:
        self.texture = qr_texture(data) if data else None


load_kv(__file__)
