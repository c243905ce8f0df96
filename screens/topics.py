"""Hilfe-Themen: the categories, then the topics of one category, a page at a time."""

from __future__ import annotations

from kiosk import content, speech
from kiosk.i18n import _, ngettext
from screens.base import StepScreen, load_kv
from screens.widgets.buttons import ReadAloudButton
from screens.widgets.paging import PagedGrid, TileSpec, topic_tile


class TopicsScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.category_id = ""
        self.grid = PagedGrid(min_tile_mm=62, lines=3)

    def show(self, category_id: str = "", page: int = 0, **_state) -> None:
        self.category_id = category_id
        self.languages: dict[str, str] = {}  # topic id -> the language its title is in
        app = self.app
        self.clear()
        body = self.ids.body
        if category_id:
            found = [c for c in content.categories(app.store, app.language) if c.id == category_id]
            self.title = found[0].title if found else _("Hilfe-Themen")
            topics = content.topics_in(app.store, category_id, app.language)
            self.languages = {t.id: t.language for t in topics}
            items = [topic_tile(t, lambda t=t: app.go("guide", topic_id=t.id)) for t in topics]
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

    def read_aloud_text(self) -> list[speech.Part]:
        """The title, then each tile's title in the voice of its language (a topic not yet
        translated in German), and what its note says."""
        ui = self.app.language
        parts = [speech.Part(speech.sentence(self.title), ui)]
        for tile in self.grid.tiles:
            parts.append(speech.Part(speech.sentence(tile.spec.title),
                                     self.languages.get(tile.spec.key, ui)))
            if tile.spec.subtitle:
                parts.append(speech.Part(speech.sentence(tile.spec.subtitle), ui))
        return parts

    def reset(self) -> None:
        self.category_id = ""


load_kv(__file__)
