"""The dashboard's and the report's charts, drawn on the server by matplotlib.

Why matplotlib, server-side: the same chart goes into the page (SVG, its text as real text the
browser draws, so it is readable, zoomable and selectable) and into the PDF for the Kreis (PNG
at print resolution) from one drawing function; a JavaScript chart library would need a second
renderer for the PDF, a vendored npm bundle to keep up to date and script on an admin page that
has none. matplotlib is the long-maintained standard for exactly this (NumFOCUS, releases several
times a year, wheels for every platform the server runs on), and its object API (``Figure``,
no ``pyplot``) keeps no global state, so gunicorn's threads can draw at the same time. Agg is
its non-interactive backend: no display, no GUI toolkit on the server.

Colours: the Okabe–Ito palette, told apart with every common colour-vision deficiency; every
chart has its numbers as a table beside it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams.update({
    "svg.fonttype": "none",      # text stays text in the SVG (the page's font draws it)
    "svg.hashsalt": "dq",        # the same figures give the same SVG
    "font.family": "DejaVu Sans",
    "font.size": 11,
})
from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
WIDTH_IN = 7.0


def bars(labels: Sequence[str], series: dict[str, Sequence[int]], *,
         horizontal: bool = False, stacked: bool = False) -> Figure:
    """A bar chart: one group per label, one bar (or one part of a stacked bar) per series;
    the legend above the plot, never over a bar. The section's heading is its title."""
    per_label = 1 if stacked else len(series)
    height = max(2.2, 0.22 * max(len(labels), 1) * per_label + 1.0) if horizontal else 3.2
    figure = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    width = 0.8 if stacked else 0.8 / max(per_label, 1)
    base = [0] * len(labels)
    draw = axes.barh if horizontal else axes.bar
    for i, (name, values) in enumerate(series.items()):
        offset = [p if stacked else p - 0.4 + width * (i + 0.5) for p in positions]
        extent = {"height" if horizontal else "width": width,
                  "left" if horizontal else "bottom": base if stacked else 0}
        draw(offset, values, label=name, color=COLOURS[i % len(COLOURS)], **extent)
        if stacked:
            base = [b + v for b, v in zip(base, values, strict=True)]
    if horizontal:
        axes.set_yticks(positions, [_short(label) for label in labels])
        axes.invert_yaxis()  # the largest first, at the top
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.grid(axis="x", color="#dddddd")
    else:
        slanted = len(labels) > 6
        axes.set_xticks(positions, [_short(label, 14) for label in labels],
                        rotation=30 if slanted else 0, ha="right" if slanted else "center")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.grid(axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        figure.legend(loc="outside upper left", frameon=False, ncols=min(len(series), 4))
    if not labels:
        axes.text(0.5, 0.5, "Keine Zahlen in diesem Zeitraum", transform=axes.transAxes,
                  ha="center", va="center", color="#555555")
    return figure


def _short(label: str, length: int = 34) -> str:
    return label if len(label) <= length else label[:length - 1] + "…"


def svg(figure: Figure) -> str:
    """The chart as an inline ``<svg>`` for the page (matplotlib escapes every text in it)."""
    out = io.StringIO()
    figure.savefig(out, format="svg")
    text = out.getvalue()
    text = text[text.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


def png(figure: Figure, dpi: int = 200) -> bytes:
    """The chart as a PNG for the PDF (200 dpi: sharp on paper)."""
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
