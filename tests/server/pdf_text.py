"""The text of a PDF as fpdf2 writes it (embedded TrueType fonts, Identity-H, a ToUnicode map
per font), read back from the file's bytes without fpdf2: what a PDF viewer would copy.
Also which fonts the file embeds. Enough for tests; no general PDF reader."""

from __future__ import annotations

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def _objects(raw: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in _OBJ.finditer(raw)}


def _stream(body: bytes) -> bytes:
    data = _STREAM.search(body)[1]
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _cmap(data: bytes) -> dict[int, str]:
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>",
                                        block):
            first = int(start, 16)
            for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                found[code] = chr(first + n)
    return found


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(text: bytes) -> bytes:
    """A PDF literal string's bytes (backslash escapes undone)."""
    def undo(m: re.Match) -> bytes:
        code = m[1]
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return _ESCAPES.get(code, code)
    return re.sub(rb"\\([0-7]{1,3}|.)", undo, text, flags=re.S)


def embedded_fonts(raw: bytes) -> list[str]:
    """The names of the fonts whose files are in the PDF (FontFile2: TrueType)."""
    return [m[1].decode() for body in _objects(raw).values() if b"/FontFile2" in body
            for m in [re.search(rb"/FontName /(?:[A-Z]+\+)?(\S+)", body)] if m]


def pages_text(raw: bytes) -> list[list[str]]:
    """Each page's lines of text, in the order they are drawn."""
    objects = _objects(raw)
    pages = []
    for body in objects.values():
        if not re.search(rb"/Type /Page\b(?!s)", body):
            continue
        resources = objects[int(re.search(rb"/Resources (\d+) 0 R", body)[1])]
        fonts = {}
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", resources):
            font = objects[int(number)]
            unicode = int(re.search(rb"/ToUnicode (\d+) 0 R", font)[1])
            fonts[name.decode()] = _cmap(_stream(objects[unicode]))
        content = _stream(objects[int(re.search(rb"/Contents (\d+) 0 R", body)[1])])
        lines, font = [], {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj|"
                                 rb"\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if token[1]:
                font = fonts[token[1].decode()]
                continue
            codes = bytes.fromhex(token[2].decode()) if token[2] is not None else _literal(
                token[3])
            lines.append("".join(font.get(int.from_bytes(codes[i:i + 2], "big"), "?")
                                 for i in range(0, len(codes), 2)))
        pages.append(lines)
    return pages
