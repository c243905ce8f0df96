"""Digital-Helfer werden: who to call in this quartier (from the store). The quartier's text is
written by its manager, of any length: it is shown a page at a time where it does not fit."""

from __future__ import annotations

from kiosk.i18n import _
from kiosk.schedule import get_quartier
from screens.base import StepScreen, load_kv
from screens.widgets.buttons import ReadAloudButton


class VolunteerScreen(StepScreen):
    def show(self, **_state) -> None:
        app = self.app
        self.title = _("Digital-Helfer werden")
        self.clear()
        quartier = get_quartier(app.store, app.settings.quartier)
        self.texts = []
        if quartier is None or not (quartier.contact_text or quartier.contact_phone):
            self.texts.append(_("Fragen Sie bitte hier in der Begegnungsstätte nach."))
        else:
            if quartier.contact_text:
                self.texts.append(quartier.contact_text)
            if quartier.contact_name or quartier.contact_phone:
                self.texts.append(_("Ansprechpartner: {name}\nTelefon: {phone}").format(
                    name=quartier.contact_name, phone=quartier.contact_phone))
            if quartier.centre:
                self.texts.append(", ".join(p for p in (quartier.centre, quartier.address) if p))
        self.paged_text(self.texts)
        self.ids.actions.add_widget(ReadAloudButton(text_source=lambda: "\n".join(self.texts)))


load_kv(__file__)
