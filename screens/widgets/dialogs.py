"""Dialogs over a screen: a yes/no question (:class:`ConfirmDialog`), and a message with one
button (:class:`NoticeDialog`, :class:`WarningDialog`)."""

from __future__ import annotations

from collections.abc import Callable

from kivy.properties import ListProperty, StringProperty
from kivy.uix.modalview import ModalView

from screens.kv import load_kv
from screens.widgets import buttons, panels, text  # noqa: F401  (dialogs.kv uses their classes)


class ConfirmDialog(ModalView):
    """A yes/no question with two big buttons; ``on_yes``/``on_no`` are called after closing."""

    question = StringProperty("")
    yes_text = StringProperty("")
    no_text = StringProperty("")
    bg_colour = ListProperty([0, 0, 0, 0])

    def __init__(self, question: str, yes_text: str, no_text: str,
                 on_yes: Callable[[], None], on_no: Callable[[], None] | None = None, **kwargs):
        self._on_yes, self._on_no = on_yes, on_no
        super().__init__(question=question, yes_text=yes_text, no_text=no_text,
                         auto_dismiss=False, **kwargs)

    def answer(self, yes: bool) -> None:
        self.dismiss(animation=False)  # gone at once: the next tap reaches the screen
        callback = self._on_yes if yes else self._on_no
        if callback:
            callback()


class NoticeDialog(ModalView):
    """A message and one button ("Weiter") that closes it: for where the message's lines would
    take the room of what the screen is for (a keyboard's rows, a list's tiles)."""

    text = StringProperty("")
    bg_colour = ListProperty([0, 0, 0, 0])
    text_colour = ListProperty([0, 0, 0, 1])

    def __init__(self, **kwargs):
        super().__init__(auto_dismiss=False, **kwargs)


class WarningDialog(NoticeDialog):
    """What was typed was refused: the reason on the warning colour, and one button back to the
    keyboard. For typing steps where a warning above the keyboard would take its rows."""


load_kv(__file__)
