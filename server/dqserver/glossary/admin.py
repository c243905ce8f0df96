"""Admin (German) of the glossary, "Wörterbuch": managers edit the hard words and their
explanations like topics; the next publish takes them to every kiosk."""

from __future__ import annotations

from django.contrib import admin

from dqserver.content.admin import thumbnail

from .forms import EntryForm
from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryForm
    list_display = ["term_de", "explanation_de", "picture", "updated_at"]
    search_fields = ["term_de", "explanation_de", "slug"]
    prepopulated_fields = {"slug": ["term_de"]}

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": ["term_de", "slug", "explanation_de", "image", "upload",
                                   "upload_licence"],
                        "description": "In den Texten der Schritte markieren Sie ein schweres "
                                       "Wort mit doppelten eckigen Klammern: [[WLAN]]. Steht "
                                       "das Wort anders da: [[Passwort|Passwörter]]. Am Kiosk "
                                       "ist es dann unterstrichen; wer darauf tippt, liest "
                                       "diese Erklärung."}),
                ("Übersetzungen", {"classes": ["collapse"],
                                   "fields": EntryForm.translation_fields()})]

    @admin.display(description="Bild")
    def picture(self, obj: Entry):
        return thumbnail(obj.image, 48)
