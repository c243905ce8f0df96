"""The guide: one step of a topic per screen, picture and text, "Schritt 2 von 5".

A step's text comes a page at a time where it does not fit beside its picture (a long step,
a longer language, A++, the 7-inch display): "Weiter" first turns its pages, "Seite 1 von 2"
below the text says there is more, "Zurück" turns back. A senior sees every word, nothing
is drawn over the title or the buttons, and no third way to turn a page is added."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kivy.app import App
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk import content, dates, glossary, speech
from kiosk.i18n import _
from screens.base import StepScreen, load_kv
from screens.glossary import GlossaryText, open_entry
from screens.widgets.buttons import ReadAloudButton
from screens.widgets.paging import PagedText
from screens.widgets.text import BodyLabel

#: a word of a text, a marked hard word ("[[QR code]]") counting as one
_WORD = re.compile(r"(?:\[\[[^\[\]]*\]\]|\S)+")


class StepText(PagedText):
    """The step's paragraphs a page at a time, turned by the guide's "Zurück" and "Weiter"
    (``turns``), not by page buttons of its own; "Seite 1 von 2" stands at its foot.

    For the accessibility walk (which turns a paged text's pages by its ``ids.next``) the
    ids of the page turns name the guide's buttons while there is more than one page.
    Its hard words are underlined and open their explanation (:mod:`screens.glossary`)."""

    def __init__(self, changed: Callable[[], None], **kwargs):
        #: the release's hard words (kiosk.content.glossary_index)
        self.lookup: dict[str, str] = {}
        #: (back, forward): the guide's buttons that turn the pages
        self.turns: tuple | None = None
        #: called after each layout: the page or the number of pages may have changed
        self.changed = changed
        self._foot = BodyLabel(halign="center")
        super().__init__(**kwargs)

    def _place_nav(self, place: str) -> None:
        super()._place_nav("none")

    def _nav_height(self) -> float:
        """The line "Seite 1 von 2" and the gap above it take the page turns' room."""
        line = _("Seite {page} von {pages}").format(page=1, pages=2)
        return self._height(line) + App.get_running_app().theme.gap

    def rebuild(self) -> None:
        super().rebuild()
        grid = self.ids.grid
        if self._foot.parent is not None:
            self._foot.parent.remove_widget(self._foot)
        if self.pager.pages > 1:
            grid.add_widget(self._foot)

    def _pieces(self, paragraph: str, room: float) -> list[tuple[str, str]]:
        """As a paged text's, and a sentence taller than a page is cut between its words (a
        long sentence, a longer language, A++, beside a picture on the 7-inch display)."""
        pieces = []
        for piece, joiner in super()._pieces(paragraph, room):
            words, part = _WORD.findall(piece), []
            for word in words:
                if part and self._height(" ".join([*part, word])) > room:
                    pieces.append((" ".join(part), joiner))
                    part, joiner = [], " "
                part.append(word)
            pieces.append((" ".join(part), joiner))
        return pieces

    def _label(self, n: int, text: str) -> BodyLabel:
        while len(self._labels) <= n:
            self._labels.append(GlossaryText(bounds=self, open_entry=open_entry))
        self._labels[n].lookup = self.lookup
        self._labels[n].text = text
        return self._labels[n]

    def _height(self, text: str) -> float:
        return super()._height(glossary.plain(text))

    def show_last_page(self) -> None:
        self.pager.page = len(self.paragraphs) * 99  # each layout keeps it in range
        self.rebuild()

    def _show_nav(self) -> None:
        self.page_text = _("Seite {page} von {pages}").format(
            page=self.pager.page + 1, pages=self.pager.pages)
        self._foot.text = self.page_text
        if self.turns is not None and self.pager.pages > 1:
            self.ids["previous"], self.ids["next"] = self.turns
        self.changed()


class GuideScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: content.Topic | None = None
        self.step = 0
        self.back_to: tuple[str, dict] | None = None
        self.step_pages = StepText(self._pages_changed)

    def show(self, topic_id: str = "", step: int = 0, back_to: tuple[str, dict] | None = None,
             page: int | str = 0, **_state) -> None:
        """``back_to``: the screen and its state that "Zurück" on the first step returns to
        (the search results a topic was opened from); by default the topic's category.
        ``page``: the page of the step's text ("last" coming back from the next step)."""
        app = self.app
        if topic_id:
            self.topic = content.topic(app.store, topic_id, app.language)
            self.back_to = back_to
        topic = self.topic
        self.clear()
        if topic is None or not topic.steps:
            self.title = _("Hilfe-Themen")
            self.message(_("Dieses Thema gibt es nicht mehr."), warning=True)
            self.action(_("Zurück"), lambda: app.go("topics"), quiet=True)
            return
        self.step = min(max(step, 0), len(topic.steps) - 1)
        app.usage.guide_step(topic.id, self.step, len(topic.steps))  # the last: finished
        current = topic.steps[self.step]
        self.title = f"{self.step_text()} · {topic.title}"
        self.short_title = self.step_text()
        # On a small screen (the 7-inch, 91 mm high) the text needs the most of the width:
        # the help button goes under the picture, with a short name.
        compact = self.compact
        row = BoxLayout(spacing=app.theme.gap * 2)
        left = BoxLayout(orientation="vertical", spacing=app.theme.gap,
                         size_hint_x=0.32 if compact else 0.42)
        picture = app.settings.assets_dir / current.image if current.image else None
        if picture is not None and picture.is_file():
            left.add_widget(Image(source=str(picture), fit_mode="contain"))
        column = BoxLayout(orientation="vertical", spacing=app.theme.gap)
        if self.step_pages.parent is not None:  # (one per screen, reused, as the keyboard)
            self.step_pages.parent.remove_widget(self.step_pages)
        column.add_widget(self.step_pages)
        self.help_button = self.action(
            _("Hilfe") if compact else _("Ich möchte persönliche Hilfe"), self.want_help,
            quiet=True, row=left if compact else column)
        row.add_widget(left)
        row.add_widget(column)
        self.ids.body.add_widget(row)
        self.back_button = self.action(_("Zurück"), self.back, quiet=True)
        self.ids.actions.add_widget(ReadAloudButton(text_source=self.read_aloud_text))
        self.next_button = self.action(_("Weiter"), self.forward)
        self.step_pages.turns = (self.back_button, self.next_button)
        self.step_pages.lookup = content.glossary_index(app.store)
        self.step_pages.set_texts(self.paragraphs())
        if page == "last":
            self.step_pages.show_last_page()
        self._pages_changed()

    def paragraphs(self) -> list[str]:
        """The step's text; after the last one, the month the topic was last checked. A step
        not translated into the UI language (shown in German) says so first, as its tile."""
        step = self.topic.steps[self.step]
        paragraphs = [step.text]
        if step.language != self.app.language:
            paragraphs.insert(0, _("Nur auf Deutsch"))
        if self.last_step and self.topic.checked:
            paragraphs.append(self.checked_text())
        return paragraphs

    def checked_text(self) -> str:
        return _("Stand: {month}").format(month=dates.month_year(self.topic.checked))

    @property
    def last_step(self) -> bool:
        return self.step == len(self.topic.steps) - 1

    def _pages_changed(self) -> None:
        """"Fertig" only on the last page of the last step."""
        button = getattr(self, "next_button", None)
        if button is None or self.topic is None:
            return
        done = self.last_step and not self.step_pages.pager.has_next
        button.text = _("Fertig") if done else _("Weiter")

    def step_text(self) -> str:
        return _("Schritt {step} von {steps}").format(step=self.step + 1,
                                                      steps=len(self.topic.steps))

    def read_aloud_text(self) -> list[speech.Part]:
        """The step's text and picture description in their own language (German if not
        translated), the "Schritt 1 von 3" in the UI's, and on the last step the "Stand"."""
        step = self.topic.steps[self.step]
        parts = speech.step_parts(f"{self.step_text()}.", self.app.language,
                                  replace(step, text=glossary.plain(step.text)))
        if self.last_step and self.topic.checked:
            parts.append(speech.Part(self.checked_text(), self.app.language))
        return parts

    def back(self) -> None:
        if self.step_pages.pager.has_previous:
            self.step_pages.previous_page()
        elif self.step == 0:
            name, state = self.back_to or ("topics", {"category_id": self.topic.category_id})
            self.app.go(name, **state)
        else:
            self.show(step=self.step - 1, page="last")

    def forward(self) -> None:
        if self.step_pages.pager.has_next:
            self.step_pages.next_page()
        elif self.last_step:
            self.app.go("topics", category_id=self.topic.category_id)
        else:
            self.show(step=self.step + 1)

    def want_help(self) -> None:
        self.app.go("booking", topic_id=self.topic.id)

    def reset(self) -> None:
        self.topic, self.step, self.back_to = None, 0, None


load_kv(__file__)
