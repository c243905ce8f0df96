"""The figures as sections (a title, a table, maybe a chart): the dashboard shows them, the
programme report writes them as CSV and as an A4 PDF for the Kreis.

Why fpdf2 for the PDF: pure Python, no system libraries (WeasyPrint needs Pango and Cairo on the
server, ReportLab's open edition is a larger API for the same tables), it embeds a TrueType
font for any text (topic titles in Turkish), draws tables with repeated headings over page
breaks, and takes matplotlib's PNGs as they are; it is maintained, with releases every few
months. The font is matplotlib's DejaVu Sans, so page and charts match and nothing is fetched.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace
from kiosk import textrules
from matplotlib.figure import Figure

from . import charts
from .figures import Figures, Row

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: the columns of the tables per quartier, kiosk and week (figures.PLACE_KINDS)
PLACE_COLUMNS = ("Kiosk-Tage", "Themen geöffnet", "Bis zum Ende", "Nicht gefunden", "Belege")


@dataclass
class Section:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[Row]
    note: str = ""
    figure: Figure | None = None


def sections(f: Figures, *, with_charts: bool = True) -> list[Section]:
    """What the dashboard, the CSV and the PDF show, in this order."""
    def chart(*args, **kwargs) -> Figure | None:
        return charts.bars(*args, **kwargs) if with_charts else None

    weeks = [Row(w.label, (w.booked, w.attended, w.no_show, w.cancelled, w.walkins,
                           w.callbacks)) for w in f.weeks]
    open_ = [w.booked - w.attended - w.no_show - w.cancelled for w in f.weeks]
    out = [
        Section("weeks", "Termine je Woche", ("Woche", "Gebucht", "Wahrgenommen",
                                              "Nicht erschienen", "Abgesagt", "Ohne Termin",
                                              "Rückrufwünsche"), weeks,
                "Nach dem Tag des Termins. Ohne Termin: Laufkundschaft, von Helfern erfasst.",
                chart([w.label for w in f.weeks], {
                    "Wahrgenommen": [w.attended for w in f.weeks],
                    "Nicht erschienen": [w.no_show for w in f.weeks],
                    "Abgesagt": [w.cancelled for w in f.weeks],
                    "Noch offen": open_}, stacked=True)),
        Section("topics", "Meistgelesene Themen", ("Thema", "Geöffnet", "Bis zum Ende",
                                                   "Anteil"), f.topics,
                "Bis zum Ende: der letzte Schritt der Anleitung wurde erreicht.",
                chart([r.label for r in f.topics], {
                    "Geöffnet": [r.values[0] for r in f.topics],
                    "Bis zum Ende": [r.values[1] for r in f.topics]}, horizontal=True)),
        Section("searches", "Gesucht, aber nicht gefunden", ("Suchwörter", "Kiosk-Tage", "Mal"),
                f.searches,
                f"Themen, die noch fehlen. Gezeigt werden nur Wörter, die an mindestens {f.k} "
                f"verschiedenen Kiosk-Tagen gesucht wurden"
                + (f" ({f.hidden_searches} seltenere nicht gezeigt)." if f.hidden_searches
                   else "."),
                chart([r.label for r in f.searches],
                      {"Kiosk-Tage": [r.values[0] for r in f.searches]}, horizontal=True)),
        Section("languages", "Sprachen", ("Sprache", "Mal gewählt"), f.languages,
                "Wie oft eine Sprache auf der Startseite gewählt wurde (Deutsch ist "
                "voreingestellt).",
                chart([r.label for r in f.languages],
                      {"Mal gewählt": [r.values[0] for r in f.languages]})),
        Section("text_sizes", "Schriftgröße", ("Größe", "Mal gewählt"), f.text_sizes),
        Section("slips", "Belege gedruckt", ("Wo", "Anzahl"), f.slips),
        Section("walkins", "Ohne Termin nach Thema", ("Thema", "Anzahl"), f.walkin_topics),
        Section("glossary", "Glossar: nachgeschlagene Wörter", ("Wort", "Mal"), f.glossary),
        Section("quartiers", "Je Quartier", ("Quartier", *PLACE_COLUMNS), f.per_quartier),
        Section("usage_weeks", "Am Kiosk je Woche", ("Woche", *PLACE_COLUMNS), f.per_week),
        Section("kiosks", "Je Kiosk", ("Kiosk", *PLACE_COLUMNS), f.per_kiosk),
    ]
    return out


def scope_text(f: Figures) -> str:
    names = ", ".join(q.name for q in f.quartiers) or "kein Quartier"
    return f"{f.period.label} · {names}"


def csv_text(f: Figures) -> str:
    """One table for a spreadsheet: section, row, column, value (German Excel: ";", a BOM)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Zeitraum", "Quartiere", "Abschnitt", "Zeile", "Spalte", "Wert"])
    quartiers = ", ".join(q.name for q in f.quartiers)
    for label, value in f.key_figures:
        writer.writerow(map(textrules.csv_cell, [f.period.label, quartiers, "Kennzahlen",
                                                 label, "", value]))
    for section in sections(f, with_charts=False):
        for row in section.rows:
            for column, value in zip(section.columns[1:], row.values, strict=True):
                writer.writerow(map(textrules.csv_cell, [f.period.label, quartiers,
                                                         section.title, row.label, column,
                                                         value]))
    return out.getvalue()


class ReportPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 6, f"DigiQuartier · Programmbericht · Seite {self.page_no()}/{{nb}}",
                  align="C")


def pdf_bytes(f: Figures) -> bytes:
    """The programme report: key figures, then each section's chart and table."""
    pdf = ReportPDF(format="A4")
    pdf.set_title("DigiQuartier – Programmbericht")
    pdf.set_author("DigiQuartier")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 10, "DigiQuartier – Programmbericht", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, scope_text(f), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _table(pdf, ("Kennzahl", "Wert"), [Row(label, (value,)) for label, value in f.key_figures])
    for section in sections(f):
        if not section.rows and section.figure is None:
            continue
        needed = 95 if section.figure is not None else 30
        if pdf.get_y() + needed > pdf.h - 20:
            pdf.add_page()
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.cell(0, 8, section.title, new_x="LMARGIN", new_y="NEXT")
        if section.note:
            pdf.set_font("DejaVu", size=9)
            pdf.multi_cell(0, 5, section.note, new_x="LMARGIN", new_y="NEXT")
        if section.figure is not None:
            width = pdf.epw
            height = width * section.figure.get_figheight() / section.figure.get_figwidth()
            if pdf.get_y() + height > pdf.h - 20:
                pdf.add_page()
            pdf.image(io.BytesIO(charts.png(section.figure)), w=width)
        if section.rows:
            _table(pdf, section.columns, section.rows)
        else:
            pdf.set_font("DejaVu", size=10)
            pdf.cell(0, 6, "Keine Zahlen in diesem Zeitraum.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf: FPDF, columns: tuple[str, ...], rows: list[Row]) -> None:
    pdf.set_font("DejaVu", size=9)
    first = 0.6 if len(columns) <= 2 else 0.4 if len(columns) <= 4 else 0.22
    rest = (1 - first) / max(len(columns) - 1, 1)
    with pdf.table(col_widths=(first, *([rest] * (len(columns) - 1))), text_align=(
            "LEFT", *(["RIGHT"] * (len(columns) - 1))), line_height=5.5,
            headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245)),
            first_row_as_headings=True, repeat_headings=1) as table:
        table.row(columns)
        for row in rows:
            table.row([row.label, *(str(v) for v in row.values)])
    pdf.ln(2)
