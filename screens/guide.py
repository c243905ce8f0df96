"""The guide: one step of a topic per screen, picture and text, "Schritt 2 von 5"."""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image

from kiosk import content, speech
from kiosk.i18n import _
from screens.base import StepScreen, load_kv
from screens.widgets import BodyLabel, ReadAloudButton


class GuideScreen(StepScreen):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.topic: content.Topic | None = None
        self.step = 0
        self.back_to: tuple[str, dict] | None = None

    def show(self, topic_id: str = "", step: int = 0, back_to: tuple[str, dict] | None = None,
             **_state) -> None:
        """``back_to``: the screen and its state that "Zurück" on the first step returns to
        (the search results a topic was opened from); by default the topic's category."""
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
        current = topic.steps[self.step]
        self.title = f"{self.step_text()} · {topic.title}"
        # On a small screen (the 7-inch, 91 mm high) the text needs the whole right column:
        # the help button goes under the picture, with a short name.
        compact = self.compact
        row = BoxLayout(spacing=app.theme.gap * 2)
        left = BoxLayout(orientation="vertical", spacing=app.theme.gap,
                         size_hint_x=0.42 if compact else 0.5)
        picture = app.settings.assets_dir / current.image if current.image else None
        if picture is not None and picture.is_file():
            left.add_widget(Image(source=str(picture), fit_mode="contain"))
        column = BoxLayout(orientation="vertical", spacing=app.theme.gap)
        column.add_widget(BodyLabel(text=current.text))
        column.add_widget(BoxLayout())
        self.help_button = self.action(
            _("Hilfe") if compact else _("Ich möchte persönliche Hilfe"), self.want_help,
            quiet=True, row=left if compact else column)
        row.add_widget(left)
        row.add_widget(column)
        self.ids.body.add_widget(row)
        self.back_button = self.action(_("Zurück"), self.back, quiet=True)
        self.ids.actions.add_widget(ReadAloudButton(text_source=self.read_aloud_text))
        last = self.step == len(topic.steps) - 1
        self.next_button = self.action(_("Fertig") if last else _("Weiter"), self.forward)

    def step_text(self) -> str:
        return _("Schritt {step} von {steps}").format(step=self.step + 1,
                                                      steps=len(self.topic.steps))

    def read_aloud_text(self) -> list[speech.Part]:
        """The step's text and picture description in their own language (German if not
        translated), the "Schritt 1 von 3" in the UI's."""
        return speech.step_parts(f"{self.step_text()}.", self.app.language,
                                 self.topic.steps[self.step])

    def back(self) -> None:
        if self.step == 0:
            name, state = self.back_to or ("topics", {"category_id": self.topic.category_id})
            self.app.go(name, **state)
        else:
            self.show(step=self.step - 1)

    def forward(self) -> None:
        if self.step == len(self.topic.steps) - 1:
            self.app.go("topics", category_id=self.topic.category_id)
        else:
            self.show(step=self.step + 1)

    def want_help(self) -> None:
        self.app.go("booking", topic_id=self.topic.id)

    def reset(self) -> None:
        self.topic, self.step, self.back_to = None, 0, None


load_kv(__file__)
