"""Suchen: type on our own keyboard, results as tiles; "Nichts gefunden" offers a booking."""

from __future__ import annotations

from kiosk import content
from kiosk.i18n import _
from kiosk.search import search
from screens.base import StepScreen, load_kv
from screens.widgets import EntryField, PagedGrid, TileSpec


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

    def show(self, query: str = "", **_state) -> None:
        self.query = query
        self.step_typing()

    def step_typing(self) -> None:
        self.clear()
        self.title = _("Suchen")
        row = self.typing_area(
            EntryField(text=self.query, placeholder=_("Wonach suchen Sie?")), "qwertz")
        self.search_button = self.action(_("Suchen"), self.run_search, row=row)
        self.search_button.size_hint_x = 0.4

    def run_search(self) -> None:
        app = self.app
        self.query = self.entry.text.strip()
        if not self.query:
            return
        ids = search(app.store, self.query, app.language)
        found = content.topic_summaries(app.store, ids, app.language)
        self.clear()
        self.title = _("Suchen: {query}").format(query=self.query)
        if found:
            self.ids.body.add_widget(self.grid)
            self.grid.set_items([TileSpec(t.title, key=t.id,
                                          on_press=lambda t=t: app.go("guide", topic_id=t.id))
                                 for t in found])
        else:
            self.message(_("Nichts gefunden."), title=True)
            self.message(_("Versuchen Sie ein anderes Wort. Oder lassen Sie sich persönlich "
                           "helfen: Buchen Sie einen Termin."))
            self.spacer()
        self.action(_("Neue Suche"), lambda: self.show(), quiet=True)
        if not found:
            self.action(_("Termin buchen"), lambda: app.go("booking"))


load_kv(__file__)
