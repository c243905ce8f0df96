"""The kiosk preview of a topic's steps: the guide screen (screens/guide.py) drawn in HTML at
the kiosk's two displays, with its font and its sizes from the kiosk's theme (millimetres to
pixels for the display), so a manager sees where lines break before publishing."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse
from kiosk.settings import Display
from kiosk.theme import FONT_BOLD, FONT_REGULAR, Theme

from .models import Topic

#: The displays the kiosks have (screens/screenshots.py renders the same two).
DISPLAYS = {"1280x800": Display(10.1, 1280, 800), "800x480": Display(7.0, 800, 480)}
FONTS = {"regular": Path(FONT_REGULAR), "bold": Path(FONT_BOLD)}
#: The guide's picture column beside the text's (size hint 1), as screens/guide.py has them.
PICTURE_SHARE, COMPACT_PICTURE_SHARE = 0.42, 0.32


def layout(display: Display, scale: float) -> dict:
    """The guide screen's measures in the display's pixels (the kiosk at text size A), and
    the size it is shown at on the page (``scale``)."""
    theme = Theme(display)
    compact = theme.compact
    return {"width": display.width, "height": display.height, "compact": compact,
            "scale": scale, "shown_width": round(display.width * scale),
            "shown_height": round(display.height * scale),
            "gap": round(theme.gap, 1), "row_gap": round(theme.gap * 2, 1),
            "touch": round(theme.touch, 1), "font_body": round(theme.font_body, 2),
            "font_title": round(theme.font_title, 2),
            "home_width": round(theme.mm(55), 1),  # at least; on the 7-inch as wide as its word
            "picture_share": COMPACT_PICTURE_SHARE if compact else PICTURE_SHARE}


def preview_context(topic: Topic, scale: float) -> dict:
    steps = list(topic.steps.order_by("position", "pk").select_related("image"))
    return {
        "displays": {name: layout(d, scale) for name, d in DISPLAYS.items()},
        "steps": [{"number": n, "text": s.text_de, "alt": s.alt_de,
                   "image": reverse("asset-preview", args=[s.image_id]) if s.image_id else ""}
                  for n, s in enumerate(steps, 1)],
        "font_urls": {w: reverse("admin:content_topic_font", args=[w]) for w in FONTS},
    }
