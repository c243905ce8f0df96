"""Hilfe-Themen: the categories, then the topics of one category, a page at a time."""

from __future__ import annotations

from kiosk import content
from kiosk.i18n import _, ngettext
from screens.base import StepScreen, load_kv
from screens.widgets import PagedGrid, ReadAloudButton, TileSpec, topic_tile


class TopicsScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.category_id = ""
        self.grid = PagedGrid(min_tile_mm=62, lines=3)

    def show(self, category_id: str = "", page: int = 0, **_state) -> None:
        self.category_id = category_id
        app = self.app
        self.clear()
        body = self.ids.body
        if category_id:
            found = [c for c in content.categories(app.store, app.language) if c.id == category_id]
            self.title = found[0].title if found else _("Hilfe-Themen")
            items = [topic_tile(t, lambda t=t: app.go("guide", topic_id=t.id))
                     for t in content.topics_in(app.store, category_id, app.language)]
        else:
            self.title = _("Hilfe-Themen")
            items = [TileSpec(c.title, ngettext("{n} Thema", "{n} Themen", c.topic_count).format(
                n=c.topic_count), on_press=lambda c=c: self.show(category_id=c.id), key=c.id)
                for c in content.categories(app.store, app.language)]
        body.add_widget(self.grid)
        self.grid.set_items(items, page)
        if category_id:
            self.action(_("Bereiche"), lambda: self.show(), quiet=True)
        self.action(_("Suchen"), lambda: app.go("search"), quiet=True)
        self.ids.actions.add_widget(ReadAloudButton(text_source=self.read_aloud_text))

    def read_aloud_text(self) -> str:
        titles = [tile.spec.title for tile in self.grid.tiles]
        return ". ".join([self.title, *titles]) + "."

    def reset(self) -> None:
        self.category_id = ""


load_kv(__file__)
