"""Suchen: type on our own keyboard, results as tiles; "Nichts gefunden" offers the nearest
topics, else a booking. "Zurück" in a topic opened here comes back to these results."""

from __future__ import annotations

from kiosk import content, speech
from kiosk.i18n import _
from kiosk.search import find
from screens.base import StepScreen, load_kv
from screens.widgets.keyboard import EntryField
from screens.widgets.paging import PagedGrid, topic_tile


class SearchScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.grid = PagedGrid(min_tile_mm=62, lines=3)
        self.reset()

    def reset(self) -> None:
        if "body" in self.ids:
            self.clear()  # nothing typed stays in a widget
        self.query = ""
        self.entry = None

    def show(self, query: str = "", results: bool = False, **_state) -> None:
        """``results``: show the results of the last search again (coming back from a hit)."""
        if results and self.query:
            self.show_results()
            return
        self.query = query
        self.step_typing()

    def step_typing(self) -> None:
        self.clear()
        self.title = _("Suchen")
        row = self.typing_area(
            EntryField(text=self.query, placeholder=_("Wonach suchen Sie?")), "qwertz")
        self.search_button = self.action(_("Suchen"), self.run_search, row=row)

    def run_search(self) -> None:
        self.query = self.entry.text.strip()
        if self.query:
            self.show_results()

    def show_results(self) -> None:
        app = self.app
        found = find(app.store, self.query, app.language)
        app.usage.searched(self.query, found=bool(found.topics))  # a miss: its words counted
        self.clear()
        # No line above the suggestions: their tiles need the room on the 7-inch display.
        self.title = (_("Ähnliche Themen zu: {query}") if found.suggestions
                      else _("Suchen: {query}")).format(query=self.query)
        nothing = [_("Nichts gefunden."), _("Versuchen Sie ein anderes Wort. Oder lassen Sie "
                                            "sich persönlich helfen: Buchen Sie einen Termin.")]
        if tiles := content.topic_summaries(app.store, found.topics or found.suggestions,
                                            app.language):
            self.ids.body.add_widget(self.grid)
            self.grid.set_items([topic_tile(t, lambda t=t: app.go(
                "guide", topic_id=t.id, back_to=("search", {"results": True})))
                for t in tiles])
        else:  # a page at a time where it needs more room (Polish, 7-inch display)
            self.paged_text(nothing)
        # the topics on the page, each in its language; not what was typed
        by_id = {t.id: t for t in tiles}
        self.read_aloud(lambda: [speech.Part(speech.sentence(by_id[tile.spec.key].title),
                                             by_id[tile.spec.key].language)
                                 for tile in self.grid.tiles] if tiles else [
            speech.Part(speech.sentence(text), app.language) for text in nothing],
            top=self.compact and not found.topics)  # (beside two actions it would wrap them)
        self.action(_("Neue Suche"), lambda: self.show(), quiet=True)
        if not found.topics:
            self.action(_("Termin buchen"), lambda: app.go("booking"))


load_kv(__file__)
