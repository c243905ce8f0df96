"""Draws the demo pictures: step pictures (800x600) and category icons (256x256).

Everything is our own flat drawing (CC BY 4.0, DigiQuartier-Team). Calm colours, big shapes, thick
dark outlines, a yellow ring with a dark edge marks where to tap. The output is deterministic: same
Pillow + font version gives the same PNG bytes (no timestamps, no metadata).

    python assets/demo/pictures.py OUTDIR      # writes every picture as OUTDIR/<name>.png
"""

from __future__ import annotations

import io
import math
import random
import sys
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

try:  # Atkinson Hyperlegible, made for low vision (SIL OFL), packaged on PyPI
    from fontpkg_atkinson_hyperlegible import ROOT as _FONT_ROOT

    FONT = str(Path(_FONT_ROOT) / "files" / "AtkinsonHyperlegible-Bold.ttf")
except ImportError:  # pragma: no cover
    FONT = "DejaVuSans-Bold.ttf"

STEP_SIZE = (800, 600)
ICON_SIZE = (256, 256)
SS = 3  # supersampling factor: draw big, shrink once, so edges are smooth
COLOURS = 96  # palette size of the saved PNG

BG = (250, 246, 236)
INK = (30, 40, 55)
WHITE = (255, 255, 255)
YELLOW = (255, 196, 0)
GREEN = (30, 150, 80)
WA = (37, 190, 100)  # WhatsApp-like green, a bit darker for contrast
TEAL = (7, 94, 84)
RED = (205, 40, 40)
BLUE = (35, 95, 190)
LBLUE = (150, 195, 240)
GREY = (130, 138, 150)
LGREY = (222, 226, 232)
SKIN = (238, 190, 155)
SKIN2 = (176, 120, 86)
ORANGE = (240, 140, 40)
PURPLE = (120, 70, 170)
BROWN = (120, 80, 50)
SKY = (170, 215, 245)
HILL = (90, 170, 90)
PINK = (235, 120, 150)
SCREEN_DARK = (28, 48, 78)


class D:
    """A canvas with a translate/scale stack; coordinates are in output pixels."""

    def __init__(self, size, bg=BG):
        self.size = size
        self.img = Image.new("RGB", (size[0] * SS, size[1] * SS), bg)
        self.g = ImageDraw.Draw(self.img)
        self.t = [(0.0, 0.0, 1.0)]

    # -- transform -------------------------------------------------------------------------------
    @contextmanager
    def at(self, x, y, k=1.0):
        ox, oy, kk = self.t[-1]
        self.t.append((ox + x * kk, oy + y * kk, kk * k))
        try:
            yield self
        finally:
            self.t.pop()

    def P(self, x, y):
        ox, oy, k = self.t[-1]
        return ((ox + x * k) * SS, (oy + y * k) * SS)

    def L(self, v):
        return max(1, round(v * self.t[-1][2] * SS))

    # -- primitives ------------------------------------------------------------------------------
    def rect(self, x0, y0, x1, y1, fill=WHITE, r=0, ol=INK, w=6):
        a, b = self.P(x0, y0), self.P(x1, y1)
        self.g.rounded_rectangle(
            [a, b],
            radius=self.L(r) if r else 0,
            fill=fill,
            outline=ol,
            width=self.L(w) if ol else 0,
        )

    def ellipse(self, cx, cy, rx, ry, fill=WHITE, ol=INK, w=6):
        a, b = self.P(cx - rx, cy - ry), self.P(cx + rx, cy + ry)
        self.g.ellipse([a, b], fill=fill, outline=ol, width=self.L(w) if ol else 0)

    def circle(self, cx, cy, r, fill=WHITE, ol=INK, w=6):
        self.ellipse(cx, cy, r, r, fill, ol, w)

    def poly(self, pts, fill=WHITE, ol=INK, w=6):
        self.g.polygon(
            [self.P(*p) for p in pts], fill=fill, outline=ol, width=self.L(w) if ol else 0
        )

    def line(self, pts, fill=INK, w=6, caps=True):
        self.g.line([self.P(*p) for p in pts], fill=fill, width=self.L(w), joint="curve")
        if caps:
            for p in (pts[0], pts[-1]):
                self.circle(p[0], p[1], w / 2, fill=fill, ol=None)

    def arc(self, cx, cy, r, a0, a1, fill=INK, w=6):
        a, b = self.P(cx - r, cy - r), self.P(cx + r, cy + r)
        self.g.arc([a, b], a0, a1, fill=fill, width=self.L(w))

    def pieslice(self, cx, cy, r, a0, a1, fill=WHITE, ol=None, w=0):
        a, b = self.P(cx - r, cy - r), self.P(cx + r, cy + r)
        self.g.pieslice([a, b], a0, a1, fill=fill, outline=ol, width=self.L(w) if ol else 0)

    def text(self, x, y, s, size, fill=INK, anchor="mm"):
        font = ImageFont.truetype(FONT, self.L(size))
        self.g.text(self.P(x, y), s, font=font, fill=fill, anchor=anchor)

    def out(self, colours=COLOURS) -> bytes:
        small = self.img.resize(self.size, Image.Resampling.LANCZOS)
        pal = small.quantize(
            colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        buf = io.BytesIO()
        pal.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


# ==== small building blocks ====


def hl_rect(d, x0, y0, x1, y1, r=16, pad=10):
    """The 'tap here' marker: a thick yellow ring with a dark edge."""
    d.rect(x0 - pad, y0 - pad, x1 + pad, y1 + pad, fill=None, r=r + pad, ol=INK, w=18)
    d.rect(x0 - pad, y0 - pad, x1 + pad, y1 + pad, fill=None, r=r + pad, ol=YELLOW, w=10)


def hl_circle(d, cx, cy, r, pad=10):
    d.circle(cx, cy, r + pad, fill=None, ol=INK, w=18)
    d.circle(cx, cy, r + pad, fill=None, ol=YELLOW, w=10)


def arrow(d, x0, y0, x1, y1, w=34, head=80, fill=YELLOW):
    dx, dy = x1 - x0, y1 - y0
    n = math.hypot(dx, dy)
    ux, uy = dx / n, dy / n
    nx, ny = -uy, ux
    bx, by = x1 - ux * head, y1 - uy * head
    hw, hh = w / 2, head * 0.62
    pts = [
        (x0 + nx * hw, y0 + ny * hw),
        (bx + nx * hw, by + ny * hw),
        (bx + nx * hh, by + ny * hh),
        (x1, y1),
        (bx - nx * hh, by - ny * hh),
        (bx - nx * hw, by - ny * hw),
        (x0 - nx * hw, y0 - ny * hw),
    ]
    d.poly(pts, fill=fill, ol=INK, w=6)


def hand(d, x, y, sleeve=BLUE):
    """A hand with the index finger pointing up; the finger tip is at (x, y)."""
    d.rect(x - 10, y + 225, x + 125, y + 400, fill=sleeve, r=20)
    d.rect(x - 24, y, x + 24, y + 160, fill=SKIN, r=24)
    d.rect(x - 8, y + 10, x + 8, y + 32, fill=(250, 220, 200), r=6, ol=None)
    d.rect(x - 36, y + 100, x + 108, y + 245, fill=SKIN, r=46)
    for i in range(2):  # knuckles of the curled fingers
        d.line([(x + 50 + i * 30, y + 128), (x + 50 + i * 30, y + 150)], w=5)
    d.ellipse(x - 34, y + 178, 26, 44, fill=SKIN)
    # repaint the finger over the palm edge so it reads as one hand
    d.rect(x - 18, y + 90, x + 18, y + 130, fill=SKIN, ol=None)


def check(d, x, y, r, col=WHITE, w=None):
    w = w or r * 0.32
    d.line(
        [(x - 0.5 * r, y + 0.02 * r), (x - 0.12 * r, y + 0.4 * r), (x + 0.55 * r, y - 0.42 * r)],
        fill=col,
        w=w,
    )


def check_badge(d, x, y, r=60):
    d.circle(x, y, r, fill=GREEN, w=6)
    check(d, x, y, r * 0.9)


def cross(d, x, y, r, col=RED, w=None):
    w = w or r * 0.34
    d.line([(x - r, y - r), (x + r, y + r)], fill=INK, w=w + 10)
    d.line([(x + r, y - r), (x - r, y + r)], fill=INK, w=w + 10)
    d.line([(x - r, y - r), (x + r, y + r)], fill=col, w=w)
    d.line([(x + r, y - r), (x - r, y + r)], fill=col, w=w)


def handset(d, x, y, r, col=INK):
    """A telephone receiver: a curved grip with ear and mouth pieces, centred near (x, y)."""
    cx, cy, R = x + 0.62 * r, y - 0.62 * r, 1.15 * r
    a0, a1 = 82, 188
    outer, inner = [], []
    for i in range(49):
        t = i / 48
        a = math.radians(a0 + (a1 - a0) * t)
        e = min(t, 1 - t)  # distance to the nearer end
        s = 1.0 if e < 0.2 else max(0.0, 1 - (e - 0.2) / 0.1)
        ro, ri = R + 0.17 * r, R - (0.17 + 0.36 * s) * r
        outer.append((cx + ro * math.cos(a), cy + ro * math.sin(a)))
        inner.append((cx + ri * math.cos(a), cy + ri * math.sin(a)))
    d.poly(outer + inner[::-1], fill=col, ol=None)


def gear(d, x, y, r, col=WHITE, hole=GREY):
    for i in range(8):
        a = math.radians(i * 45)
        ca, sa = math.cos(a), math.sin(a)
        tw, tl = r * 0.22, r * 1.28
        pts = []
        for u, v in ((r * 0.6, -tw), (tl, -tw), (tl, tw), (r * 0.6, tw)):
            pts.append((x + u * ca - v * sa, y + u * sa + v * ca))
        d.poly(pts, fill=col, ol=None)
    d.circle(x, y, r, fill=col, ol=None)
    d.circle(x, y, r * 0.42, fill=hole, ol=None)


def landscape(d, x0, y0, x1, y1, sky=SKY, sun=True, ol=INK, w=4):
    """A tiny photo: sky, sun, two hills."""
    d.rect(x0, y0, x1, y1, fill=sky, ol=None)
    W, H = x1 - x0, y1 - y0
    if sun:
        d.circle(x0 + W * 0.72, y0 + H * 0.3, min(W, H) * 0.13, fill=YELLOW, ol=None)
    d.ellipse(x0 + W * 0.25, y1 + H * 0.05, W * 0.55, H * 0.5, fill=HILL, ol=None)
    d.ellipse(x0 + W * 0.85, y1 + H * 0.12, W * 0.5, H * 0.45, fill=(60, 140, 70), ol=None)
    # clean the overflow below the photo
    d.rect(x0 - 20, y1, x1 + 20, y1 + H, fill=None, ol=None)
    if ol:
        d.rect(x0, y0, x1, y1, fill=None, ol=ol, w=w)


def photo(d, x0, y0, x1, y1, sky=SKY, bg=WHITE):
    d.rect(x0, y0, x1, y1, fill=sky, ol=None)
    W, H = x1 - x0, y1 - y0
    d.circle(x0 + W * 0.72, y0 + H * 0.3, min(W, H) * 0.13, fill=YELLOW, ol=None)
    # hills as polygons so nothing spills outside the frame
    pts = [(x0, y1)]
    for i in range(21):
        t = i / 20
        pts.append((x0 + W * t, y0 + H * (0.62 - 0.22 * math.sin(math.pi * t * 1.1))))
    pts.append((x1, y1))
    d.poly(pts, fill=HILL, ol=None)
    pts = [(x0 + W * 0.4, y1)]
    for i in range(11):
        t = i / 10
        pts.append((x0 + W * (0.4 + 0.6 * t), y0 + H * (0.82 - 0.2 * math.sin(math.pi * t))))
    pts.append((x1, y1))
    d.poly(pts, fill=(55, 135, 65), ol=None)


def face(
    d,
    x,
    y,
    r,
    hair=GREY,
    skin=SKIN,
    glasses=False,
    bun=False,
    smile=True,
    mouth_open=False,
    body=BLUE,
):
    d.rect(x - r * 1.25, y + r * 0.85, x + r * 1.25, y + r * 2.6, fill=body, r=r * 0.8)
    if bun:
        d.circle(x, y - r * 1.02, r * 0.38, fill=hair)
    d.circle(x, y, r, fill=skin)
    d.pieslice(x, y - r * 0.05, r * 1.0, 180, 360, fill=hair)
    d.arc(x, y - r * 0.05, r * 1.0, 180, 360, fill=INK, w=6)
    d.rect(x - r * 0.98, y - r * 0.08, x + r * 0.98, y + r * 0.02, fill=skin, ol=None)
    d.circle(x - r * 0.36, y + r * 0.18, r * 0.09, fill=INK, ol=None)
    d.circle(x + r * 0.36, y + r * 0.18, r * 0.09, fill=INK, ol=None)
    if glasses:
        d.circle(x - r * 0.36, y + r * 0.18, r * 0.24, fill=None, w=5)
        d.circle(x + r * 0.36, y + r * 0.18, r * 0.24, fill=None, w=5)
        d.line([(x - r * 0.12, y + r * 0.18), (x + r * 0.12, y + r * 0.18)], w=5, caps=False)
    if mouth_open:
        d.ellipse(x, y + r * 0.58, r * 0.2, r * 0.16, fill=(150, 40, 50), w=4)
    elif smile:
        d.arc(x, y + r * 0.4, r * 0.3, 20, 160, fill=INK, w=6)
    d.circle(x - r * 0.62, y + r * 0.45, r * 0.1, fill=(240, 150, 140), ol=None)
    d.circle(x + r * 0.62, y + r * 0.45, r * 0.1, fill=(240, 150, 140), ol=None)


def padlock(d, x, y, s, body=YELLOW):
    d.arc(x, y - s * 0.35, s * 0.38, 180, 360, fill=INK, w=s * 0.2)
    d.line([(x - s * 0.38, y - s * 0.35), (x - s * 0.38, y - s * 0.05)], w=s * 0.2, caps=False)
    d.line([(x + s * 0.38, y - s * 0.35), (x + s * 0.38, y - s * 0.05)], w=s * 0.2, caps=False)
    d.rect(
        x - s * 0.6,
        y - s * 0.1,
        x + s * 0.6,
        y + s * 0.7,
        fill=body,
        r=s * 0.12,
        w=max(4, s * 0.06),
    )
    d.circle(x, y + s * 0.22, s * 0.12, fill=INK, ol=None)
    d.rect(x - s * 0.05, y + s * 0.22, x + s * 0.05, y + s * 0.48, fill=INK, ol=None)


def trashcan(d, x, y, s, col=GREY):
    d.rect(
        x - s * 0.2,
        y - s * 0.72,
        x + s * 0.2,
        y - s * 0.55,
        fill=col,
        r=s * 0.05,
        w=max(4, s * 0.05),
    )
    d.rect(
        x - s * 0.6,
        y - s * 0.6,
        x + s * 0.6,
        y - s * 0.44,
        fill=col,
        r=s * 0.05,
        w=max(4, s * 0.05),
    )
    d.poly(
        [
            (x - s * 0.5, y - s * 0.44),
            (x + s * 0.5, y - s * 0.44),
            (x + s * 0.42, y + s * 0.7),
            (x - s * 0.42, y + s * 0.7),
        ],
        fill=col,
        w=max(4, s * 0.05),
    )
    for i in (-1, 0, 1):
        d.line(
            [(x + i * s * 0.2, y - s * 0.28), (x + i * s * 0.18, y + s * 0.55)],
            fill=INK,
            w=max(4, s * 0.06),
        )


def building(d, x, y, s, col=LGREY, roof=BLUE):
    """A bank-like building with columns, centred at (x, y)."""
    d.poly([(x - s, y - s * 0.45), (x, y - s), (x + s, y - s * 0.45)], fill=roof)
    d.rect(x - s * 0.95, y - s * 0.45, x + s * 0.95, y - s * 0.3, fill=col)
    for i in range(4):
        cx = x - s * 0.68 + i * s * 0.453
        d.rect(cx - s * 0.11, y - s * 0.3, cx + s * 0.11, y + s * 0.55, fill=WHITE, w=5)
    d.rect(x - s * 1.05, y + s * 0.55, x + s * 1.05, y + s * 0.75, fill=col)


def envelope(d, x, y, w, h, fill=WHITE):
    d.rect(x - w / 2, y - h / 2, x + w / 2, y + h / 2, fill=fill, r=8)
    d.line([(x - w / 2 + 6, y - h / 2 + 6), (x, y + h * 0.1), (x + w / 2 - 6, y - h / 2 + 6)], w=6)


def wifi(d, x, y, s, col=BLUE):
    for r in (s, s * 0.68, s * 0.36):
        d.arc(x, y, r, 225, 315, fill=col, w=s * 0.17)
    d.circle(x, y - s * 0.02, s * 0.1, fill=col, ol=None)


def bus(d, x, y, s=1.0, col=YELLOW):
    with d.at(x, y, s):
        d.rect(-150, -80, 150, 70, fill=col, r=26)
        for i in range(4):
            d.rect(-130 + i * 62, -60, -82 + i * 62, -10, fill=SKY, r=8, w=5)
        d.rect(112, -60, 138, 30, fill=SKY, r=6, w=5)
        d.rect(-150, 10, 150, 22, fill=INK, ol=None)
        d.circle(-90, 75, 28, fill=INK, ol=None)
        d.circle(90, 75, 28, fill=INK, ol=None)
        d.circle(-90, 75, 10, fill=LGREY, ol=None)
        d.circle(90, 75, 10, fill=LGREY, ol=None)


def train(d, x, y, s=1.0, col=RED, fast=False):
    with d.at(x, y, s):
        if fast:
            d.poly([(-170, -70), (90, -70), (170, 20), (170, 70), (-170, 70)], fill=WHITE)
            d.rect(-170, 30, 170, 45, fill=RED, ol=None)
            d.poly([(95, -55), (140, -5), (95, -5)], fill=INK, ol=None)
            for i in range(4):
                d.rect(-150 + i * 58, -50, -110 + i * 58, -10, fill=INK, r=6, ol=None)
        else:
            d.rect(-170, -80, 170, 70, fill=col, r=22)
            for i in range(5):
                d.rect(-150 + i * 62, -58, -104 + i * 62, -10, fill=SKY, r=8, w=5)
            d.rect(-170, 20, 170, 32, fill=WHITE, ol=None)
        for cx in (-120, -70, 70, 120):
            d.circle(cx, 80, 18, fill=INK, ol=None)
        d.line([(-200, 100), (200, 100)], w=8, caps=False)


def qr(d, x0, y0, size, seed=7):
    n = 21
    c = size / n
    rnd = random.Random(seed)
    d.rect(x0 - c, y0 - c, x0 + size + c, y0 + size + c, fill=WHITE, ol=None)
    for i in range(n):
        for j in range(n):
            finder = (i < 8 and j < 8) or (i < 8 and j >= n - 8) or (i >= n - 8 and j < 8)
            if not finder and rnd.random() < 0.45:
                d.rect(
                    x0 + i * c, y0 + j * c, x0 + (i + 1) * c, y0 + (j + 1) * c, fill=INK, ol=None
                )
    for i, j in ((0, 0), (n - 7, 0), (0, n - 7)):
        d.rect(x0 + i * c, y0 + j * c, x0 + (i + 7) * c, y0 + (j + 7) * c, fill=INK, ol=None)
        d.rect(
            x0 + (i + 1) * c,
            y0 + (j + 1) * c,
            x0 + (i + 6) * c,
            y0 + (j + 6) * c,
            fill=WHITE,
            ol=None,
        )
        d.rect(
            x0 + (i + 2) * c,
            y0 + (j + 2) * c,
            x0 + (i + 5) * c,
            y0 + (j + 5) * c,
            fill=INK,
            ol=None,
        )


def heart(d, x, y, s, col=RED):
    d.circle(x - s * 0.26, y - s * 0.12, s * 0.3, fill=col, ol=None)
    d.circle(x + s * 0.26, y - s * 0.12, s * 0.3, fill=col, ol=None)
    d.poly(
        [(x - s * 0.53, y - s * 0.02), (x + s * 0.53, y - s * 0.02), (x, y + s * 0.55)],
        fill=col,
        ol=None,
    )


def med_cross(d, x, y, s, col=GREEN):
    d.rect(x - s * 0.18, y - s * 0.55, x + s * 0.18, y + s * 0.55, fill=col, ol=None)
    d.rect(x - s * 0.55, y - s * 0.18, x + s * 0.55, y + s * 0.18, fill=col, ol=None)


# ==== the phone ====

SX0, SY0, SX1, SY1 = -131, -250, 131, 250  # screen box relative to the phone centre


def phone(d, screen=WHITE, side_buttons=False):
    """A big phone centred at the current origin. Returns nothing; screen box is SX0..SY1."""
    if side_buttons:
        d.rect(140, -170, 162, -100, fill=GREY, r=6)
        d.rect(140, -80, 162, -10, fill=GREY, r=6)
    d.rect(-150, -275, 150, 275, fill=INK, r=44, ol=INK)
    d.rect(SX0, SY0, SX1, SY1, fill=screen, r=26, ol=None)
    d.rect(-30, -266, 30, -259, fill=GREY, r=3, ol=None)


def app_icon(d, kind, x, y, s=62):
    h = s / 2
    bgs = {
        "whatsapp": WA,
        "settings": (120, 128, 140),
        "store": BLUE,
        "camera": (70, 78, 92),
        "gallery": WHITE,
        "phone": GREEN,
        "mail": (50, 130, 220),
        "clock": INK,
        "map": (90, 170, 90),
        "bank": (25, 55, 120),
        "calendar": WHITE,
        "music": PURPLE,
        "bus": (240, 170, 0),
        # look-alikes for the apps of issue 18's topics (no logo copied)
        "contacts": (240, 140, 40),
        "lupe": (40, 48, 60),
        "translate": (35, 95, 190),
        "facetime": GREEN,
        "epa": TEAL,
        "erezept": WHITE,
        "ausweis": (205, 225, 240),
        "nina": ORANGE,
        "nora": RED,
        "ticket": RED,
        "browser": WHITE,
    }
    d.rect(x - h, y - h, x + h, y + h, fill=bgs[kind], r=s * 0.24, w=4)
    if kind == "whatsapp":
        d.poly(
            [(x - h * 0.55, y + h * 0.2), (x - h * 0.72, y + h * 0.72), (x - h * 0.1, y + h * 0.5)],
            fill=WHITE,
            ol=None,
        )
        d.circle(x, y, h * 0.62, fill=WHITE, ol=None)
        d.circle(x, y, h * 0.47, fill=WA, ol=None)
        handset(d, x, y, h * 0.24, WHITE)
    elif kind == "settings":
        gear(d, x, y, h * 0.5, WHITE, bgs[kind])
    elif kind == "store":
        d.poly(
            [(x - h * 0.4, y - h * 0.55), (x + h * 0.55, y), (x - h * 0.4, y + h * 0.55)],
            fill=WHITE,
            ol=None,
        )
    elif kind == "camera":
        d.rect(
            x - h * 0.65, y - h * 0.38, x + h * 0.65, y + h * 0.5, fill=WHITE, r=h * 0.14, ol=None
        )
        d.rect(x - h * 0.25, y - h * 0.55, x + h * 0.25, y - h * 0.3, fill=WHITE, ol=None)
        d.circle(x, y + h * 0.06, h * 0.3, fill=bgs[kind], ol=None)
        d.circle(x, y + h * 0.06, h * 0.16, fill=WHITE, ol=None)
    elif kind == "gallery":
        for i, col in enumerate((RED, ORANGE, YELLOW, GREEN, BLUE, PURPLE)):
            a = math.radians(i * 60)
            d.circle(
                x + h * 0.34 * math.cos(a), y + h * 0.34 * math.sin(a), h * 0.28, fill=col, ol=None
            )
    elif kind == "phone":
        handset(d, x, y, h * 0.4, WHITE)
    elif kind == "mail":
        d.rect(x - h * 0.6, y - h * 0.4, x + h * 0.6, y + h * 0.4, fill=WHITE, ol=None)
        d.line(
            [(x - h * 0.55, y - h * 0.35), (x, y + h * 0.08), (x + h * 0.55, y - h * 0.35)],
            fill=bgs[kind],
            w=4,
        )
    elif kind == "clock":
        d.circle(x, y, h * 0.62, fill=WHITE, ol=None)
        d.line([(x, y), (x, y - h * 0.4)], w=4)
        d.line([(x, y), (x + h * 0.3, y + h * 0.1)], w=4)
    elif kind == "map":
        d.circle(x, y - h * 0.2, h * 0.36, fill=RED, ol=None)
        d.poly(
            [(x - h * 0.31, y - h * 0.05), (x + h * 0.31, y - h * 0.05), (x, y + h * 0.6)],
            fill=RED,
            ol=None,
        )
        d.circle(x, y - h * 0.2, h * 0.14, fill=WHITE, ol=None)
    elif kind == "bank":
        with d.at(x, y + h * 0.05, h * 0.0065):
            building(d, 0, 0, 80, col=WHITE, roof=WHITE)
    elif kind == "calendar":
        d.rect(x - h, y - h, x + h, y - h * 0.35, fill=RED, r=s * 0.24, ol=None)
        d.rect(x - h, y - h * 0.55, x + h, y - h * 0.35, fill=RED, ol=None)
        d.rect(x - h * 0.35, y - h * 0.15, x + h * 0.35, y + h * 0.55, fill=LGREY, ol=None)
        d.rect(x - h, y - h, x + h, y + h, fill=None, r=s * 0.24, w=4)
    elif kind == "music":
        d.circle(x - h * 0.2, y + h * 0.35, h * 0.22, fill=WHITE, ol=None)
        d.line(
            [(x - h * 0.02, y + h * 0.35), (x - h * 0.02, y - h * 0.5), (x + h * 0.4, y - h * 0.3)],
            fill=WHITE,
            w=h * 0.14,
        )
    elif kind == "contacts":
        d.circle(x, y - h * 0.22, h * 0.26, fill=WHITE, ol=None)
        d.pieslice(x, y + h * 0.55, h * 0.5, 180, 360, fill=WHITE)
    elif kind == "lupe":
        d.circle(x - h * 0.12, y - h * 0.12, h * 0.4, fill=SKY, ol=WHITE, w=h * 0.12)
        d.line([(x + h * 0.18, y + h * 0.18), (x + h * 0.52, y + h * 0.52)], fill=WHITE,
               w=h * 0.18)
    elif kind == "translate":
        d.rect(x - h * 0.7, y - h * 0.62, x + h * 0.1, y + h * 0.1, fill=WHITE, r=h * 0.12,
               ol=None)
        d.text(x - h * 0.3, y - h * 0.26, "A", h * 0.6, fill=bgs[kind])
        d.rect(x - h * 0.1, y - h * 0.1, x + h * 0.7, y + h * 0.62, fill=YELLOW, r=h * 0.12,
               ol=None)
        d.text(x + h * 0.3, y + h * 0.26, "Ä", h * 0.6, fill=INK)
    elif kind == "facetime":
        video_glyph(d, x - h * 0.1, y, h * 0.45, WHITE)
    elif kind == "epa":
        d.rect(x - h * 0.55, y - h * 0.45, x + h * 0.55, y + h * 0.6, fill=WHITE, r=h * 0.1,
               ol=None)
        d.rect(x - h * 0.55, y - h * 0.6, x - h * 0.05, y - h * 0.35, fill=WHITE, r=h * 0.08,
               ol=None)
        med_cross(d, x, y + h * 0.08, h * 0.7, col=bgs[kind])
    elif kind == "erezept":
        d.rect(x - h * 0.6, y - h * 0.25, x + h * 0.6, y + h * 0.25, fill=RED, r=h * 0.25, ol=None)
        d.rect(x, y - h * 0.25, x + h * 0.6, y + h * 0.25, fill=BLUE, r=h * 0.25, ol=None)
        d.rect(x, y - h * 0.25, x + h * 0.2, y + h * 0.25, fill=BLUE, ol=None)
    elif kind == "ausweis":
        d.rect(x - h * 0.7, y - h * 0.45, x + h * 0.7, y + h * 0.45, fill=WHITE, r=h * 0.1, w=3)
        d.circle(x - h * 0.35, y - h * 0.05, h * 0.18, fill=PURPLE, ol=None)
        d.rect(x, y - h * 0.2, x + h * 0.5, y - h * 0.08, fill=INK, ol=None)
        d.rect(x, y + h * 0.05, x + h * 0.4, y + h * 0.15, fill=GREY, ol=None)
    elif kind == "nina":
        d.poly([(x, y - h * 0.62), (x + h * 0.66, y + h * 0.5), (x - h * 0.66, y + h * 0.5)],
               fill=WHITE, ol=None)
        d.rect(x - h * 0.07, y - h * 0.25, x + h * 0.07, y + h * 0.18, fill=INK, ol=None)
        d.circle(x, y + h * 0.32, h * 0.08, fill=INK, ol=None)
    elif kind == "nora":
        d.circle(x, y, h * 0.66, fill=WHITE, ol=None)
        d.rect(x - h * 0.1, y - h * 0.45, x + h * 0.1, y + h * 0.15, fill=RED, ol=None)
        d.circle(x, y + h * 0.34, h * 0.11, fill=RED, ol=None)
    elif kind == "browser":
        d.circle(x, y, h * 0.66, fill=LBLUE, ol=BLUE, w=h * 0.1)
        d.ellipse(x, y, h * 0.28, h * 0.66, fill=None, ol=BLUE, w=h * 0.08)
        d.line([(x - h * 0.66, y), (x + h * 0.66, y)], fill=BLUE, w=h * 0.08, caps=False)
    elif kind == "ticket":
        d.text(x, y + h * 0.04, "D", h * 1.1, fill=WHITE)
    elif kind == "bus":
        d.rect(
            x - h * 0.5, y - h * 0.55, x + h * 0.5, y + h * 0.45, fill=WHITE, r=h * 0.15, ol=None
        )
        d.rect(x - h * 0.38, y - h * 0.4, x + h * 0.38, y, fill=bgs[kind], ol=None)
        d.circle(x - h * 0.28, y + h * 0.5, h * 0.12, fill=INK, ol=None)
        d.circle(x + h * 0.28, y + h * 0.5, h * 0.12, fill=INK, ol=None)


HOME_APPS = [
    "phone",
    "mail",
    "whatsapp",
    "camera",
    "gallery",
    "settings",
    "store",
    "clock",
    "map",
    "bank",
    "calendar",
    "music",
]


def home_pos(i):
    return SX0 + 44 + (i % 3) * 87, SY0 + 75 + (i // 3) * 100


def home_screen(d, mark=None):
    """The start screen; ``mark`` an app to tap. An app not among HOME_APPS takes the last place."""
    apps = HOME_APPS if mark in HOME_APPS or mark is None else HOME_APPS[:-1] + [mark]
    phone(d, screen=(214, 232, 246))
    for i, kind in enumerate(apps):
        x, y = home_pos(i)
        app_icon(d, kind, x, y)
    d.rect(-60, 228, 60, 236, fill=INK, r=4, ol=None)
    if mark:
        x, y = home_pos(apps.index(mark))
        hl_rect(d, x - 31, y - 31, x + 31, y + 31, r=14)
        hand(d, x + 4, y + 36)


def top_bar(d, col, h=70):
    """The coloured bar at the top of a phone screen, round at the top only."""
    d.rect(SX0, SY0, SX1, SY0 + h, fill=col, r=26, ol=None)
    d.rect(SX0, SY0 + 40, SX1, SY0 + h, fill=col, ol=None)


def bubble_lines(d, widths):
    """Lines of text in a message bubble: dark bars of the given widths, one under the other."""
    for i, w in enumerate(widths):
        y = SY0 + 125 + i * 34
        d.rect(SX0 + 30, y, SX0 + 30 + w, y + 16, fill=INK, r=6, ol=None)


def header(d, col=TEAL, title_w=110, avatar=True, icons=("video", "call")):
    top_bar(d, col)
    x = SX0 + 20
    d.line([(x, SY0 + 38), (x + 12, SY0 + 26)], fill=WHITE, w=5)
    d.line([(x, SY0 + 38), (x + 12, SY0 + 50)], fill=WHITE, w=5)
    if avatar:
        d.circle(SX0 + 58, SY0 + 38, 20, fill=PINK, ol=WHITE, w=3)
        d.rect(SX0 + 86, SY0 + 30, SX0 + 86 + title_w * 0.7, SY0 + 44, fill=WHITE, r=6, ol=None)
    if "video" in icons:
        video_glyph(d, SX1 - 78, SY0 + 38, 14, WHITE)
    if "call" in icons:
        handset(d, SX1 - 28, SY0 + 38, 9, WHITE)


def video_glyph(d, x, y, s, col):
    d.rect(x - s, y - s * 0.7, x + s * 0.55, y + s * 0.7, fill=col, r=s * 0.2, ol=None)
    d.poly(
        [(x + s * 0.5, y), (x + s * 1.15, y - s * 0.6), (x + s * 1.15, y + s * 0.6)],
        fill=col,
        ol=None,
    )


CHAT_BG = (236, 229, 214)


def chat_screen(d, send=False, keyboard=False, typed=False):
    phone(d, screen=CHAT_BG)
    header(d)
    # bubbles
    d.rect(SX0 + 12, SY0 + 92, SX0 + 170, SY0 + 150, fill=WHITE, r=14, ol=None)
    d.rect(SX0 + 26, SY0 + 106, SX0 + 150, SY0 + 118, fill=LGREY, r=6, ol=None)
    d.rect(SX0 + 26, SY0 + 126, SX0 + 120, SY0 + 138, fill=LGREY, r=6, ol=None)
    d.rect(SX1 - 170, SY0 + 166, SX1 - 12, SY0 + 212, fill=(215, 245, 200), r=14, ol=None)
    d.rect(SX1 - 156, SY0 + 182, SX1 - 40, SY0 + 194, fill=(170, 210, 160), r=6, ol=None)
    if not keyboard:
        d.rect(SX0 + 12, SY0 + 230, SX0 + 150, SY0 + 272, fill=WHITE, r=14, ol=None)
        d.rect(SX0 + 26, SY0 + 245, SX0 + 130, SY0 + 257, fill=LGREY, r=6, ol=None)
    ybar = SY1 - 56 if not keyboard else SY1 - 210
    d.rect(SX0 + 8, ybar - 24, SX1 - 64, ybar + 24, fill=WHITE, r=24, w=3)
    if typed:
        d.rect(SX0 + 26, ybar - 7, SX0 + 120, ybar + 7, fill=INK, r=6, ol=None)
    else:
        paperclip(d, SX1 - 96, ybar, 14)
    d.circle(SX1 - 32, ybar, 26, fill=WA, ol=None)
    if send or typed:
        d.poly(
            [(SX1 - 44, ybar - 14), (SX1 - 16, ybar), (SX1 - 44, ybar + 14), (SX1 - 38, ybar)],
            fill=WHITE,
            ol=None,
        )
    else:
        mic_glyph(d, SX1 - 32, ybar, 12, WHITE)
    if keyboard:
        kb(d, SY1 - 176)
    return ybar


def paperclip(d, x, y, s):
    d.rect(x - s * 0.5, y - s, x + s * 0.5, y + s, fill=None, r=s * 0.5, ol=GREY, w=4)
    d.rect(x - s * 0.2, y - s * 0.6, x + s * 0.2, y + s * 0.6, fill=None, r=s * 0.2, ol=GREY, w=4)


def mic_glyph(d, x, y, s, col):
    d.rect(x - s * 0.4, y - s, x + s * 0.4, y + s * 0.3, fill=col, r=s * 0.4, ol=None)
    d.arc(x, y - s * 0.1, s * 0.7, 20, 160, fill=col, w=s * 0.18)
    d.line([(x, y + s * 0.6), (x, y + s * 0.95)], fill=col, w=s * 0.18, caps=False)


def kb(d, y0):
    d.rect(SX0, y0, SX1, SY1, fill=LGREY, ol=None)
    for row, n in enumerate((10, 9, 7)):
        kw = (SX1 - SX0 - 12) / 10
        off = SX0 + 6 + (10 - n) * kw / 2
        for i in range(n):
            x = off + i * kw
            d.rect(
                x + 2, y0 + 10 + row * 44, x + kw - 2, y0 + 46 + row * 44, fill=WHITE, r=5, ol=None
            )
    d.rect(SX0 + 60, y0 + 142, SX1 - 60, y0 + 170, fill=WHITE, r=5, ol=None)


def list_rows(d, y0, n=6, mark=None, leading="avatar", step=66):
    cols = [PINK, ORANGE, LBLUE, (160, 200, 120), PURPLE, YELLOW, GREY]
    for i in range(n):
        y = y0 + i * step
        if leading == "avatar":
            d.circle(SX0 + 40, y, 24, fill=cols[i % len(cols)], w=3)
            d.circle(SX0 + 40, y - 5, 8, fill=WHITE, ol=None)
            d.pieslice(SX0 + 40, y + 16, 13, 180, 360, fill=WHITE)
        elif leading == "wifi":
            wifi(d, SX0 + 40, y + 12, 26, INK)
        elif leading == "dot":
            d.circle(SX0 + 40, y, 16, fill=cols[i % len(cols)], ol=None)
        elif leading == "bus":
            app_icon(d, "bus", SX0 + 40, y, 44)
        elif leading == "call":
            handset(d, SX0 + 40, y, 16, RED if i % 3 == 1 else GREEN)
        elif leading == "mail":
            envelope(d, SX0 + 40, y, 44, 30, fill=WHITE if i else LBLUE)
        elif leading == "pill":
            app_icon(d, "erezept", SX0 + 40, y, 44)
        elif leading == "pin":
            d.circle(SX0 + 40, y - 6, 14, fill=RED, ol=None)
            d.poly([(SX0 + 28, y), (SX0 + 52, y), (SX0 + 40, y + 22)], fill=RED, ol=None)
            d.circle(SX0 + 40, y - 6, 5, fill=WHITE, ol=None)
        d.rect(
            SX0 + 78, y - 16, SX0 + 78 + (150 if i % 2 == 0 else 120), y - 4, fill=INK, r=6, ol=None
        )
        d.rect(
            SX0 + 78,
            y + 6,
            SX0 + 78 + (100 if i % 2 == 0 else 130),
            y + 16,
            fill=GREY,
            r=5,
            ol=None,
        )
        if i < n - 1:
            d.line(
                [(SX0 + 78, y + step / 2), (SX1 - 10, y + step / 2)], fill=LGREY, w=2, caps=False
            )
    if mark is not None:
        y = y0 + mark * step
        hl_rect(d, SX0 + 8, y - 28, SX1 - 8, y + 28, r=10, pad=4)
        hand(d, SX0 + 190, y + 22)


# ==== step pictures ====

PICTURES = {}


def pic(name):
    def deco(fn):
        PICTURES[name] = fn
        return fn

    return deco


def lock_screen(d):
    phone(d, screen=SCREEN_DARK, side_buttons=True)
    d.rect(-70, -190, 70, -140, fill=WHITE, r=10, ol=None)  # the time, as a bar
    d.rect(-50, -120, 50, -108, fill=LBLUE, r=6, ol=None)
    padlock(d, 0, -40, 50, body=WHITE)


@pic("phone-side-button")
def _(d):
    with d.at(360, 300):
        lock_screen(d)
        d.rect(-70, -190, 70, -140, fill=SCREEN_DARK, r=10, ol=None)
        d.rect(-50, -120, 50, -108, fill=SCREEN_DARK, r=6, ol=None)
        d.rect(-70, -70, 70, 60, fill=SCREEN_DARK, ol=None)
        hl_rect(d, 140, -170, 162, -100, r=6, pad=12)
        arrow(d, 390, -135, 190, -135)


@pic("phone-swipe-up")
def _(d):
    with d.at(400, 300):
        lock_screen(d)
        d.rect(-60, 224, 60, 234, fill=WHITE, r=5, ol=None)
        arrow(d, 0, 200, 0, 30, w=44, head=95)


def pin_pad(d, digits=4, typed=2):
    """The number pad of a PIN entry: ``digits`` dots above, ``typed`` of them filled."""
    phone(d, screen=SCREEN_DARK)
    for i in range(digits):
        x = -22 * (digits - 1) + i * 44
        d.circle(x, -190, 13, fill=WHITE if i < typed else None, ol=WHITE, w=4)
        keys = "123456789 0 "
        for i, k in enumerate(keys):
            if k == " ":
                continue
            x, y = -80 + (i % 3) * 80, -100 + (i // 3) * 82
            d.circle(x, y, 34, fill=(60, 82, 115), ol=None)
            d.text(x, y, k, 40, fill=WHITE)


@pic("phone-pin")
def _(d):
    with d.at(400, 300):
        pin_pad(d)


@pic("pin-six")
def _(d):
    with d.at(400, 300):
        pin_pad(d, digits=6, typed=6)
        hl_rect(d, -140, -215, 140, -165, r=20, pad=4)


@pic("phone-home")
def _(d):
    with d.at(400, 300):
        home_screen(d)


for _kind, _name in (
    ("settings", "settings-icon"),
    ("store", "app-store-icon"),
    ("whatsapp", "whatsapp-icon"),
    ("camera", "camera-icon"),
    ("gallery", "gallery-app"),
    *((kind, f"app-{kind}") for kind in ("phone", "mail", "contacts", "lupe", "translate",
                                          "facetime", "epa", "erezept", "ausweis", "nina", "nora",
                                          "ticket", "clock", "browser")),
):

    def _mk(kind):
        def draw(d):
            with d.at(400, 300):
                home_screen(d, mark=kind)

        return draw

    PICTURES[_name] = _mk(_kind)


@pic("settings-list")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, LGREY)
        gear(d, SX0 + 40, SY0 + 38, 16, GREY, LGREY)
        d.rect(SX0 + 70, SY0 + 30, SX0 + 190, SY0 + 46, fill=INK, r=6, ol=None)
        list_rows(d, SY0 + 115, n=6, mark=2, leading="dot")


def slider_card(d, small, big):
    """A card with a slider: ``small(d)`` drawn at its left end, ``big(d)`` at its right."""
    d.rect(80, 120, 720, 480, fill=WHITE, r=40)
    small(d)
    big(d)
    d.rect(230, 288, 540, 312, fill=LGREY, r=12, w=4)
    d.rect(230, 288, 450, 312, fill=BLUE, r=12, w=4)
    d.circle(450, 300, 38, fill=WHITE, w=7)
    hl_circle(d, 450, 300, 38)
    arrow(d, 380, 410, 560, 410, w=30, head=70)


@pic("font-slider")
def _(d):
    slider_card(d, lambda d: d.text(160, 300, "A", 70), lambda d: d.text(640, 292, "A", 170))


def sun(d, x, y, r):
    for i in range(8):
        a = math.radians(i * 45)
        d.line([(x + r * 1.3 * math.cos(a), y + r * 1.3 * math.sin(a)),
                (x + r * 1.75 * math.cos(a), y + r * 1.75 * math.sin(a))], fill=ORANGE,
               w=max(4, r * 0.22))
    d.circle(x, y, r, fill=YELLOW, w=6)


@pic("brightness")
def _(d):
    slider_card(d, lambda d: sun(d, 160, 300, 22), lambda d: sun(d, 635, 300, 48))


def battery(d, x, y, level, col, bolt=False):
    d.rect(x - 230, y - 110, x + 200, y + 110, fill=WHITE, r=30, w=14)
    d.rect(x + 200, y - 45, x + 240, y + 45, fill=INK, r=12, ol=None)
    if level:
        d.rect(x - 205, y - 85, x - 205 + 380 * level, y + 85, fill=col, r=16, ol=None)
    if bolt:
        d.poly(
            [
                (x + 10, y - 150),
                (x - 70, y + 15),
                (x - 5, y + 15),
                (x - 30, y + 150),
                (x + 75, y - 25),
                (x + 8, y - 25),
                (x + 40, y - 150),
            ],
            fill=YELLOW,
            w=8,
        )


@pic("battery-low")
def _(d):
    battery(d, 390, 300, 0.14, RED)
    d.text(390, 500, "!", 90, fill=RED)


@pic("battery-charging")
def _(d):
    battery(d, 390, 300, 0.7, GREEN, bolt=True)


@pic("charger")
def _(d):
    with d.at(250, 300, 0.95):
        phone(d, screen=SCREEN_DARK)
        d.poly(
            [(-14, -40), (-40, 10), (-8, 10), (-20, 50), (22, -5), (-10, -5), (4, -40)],
            fill=YELLOW,
            w=4,
        )
        d.rect(-20, 272, 20, 300, fill=GREY, r=4)
    # cable
    d.line([(250, 590), (250, 600)], w=12)
    d.line(
        [(250, 585), (330, 585), (420, 560), (470, 480), (520, 420), (560, 400)],
        fill=INK,
        w=12,
        caps=False,
    )
    # plug and socket
    d.rect(640, 220, 780, 400, fill=WHITE, r=34, w=8)
    d.circle(710, 310, 58, fill=LGREY, w=6)
    d.circle(690, 310, 9, fill=INK, ol=None)
    d.circle(730, 310, 9, fill=INK, ol=None)
    d.rect(555, 370, 650, 430, fill=(60, 60, 70), r=18)
    d.rect(650, 385, 672, 415, fill=GREY, r=4)


@pic("search-field")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.rect(SX0 + 14, SY0 + 20, SX1 - 14, SY0 + 74, fill=LGREY, r=27, w=3)
        d.circle(SX0 + 46, SY0 + 44, 12, fill=None, w=5)
        d.line([(SX0 + 55, SY0 + 53), (SX0 + 64, SY0 + 62)], w=6)
        d.rect(SX0 + 78, SY0 + 40, SX0 + 170, SY0 + 50, fill=GREY, r=5, ol=None)
        for i, k in enumerate(("whatsapp", "bank", "bus", "map")):
            y = SY0 + 140 + i * 86
            app_icon(d, k, SX0 + 50, y, 56)
            d.rect(SX0 + 92, y - 14, SX0 + 200, y - 2, fill=INK, r=5, ol=None)
            for s in range(5):
                d.circle(SX0 + 100 + s * 18, y + 14, 6, fill=YELLOW if s < 4 else LGREY, ol=None)
        hl_rect(d, SX0 + 14, SY0 + 20, SX1 - 14, SY0 + 74, r=27, pad=6)
        hand(d, 20, SY0 + 80)


@pic("install-button")
def _(d):
    with d.at(400, 300):
        phone(d)
        app_icon(d, "bus", SX0 + 66, SY0 + 80, 90)
        d.rect(SX0 + 126, SY0 + 58, SX1 - 20, SY0 + 74, fill=INK, r=6, ol=None)
        d.rect(SX0 + 126, SY0 + 88, SX1 - 60, SY0 + 100, fill=GREY, r=5, ol=None)
        for s in range(5):
            d.circle(SX0 + 40 + s * 30, SY0 + 160, 10, fill=YELLOW if s < 4 else LGREY, ol=None)
        d.rect(SX0 + 20, SY0 + 210, SX1 - 20, SY0 + 280, fill=GREEN, r=35, ol=None)
        arrow(d, 0, SY0 + 220, 0, SY0 + 272, w=14, head=30, fill=WHITE)
        for i in range(3):
            d.rect(
                SX0 + 20,
                SY0 + 320 + i * 40,
                SX1 - 20 - i * 40,
                SY0 + 334 + i * 40,
                fill=LGREY,
                r=6,
                ol=None,
            )
        hl_rect(d, SX0 + 20, SY0 + 210, SX1 - 20, SY0 + 280, r=35, pad=8)
        hand(d, 30, SY0 + 284)


@pic("wifi-symbol")
def _(d):
    wifi(d, 400, 440, 300)


@pic("wifi-connected")
def _(d):
    wifi(d, 360, 440, 280)
    check_badge(d, 610, 420, 85)


@pic("wifi-list")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, LGREY)
        wifi(d, SX0 + 40, SY0 + 52, 26, BLUE)
        d.rect(SX0 + 80, SY0 + 30, SX0 + 170, SY0 + 46, fill=INK, r=6, ol=None)
        d.rect(SX1 - 70, SY0 + 26, SX1 - 20, SY0 + 50, fill=GREEN, r=12, ol=None)
        d.circle(SX1 - 32, SY0 + 38, 10, fill=WHITE, ol=None)
        list_rows(d, SY0 + 115, n=6, mark=1, leading="wifi")


@pic("password-keyboard")
def _(d):
    with d.at(400, 300):
        phone(d)
        wifi(d, 0, SY0 + 100, 50, BLUE)
        d.rect(SX0 + 16, SY0 + 130, SX1 - 16, SY0 + 190, fill=WHITE, r=12, w=4)
        for i in range(7):
            d.circle(SX0 + 42 + i * 28, SY0 + 160, 8, fill=INK, ol=None)
        d.rect(SX0 + 60, SY0 + 214, SX1 - 60, SY0 + 256, fill=BLUE, r=21, ol=None)
        kb(d, SY1 - 190)
        hl_rect(d, SX0 + 16, SY0 + 130, SX1 - 16, SY0 + 190, r=12, pad=6)


@pic("chat-list")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, TEAL)
        d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 115, n=6, mark=1)


@pic("chat-attach")
def _(d):
    with d.at(400, 300):
        ybar = chat_screen(d)
        hl_circle(d, SX1 - 96, ybar, 22, pad=4)
        arrow(d, SX1 - 96, ybar - 190, SX1 - 96, ybar - 36, w=34, head=70)


@pic("send-button")
def _(d):
    with d.at(400, 300):
        ybar = chat_screen(d, send=True, typed=True)
        hl_circle(d, SX1 - 32, ybar, 26, pad=6)
        arrow(d, 330, ybar, SX1 + 8, ybar, w=34, head=70)


@pic("chat-typing")
def _(d):
    with d.at(400, 300):
        ybar = chat_screen(d, keyboard=True, typed=True)
        hl_rect(d, SX0 + 8, ybar - 24, SX1 - 64, ybar + 24, r=24, pad=5)


@pic("microphone")
def _(d):
    with d.at(400, 300):
        ybar = chat_screen(d)
        hl_circle(d, SX1 - 32, ybar, 26, pad=6)
        arrow(d, 330, ybar, SX1 + 8, ybar, w=34, head=70)


@pic("video-button")
def _(d):
    with d.at(400, 300):
        chat_screen(d)
        hl_rect(d, SX1 - 96, SY0 + 18, SX1 - 52, SY0 + 58, r=10, pad=6)
        hand(d, SX1 - 76, SY0 + 68)


@pic("gallery-pick")
def _(d):
    skies = [
        SKY,
        (250, 200, 150),
        (190, 225, 250),
        (200, 190, 240),
        (170, 230, 220),
        (250, 220, 170),
    ]
    with d.at(400, 300):
        phone(d)
        for i in range(12):
            x = SX0 + 8 + (i % 3) * 84
            y = SY0 + 16 + (i // 3) * 118
            photo(d, x, y, x + 78, y + 110, sky=skies[i % len(skies)])
        x, y = SX0 + 8 + 84, SY0 + 16 + 118
        hl_rect(d, x, y, x + 78, y + 110, r=4, pad=6)
        check_badge(d, x + 60, y + 20, 20)
        hand(d, x + 40, y + 96)


@pic("photo-sent")
def _(d):
    d.rect(150, 60, 650, 520, fill=(215, 245, 200), r=40, w=8)
    d.poly([(600, 500), (690, 560), (560, 518)], fill=(215, 245, 200), w=8)
    d.rect(150, 60, 650, 520, fill=None, r=40, w=8)
    d.rect(575, 495, 625, 513, fill=(215, 245, 200), ol=None)
    photo(d, 185, 95, 615, 410)
    d.rect(185, 95, 615, 410, fill=None, w=5)
    for dx in (0, 36):
        d.line([(470 + dx, 465), (490 + dx, 488), (530 + dx, 440)], fill=(40, 140, 230), w=14)


@pic("speak-phone")
def _(d):
    face(d, 220, 260, 120, hair=(200, 200, 205), mouth_open=True, glasses=True, body=PURPLE)
    for r in (60, 110, 160):
        d.arc(380, 330, r, -35, 35, fill=BLUE, w=14)
    with d.at(640, 320, 0.72):
        phone(d, screen=CHAT_BG)
        d.circle(0, 0, 80, fill=WA, ol=None)
        mic_glyph(d, 0, 0, 50, WHITE)


@pic("voice-sent")
def _(d):
    d.rect(100, 170, 700, 430, fill=(215, 245, 200), r=60, w=8)
    d.poly([(170, 420), (120, 490), (250, 424)], fill=(215, 245, 200), w=8)
    d.rect(176, 414, 246, 427, fill=(215, 245, 200), ol=None)
    d.circle(210, 300, 60, fill=WA, w=6)
    d.poly([(190, 265), (245, 300), (190, 335)], fill=WHITE, ol=None)
    heights = [30, 60, 90, 50, 110, 70, 40, 95, 60, 30, 80, 50, 100, 40, 70]
    for i, h in enumerate(heights):
        x = 310 + i * 24
        d.rect(x, 300 - h / 2, x + 12, 300 + h / 2, fill=TEAL, r=6, ol=None)


@pic("trash")
def _(d):
    trashcan(d, 400, 320, 280)


def call_screen(d, incoming=True):
    phone(d, screen=TEAL)
    d.circle(0, -120, 70, fill=PINK, ol=WHITE, w=6)
    d.circle(0, -140, 26, fill=WHITE, ol=None)
    d.pieslice(0, -70, 44, 180, 360, fill=WHITE)
    d.rect(-80, -20, 80, 0, fill=WHITE, r=8, ol=None)
    video_glyph(d, -6, 40, 22, WHITE)
    d.circle(-70, 170, 40, fill=RED, ol=None)
    handset(d, -70, 168, 17, WHITE)
    d.circle(70, 170, 40, fill=GREEN, ol=None)
    handset(d, 70, 168, 17, WHITE)


@pic("incoming-call")
def _(d):
    with d.at(400, 300):
        call_screen(d)


@pic("incoming-accept")
def _(d):
    with d.at(400, 300):
        call_screen(d)
        hl_circle(d, 70, 170, 40, pad=6)
        arrow(d, 230, 230, 230, 40, w=34, head=70)


def video_call(d, mark=False):
    phone(d, screen=(120, 180, 210))
    face(d, 0, -80, 85, hair=(110, 70, 40), skin=(225, 175, 140), body=ORANGE)
    d.rect(SX0, 140, SX1, SY1, fill=(20, 30, 40), r=26, ol=None)
    d.rect(SX0, 140, SX1, 170, fill=(20, 30, 40), ol=None)
    d.rect(40, 10, 122, 128, fill=(230, 220, 200), r=10, ol=WHITE, w=4)
    with d.at(81, 62, 0.3):
        face(d, 0, 0, 80, hair=(210, 210, 215), glasses=True, body=PURPLE)
    d.rect(40, 128, 122, 140, fill=(120, 180, 210), ol=None)
    d.rect(40, 10, 122, 128, fill=None, r=10, ol=WHITE, w=4)
    d.circle(0, 196, 36, fill=RED, ol=None)
    handset(d, 0, 196, 15, WHITE)
    if mark:
        hl_circle(d, 0, 196, 36, pad=6)


@pic("video-call")
def _(d):
    with d.at(400, 300):
        video_call(d)


@pic("hang-up")
def _(d):
    with d.at(400, 300):
        video_call(d, mark=True)
        arrow(d, 300, 196, 60, 196, w=34, head=70)


@pic("phone-hold")
def _(d):
    face(d, 250, 250, 130, hair=(210, 210, 215), glasses=True, body=PURPLE)
    d.rect(550, 420, 640, 620, fill=PURPLE, r=20)
    d.rect(530, 330, 660, 470, fill=SKIN, r=50)
    with d.at(590, 250, 0.62):
        video_call(d)
    d.ellipse(500, 360, 26, 40, fill=SKIN)
    for i in range(3):
        d.ellipse(686, 300 + i * 44, 24, 18, fill=SKIN)
    d.line([(400, 235), (470, 235)], fill=GREY, w=6)
    d.line([(680, 235), (760, 235)], fill=GREY, w=6)


@pic("light-window")
def _(d):
    d.rect(80, 60, 420, 460, fill=SKY, r=10, w=10)
    d.circle(320, 170, 50, fill=YELLOW, w=6)
    d.line([(250, 60), (250, 460)], w=10, caps=False)
    d.line([(80, 260), (420, 260)], w=10, caps=False)
    d.rect(60, 460, 440, 490, fill=WHITE, r=6)
    for i in range(3):
        d.line([(440 + i * 10, 200 + i * 60), (520 + i * 10, 220 + i * 60)], fill=YELLOW, w=12)
    face(d, 620, 260, 110, hair=(210, 210, 215), glasses=True, body=PURPLE)


@pic("phone-stand")
def _(d):
    d.rect(40, 470, 760, 500, fill=BROWN, r=8)
    # a cup
    d.arc(540, 380, 50, 270, 90, fill=INK, w=34)
    d.arc(540, 380, 50, 270, 90, fill=WHITE, w=20)
    d.rect(380, 290, 540, 470, fill=WHITE, r=22, w=8)
    d.rect(390, 300, 530, 330, fill=(170, 110, 70), ol=None, r=10)
    # a phone leaning on the cup (drawn as a tilted shape)
    pts = [(250, 470), (335, 470), (400, 190), (318, 172)]
    d.poly(pts, fill=INK, ol=INK)
    d.poly([(268, 456), (322, 456), (382, 200), (330, 190)], fill=(120, 180, 210), ol=None)


@pic("volume-buttons")
def _(d):
    with d.at(330, 300):
        phone(d, screen=SCREEN_DARK, side_buttons=True)
        hl_rect(d, 140, -170, 162, -100, r=6, pad=12)
    with d.at(620, 170):
        d.poly([(-60, -30), (-30, -30), (10, -70), (10, 70), (-30, 30), (-60, 30)], fill=WHITE, w=8)
        for r in (40, 75):
            d.arc(20, 0, r, -45, 45, fill=INK, w=12)
    d.text(620, 330, "+", 130)


@pic("sms-scam")
def _(d):
    with d.at(330, 300):
        phone(d)
        top_bar(d, LGREY)
        d.circle(SX0 + 50, SY0 + 38, 20, fill=GREY, ol=None)
        d.rect(SX0 + 82, SY0 + 30, SX0 + 200, SY0 + 46, fill=INK, r=6, ol=None)
        d.rect(SX0 + 12, SY0 + 100, SX1 - 30, SY0 + 330, fill=LGREY, r=18, ol=None)
        bubble_lines(d, (180, 150, 190, 120))
        d.rect(SX0 + 30, SY0 + 270, SX0 + 200, SY0 + 288, fill=BLUE, r=4, ol=None)
        d.rect(SX0 + 30, SY0 + 296, SX0 + 200, SY0 + 301, fill=BLUE, ol=None)
    warn(d, 620, 330, 150)


def warn(d, x, y, s):
    d.poly([(x, y - s), (x + s * 1.1, y + s * 0.85), (x - s * 1.1, y + s * 0.85)], fill=RED, w=10)
    d.poly(
        [(x, y - s * 0.6), (x + s * 0.78, y + s * 0.68), (x - s * 0.78, y + s * 0.68)],
        fill=WHITE,
        ol=None,
    )
    d.rect(x - s * 0.09, y - s * 0.3, x + s * 0.09, y + s * 0.25, fill=INK, r=s * 0.06, ol=None)
    d.circle(x, y + s * 0.45, s * 0.1, fill=INK, ol=None)


@pic("no-link")
def _(d):
    d.rect(90, 90, 710, 330, fill=LGREY, r=30, w=6)
    d.rect(140, 140, 520, 165, fill=INK, r=10, ol=None)
    d.rect(140, 250, 560, 278, fill=BLUE, r=6, ol=None)
    d.rect(140, 290, 560, 298, fill=BLUE, ol=None)
    hand(d, 350, 310)
    d.circle(350, 280, 150, fill=None, ol=INK, w=40)
    d.circle(350, 280, 150, fill=None, ol=RED, w=28)
    d.line([(245, 175), (455, 385)], fill=INK, w=40, caps=False)
    d.line([(245, 175), (455, 385)], fill=RED, w=28, caps=False)


@pic("bank-no-pin")
def _(d):
    building(d, 220, 290, 160)
    d.rect(420, 210, 760, 370, fill=WHITE, r=24, w=8)
    for i in range(4):
        d.circle(475 + i * 77, 290, 24, fill=INK, ol=None)
    cross(d, 590, 290, 110)


@pic("family-help")
def _(d):
    face(d, 260, 240, 110, hair=(215, 215, 220), bun=True, glasses=True, body=PURPLE)
    face(d, 560, 220, 110, hair=(90, 60, 30), skin=SKIN2, body=GREEN)
    with d.at(410, 460, 0.4):
        phone(d, screen=(120, 180, 210))
    d.ellipse(360, 520, 40, 28, fill=SKIN)
    d.ellipse(460, 520, 40, 28, fill=SKIN2)


def number_card(d, number, col):
    d.circle(170, 300, 120, fill=GREEN, ol=INK, w=8)
    handset(d, 170, 296, 52, WHITE)
    d.rect(320, 190, 770, 410, fill=WHITE, r=30, w=8)
    size = 150 if len(number) <= 3 else 92 if len(number) <= 8 else 46
    d.text(545, 300, number, size, fill=col)


for _num, _col, _name in (
    ("112", RED, "phone-112"),
    ("110", BLUE, "phone-110"),
    ("116 117", INK, "phone-116117"),
    ("116 116", INK, "phone-116116"),
):

    def _mk(num, col):
        return lambda d: number_card(d, num, col)

    PICTURES[_name] = _mk(_num, _col)

PICTURES["phone-drv"] = _mk("0800 1000 4800", INK)


@pic("chat-unknown")
def _(d):
    with d.at(330, 300):
        phone(d, screen=CHAT_BG)
        header(d)
        d.circle(SX0 + 58, SY0 + 38, 22, fill=GREY, ol=WHITE, w=3)
        d.text(SX0 + 58, SY0 + 40, "?", 30, fill=WHITE)
        d.rect(SX0 + 12, SY0 + 100, SX1 - 30, SY0 + 190, fill=WHITE, r=16, ol=None)
        bubble_lines(d, (180, 130))
        d.rect(SX0 + 12, SY0 + 210, SX1 - 50, SY0 + 270, fill=WHITE, r=16, ol=None)
        d.rect(SX0 + 30, SY0 + 232, SX0 + 170, SY0 + 248, fill=INK, r=6, ol=None)
    d.circle(640, 260, 110, fill=YELLOW, w=10)
    d.text(640, 268, "?", 170)


@pic("money-no")
def _(d):
    d.rect(130, 160, 670, 440, fill=(160, 210, 170), r=20, w=10)
    d.rect(160, 190, 640, 410, fill=None, r=12, ol=(80, 140, 100), w=6)
    d.circle(400, 300, 80, fill=(200, 235, 205), w=6)
    d.text(400, 304, "€", 100, fill=(40, 100, 60))
    cross(d, 400, 300, 190)


def handset_badge(d, x, y, r=130, col=GREEN):
    d.circle(x, y, r, fill=col, w=8)
    handset(d, x, y - 4, r * 0.45, WHITE)


@pic("call-check")
def _(d):
    handset_badge(d, 300, 300, 160)
    check_badge(d, 560, 380, 110)


@pic("call-no")
def _(d):
    handset_badge(d, 400, 300, 180, col=GREY)
    cross(d, 400, 300, 150)


@pic("padlock")
def _(d):
    padlock(d, 400, 280, 300)


@pic("password-long")
def _(d):
    d.rect(60, 220, 620, 380, fill=WHITE, r=30, w=10)
    for i in range(10):
        d.circle(110 + i * 52, 300, 18, fill=INK, ol=None)
    check_badge(d, 700, 300, 75)
    padlock(d, 340, 110, 100)


@pic("keys")
def _(d):
    for i, col in enumerate((RED, BLUE, YELLOW)):
        with d.at(150 + i * 250, 300):
            d.circle(0, -110, 70, fill=col, w=10)
            d.circle(0, -110, 24, fill=BG, w=8)
            d.rect(-18, -45, 18, 200, fill=col, r=8, w=8)
            d.rect(18, 110 + (i * 10), 60, 135 + (i * 10), fill=col, w=8)
            d.rect(18, 160 - (i * 8), 50, 185 - (i * 8), fill=col, w=8)


@pic("notebook")
def _(d):
    d.rect(170, 70, 560, 530, fill=(250, 225, 140), r=20, w=10)
    d.rect(210, 70, 560, 530, fill=WHITE, r=12, w=8)
    for i in range(7):
        d.line([(250, 150 + i * 52), (520, 150 + i * 52)], fill=LBLUE, w=6)
    for i in range(8):
        d.circle(200, 110 + i * 56, 16, fill=None, w=7)
    # pen
    d.poly([(620, 120), (680, 140), (560, 500), (520, 520), (510, 480)], fill=BLUE, w=8)
    d.poly([(560, 500), (520, 520), (510, 480)], fill=SKIN, w=6)


@pic("update-screen")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.arc(0, -40, 90, 200, 340, fill=BLUE, w=20)
        d.arc(0, -40, 90, 20, 160, fill=BLUE, w=20)
        d.poly([(75, -40), (115, -40), (95, -10)], fill=BLUE, ol=None)
        d.poly([(-75, -40), (-115, -40), (-95, -70)], fill=BLUE, ol=None)
        arrow(d, 0, -95, 0, 20, w=24, head=50, fill=GREEN)
        d.rect(SX0 + 30, 120, SX1 - 30, 150, fill=LGREY, r=15, w=4)
        d.rect(SX0 + 30, 120, 20, 150, fill=GREEN, r=15, w=4)
        d.rect(SX0 + 40, 190, SX1 - 40, 236, fill=BLUE, r=23, ol=None)


@pic("checkmark")
def _(d):
    check_badge(d, 400, 300, 200)


def cart(d, x, y, s=1.0, col=BLUE):
    with d.at(x, y, s):
        d.line([(-230, -150), (-160, -150), (-110, 80), (150, 80)], w=22)
        d.poly([(-150, -100), (200, -100), (170, 30), (-120, 30)], fill=col, w=10)
        for i in range(3):
            d.line([(-60 + i * 80, -90), (-50 + i * 75, 25)], fill=WHITE, w=8)
        d.circle(-90, 140, 34, fill=INK, ol=None)
        d.circle(130, 140, 34, fill=INK, ol=None)


@pic("shopping-cart")
def _(d):
    cart(d, 420, 280)


def browser_window(d, lock=GREEN):
    """A web page: grey bar with the address line and its small padlock, lines of text below."""
    d.rect(60, 60, 740, 540, fill=WHITE, r=30, w=10)
    d.rect(60, 60, 740, 230, fill=LGREY, r=30, w=10)
    d.rect(70, 200, 730, 230, fill=LGREY, ol=None)
    d.line([(60, 230), (740, 230)], w=10, caps=False)
    d.rect(100, 110, 700, 190, fill=WHITE, r=40, w=6)
    padlock(d, 160, 150, 55, body=lock)
    d.rect(220, 138, 560, 162, fill=INK, r=10, ol=None)


@pic("browser-lock-no")
def _(d):
    browser_window(d)
    for i, w in enumerate((500, 420, 300)):
        d.rect(120, 290 + i * 70, 120 + w, 320 + i * 70, fill=LGREY, r=12, ol=None)
    d.circle(610, 410, 110, fill=YELLOW, w=10)
    d.text(610, 418, "?", 170)


def house(d, x, y, s, col=ORANGE):
    d.poly([(x - s, y - s * 0.1), (x, y - s), (x + s, y - s * 0.1)], fill=RED, w=6)
    d.rect(x - s * 0.75, y - s * 0.1, x + s * 0.75, y + s * 0.8, fill=col, w=6)
    d.rect(x - s * 0.2, y + s * 0.3, x + s * 0.2, y + s * 0.8, fill=BROWN, w=5)


@pic("impressum")
def _(d):
    browser_window(d)
    for i, w in enumerate((500, 420)):
        d.rect(120, 270 + i * 55, 120 + w, 295 + i * 55, fill=LGREY, r=12, ol=None)
    d.rect(110, 395, 690, 510, fill=(255, 248, 225), r=16, w=6)
    house(d, 180, 450, 48)
    for i, w in enumerate((300, 380, 240)):
        d.rect(260, 412 + i * 32, 260 + w, 428 + i * 32, fill=INK if i == 0 else GREY, r=6,
               ol=None)
    hl_rect(d, 110, 395, 690, 510, r=16, pad=8)


def star(d, x, y, r, fill=YELLOW):
    pts = []
    for i in range(10):
        a = math.radians(-90 + i * 36)
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((x + rr * math.cos(a), y + rr * math.sin(a)))
    d.poly(pts, fill=fill, w=6)


@pic("reviews")
def _(d):
    for i in range(5):
        star(d, 160 + i * 120, 150, 58, fill=YELLOW if i < 3 else LGREY)
    for x, col in ((90, WHITE), (420, (255, 235, 235))):
        d.rect(x, 280, x + 290, 470, fill=col, r=26, w=8)
        d.poly([(x + 40, 466), (x + 30, 540), (x + 110, 466)], fill=col, w=8)
        d.rect(x + 36, 462, x + 106, 474, fill=col, ol=None)
        for j, w in enumerate((200, 160, 210)):
            d.rect(x + 40, 320 + j * 45, x + 40 + w, 338 + j * 45, fill=GREY, r=8, ol=None)
    warn(d, 640, 300, 60)


@pic("price-warning")
def _(d):
    d.poly([(120, 300), (260, 150), (600, 150), (600, 450), (260, 450)], fill=(255, 220, 120), w=12)
    d.circle(230, 300, 26, fill=BG, w=8)
    d.text(440, 300, "1 €", 150, fill=INK)
    d.circle(650, 150, 85, fill=RED, w=10)
    d.text(650, 156, "!", 140, fill=WHITE)


@pic("invoice")
def _(d):
    d.poly([(220, 50), (520, 50), (600, 130), (600, 550), (220, 550)], fill=WHITE, w=10)
    d.poly([(520, 50), (520, 130), (600, 130)], fill=LGREY, w=8)
    for i, w in enumerate((220, 280, 180, 260, 200)):
        d.rect(270, 180 + i * 55, 270 + w, 200 + i * 55, fill=LGREY if i else INK, r=8, ol=None)
    d.rect(400, 470, 560, 500, fill=INK, r=8, ol=None)
    check_badge(d, 620, 470, 80)


@pic("shop-check")
def _(d):
    d.rect(120, 250, 500, 520, fill=WHITE, w=10)
    for i in range(5):
        col = RED if i % 2 == 0 else WHITE
        d.rect(100 + i * 84, 170, 184 + i * 84, 260, fill=col, w=8)
    d.rect(160, 330, 280, 520, fill=LBLUE, w=8)
    d.rect(320, 310, 460, 420, fill=SKY, w=8)
    d.circle(530, 290, 130, fill=(230, 245, 255), ol=INK, w=26)
    check(d, 530, 290, 90, col=GREEN, w=26)
    d.line([(625, 385), (720, 480)], w=44)


@pic("bank-app")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.rect(SX0, SY0, SX1, SY0 + 200, fill=(25, 55, 120), r=26, ol=None)
        building(d, 0, SY0 + 110, 70, col=WHITE, roof=WHITE)
        for r in (22, 40, 58, 76):
            d.arc(0, 130, r, 200, 340, fill=BLUE, w=9)
            d.arc(0, 150, r, 20, 160, fill=BLUE, w=9)
        d.line([(-76, 140), (-76, 145)], fill=BLUE, w=9)
        hl_circle(d, 0, 140, 90, pad=4)


@pic("shield")
def _(d):
    d.poly([(400, 60), (620, 130), (600, 350), (400, 540), (200, 350), (180, 130)], fill=BLUE, w=12)
    check(d, 400, 290, 150, col=WHITE)


@pic("logout")
def _(d):
    d.rect(140, 60, 440, 540, fill=(200, 160, 110), w=12)
    d.poly([(140, 60), (330, 110), (330, 500), (140, 540)], fill=(160, 110, 60), w=10)
    d.circle(300, 320, 14, fill=YELLOW, w=4)
    arrow(d, 420, 300, 720, 300, w=60, head=120)


def terminal(d, x, y, screen=(200, 230, 200), mark_keys=False):
    with d.at(x, y):
        d.rect(-130, -220, 130, 220, fill=(60, 66, 80), r=30)
        d.rect(-100, -190, 100, -60, fill=screen, r=12, w=5)
        for i in range(12):
            kx, ky = -65 + (i % 3) * 65, -20 + (i // 3) * 52
            d.rect(kx - 24, ky - 18, kx + 24, ky + 18, fill=LGREY, r=8, ol=None)
        if mark_keys:
            hl_rect(d, -95, -44, 95, 180, r=12, pad=8)


@pic("card-terminal")
def _(d):
    terminal(d, 560, 300)
    for r in (50, 90, 130):
        d.arc(560, -90 + 260, r, 160, 200, fill=BLUE, w=12)
    d.rect(60, 200, 360, 390, fill=BLUE, r=22, w=8)
    d.rect(100, 250, 160, 295, fill=YELLOW, r=8, w=4)
    d.rect(100, 330, 320, 350, fill=WHITE, r=6, ol=None)


@pic("terminal-ok")
def _(d):
    terminal(d, 330, 300)
    check_badge(d, 330, 175, 55)
    check_badge(d, 620, 260, 110)


@pic("terminal-pin")
def _(d):
    terminal(d, 400, 300, mark_keys=True)
    d.ellipse(560, 190, 150, 85, fill=SKIN)
    for i in range(4):
        d.ellipse(430 + i * 5, 150 + i * 40, 40, 20, fill=SKIN)
    d.rect(640, 150, 800, 240, fill=BLUE, r=20)


@pic("doctor")
def _(d):
    face(d, 240, 210, 100, hair=(90, 60, 30), body=WHITE, skin=SKIN)
    d.arc(240, 360, 60, 0, 180, fill=INK, w=10)
    d.circle(240, 424, 16, fill=LGREY, w=6)
    d.line([(180, 320), (180, 360)], w=10)
    d.line([(300, 320), (300, 360)], w=10)
    d.rect(440, 170, 760, 390, fill=SCREEN_DARK, r=18, w=10)
    med_cross(d, 520, 280, 90, col=GREEN)
    for i in range(3):
        d.rect(590, 230 + i * 35, 720, 246 + i * 35, fill=WHITE, r=6, ol=None)
    d.rect(570, 390, 630, 460, fill=GREY, w=8)
    d.rect(510, 460, 690, 485, fill=GREY, r=8, w=8)


@pic("pharmacy")
def _(d):
    d.rect(130, 200, 670, 560, fill=WHITE, w=10)
    d.poly([(100, 210), (400, 60), (700, 210)], fill=(170, 90, 70), w=10)
    d.rect(330, 380, 470, 560, fill=LBLUE, w=8)
    d.rect(170, 370, 290, 470, fill=SKY, w=8)
    d.rect(510, 370, 630, 470, fill=SKY, w=8)
    d.rect(320, 220, 480, 350, fill=RED, r=12, w=8)
    d.text(400, 290, "A", 120, fill=WHITE)


@pic("card-reader")
def _(d):
    d.rect(300, 60, 500, 380, fill=(40, 150, 110), r=20, w=8)
    d.rect(330, 90, 400, 150, fill=YELLOW, r=8, w=4)
    d.rect(330, 190, 470, 206, fill=WHITE, r=6, ol=None)
    d.rect(330, 225, 440, 241, fill=WHITE, r=6, ol=None)
    d.rect(200, 330, 600, 540, fill=(60, 66, 80), r=30)
    d.rect(270, 318, 530, 342, fill=INK, r=10, ol=None)
    d.rect(250, 420, 550, 500, fill=(200, 230, 200), r=12, w=5)
    med_cross(d, 400, 460, 60, col=GREEN)
    arrow(d, 650, 70, 650, 300, w=40, head=80)


@pic("medicine")
def _(d):
    d.rect(180, 160, 560, 470, fill=WHITE, r=14, w=10)
    d.poly([(180, 160), (260, 90), (640, 90), (560, 160)], fill=LGREY, w=10)
    d.poly([(560, 160), (640, 90), (640, 400), (560, 470)], fill=(200, 205, 212), w=10)
    d.rect(220, 200, 380, 360, fill=GREEN, r=16, ol=None)
    med_cross(d, 300, 280, 120, col=WHITE)
    d.rect(220, 400, 520, 420, fill=INK, r=8, ol=None)
    d.ellipse(660, 490, 70, 36, fill=ORANGE, w=7)
    d.line([(660, 456), (660, 524)], w=6, caps=False)


@pic("qr-paper")
def _(d):
    d.rect(210, 40, 590, 560, fill=WHITE, r=8, w=10)
    qr(d, 270, 110, 260)
    for i, w in enumerate((260, 200, 230)):
        d.rect(270, 420 + i * 40, 270 + w, 436 + i * 40, fill=LGREY, r=6, ol=None)


@pic("emergency-lock")
def _(d):
    with d.at(400, 300):
        lock_screen(d)
        d.rect(SX0 + 30, 150, SX1 - 30, 210, fill=RED, r=30, ol=None)
        d.text(0, 180, "Notruf", 36, fill=WHITE)
        hl_rect(d, SX0 + 30, 150, SX1 - 30, 210, r=30, pad=6)


@pic("medical-id")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.rect(SX0, SY0, SX1, SY0 + 150, fill=(250, 225, 225), r=26, ol=None)
        heart(d, 0, SY0 + 80, 110)
        med_cross(d, 0, SY0 + 74, 40, col=WHITE)
        for i in range(5):
            y = SY0 + 190 + i * 58
            d.circle(SX0 + 36, y, 12, fill=RED, ol=None)
            d.rect(
                SX0 + 60,
                y - 8,
                SX1 - 30 - (i % 2) * 40,
                y + 8,
                fill=INK if i % 2 == 0 else GREY,
                r=6,
                ol=None,
            )


@pic("emergency-contact")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.circle(0, -120, 80, fill=PINK, w=6)
        d.circle(0, -145, 30, fill=WHITE, ol=None)
        d.pieslice(0, -80, 50, 180, 360, fill=WHITE)
        d.rect(-90, -10, 90, 12, fill=INK, r=8, ol=None)
        heart(d, 0, 90, 100)
        d.circle(0, 190, 36, fill=GREEN, ol=None)
        handset(d, 0, 188, 15, WHITE)


@pic("town-hall")
def _(d):
    d.rect(100, 270, 700, 540, fill=(240, 225, 200), w=10)
    d.rect(320, 110, 480, 540, fill=(230, 205, 170), w=10)
    d.poly([(300, 115), (400, 20), (500, 115)], fill=RED, w=10)
    d.circle(400, 190, 50, fill=WHITE, w=8)
    d.line([(400, 190), (400, 155)], w=7)
    d.line([(400, 190), (425, 200)], w=7)
    d.rect(355, 420, 445, 540, fill=BROWN, r=40, w=8)
    for x in (140, 230, 530, 620):
        d.rect(x, 320, x + 50, 400, fill=SKY, w=6)
        d.rect(x, 440, x + 50, 500, fill=SKY, w=6)


@pic("id-card")
def _(d):
    d.rect(110, 130, 690, 470, fill=(205, 225, 240), r=30, w=10)
    d.rect(150, 180, 320, 400, fill=WHITE, r=12, w=6)
    with d.at(235, 270, 0.55):
        face(d, 0, 0, 90, hair=(210, 210, 215), glasses=True, body=PURPLE)
    d.rect(150, 380, 320, 400, fill=WHITE, ol=None)
    d.rect(150, 180, 320, 400, fill=None, r=12, w=6)
    for i, w in enumerate((280, 220, 250, 180)):
        d.rect(360, 200 + i * 50, 360 + w, 220 + i * 50, fill=INK if i == 0 else GREY, r=8, ol=None)


@pic("calendar")
def _(d):
    d.rect(150, 70, 650, 540, fill=WHITE, r=30, w=10)
    d.rect(150, 70, 650, 170, fill=RED, r=30, w=10)
    d.rect(160, 140, 640, 170, fill=RED, ol=None)
    d.line([(150, 170), (650, 170)], w=10, caps=False)
    for x in (250, 550):
        d.rect(x - 14, 40, x + 14, 110, fill=GREY, r=10, w=6)
    for i in range(20):
        x, y = 215 + (i % 5) * 92, 225 + (i // 5) * 78
        d.rect(x - 30, y - 24, x + 30, y + 24, fill=LGREY, r=8, ol=None)
    x, y = 215 + 2 * 92, 225 + 2 * 78
    d.rect(x - 30, y - 24, x + 30, y + 24, fill=YELLOW, r=8, w=6)
    hl_rect(d, x - 30, y - 24, x + 30, y + 24, r=8, pad=6)


@pic("form")
def _(d):
    with d.at(400, 300):
        phone(d)
        for i in range(2):
            y = SY0 + 80 + i * 110
            d.rect(SX0 + 20, y - 30, SX0 + 120, y - 16, fill=GREY, r=6, ol=None)
            d.rect(SX0 + 20, y, SX1 - 20, y + 56, fill=WHITE, r=12, w=4)
        d.rect(SX0 + 34, SY0 + 100, SX0 + 150, SY0 + 116, fill=INK, r=6, ol=None)
        d.rect(SX0 + 20, SY0 + 330, SX1 - 20, SY0 + 400, fill=GREEN, r=35, ol=None)
        check(d, 0, SY0 + 365, 34)


@pic("email-check")
def _(d):
    envelope(d, 370, 300, 460, 300)
    check_badge(d, 590, 420, 90)


@pic("bus-train")
def _(d):
    bus(d, 210, 300, 1.0)
    train(d, 580, 300, 1.0)


@pic("no-ice")
def _(d):
    train(d, 400, 300, 1.6, fast=True)
    cross(d, 400, 300, 150)


def ticket_phone(d):
    phone(d)
    top_bar(d, RED, 80)
    d.text(0, SY0 + 42, "D", 56, fill=WHITE)
    qr(d, -100, -120, 200, seed=3)
    d.rect(SX0 + 30, 140, SX1 - 30, 156, fill=INK, r=6, ol=None)
    d.rect(SX0 + 30, 176, SX1 - 60, 190, fill=GREY, r=6, ol=None)


@pic("ticket-screen")
def _(d):
    with d.at(400, 300):
        ticket_phone(d)
        hl_rect(d, -100, -120, 100, 80, r=4, pad=12)


@pic("ticket-control")
def _(d):
    with d.at(260, 300, 0.95):
        ticket_phone(d)
    d.poly([(520, 250), (650, 180), (650, 330)], fill=(255, 120, 120), ol=None)
    d.rect(560, 130, 740, 470, fill=(60, 66, 80), r=30)
    d.rect(590, 170, 710, 260, fill=(200, 230, 200), r=10, w=5)
    check(d, 650, 215, 40, col=GREEN)
    for i in range(6):
        kx, ky = 610 + (i % 3) * 40, 310 + (i // 3) * 50
        d.rect(kx - 14, ky - 14, kx + 14, ky + 14, fill=LGREY, r=6, ol=None)
    d.rect(540, 230, 562, 270, fill=RED, r=6, ol=None)


@pic("ticket-choice")
def _(d):
    with d.at(230, 300, 0.95):
        ticket_phone(d)
    d.rect(440, 170, 770, 400, fill=RED, r=26, w=10)
    d.rect(480, 220, 560, 285, fill=YELLOW, r=10, w=5)
    d.line([(480, 252), (560, 252)], w=4, caps=False)
    d.line([(520, 220), (520, 285)], w=4, caps=False)
    d.text(680, 265, "D", 110, fill=WHITE)
    d.rect(480, 330, 720, 350, fill=WHITE, r=8, ol=None)


def route_screen(d, mark):
    phone(d)
    top_bar(d, (230, 30, 60))
    d.rect(SX0 + 20, SY0 + 30, SX0 + 140, SY0 + 46, fill=WHITE, r=6, ol=None)
    ys = (SY0 + 130, SY0 + 230)
    for i, y in enumerate(ys):
        d.rect(SX0 + 16, y - 36, SX1 - 16, y + 36, fill=WHITE, r=14, w=4)
        if i == 0:
            d.circle(SX0 + 50, y, 16, fill=GREEN, w=4)
        else:
            d.line([(SX0 + 42, y + 22), (SX0 + 42, y - 22)], w=6, caps=False)
            d.poly([(SX0 + 45, y - 22), (SX0 + 72, y - 12), (SX0 + 45, y - 2)], fill=RED, w=4)
        d.rect(SX0 + 84, y - 8, SX0 + 190, y + 8, fill=GREY, r=6, ol=None)
    d.line([(SX0 + 50, ys[0] + 20), (SX0 + 50, ys[1] - 30)], fill=GREY, w=6)
    d.rect(SX0 + 16, SY0 + 300, SX1 - 16, SY0 + 360, fill=BLUE, r=30, ol=None)
    d.circle(-10, SY0 + 328, 14, fill=None, ol=WHITE, w=5)
    d.line([(0, SY0 + 338), (12, SY0 + 350)], fill=WHITE, w=6)
    y = ys[mark]
    hl_rect(d, SX0 + 16, y - 36, SX1 - 16, y + 36, r=14, pad=6)
    hand(d, 20, y + 40)


@pic("route-start")
def _(d):
    with d.at(400, 300):
        route_screen(d, 0)


@pic("route-dest")
def _(d):
    with d.at(400, 300):
        route_screen(d, 1)


@pic("clock")
def _(d):
    d.circle(400, 300, 240, fill=WHITE, w=16)
    for i in range(12):
        a = math.radians(i * 30)
        r0 = 195 if i % 3 else 175
        d.line(
            [
                (400 + r0 * math.cos(a), 300 + r0 * math.sin(a)),
                (400 + 215 * math.cos(a), 300 + 215 * math.sin(a)),
            ],
            w=12 if i % 3 == 0 else 7,
        )
    d.line([(400, 300), (400, 150)], w=18)
    d.line([(400, 300), (505, 300)], w=22)
    d.circle(400, 300, 18, fill=RED, ol=None)


@pic("route-result")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, (230, 30, 60))
        d.rect(SX0 + 20, SY0 + 30, SX0 + 140, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 120, n=6, leading="bus", step=72)


def camera_ui(d):
    phone(d, screen=(15, 15, 20))
    photo(d, SX0, SY0 + 60, SX1, SY1 - 120)
    # focus frame
    for x, y, dx, dy in ((-50, -50, 1, 1), (50, -50, -1, 1), (-50, 50, 1, -1), (50, 50, -1, -1)):
        d.line([(x, y + dy * 20), (x, y), (x + dx * 20, y)], fill=YELLOW, w=6)
    d.circle(0, SY1 - 58, 40, fill=WHITE, ol=LGREY, w=8)
    d.rect(SX0 + 30, SY1 - 80, SX0 + 74, SY1 - 36, fill=SKY, r=8, ol=WHITE, w=3)


@pic("camera-view")
def _(d):
    with d.at(400, 300):
        camera_ui(d)


@pic("shutter")
def _(d):
    with d.at(400, 300):
        camera_ui(d)
        hl_circle(d, 0, SY1 - 58, 40, pad=6)
        arrow(d, 300, SY1 - 58, 70, SY1 - 58, w=34, head=70)


def photo_view(d, toolbar=False):
    phone(d, screen=(15, 15, 20))
    photo(d, SX0, -120, SX1, 90)
    if toolbar:
        d.rect(SX0, SY1 - 80, SX1, SY1, fill=(40, 40, 48), r=26, ol=None)
        d.rect(SX0, SY1 - 80, SX1, SY1 - 40, fill=(40, 40, 48), ol=None)
        heart(d, SX0 + 50, SY1 - 40, 40, col=WHITE)
        d.circle(0, SY1 - 40, 16, fill=None, ol=WHITE, w=6)
        with d.at(SX1 - 50, SY1 - 38, 0.11):
            trashcan(d, 0, 0, 250, col=WHITE)


@pic("pinch-zoom")
def _(d):
    with d.at(400, 300):
        photo_view(d)
        arrow(d, -20, 20, -125, 125, w=26, head=56)
        arrow(d, 20, -20, 125, -125, w=26, head=56)
        d.circle(-20, 20, 22, fill=SKIN, w=5)
        d.circle(20, -20, 22, fill=SKIN, w=5)


@pic("swipe-side")
def _(d):
    with d.at(400, 300):
        photo_view(d)
        arrow(d, 250, 180, -60, 180, w=40, head=90)


@pic("photo-trash")
def _(d):
    with d.at(400, 300):
        photo_view(d, toolbar=True)
        hl_circle(d, SX1 - 50, SY1 - 40, 26, pad=4)
        arrow(d, 360, SY1 - 40, 130, SY1 - 40, w=34, head=70)


# ==== pictures for the topics of issue 18 ====


def button_screen(d, bar, rows, mark=None, top=None):
    """A phone screen with a coloured bar and big labelled buttons one under the other: ``rows``
    are (label, fill, ink); ``mark`` is the index of the one to tap; ``top`` draws above them."""
    phone(d)
    top_bar(d, bar)
    d.rect(SX0 + 20, SY0 + 30, SX0 + 140, SY0 + 46, fill=WHITE, r=6, ol=None)
    y0 = SY0 + 130
    if top:
        y0 = top(d)
    for i, (label, fill, ink) in enumerate(rows):
        y = y0 + i * 96
        d.rect(SX0 + 16, y - 38, SX1 - 16, y + 38, fill=fill, r=19, w=4)
        d.text(0, y, label, min(30, 300 / max(1, len(label))), fill=ink)
    if mark is not None:
        y = y0 + mark * 96
        hl_rect(d, SX0 + 16, y - 38, SX1 - 16, y + 38, r=19, pad=6)
        if mark == len(rows) - 1:  # the hand would cover the buttons below
            hand(d, 60, y + 34)


@pic("chat-block")
def _(d):
    def unknown(d):
        d.circle(0, SY0 + 130, 44, fill=GREY, w=4)
        d.text(0, SY0 + 134, "?", 56, fill=WHITE)
        return SY0 + 260

    with d.at(400, 300):
        button_screen(d, TEAL, [("Blockieren", WHITE, RED), ("Melden", WHITE, RED)], mark=0,
                      top=unknown)


@pic("voice-cancel")
def _(d):
    with d.at(400, 300):
        ybar = chat_screen(d)
        d.rect(SX0 + 8, ybar - 24, SX1 - 64, ybar + 24, fill=(255, 235, 235), r=24, w=3)
        d.circle(SX0 + 60, ybar, 9, fill=RED, ol=None)
        with d.at(SX0 + 34, ybar + 4, 0.1):
            trashcan(d, 0, 0, 250)
        hl_circle(d, SX0 + 34, ybar, 22, pad=4)
        arrow(d, SX1 - 40, ybar - 90, SX0 + 40, ybar - 90, w=34, head=70)
        hand(d, SX1 - 32, ybar + 14)


def order_screen(d, mark=None):
    """A banking order to approve: who gets it, how much, and the approve button (TAN app)."""
    phone(d)
    top_bar(d, (25, 55, 120))
    padlock(d, SX0 + 40, SY0 + 38, 26, body=WHITE)
    d.rect(SX0 + 70, SY0 + 30, SX0 + 190, SY0 + 46, fill=WHITE, r=6, ol=None)
    d.circle(SX0 + 50, SY0 + 130, 26, fill=PINK, w=4)
    d.rect(SX0 + 90, SY0 + 120, SX1 - 30, SY0 + 140, fill=INK, r=8, ol=None)
    d.text(0, SY0 + 230, "50,00 €", 54)
    for i in range(2):
        d.rect(SX0 + 30, SY0 + 300 + i * 34, SX1 - 30 - i * 60, SY0 + 314 + i * 34, fill=LGREY,
               r=6, ol=None)
    d.rect(SX0 + 16, SY1 - 110, SX1 - 16, SY1 - 40, fill=GREEN, r=35, ol=None)
    d.text(0, SY1 - 75, "Freigeben", 32, fill=WHITE)
    if mark == "details":
        hl_rect(d, SX0 + 16, SY0 + 96, SX1 - 16, SY0 + 270, r=14, pad=6)
    elif mark == "button":
        hl_rect(d, SX0 + 16, SY1 - 110, SX1 - 16, SY1 - 40, r=35, pad=6)


@pic("tan-app")
def _(d):
    with d.at(400, 300):
        order_screen(d)


@pic("tan-app-check")
def _(d):
    with d.at(400, 300):
        order_screen(d, mark="details")


@pic("tan-code")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, (25, 55, 120))
        d.text(0, -110, "TAN", 70, fill=(25, 55, 120))
        d.rect(SX0 + 14, -40, SX1 - 14, 60, fill=(255, 248, 225), r=18, w=5)
        d.text(0, 10, "482 913", 52)
        hl_rect(d, SX0 + 14, -40, SX1 - 14, 60, r=18, pad=6)
        d.text(0, 150, "1 ×", 60, fill=GREEN)


def camera_box(d, x, y, s=1.0):
    with d.at(x, y, s):
        d.rect(-110, -70, 110, 80, fill=(70, 78, 92), r=20, w=8)
        d.rect(-50, -100, 30, -68, fill=(70, 78, 92), r=8, w=6)
        d.circle(0, 5, 50, fill=WHITE, w=8)
        d.circle(0, 5, 28, fill=SKY, ol=None)
        d.circle(75, -40, 10, fill=YELLOW, ol=None)


def portrait(d, x0, y0, x1, y1, bg=LBLUE):
    d.rect(x0, y0, x1, y1, fill=bg, r=8, w=6)
    w = x1 - x0
    with d.at((x0 + x1) / 2, y0 + (y1 - y0) * 0.45, w / 240):
        face(d, 0, 0, 70, hair=(210, 210, 215), glasses=True, body=PURPLE)
    d.rect(x0 - 4, y1, x1 + 4, y1 + w * 0.8, fill=BG, ol=None)
    d.rect(x0, y0, x1, y1, fill=None, r=8, w=6)


@pic("passport-photo")
def _(d):
    camera_box(d, 170, 200)
    arrow(d, 300, 200, 470, 200, w=40, head=80)
    building(d, 620, 210, 120, roof=RED)
    portrait(d, 330, 330, 470, 520)
    cross(d, 400, 425, 95)


def euro_coin(d, x, y, r):
    d.circle(x, y, r, fill=YELLOW, w=8)
    d.circle(x, y, r * 0.78, fill=None, ol=(200, 150, 0), w=5)
    d.text(x, y + 4, "€", r * 1.1)


@pic("ticket-sozial")
def _(d):
    d.rect(90, 150, 470, 420, fill=RED, r=30, w=10)
    d.rect(130, 200, 220, 275, fill=YELLOW, r=10, w=5)
    d.text(370, 260, "D", 130, fill=WHITE)
    d.rect(130, 340, 400, 362, fill=WHITE, r=8, ol=None)
    euro_coin(d, 620, 230, 110)
    arrow(d, 620, 370, 620, 540, w=50, head=90, fill=GREEN)


def bell(d, x, y, s, col=YELLOW):
    d.pieslice(x, y - s * 0.1, s * 0.6, 180, 360, fill=col, ol=None)
    d.rect(x - s * 0.6, y - s * 0.12, x + s * 0.6, y + s * 0.45, fill=col, ol=None)
    d.rect(x - s * 0.8, y + s * 0.4, x + s * 0.8, y + s * 0.6, fill=col, r=s * 0.1, ol=None)
    d.circle(x, y + s * 0.75, s * 0.16, fill=col, ol=None)
    d.circle(x, y - s * 0.75, s * 0.1, fill=col, ol=None)


def note(d, x, y, s, col=PURPLE):
    d.circle(x - s * 0.25, y + s * 0.45, s * 0.25, fill=col, ol=None)
    d.line([(x, y + s * 0.45), (x, y - s * 0.6), (x + s * 0.45, y - s * 0.35)], fill=col,
           w=s * 0.16)


def settings_header(d):
    top_bar(d, LGREY)
    gear(d, SX0 + 40, SY0 + 38, 16, GREY, LGREY)
    d.rect(SX0 + 70, SY0 + 30, SX0 + 190, SY0 + 46, fill=INK, r=6, ol=None)


@pic("volume-sliders")
def _(d):
    with d.at(400, 300):
        phone(d)
        settings_header(d)
        for i, (glyph, level) in enumerate(((bell, 0.35), (note, 0.6), (bell, 0.5))):
            y = SY0 + 140 + i * 110
            glyph(d, SX0 + 40, y, 34, col=(YELLOW if glyph is bell else PURPLE) if i != 2
                  else GREY)
            d.rect(SX0 + 78, y - 8, SX1 - 24, y + 8, fill=LGREY, r=8, w=3)
            x = SX0 + 78 + (SX1 - 24 - SX0 - 78) * level
            d.rect(SX0 + 78, y - 8, x, y + 8, fill=BLUE, r=8, w=3)
            d.circle(x, y, 20, fill=WHITE, w=5)
        y = SY0 + 140
        hl_rect(d, SX0 + 12, y - 42, SX1 - 12, y + 42, r=14, pad=4)


@pic("vibrate")
def _(d):
    with d.at(400, 300):
        phone(d, screen=SCREEN_DARK)
        bell(d, 0, -20, 130)
    for side in (-1, 1):
        for k in range(2):
            x = 400 + side * (200 + k * 45)
            d.line([(x, 200), (x + 14 * side, 240), (x - 14 * side, 280), (x + 14 * side, 320),
                    (x - 14 * side, 360), (x, 400)], fill=ORANGE, w=12)


def speaker(d, x, y, s, col=WHITE):
    d.poly([(x - s, y - s * 0.5), (x - s * 0.5, y - s * 0.5), (x + s * 0.2, y - s * 1.15),
            (x + s * 0.2, y + s * 1.15), (x - s * 0.5, y + s * 0.5), (x - s, y + s * 0.5)],
           fill=col, w=max(6, s * 0.08))


@pic("speaker-muted")
def _(d):
    speaker(d, 340, 300, 170)
    cross(d, 600, 300, 90)


def hearing_aid(d, x, y, s, col=(190, 170, 150)):
    """A behind-the-ear hearing aid: the curved case, its tube and the dome, centred at (x, y)."""
    with d.at(x, y, s):
        d.arc(-10, 40, 110, 200, 330, fill=INK, w=58)
        d.arc(-10, 40, 110, 200, 330, fill=col, w=44)
        d.line([(80, -20), (120, 10), (125, 90)], fill=INK, w=16)
        d.line([(80, -20), (120, 10), (125, 90)], fill=LGREY, w=8)
        d.circle(125, 100, 22, fill=LGREY, w=6)


@pic("hearing-aid")
def _(d):
    d.ellipse(420, 300, 150, 230, fill=SKIN, w=10)
    d.arc(440, 290, 90, 120, 330, fill=SKIN2, w=22)
    d.ellipse(450, 330, 30, 45, fill=SKIN2, ol=None)
    hearing_aid(d, 300, 130, 1.5)


def bt_glyph(d, x, y, s, col=WHITE):
    d.line([(x - s * 0.45, y - s * 0.45), (x + s * 0.45, y + s * 0.45), (x, y + s),
            (x, y - s), (x + s * 0.45, y - s * 0.45), (x - s * 0.45, y + s * 0.45)], fill=col,
           w=s * 0.22)


def toggle(d, x, y, on=True):
    d.rect(x - 36, y - 20, x + 36, y + 20, fill=GREEN if on else LGREY, r=20, w=3)
    d.circle(x + (16 if on else -16), y, 15, fill=WHITE, ol=None)


@pic("bluetooth")
def _(d):
    with d.at(400, 300):
        phone(d)
        settings_header(d)
        d.circle(0, -90, 80, fill=BLUE, w=5)
        bt_glyph(d, 0, -90, 50)
        d.rect(SX0 + 16, 40, SX1 - 16, 110, fill=WHITE, r=14, w=4)
        d.rect(SX0 + 36, 66, SX0 + 140, 84, fill=INK, r=6, ol=None)
        toggle(d, SX1 - 70, 75)
        hl_rect(d, SX0 + 16, 40, SX1 - 16, 110, r=14, pad=6)
        for i in range(2):
            d.rect(SX0 + 30, 150 + i * 40, SX1 - 60 - i * 40, 164 + i * 40, fill=LGREY, r=6,
                   ol=None)


@pic("hearing-aid-pair")
def _(d):
    with d.at(300, 300):
        phone(d)
        settings_header(d)
        bt_glyph(d, SX1 - 40, SY0 + 38, 16, BLUE)
        for i in range(3):
            y = SY0 + 130 + i * 90
            d.rect(SX0 + 16, y - 34, SX1 - 16, y + 34, fill=WHITE, r=14, w=4)
            d.rect(SX0 + 90, y - 8, SX1 - 60 - i * 20, y + 8, fill=INK if i == 0 else GREY, r=6,
                   ol=None)
            if i == 0:
                hearing_aid(d, SX0 + 40, y - 6, 0.28)
        hl_rect(d, SX0 + 16, SY0 + 96, SX1 - 16, SY0 + 164, r=14, pad=6)
        hand(d, 40, SY0 + 170)
    hearing_aid(d, 600, 220, 0.9)
    for r in (40, 75):
        d.arc(560, 380, r, 200, 340, fill=BLUE, w=12)


@pic("hearing-aid-call")
def _(d):
    handset_badge(d, 220, 300, 140)
    for r in (60, 110, 160):
        d.arc(330, 300, r, -35, 35, fill=BLUE, w=14)
    d.ellipse(620, 300, 110, 170, fill=SKIN, w=10)
    d.arc(635, 295, 65, 120, 330, fill=SKIN2, w=18)
    hearing_aid(d, 520, 170, 1.0)


def camera_screen(d):
    phone(d, screen=(15, 15, 20))
    d.circle(0, SY1 - 58, 40, fill=WHITE, ol=LGREY, w=8)


def focus_frame(d, x0, y0, x1, y1):
    for x, y, dx, dy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1), (x1, y1, -1, -1)):
        d.line([(x, y + dy * 30), (x, y), (x + dx * 30, y)], fill=YELLOW, w=8)


@pic("qr-scan")
def _(d):
    with d.at(400, 300):
        camera_screen(d)
        d.rect(SX0 + 10, -190, SX1 - 10, 120, fill=(235, 235, 225), ol=None)
        qr(d, -90, -125, 180, seed=11)
        focus_frame(d, -110, -145, 110, 75)


@pic("qr-link")
def _(d):
    with d.at(400, 300):
        camera_screen(d)
        d.rect(SX0 + 10, -190, SX1 - 10, 120, fill=(235, 235, 225), ol=None)
        qr(d, -90, -125, 180, seed=11)
        focus_frame(d, -110, -145, 110, 75)
        d.rect(SX0 + 20, 100, SX1 - 20, 160, fill=WHITE, r=30, w=4)
        d.rect(SX0 + 50, 122, SX1 - 50, 138, fill=BLUE, r=6, ol=None)
        hl_rect(d, SX0 + 20, 100, SX1 - 20, 160, r=30, pad=6)
        hand(d, 40, 150)


@pic("qr-warn")
def _(d):
    d.rect(200, 60, 420, 470, fill=(150, 160, 170), r=24, w=10)
    d.rect(235, 100, 385, 190, fill=(200, 230, 200), r=10, w=6)
    d.rect(235, 220, 385, 250, fill=INK, r=8, ol=None)
    d.rect(270, 470, 350, 560, fill=(110, 118, 128), w=10)
    d.rect(240, 290, 380, 430, fill=WHITE, w=6)
    qr(d, 252, 302, 116, seed=5)
    warn(d, 600, 300, 130)


@pic("contact-plus")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, ORANGE)
        d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 115, n=5)
        d.circle(SX1 - 56, SY1 - 60, 38, fill=ORANGE, w=5)
        d.text(SX1 - 56, SY1 - 64, "+", 64, fill=WHITE)
        hl_circle(d, SX1 - 56, SY1 - 60, 38, pad=6)
        arrow(d, -60, SY1 - 60, SX1 - 110, SY1 - 60, w=30, head=60)


@pic("contact-call")
def _(d):
    with d.at(400, 300):
        phone(d)
        d.circle(0, -130, 80, fill=PINK, w=6)
        d.circle(0, -155, 30, fill=WHITE, ol=None)
        d.pieslice(0, -90, 50, 180, 360, fill=WHITE)
        d.rect(-100, -20, 100, 4, fill=INK, r=8, ol=None)
        d.rect(-70, 24, 70, 40, fill=GREY, r=6, ol=None)
        d.circle(-60, 130, 44, fill=GREEN, ol=None)
        handset(d, -60, 128, 19, WHITE)
        d.circle(60, 130, 44, fill=BLUE, ol=None)
        d.rect(38, 112, 82, 144, fill=WHITE, r=8, ol=None)
        hl_circle(d, -60, 130, 44, pad=6)
        hand(d, -56, 172)


@pic("magnifier-view")
def _(d):
    d.rect(40, 330, 230, 560, fill=WHITE, r=10, w=8)
    for i in range(6):
        d.rect(65, 360 + i * 30, 205 - (i % 2) * 40, 370 + i * 30, fill=GREY, r=4, ol=None)
    hl_rect(d, 60, 352, 210, 380, r=4, pad=4)
    arrow(d, 240, 420, 290, 380, w=26, head=50)
    with d.at(520, 300):
        camera_screen(d)
        d.rect(SX0 + 10, -200, SX1 - 10, 150, fill=WHITE, ol=None)
        d.text(0, -90, "Aa", 130)
        d.rect(SX0 + 30, 30, SX1 - 30, 56, fill=INK, r=8, ol=None)
        d.rect(SX0 + 30, 90, SX1 - 80, 116, fill=INK, r=8, ol=None)


@pic("torch")
def _(d):
    d.poly([(330, 60), (470, 60), (430, 230), (370, 230)], fill=(255, 240, 150), ol=None)
    with d.at(400, 370, 0.8):
        phone(d, screen=SCREEN_DARK)
        d.circle(0, 40, 70, fill=WHITE, w=6)
        d.rect(-22, -10, 22, 60, fill=YELLOW, r=6, w=5)
        d.poly([(-40, -10), (40, -10), (22, 20), (-22, 20)], fill=GREY, w=5)
        hl_circle(d, 0, 40, 70, pad=8)
    for x0, x1 in ((300, 240), (500, 560)):
        d.line([(x0, 150), (x1, 90)], fill=ORANGE, w=12)


def translate_screen(d):
    phone(d)
    top_bar(d, BLUE)
    d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
    for i, word in enumerate(("Deutsch", "Türkçe")):
        x = -66 + i * 132
        d.rect(x - 60, SY0 + 92, x + 60, SY0 + 140, fill=LBLUE, r=24, ol=None)
        d.text(x, SY0 + 116, word, 24)
    d.line([(-12, SY0 + 108), (12, SY0 + 108)], w=5)
    d.line([(-12, SY0 + 124), (12, SY0 + 124)], w=5)


@pic("translate-languages")
def _(d):
    with d.at(400, 300):
        translate_screen(d)
        d.rect(SX0 + 14, SY0 + 170, SX1 - 14, SY0 + 320, fill=LGREY, r=14, ol=None)
        hl_rect(d, SX0 + 6, SY0 + 92, SX1 - 6, SY0 + 140, r=24, pad=6)
        hand(d, 60, SY0 + 134)


@pic("translate-mic")
def _(d):
    with d.at(400, 300):
        translate_screen(d)
        d.rect(SX0 + 14, SY0 + 170, SX1 - 14, SY0 + 320, fill=LGREY, r=14, ol=None)
        d.circle(0, SY1 - 90, 52, fill=BLUE, ol=None)
        mic_glyph(d, 0, SY1 - 90, 28, WHITE)
        hl_circle(d, 0, SY1 - 90, 52, pad=6)
    for r in (60, 100):
        d.arc(400, 460, r, 200, 340, fill=BLUE, w=12)


@pic("translate-bubbles")
def _(d):
    d.rect(60, 100, 380, 280, fill=WHITE, r=40, w=8)
    d.poly([(110, 276), (90, 350), (180, 276)], fill=WHITE, w=8)
    d.rect(104, 270, 184, 282, fill=WHITE, ol=None)
    d.text(220, 190, "Hallo", 72)
    d.rect(420, 300, 740, 480, fill=(255, 236, 150), r=40, w=8)
    d.poly([(690, 476), (710, 550), (620, 476)], fill=(255, 236, 150), w=8)
    d.rect(616, 470, 696, 482, fill=(255, 236, 150), ol=None)
    d.text(580, 390, "Merhaba", 66)
    arrow(d, 400, 190, 560, 270, w=30, head=60, fill=BLUE)
    speaker(d, 640, 150, 40, col=WHITE)
    for r in (30, 55):
        d.arc(660, 150, r, -45, 45, fill=INK, w=8)


@pic("translate-camera")
def _(d):
    d.rect(60, 120, 330, 420, fill=(60, 110, 180), r=16, w=8)
    for i in range(4):
        d.rect(95, 170 + i * 55, 295 - (i % 2) * 50, 192 + i * 55, fill=WHITE, r=6, ol=None)
    d.rect(180, 420, 210, 560, fill=GREY, w=6)
    with d.at(560, 300):
        camera_screen(d)
        d.rect(SX0 + 10, -200, SX1 - 10, 150, fill=(60, 110, 180), ol=None)
        for i in range(4):
            d.rect(SX0 + 30, -150 + i * 60, SX1 - 30 - (i % 2) * 50, -122 + i * 60,
                   fill=YELLOW, r=6, ol=None)
        app_icon(d, "translate", SX1 - 45, SY0 + 40, 50)


def incoming(d, label="?"):
    """An incoming call from someone unknown: a grey picture with ``label``, red and green."""
    phone(d, screen=TEAL)
    d.circle(0, -120, 80, fill=GREY, ol=WHITE, w=6)
    d.text(0, -116, label, 90 if len(label) == 1 else 56, fill=WHITE)
    d.rect(-80, -10, 80, 10, fill=WHITE, r=8, ol=None)
    d.circle(-70, 170, 40, fill=RED, ol=None)
    handset(d, -70, 168, 17, WHITE)
    d.circle(70, 170, 40, fill=GREEN, ol=None)
    handset(d, 70, 168, 17, WHITE)


@pic("call-shock")
def _(d):
    with d.at(300, 300):
        incoming(d)
    for r in (40, 80, 120):
        d.arc(470, 180, r, -60, 60, fill=RED, w=12)
    warn(d, 620, 380, 120)


@pic("police-call-110")
def _(d):
    with d.at(300, 300):
        incoming(d, "110")
    warn(d, 600, 300, 130)


def money_bag(d, x, y, s):
    d.circle(x, y + s * 0.2, s * 0.8, fill=(200, 160, 90), w=8)
    d.poly([(x - s * 0.35, y - s * 0.75), (x + s * 0.35, y - s * 0.75), (x + s * 0.15, y - s * 0.5),
            (x - s * 0.15, y - s * 0.5)], fill=(200, 160, 90), w=8)
    d.rect(x - s * 0.3, y - s * 0.58, x + s * 0.3, y - s * 0.45, fill=BROWN, r=6, ol=None)
    d.text(x, y + s * 0.25, "€", s * 0.9, fill=(110, 70, 20))


@pic("money-door")
def _(d):
    d.rect(90, 60, 350, 560, fill=(200, 160, 110), w=10)
    d.rect(120, 90, 320, 540, fill=(170, 120, 70), w=8)
    d.circle(290, 320, 16, fill=YELLOW, w=5)
    d.circle(220, 170, 22, fill=SKY, w=5)
    money_bag(d, 570, 310, 150)
    cross(d, 570, 310, 120)


@pic("house-warn")
def _(d):
    house(d, 330, 330, 230)
    warn(d, 620, 200, 120)


@pic("call-list")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, GREEN)
        d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 115, n=6, mark=1, leading="call")


def unknown_caller(d):
    d.circle(0, SY0 + 130, 44, fill=GREY, w=4)
    d.text(0, SY0 + 134, "?", 56, fill=WHITE)
    return SY0 + 260


@pic("call-block")
def _(d):
    with d.at(400, 300):
        button_screen(d, GREEN, [("Anrufen", GREEN, WHITE), ("Blockieren", WHITE, RED)], mark=1,
                      top=unknown_caller)


@pic("mute-unknown")
def _(d):
    with d.at(400, 300):
        phone(d)
        settings_header(d)
        for i in range(4):
            y = SY0 + 130 + i * 90
            d.rect(SX0 + 16, y - 34, SX1 - 16, y + 34, fill=WHITE, r=14, w=4)
            d.rect(SX0 + 36, y - 8, SX0 + 150 - (i % 2) * 30, y + 8, fill=INK if i == 1 else GREY,
                   r=6, ol=None)
            toggle(d, SX1 - 62, y, on=i == 1)
        hl_rect(d, SX0 + 16, SY0 + 186, SX1 - 16, SY0 + 254, r=14, pad=6)
        hand(d, SX1 - 62, SY0 + 240)


def letter_to(d, roof=BLUE, health=False):
    """A letter on its way to an office: envelope, arrow, building."""
    envelope(d, 180, 300, 240, 160)
    arrow(d, 320, 300, 470, 300, w=40, head=80)
    building(d, 620, 310, 130, roof=roof)
    if health:
        d.circle(620, 215, 34, fill=WHITE, w=5)
        med_cross(d, 620, 215, 44, col=GREEN)


@pic("letter-office")
def _(d):
    letter_to(d)


@pic("letter-kasse")
def _(d):
    letter_to(d, roof=GREEN, health=True)


def hook(d, x, y, s):
    d.line([(x, y - s * 1.6), (x, y + s * 0.3)], fill=GREY, w=s * 0.16)
    d.arc(x - s * 0.35, y + s * 0.3, s * 0.35, 0, 180, fill=GREY, w=s * 0.16)
    d.line([(x - s * 0.7, y + s * 0.3), (x - s * 0.55, y + s * 0.05)], fill=GREY, w=s * 0.16)


@pic("mail-phish")
def _(d):
    envelope(d, 340, 350, 440, 280)
    hook(d, 340, 200, 120)
    warn(d, 650, 200, 100)


@pic("mail-sender")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, BLUE)
        d.circle(SX0 + 44, SY0 + 120, 26, fill=GREY, w=4)
        d.rect(SX0 + 84, SY0 + 104, SX1 - 24, SY0 + 120, fill=INK, r=6, ol=None)
        d.rect(SX0 + 84, SY0 + 128, SX1 - 40, SY0 + 140, fill=RED, r=6, ol=None)
        hl_rect(d, SX0 + 12, SY0 + 88, SX1 - 12, SY0 + 152, r=12, pad=6)
        for i in range(4):
            d.rect(SX0 + 24, SY0 + 200 + i * 36, SX1 - 24 - (i % 2) * 50, SY0 + 214 + i * 36,
                   fill=LGREY, r=6, ol=None)
        d.rect(SX0 + 40, SY0 + 370, SX1 - 40, SY0 + 420, fill=BLUE, r=25, ol=None)
        hand(d, 40, SY0 + 158)


def mail_list(d, mark=None):
    phone(d)
    top_bar(d, BLUE)
    d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
    list_rows(d, SY0 + 115, n=6, mark=mark, leading="mail")


@pic("mail-inbox")
def _(d):
    with d.at(400, 300):
        mail_list(d, mark=0)


def pencil(d, x, y, s, col=YELLOW):
    """A pencil pointing down-left: body, wooden tip, lead."""
    d.poly([(x - s * 0.4, y + s * 0.2), (x + s * 0.35, y - s * 0.55), (x + s * 0.55, y - s * 0.35),
            (x - s * 0.2, y + s * 0.4)], fill=col, w=3)
    d.poly([(x - s * 0.4, y + s * 0.2), (x - s * 0.2, y + s * 0.4), (x - s * 0.6, y + s * 0.6)],
           fill=SKIN, w=3)
    d.circle(x - s * 0.55, y + s * 0.55, s * 0.07, fill=INK, ol=None)


@pic("mail-compose")
def _(d):
    with d.at(400, 300):
        mail_list(d)
        d.circle(SX1 - 56, SY1 - 60, 38, fill=BLUE, w=5)
        pencil(d, SX1 - 56, SY1 - 60, 40)
        hl_circle(d, SX1 - 56, SY1 - 60, 38, pad=6)
        arrow(d, -60, SY1 - 60, SX1 - 110, SY1 - 60, w=30, head=60)


def mail_form(d, mark=None):
    phone(d)
    top_bar(d, BLUE)
    d.poly([(SX1 - 60, SY0 + 24), (SX1 - 18, SY0 + 38), (SX1 - 60, SY0 + 52), (SX1 - 52, SY0 + 38)],
           fill=WHITE, ol=None)
    boxes = {"to": (SY0 + 90, SY0 + 150), "subject": (SY0 + 170, SY0 + 230),
             "text": (SY0 + 250, SY0 + 420)}
    for y0, y1 in boxes.values():
        d.rect(SX0 + 14, y0, SX1 - 14, y1, fill=WHITE, r=12, w=4)
    d.text(SX0 + 50, SY0 + 120, "An", 28, fill=GREY)
    d.text(SX0 + 74, SY0 + 200, "Betreff", 26, fill=GREY, anchor="lm")
    d.rect(SX0 + 90, SY0 + 112, SX1 - 40, SY0 + 128, fill=INK, r=6, ol=None)
    for i in range(3):
        d.rect(SX0 + 30, SY0 + 276 + i * 36, SX1 - 40 - (i % 2) * 40, SY0 + 290 + i * 36,
               fill=INK if mark == "text" else LGREY, r=6, ol=None)
    if mark in boxes:
        y0, y1 = boxes[mark]
        hl_rect(d, SX0 + 14, y0, SX1 - 14, y1, r=12, pad=6)
    elif mark == "send":
        hl_rect(d, SX1 - 70, SY0 + 16, SX1 - 10, SY0 + 60, r=12, pad=4)
        hand(d, SX1 - 40, SY0 + 66)


@pic("mail-form-to")
def _(d):
    with d.at(400, 300):
        mail_form(d, "to")


@pic("mail-form-text")
def _(d):
    with d.at(400, 300):
        mail_form(d, "text")


@pic("mail-send")
def _(d):
    with d.at(400, 300):
        mail_form(d, "send")


def contact_top(d):
    d.circle(0, SY0 + 140, 60, fill=PINK, w=5)
    d.circle(0, SY0 + 122, 22, fill=WHITE, ol=None)
    d.pieslice(0, SY0 + 170, 36, 180, 360, fill=WHITE)
    d.rect(-80, SY0 + 220, 80, SY0 + 238, fill=INK, r=6, ol=None)
    return SY0 + 320


@pic("facetime-new")
def _(d):
    with d.at(400, 300):
        button_screen(d, GREEN,
                      [("Link erstellen", WHITE, GREEN), ("Neues FaceTime", GREEN, WHITE)],
                      mark=1)


@pic("facetime-link")
def _(d):
    with d.at(400, 300):
        button_screen(d, GREEN,
                      [("Neues FaceTime", GREEN, WHITE), ("Link erstellen", WHITE, GREEN)],
                      mark=1)


@pic("facetime-start")
def _(d):
    with d.at(400, 300):
        button_screen(d, GREEN, [("FaceTime", GREEN, WHITE)], mark=0, top=contact_top)


@pic("video-link-msg")
def _(d):
    with d.at(400, 300):
        phone(d, screen=CHAT_BG)
        header(d)
        d.rect(SX0 + 12, SY0 + 100, SX1 - 30, SY0 + 300, fill=WHITE, r=16, ol=None)
        bubble_lines(d, (170, 120))
        d.rect(SX0 + 30, SY0 + 200, SX1 - 48, SY0 + 280, fill=(225, 235, 250), r=12, ol=None)
        video_glyph(d, SX0 + 66, SY0 + 240, 22, BLUE)
        d.rect(SX0 + 106, SY0 + 232, SX1 - 70, SY0 + 248, fill=BLUE, r=6, ol=None)
        hl_rect(d, SX0 + 30, SY0 + 200, SX1 - 48, SY0 + 280, r=12, pad=6)
        hand(d, 30, SY0 + 272)


def cam_mic_top(d):
    video_glyph(d, -50, SY0 + 150, 40, BLUE)
    mic_glyph(d, 70, SY0 + 150, 40, BLUE)
    d.rect(SX0 + 30, SY0 + 230, SX1 - 30, SY0 + 246, fill=INK, r=6, ol=None)
    return SY0 + 330


@pic("allow-camera")
def _(d):
    with d.at(400, 300):
        button_screen(d, LGREY, [("Erlauben", BLUE, WHITE), ("Ablehnen", WHITE, INK)], mark=0,
                      top=cam_mic_top)


def video_meeting(d, mark=None):
    phone(d, screen=(20, 30, 40))
    looks = [((110, 70, 40), SKIN, ORANGE), ((210, 210, 215), SKIN, PURPLE),
             ((40, 40, 40), SKIN2, GREEN), ((200, 150, 60), SKIN, BLUE)]
    for i, (hair, skin, body) in enumerate(looks):
        x0, y0 = SX0 + 8 + (i % 2) * 127, SY0 + 20 + (i // 2) * 170
        d.rect(x0, y0, x0 + 119, y0 + 160, fill=(120, 180, 210), r=10, ol=None)
        with d.at(x0 + 60, y0 + 70, 0.45):
            face(d, 0, 0, 80, hair=hair, skin=skin, body=body, glasses=i == 1)
        d.rect(x0, y0 + 160, x0 + 119, y0 + 200, fill=(20, 30, 40), ol=None)
    y = SY1 - 70
    d.circle(-80, y, 34, fill=WHITE if mark != "mic" else (255, 220, 220), ol=None)
    mic_glyph(d, -80, y, 20, INK)
    if mark == "mic":
        d.line([(-104, y - 24), (-56, y + 24)], fill=RED, w=7)
    d.circle(0, y, 34, fill=WHITE, ol=None)
    video_glyph(d, -4, y, 16, INK)
    d.circle(80, y, 34, fill=RED, ol=None)
    handset(d, 80, y, 14, WHITE)
    if mark == "mic":
        hl_circle(d, -80, y, 34, pad=6)
    elif mark == "end":
        hl_circle(d, 80, y, 34, pad=6)


@pic("video-meeting")
def _(d):
    with d.at(400, 300):
        video_meeting(d)


@pic("video-meeting-mic")
def _(d):
    with d.at(400, 300):
        video_meeting(d, "mic")


@pic("video-meeting-end")
def _(d):
    with d.at(400, 300):
        video_meeting(d, "end")


def paper(d, x0, y0, x1, y1, lines=5, fill=WHITE):
    d.rect(x0, y0, x1, y1, fill=fill, r=10, w=8)
    for i in range(lines):
        d.rect(x0 + 40, y0 + 50 + i * 50, x1 - 40 - (i % 3) * 50, y0 + 68 + i * 50, fill=LGREY,
               r=8, ol=None)


@pic("epa-folder")
def _(d):
    paper(d, 260, 60, 560, 420, lines=4)
    paper(d, 330, 100, 640, 440, lines=4)
    d.poly([(120, 200), (320, 200), (350, 240), (690, 240), (690, 540), (120, 540)], fill=TEAL,
           w=10)
    d.circle(405, 390, 90, fill=WHITE, w=8)
    med_cross(d, 405, 390, 120, col=TEAL)


def card_to_phone(d, card):
    """A card held to the back of a phone, radio waves between (the chip is read by NFC)."""
    with d.at(270, 300, 0.95):
        phone(d, screen=SCREEN_DARK)
        d.circle(0, -40, 70, fill=None, ol=WHITE, w=8)
        check(d, 0, -40, 50, col=WHITE)
    for r in (30, 62):
        d.arc(410, 300, r, -50, 50, fill=BLUE, w=12)
    with d.at(640, 300):
        card(d)


def egk(d):
    d.rect(-150, -100, 150, 100, fill=(40, 150, 110), r=20, w=8)
    d.rect(-120, -70, -50, -20, fill=YELLOW, r=8, w=4)
    d.rect(-120, 20, 80, 36, fill=WHITE, r=6, ol=None)
    med_cross(d, 90, -40, 60, col=WHITE)


def id_card_small(d):
    d.rect(-150, -100, 150, 100, fill=(205, 225, 240), r=20, w=8)
    d.rect(-120, -70, -30, 50, fill=WHITE, r=8, w=5)
    d.circle(-75, -20, 26, fill=PURPLE, ol=None)
    for i, w in enumerate((120, 90, 100)):
        d.rect(0, -50 + i * 40, w, -36 + i * 40, fill=INK if i == 0 else GREY, r=6, ol=None)


@pic("card-phone-egk")
def _(d):
    card_to_phone(d, egk)


@pic("card-phone-id")
def _(d):
    card_to_phone(d, id_card_small)


@pic("epa-hide")
def _(d):
    paper(d, 120, 60, 440, 540, lines=7)
    d.ellipse(590, 300, 150, 90, fill=WHITE, w=10)
    d.circle(590, 300, 55, fill=BLUE, w=6)
    d.circle(590, 300, 22, fill=INK, ol=None)
    d.line([(470, 420), (710, 180)], fill=INK, w=34)
    d.line([(470, 420), (710, 180)], fill=RED, w=20)


@pic("objection-letter")
def _(d):
    paper(d, 170, 50, 560, 550, lines=4)
    d.rect(230, 330, 300, 400, fill=WHITE, w=8)
    cross(d, 265, 365, 26, w=14)
    d.rect(330, 355, 500, 375, fill=INK, r=8, ol=None)
    d.poly([(650, 150), (700, 180), (560, 470), (520, 500), (515, 450)], fill=BLUE, w=8)


@pic("erezept-list")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, BLUE)
        d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 115, n=4, mark=0, leading="pill", step=80)


@pic("calendar-cancel")
def _(d):
    PICTURES["calendar"](d)
    cross(d, 600, 450, 80)


@pic("pin-letter")
def _(d):
    envelope(d, 400, 300, 560, 360)
    d.rect(230, 330, 570, 430, fill=(255, 248, 225), r=12, w=6)
    for i in range(5):
        d.circle(280 + i * 60, 380, 18, fill=INK, ol=None)


@pic("drv-doc")
def _(d):
    paper(d, 150, 50, 520, 550, lines=3)
    for i, h in enumerate((90, 130, 170, 210)):
        d.rect(200 + i * 75, 480 - h, 250 + i * 75, 480, fill=BLUE, w=5)
    euro_coin(d, 620, 400, 100)


@pic("tax-form")
def _(d):
    d.rect(170, 50, 560, 550, fill=WHITE, r=10, w=8)
    d.rect(170, 50, 560, 130, fill=BLUE, r=10, w=8)
    d.rect(180, 110, 550, 130, fill=BLUE, ol=None)
    for i in range(5):
        y = 170 + i * 70
        d.rect(210, y, 400, y + 20, fill=LGREY, r=8, ol=None)
        d.rect(430, y - 10, 520, y + 30, fill=WHITE, w=5)
    euro_coin(d, 640, 430, 90)


@pic("nina-places")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, ORANGE)
        d.rect(SX0 + 20, SY0 + 30, SX0 + 130, SY0 + 46, fill=WHITE, r=6, ol=None)
        list_rows(d, SY0 + 115, n=3, leading="pin", step=80)
        d.rect(SX0 + 16, SY0 + 350, SX1 - 16, SY0 + 420, fill=ORANGE, r=35, ol=None)
        d.text(0, SY0 + 382, "+", 60, fill=WHITE)
        hl_rect(d, SX0 + 16, SY0 + 350, SX1 - 16, SY0 + 420, r=35, pad=6)
        hand(d, 40, SY0 + 420)


def warning_card(d):
    d.rect(SX0 + 12, SY0 + 60, SX1 - 12, SY0 + 300, fill=(255, 236, 200), r=16, ol=ORANGE, w=6)
    warn(d, 0, SY0 + 140, 56)
    for i in range(3):
        d.rect(SX0 + 36, SY0 + 220 + i * 26, SX1 - 36 - (i % 2) * 50, SY0 + 232 + i * 26,
               fill=INK, r=6, ol=None)


@pic("nina-warning")
def _(d):
    with d.at(400, 300):
        phone(d, screen=SCREEN_DARK)
        warning_card(d)
    for side in (-1, 1):
        for r in (60, 100):
            d.arc(400 + side * 130, 300, r, (-40 if side > 0 else 140), (40 if side > 0 else 220),
                  fill=ORANGE, w=12)


@pic("cell-broadcast")
def _(d):
    d.poly([(200, 120), (130, 540), (270, 540)], fill=None, ol=INK, w=12)
    for y in (250, 380):
        d.line([(200 - (y - 120) / 6, y), (200 + (y - 120) / 6, y)], w=10)
    d.circle(200, 110, 22, fill=RED, ol=None)
    for r in (60, 100, 140):
        d.arc(200, 110, r, -40, 40, fill=ORANGE, w=12)
    with d.at(560, 300, 0.9):
        phone(d, screen=SCREEN_DARK)
        warning_card(d)


@pic("nora-register")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, RED)
        d.rect(SX0 + 12, SY0 + 100, SX1 - 40, SY0 + 200, fill=LGREY, r=16, ol=None)
        d.text(-16, SY0 + 150, "4 8 2 9", 42)
        d.rect(SX0 + 16, SY0 + 250, SX1 - 16, SY0 + 320, fill=WHITE, r=14, w=4)
        for i in range(4):
            d.circle(-75 + i * 50, SY0 + 285, 12, fill=INK, ol=None)
        hl_rect(d, SX0 + 16, SY0 + 250, SX1 - 16, SY0 + 320, r=14, pad=6)
        kb(d, SY1 - 150)


@pic("nora-sos")
def _(d):
    with d.at(400, 300):
        button_screen(d, RED, [("Feuerwehr", RED, WHITE), ("Rettung", WHITE, RED),
                               ("Polizei", BLUE, WHITE)])


def flame(d, x, y, s, col=ORANGE):
    d.poly([(x, y - s), (x + s * 0.55, y - s * 0.1), (x + s * 0.5, y + s * 0.5), (x, y + s * 0.75),
            (x - s * 0.5, y + s * 0.5), (x - s * 0.55, y - s * 0.1)], fill=col, w=5)
    d.poly([(x, y - s * 0.2), (x + s * 0.25, y + s * 0.3), (x, y + s * 0.55),
            (x - s * 0.25, y + s * 0.3)], fill=YELLOW, ol=None)


@pic("nora-questions")
def _(d):
    with d.at(400, 300):
        phone(d)
        top_bar(d, RED)
        d.rect(SX0 + 20, SY0 + 90, SX1 - 20, SY0 + 106, fill=INK, r=6, ol=None)
        for i in range(3):
            y = SY0 + 180 + i * 100
            d.rect(SX0 + 16, y - 40, SX1 - 16, y + 40, fill=WHITE, r=18, w=4)
            d.rect(SX0 + 110, y - 8, SX1 - 40, y + 8, fill=GREY, r=6, ol=None)
        flame(d, SX0 + 60, SY0 + 176, 30)
        med_cross(d, SX0 + 60, SY0 + 280, 50, col=RED)
        star(d, SX0 + 60, SY0 + 380, 28, fill=BLUE)
        hl_rect(d, SX0 + 16, SY0 + 140, SX1 - 16, SY0 + 220, r=18, pad=6)
        hand(d, 60, SY0 + 214)


@pic("storage-bar")
def _(d):
    with d.at(400, 300):
        phone(d)
        settings_header(d)
        d.rect(SX0 + 20, SY0 + 110, SX1 - 20, SY0 + 160, fill=LGREY, r=12, w=4)
        x = SX0 + 24
        for w, col in ((110, PURPLE), (60, WA), (40, ORANGE), (18, GREY)):
            d.rect(x, SY0 + 114, x + w, SY0 + 156, fill=col, ol=None)
            x += w
        d.rect(SX0 + 20, SY0 + 110, SX1 - 20, SY0 + 160, fill=None, r=12, w=4)
        d.text(SX1 - 36, SY0 + 135, "!", 40, fill=RED)
        for i, col in enumerate((PURPLE, WA, ORANGE)):
            y = SY0 + 220 + i * 70
            d.circle(SX0 + 40, y, 16, fill=col, ol=None)
            d.rect(SX0 + 70, y - 8, SX1 - 60 - i * 30, y + 8, fill=INK, r=6, ol=None)
        hl_rect(d, SX0 + 20, SY0 + 110, SX1 - 20, SY0 + 160, r=12, pad=6)


@pic("app-remove")
def _(d):
    with d.at(400, 300):
        home_screen(d)
        x, y = home_pos(len(HOME_APPS) - 1)
        d.rect(x - 150, y + 44, x + 30, y + 110, fill=WHITE, r=16, w=5)
        with d.at(x - 118, y + 80, 0.1):
            trashcan(d, 0, 0, 250, col=RED)
        d.rect(x - 90, y + 70, x + 10, y + 86, fill=RED, r=6, ol=None)
        hl_rect(d, x - 31, y - 31, x + 31, y + 31, r=14)
        hl_rect(d, x - 150, y + 44, x + 30, y + 110, r=16, pad=4)


def alarm_list(d, mark=None):
    phone(d, screen=(20, 24, 32))
    d.text(SX0 + 24, SY0 + 50, "Wecker", 32, fill=WHITE, anchor="lm")
    for i, (time, on) in enumerate((("08:00", True), ("13:00", False), ("20:00", True))):
        y = SY0 + 130 + i * 100
        d.rect(SX0 + 12, y - 40, SX1 - 12, y + 40, fill=(44, 50, 64), r=16, ol=None)
        d.text(SX0 + 30, y, time, 44, fill=WHITE if on else GREY, anchor="lm")
        toggle(d, SX1 - 60, y, on=on)
    d.circle(0, SY1 - 60, 38, fill=ORANGE, ol=None)
    d.text(0, SY1 - 64, "+", 64, fill=WHITE)
    if mark == "plus":
        hl_circle(d, 0, SY1 - 60, 38, pad=6)
        hand(d, 6, SY1 - 24)
    elif mark == "first":
        hl_rect(d, SX0 + 12, SY0 + 90, SX1 - 12, SY0 + 170, r=16, pad=6)


@pic("alarm-plus")
def _(d):
    with d.at(400, 300):
        alarm_list(d, "plus")


@pic("alarm-list")
def _(d):
    with d.at(400, 300):
        alarm_list(d, "first")


@pic("alarm-ring")
def _(d):
    def ringing(d):
        for r in (40, 65):
            d.arc(0, SY0 + 150, r + 40, 200, 340, fill=ORANGE, w=8)
        d.circle(0, SY0 + 160, 56, fill=WHITE, w=6)
        d.line([(0, SY0 + 160), (0, SY0 + 125)], w=7)
        d.line([(0, SY0 + 160), (26, SY0 + 170)], w=7)
        return SY0 + 290

    with d.at(400, 300):
        button_screen(d, (20, 24, 32), [("Schlummern", WHITE, INK), ("Stopp", ORANGE, WHITE)],
                      mark=1, top=ringing)


def search_results(d, mark=None):
    phone(d)
    d.rect(SX0 + 14, SY0 + 20, SX1 - 14, SY0 + 74, fill=LGREY, r=27, w=3)
    d.circle(SX0 + 46, SY0 + 44, 12, fill=None, w=5)
    d.line([(SX0 + 55, SY0 + 53), (SX0 + 64, SY0 + 62)], w=6)
    d.rect(SX0 + 78, SY0 + 40, SX0 + 190, SY0 + 50, fill=INK, r=5, ol=None)
    for i in range(4):
        y = SY0 + 110 + i * 95
        if i == 0:
            d.rect(SX0 + 12, y - 12, SX1 - 12, y + 76, fill=(255, 248, 225), r=10, ol=None)
            d.text(SX0 + 24, y + 2, "Anzeige", 20, fill=INK, anchor="lm")
        d.rect(SX0 + 24, y + 18, SX1 - 40 - (i % 2) * 40, y + 34, fill=BLUE, r=6, ol=None)
        d.rect(SX0 + 24, y + 46, SX1 - 60, y + 56, fill=GREY, r=5, ol=None)
    if mark == "ad":
        hl_rect(d, SX0 + 12, SY0 + 98, SX1 - 12, SY0 + 186, r=10, pad=12)
    elif mark == "result":
        hl_rect(d, SX0 + 12, SY0 + 193, SX1 - 12, SY0 + 281, r=10, pad=6)
        hand(d, 40, SY0 + 262)


@pic("search-results")
def _(d):
    with d.at(400, 300):
        search_results(d, "result")


@pic("search-ad")
def _(d):
    with d.at(400, 300):
        search_results(d, "ad")


# ==== category icons ====

ICONS = {}


def icon(name, tile):
    def deco(fn):
        ICONS[name] = (fn, tile)
        return fn

    return deco


@icon("icon-smartphone", (210, 228, 248))
def _(d):
    with d.at(128, 132, 0.36):
        home_screen(d)


@icon("icon-whatsapp", (210, 240, 220))
def _(d):
    d.poly([(80, 170), (55, 220), (120, 195)], fill=WA, ol=INK, w=5)
    d.circle(128, 122, 82, fill=WA, w=5)
    d.rect(75, 186, 110, 200, fill=WA, ol=None)
    handset(d, 128, 120, 34, WHITE)


@icon("icon-video", (250, 228, 210))
def _(d):
    d.rect(40, 80, 170, 176, fill=ORANGE, r=20, w=6)
    d.poly([(168, 128), (222, 86), (222, 170)], fill=ORANGE, w=6)
    d.circle(80, 110, 12, fill=WHITE, ol=None)


@icon("icon-security", (215, 225, 245))
def _(d):
    d.poly([(128, 30), (212, 58), (204, 145), (128, 226), (52, 145), (44, 58)], fill=BLUE, w=6)
    padlock(d, 128, 128, 70, body=YELLOW)


@icon("icon-shopping", (220, 235, 250))
def _(d):
    cart(d, 132, 120, 0.42)


@icon("icon-health", (215, 240, 225))
def _(d):
    d.rect(48, 48, 208, 208, fill=WHITE, r=30, w=6)
    med_cross(d, 128, 128, 130, col=GREEN)


@icon("icon-office", (245, 232, 215))
def _(d):
    with d.at(128 - 400 * 0.34, 132 - 280 * 0.34, 0.34):
        PICTURES["town-hall"](d)


@icon("icon-transport", (252, 240, 200))
def _(d):
    bus(d, 128, 125, 0.62)


@icon("icon-photos", (240, 225, 245))
def _(d):
    d.rect(36, 74, 220, 200, fill=(70, 78, 92), r=22, w=6)
    d.rect(90, 54, 160, 84, fill=(70, 78, 92), r=8, w=6)
    d.circle(128, 138, 44, fill=WHITE, w=6)
    d.circle(128, 138, 24, fill=SKY, ol=None)
    d.circle(190, 100, 9, fill=YELLOW, ol=None)


# ==== rendering ====


def names():
    return sorted(PICTURES) + sorted(ICONS)


def render(name: str) -> bytes:
    if name in PICTURES:
        d = D(STEP_SIZE)
        PICTURES[name](d)
        return d.out()
    fn, tile = ICONS[name]
    d = D(ICON_SIZE, bg=tile)
    fn(d)
    return d.out()


def main(argv):
    out = Path(argv[1]) if len(argv) > 1 else Path("pictures-out")
    out.mkdir(parents=True, exist_ok=True)
    wanted = argv[2:] or names()
    for n in wanted:
        (out / f"{n}.png").write_bytes(render(n))
    print(f"{len(wanted)} pictures in {out}")


if __name__ == "__main__":
    main(sys.argv)
