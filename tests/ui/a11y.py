"""Measuring a screen the way the accessibility rules are written: touch targets in mm, gaps,
contrast of text on what is really behind it, and a real capital height of the body font."""

from __future__ import annotations

import re

from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView


def visible(widget) -> bool:
    node = widget
    while node is not None and node is not Window:
        if getattr(node, "opacity", 1) <= 0 or node.width <= 0 or node.height <= 0:
            return False
        node = node.parent
    return True


def roots():
    """What is on screen: the current screen and any open dialog (topmost last)."""
    app_root = Window.children[-1]
    yield app_root.current_screen
    for child in reversed(Window.children[:-1]):
        if isinstance(child, ModalView):
            yield child


def widgets():
    for root in roots():
        yield from root.walk(restrict=True)


def window_rect(widget) -> tuple[float, float, float, float]:
    x, y = widget.to_window(widget.x, widget.y)
    return x, y, x + widget.width, y + widget.height


def touchables() -> list:
    found = [w for w in widgets() if isinstance(w, ButtonBehavior) and visible(w)]
    modal = [w for w in found if _in_modal(w)]
    return modal or found  # an open dialog covers the screen behind it


def _in_modal(widget) -> bool:
    node = widget
    while node is not None and node is not Window:
        if isinstance(node, ModalView):
            return True
        node = node.parent
    return False


def gap(a, b) -> float:
    ax1, ay1, ax2, ay2 = window_rect(a)
    bx1, by1, bx2, by2 = window_rect(b)
    dx = max(bx1 - ax2, ax1 - bx2, 0)
    dy = max(by1 - ay2, ay1 - by2, 0)
    return max(dx, dy)


def background_of(widget, palette) -> tuple:
    node = widget
    while node is not None and node is not Window:
        if isinstance(node, ButtonBehavior) and hasattr(node, "background_color"):
            return tuple(node.background_color)
        colour = getattr(node, "bg_colour", None)
        if colour is not None and len(colour) == 4 and colour[3] > 0:
            return tuple(colour)
        node = node.parent
    return tuple(Window.clearcolor)


def text_widgets() -> list[Label]:
    return [w for w in widgets() if isinstance(w, Label) and w.text.strip() and visible(w)]


def texts_in_front() -> list[Label]:
    """The texts one sees: an open dialog's, else the screen's."""
    found = text_widgets()
    return [w for w in found if _in_modal(w)] or found


def text_colour(label) -> tuple:
    return tuple(label.disabled_color if label.disabled else label.color)


def cap_height_px(font_size: float) -> int:
    """Render "H" in the kiosk font and count the rows with ink."""
    label = Label(text="H", font_name="Atkinson", font_size=font_size)
    label.texture_update()
    texture = label.texture
    pixels = texture.pixels
    width, height = texture.size
    rows = 0
    for row in range(height):
        line = pixels[row * width * 4:(row + 1) * width * 4]
        if any(line[i] > 127 for i in range(3, len(line), 4)):
            rows += 1
    return rows


def home_ways() -> list:
    screen = Window.children[-1].current_screen
    return [w for w in screen.walk(restrict=True)
            if type(w).__name__ == "HomeButton" and visible(w) and not w.disabled]


def text_overflow(label) -> str:
    """Why the text of ``label`` does not fit it (empty when it does): drawn beyond its edges
    (cut off, or over its neighbours), cut short with "…", or a word wider than a line, which
    Kivy tears apart after whatever letter reaches the edge."""
    from screens.widgets import text_width

    # A line box is taller than its letters: up to 1 mm over still shows every letter.
    width, height = label.texture_size
    if width > label.width + 1 or height > label.height + app_theme().mm(1):
        return f"drawn {width:.0f}×{height:.0f} px in {label.width:.0f}×{label.height:.0f} px"
    if label.is_shortened:
        return "shortened with '…'"
    line = label.text_size[0]
    if not line or label.shorten:
        return ""
    plain = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", label.text)
    torn = [w for w in plain.split() if text_width(label.font_name, label.font_size, w) > line + 1]
    return f"word wider than a line: {torn[0]!r}" if torn else ""


def app_theme():
    from kivy.app import App

    return App.get_running_app().theme


def overlapping_texts(labels: list) -> list[tuple]:
    """Pairs of texts drawn over each other, or a text outside the window (cut off): a body
    taller than its room spills over the title or the buttons."""
    found = []
    rects = [(label, window_rect(label)) for label in labels]
    for label, (x1, y1, x2, y2) in rects:
        if x1 < -1 or y1 < -1 or x2 > Window.width + 1 or y2 > Window.height + 1:
            found.append((label, None))
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if _inside(a, b) or _inside(b, a):
                continue  # a button's own label, a panel's text
            across = min(ra[2], rb[2]) - max(ra[0], rb[0])
            down = min(ra[3], rb[3]) - max(ra[1], rb[1])
            if across > 1 and down > 1:
                found.append((a, b))
    return found


def _inside(widget, container) -> bool:
    node = widget.parent
    while node is not None and node is not Window:
        if node is container:
            return True
        node = node.parent
    return False
