"""Measuring a screen the way the accessibility rules are written: touch targets in mm, gaps,
contrast of text on what is really behind it, and a real capital height of the body font."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView


def visible(widget) -> bool:
    """Drawn: nothing on the way up is transparent. A widget squeezed to no height is still
    drawn (Kivy paints it upside down over its neighbours): that is a failure to report, not a
    widget to leave out."""
    node = widget
    while node is not None and node is not Window:
        if getattr(node, "opacity", 1) <= 0:
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
    """Left, bottom, right, top in the window; a negative size (squeezed) counts as drawn."""
    x1, y1 = widget.to_window(widget.x, widget.y)
    x2, y2 = x1 + widget.width, y1 + widget.height
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def touchables() -> list:
    found = [w for w in widgets() if isinstance(w, ButtonBehavior) and visible(w)]
    modal = [w for w in found if _in_modal(w)]
    return modal or found  # an open dialog covers the screen behind it


def overlapping_buttons(buttons: list) -> list[tuple]:
    """Pairs of touch targets drawn over each other: a tap there would reach either."""
    rects = [(b, window_rect(b)) for b in buttons]
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1:]
            if _overlap(ra, rb) and not (_inside(a, b) or _inside(b, a))]


def _overlap(ra: tuple, rb: tuple) -> bool:
    across = min(ra[2], rb[2]) - max(ra[0], rb[0])
    down = min(ra[3], rb[3]) - max(ra[1], rb[1])
    return across > 1 and down > 1


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
    from screens.widgets.text import text_width

    # A line box is taller than its letters: up to 1 mm over still shows every letter.
    width, height = label.texture_size
    if width > label.width + 1 or height > label.height + app_theme().mm(1):
        return f"drawn {width:.0f}×{height:.0f} px in {label.width:.0f}×{label.height:.0f} px"
    if label.is_shortened:
        return "shortened with '…'"
    if lost := lost_words(label):
        return f"lines left out: {' '.join(lost)!r}"
    line = label.text_size[0]
    if not line or label.shorten:
        return ""
    plain = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", label.text)
    torn = [w for w in plain.split() if text_width(label.font_name, label.font_size, w) > line + 1]
    return f"word wider than a line: {torn[0]!r}" if torn else ""


def lost_words(label) -> list[str]:
    """The words Kivy left out: a text taller than the height it may use loses whole lines
    (a tile's first title line), with no "…" to show it."""
    plain = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", label.text).split()
    shown = " ".join(w.text for line in label._label._cached_lines for w in line.words).split()
    if getattr(label, "font_direction", "") == "rtl" and getattr(label, "drawn_lines", None):
        # drawn right to left, each line reordered: what Kivy kept, in reading order
        kept = label.drawn_lines[:len(label._label._cached_lines)]
        shown = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", " ".join(kept)).split()
    if shown == plain:
        return []
    return [w for w in plain if w not in shown] or plain


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
            if _overlap(ra, rb):
                found.append((a, b))
    return found


def _inside(widget, container) -> bool:
    node = widget.parent
    while node is not None and node is not Window:
        if node is container:
            return True
        node = node.parent
    return False


# The least touch target (short side, enabled) and text contrast any check has measured.
MEASURED = {"touch_mm": 999.0, "contrast": 21.0}


def problems(theme) -> list[str]:
    """Everything on screen now that breaks the rules: touch targets under 16 mm on their short
    side or drawn over each other, texts under 7:1, smaller than body text, cut, torn, drawn
    over another text or outside the window."""
    from kiosk.theme import contrast

    found = []
    least = theme.mm(16)
    buttons = touchables()
    for b in buttons:
        if b.disabled:
            continue
        MEASURED["touch_mm"] = min(MEASURED["touch_mm"], short_side_mm(b, theme))
        if min(abs(b.width), abs(b.height)) < least - 0.5:
            found.append(f"{b.text[:30]!r} is {short_side_mm(b, theme):.1f} mm")
    for a, b in overlapping_buttons(buttons):
        found.append(f"{a.text[:30]!r} drawn over {b.text[:30]!r}")
    for label in text_widgets():
        ratio = contrast(text_colour(label), background_of(label, theme.palette))
        MEASURED["contrast"] = min(MEASURED["contrast"], ratio)
        if ratio < 7:
            found.append(f"{label.text[:30]!r} contrast {ratio:.1f}")
        if label.font_size < theme.font_body - 0.5:
            found.append(f"{label.text[:30]!r} smaller than body text")
        if overflow := text_overflow(label):
            found.append(f"{label.text[:30]!r} {overflow}")
    for a, b in overlapping_texts(texts_in_front()):
        where = f"drawn over {b.text[:30]!r}" if b is not None else "outside the window"
        found.append(f"{a.text[:30]!r} {where}")
    return found


def short_side_mm(button, theme) -> float:
    return min(abs(button.width), abs(button.height)) / theme.px_per_mm


# --- the walk: every state reachable by taps, in every variant --------------------------------
#
# Nothing here lists screens or states by hand: the screens come from the registry, the states
# from tapping every button the walk finds (one tile of a grid stands for all of them), the
# variants from the theme's text sizes, the palettes, the screenshot sizes and the languages.


@dataclass(frozen=True)
class Variant:
    size: str             # a key of screens.screenshots.SIZES
    text_scale: int
    high_contrast: bool
    language: str

    @property
    def display(self):
        from screens.screenshots import SIZES

        return SIZES[self.size]

    @property
    def offered(self) -> bool:
        """Whether the app offers this combination (the 7-inch display has text size A only)."""
        from kiosk.theme import Theme

        return self.text_scale < len(Theme(self.display).text_scales)

    @property
    def name(self) -> str:
        from kiosk.theme import TEXT_SCALES

        contrast = " contrast" if self.high_contrast else ""
        return f"{self.size} {TEXT_SCALES[self.text_scale]}{contrast} {self.language}"


def variants() -> list[Variant]:
    from kiosk.i18n import LANGUAGES
    from kiosk.theme import TEXT_SCALES
    from screens.screenshots import SIZES

    return [Variant(size, scale, high, language) for size in SIZES
            for scale in range(len(TEXT_SCALES)) for high in (False, True)
            for language in LANGUAGES]


def walked(every: list[Variant], full: bool, only: str = "full") -> list[Variant]:
    """The variants to walk (each walk checks its states in both palettes). ``full``: every
    layout (display × text size offered) in every language; else each layout in one language,
    the languages taking turns in :func:`sample_languages` order, so that every layout and
    every kind of text is walked (four layouts, seven languages: the sample does not grow with
    the languages). ``only`` (a regular expression other than "full"): of the full walk, the
    variants whose names match."""
    from kiosk.i18n import LANGUAGES

    layouts = list(dict.fromkeys((v.size, v.text_scale) for v in every if v.offered))
    turns = sample_languages()
    chosen = [Variant(size, scale, False, language)
              for n, (size, scale) in enumerate(layouts)
              for language in (LANGUAGES if full else [turns[n % len(turns)]])]
    if full and only != "full":
        chosen = [v for v in chosen if re.search(only, v.name)]
    return chosen


def sample_languages() -> list[str]:
    """The languages the sample walk gives its layouts in turn: Turkish (the longest Latin
    texts), Arabic (right to left, its own font and line), Russian (Cyrillic) and English; at
    1280x800 A+ and A++ Arabic and Russian were where the Noto fonts' taller lines broke the
    Startseite and the done screen (issue 17)."""
    from kiosk.i18n import LANGUAGES

    return [language for language in ("tr", "ar", "ru", "en") if language in LANGUAGES]


# What the walk types where a keyboard waits (tapped key by key): a first name in the letters of
# the UI language (Turkish and German letters in the Latin ones), a phone number; the test adds a
# wrong and a right PIN and the code of the booking the walk starts with.
NAMES = {"de": "Ülkü", "en": "Ülkü", "tr": "Ülkü", "pl": "Łucja", "ru": "Ольга",
         "uk": "Мар'яна", "ar": "فاطمة"}
SAMPLES = {"qwertz": NAMES, "numbers": ("01712345678",)}


def _samples(samples: dict, layout: str) -> tuple:
    """What to type on a keyboard of ``layout``: a name in the UI language's letters."""
    found = samples.get(layout, ())
    if isinstance(found, dict):
        from kivy.app import App

        return (found[App.get_running_app().language],)
    return found


def current_screen():
    return Window.children[-1].current_screen


def close_dialogs() -> None:
    for child in Window.children[:-1]:
        if isinstance(child, ModalView):
            child.dismiss(animation=False)


def _modal():
    return next((w for w in reversed(Window.children[:-1]) if isinstance(w, ModalView)), None)


def keyboards() -> list:
    """The keyboards one can type on: an open dialog's (none), else the screen's. (Behind a
    dialog a keyboard is drawn, but its keys take no touch.)"""
    from screens.widgets.keyboard import Keyboard

    modal = _modal()
    front = modal.walk(restrict=True) if modal else current_screen().walk(restrict=True)
    return [w for w in front if isinstance(w, Keyboard) and visible(w) and w.target]


def state_key(screen) -> tuple:
    """What makes a state a state, in words that do not depend on language, text size or
    display: the screen, its step or view (helper mode's "Heute", "Morgen" and "Später" show
    other bookings), an open dialog, whether it waits for typing, what was typed (a right and
    a wrong PIN lead on differently), a warning, how many actions it offers."""
    from screens.widgets.panels import MessagePanel

    modal = _modal()
    actions = screen.ids.get("actions")
    typing = keyboards()
    step = getattr(screen, "step", None)
    view = getattr(screen, "view", None)
    return (screen.name, step if isinstance(step, str) else "",
            view if isinstance(view, str) else "",
            type(modal).__name__ if modal else "",
            len(touchables()) if modal else 0,
            len(actions.children) if actions is not None else 0,
            bool(typing), " ".join("<name>" if k.target.text in NAMES.values()
                                   else k.target.text for k in typing),
            any(isinstance(w, MessagePanel) and visible(w) for w in widgets())
            or bool(getattr(screen, "message", "") and screen.name == "helper_login"))


def moves(samples: dict) -> list[tuple]:
    """The taps that may lead somewhere new: every button but the keys (typing is one move per
    sample text), the way home (the Startseite is where every walk starts), read-aloud and the
    page turns (those stay in the state; the check turns every page); of a grid's tiles the
    first enabled one; of a text's hard words the first (each opens the same overlay, and every
    tap that leads to a known state costs a fresh start and its taps again)."""
    from screens.glossary import GlossaryWord
    from screens.widgets.buttons import HomeButton, ReadAloudButton
    from screens.widgets.keyboard import KeyButton
    from screens.widgets.paging import PagedGrid, Tile

    found, grids, words = [], set(), False
    paging = {id(b) for g in _grids() for b in (g.ids.previous, g.ids.next)}
    buttons = touchables()
    for button in buttons:
        if button.disabled or isinstance(button, KeyButton | HomeButton | ReadAloudButton) \
                or id(button) in paging:
            continue
        if isinstance(button, GlossaryWord):
            if words:
                continue
            words = True
        if isinstance(button, Tile):
            grid = next((p for p in _ancestors(button) if isinstance(p, PagedGrid)), None)
            if id(grid) in grids:
                continue
            grids.add(id(grid))
        found.append(("tap", _label(button), _nth(buttons, button)))
    for k, keyboard in enumerate(keyboards()):
        if not keyboard.target.text:
            found += [("type", k, text) for text in _samples(samples, keyboard.layout)]
    return found


def _label(button) -> str:
    return getattr(button, "given_text", "") or button.text


def _nth(buttons: list, button) -> int:
    """Which of the buttons saying the same is ``button`` (0: the first)."""
    same = [b for b in buttons if _label(b) == _label(button)]
    return same.index(button)


def _ancestors(widget):
    node = widget.parent
    while node is not None and node is not Window:
        yield node
        node = node.parent


def _grids() -> list:
    """The paged grids and texts in front (an open dialog's, else the screen's)."""
    from screens.widgets.paging import PagedGrid

    modal = _modal()
    front = modal.walk(restrict=True) if modal else current_screen().walk(restrict=True)
    return [w for w in front if isinstance(w, PagedGrid) and visible(w)]


def do(move: tuple) -> None:
    from tests.ui.conftest import pump, tap, type_on

    if move[0] == "pages":  # ("pages", most): as far as the check turned them
        every_page(list, move[1])
    elif move[0] == "tap":
        same = [b for b in touchables() if _label(b) == move[1]]
        assert len(same) > move[2], f"{current_screen().name}: no button {move[1]!r} to tap"
        tap(same[move[2]])
    else:
        type_on(keyboards()[move[1]], move[2])
    pump()


def every_page(check, most: int | None = None) -> list:
    """What ``check()`` finds on the state as it is, then on every further page of its paged
    grids and texts, turned by tapping "Weitere": of a grid of tiles at most ``most`` further
    pages (a text's pages all: a booking is confirmed only after its summary was read)."""
    from screens.widgets.paging import PagedText
    from tests.ui.conftest import tap

    found = list(check())
    for grid in _grids():
        turned, limit = 0, None if isinstance(grid, PagedText) else most
        while grid.pager.has_next and (limit is None or turned < limit):
            tap(grid.ids.next)
            turned += 1
            found += check()
    return found


@dataclass
class State:
    name: str
    checked: set = field(default_factory=set)   # variant names
    problems: list = field(default_factory=list)


@contextmanager
def frames_without_drawing():
    """Frames that run the clock, the touches and the layout but paint nothing: the walk taps
    its way to each state this way and paints the state it checks (:func:`paint`). Painting is
    what costs (on a busy 2-core machine ~0.1 s a frame on Mesa's software renderer)."""
    real = EventLoop.idle

    def frame() -> bool:
        Clock.tick()
        EventLoop.dispatch_input()
        Builder.sync()
        Clock.tick_draw()
        Builder.sync()
        return False

    EventLoop.idle = frame
    try:
        yield real
    finally:
        EventLoop.idle = real


def walk(start, variant: Variant, samples: dict, states: dict, paint,
         known: dict | None = None, pages: int | None = None) -> tuple[dict, list[str]]:
    """Every state reachable by taps from the Startseite in ``variant``, depth first, checked on
    every page: into ``states`` (by :func:`state_key`). With ``known`` (the paths the same
    layout and language found in the other palette) only those are walked: colours move
    nothing. Returns the path to each state, and what could not be done (a key no page has,
    a button gone).

    ``start(variant)`` brings a freshly reset app to the Startseite; ``paint()`` draws a real
    frame of each state before it is checked. ``pages``: how many further pages of a paged
    grid or text are checked (None: all; the sample walk checks the first ones, the full walk
    every page — a list of 54 topics is 27 pages at A++ on the 7-inch display)."""
    app = _app()
    frontier = list(reversed(known.values())) if known is not None else [()]
    paths: dict = {}
    shown, failed = None, []
    while frontier:
        path = frontier.pop()
        # depth first: a state's last move is tapped right where the state was checked
        begun = shown is not None and path[:len(shown)] == shown
        if not begun:
            start(variant)
        try:
            for move in path[len(shown):] if begun else path:
                do(move)
        except AssertionError as e:
            shown = None
            failed.append(f"{variant.name}: {str(e).splitlines()[0]} (taps: {_taps(path)})")
            continue
        shown = path
        screen = current_screen()
        key = state_key(screen)
        if key in paths:
            continue
        paths[key] = path
        state = states.get(key)
        if state is None:
            title = getattr(screen, "title", "")
            state = states[key] = State(f"{screen.name}" + (f" · {title}" if title else "")
                                        + "".join(f" · {k}" for k in _marks(key)))
        paint()
        found = every_page(partial(problems, app.theme), pages)
        if known is None:  # what a state offers once every page was seen ("Verbindlich buchen")
            onward = path + ((("pages", pages),) if any(g.pager.pages > 1 for g in _grids())
                             else ())
            frontier += [onward + (m,) for m in reversed(moves(samples))]
            shown = onward
        state.checked.add(variant.name)
        state.problems += [f"{variant.name} {state.name}: {p} (taps: {_taps(path)})"
                           for p in dict.fromkeys(found)]
    return paths, failed


def _taps(path: tuple) -> str:
    return " › ".join(m[1] if m[0] == "tap" else f"type {m[-1]}" if m[0] == "type"
                      else "every page" for m in path) or "none"


def _marks(key: tuple) -> list[str]:
    _screen, step, view, modal, _buttons, _actions, typing, typed, warning = key
    return [m for m, on in ((step, step), (view, view), (modal, modal),
                            ("typing", typing and not typed),
                            (f"typed {typed}", typed), ("warning", warning)) if on]


def _app():
    from kivy.app import App

    return App.get_running_app()


def matrix(states: dict, all_variants: list[Variant]) -> str:
    """The coverage matrix as a Markdown table: a state per row, a variant per column;
    ✓ checked, "not offered" where the app does not offer the variant, "–" not walked (or
    the state not reached there)."""
    head = "| screen · state | " + " | ".join(v.name for v in all_variants) + " |"
    rows = [head, "|---|" + "---|" * len(all_variants)]
    for state in sorted(states.values(), key=lambda s: s.name):
        cells = ["✓" if v.name in state.checked else ("not offered" if not v.offered else "–")
                 for v in all_variants]
        rows.append(f"| {state.name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
