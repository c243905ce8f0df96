"""What a receipt printer would make of a byte stream, for the slip and printer tests: a strict
ESC/POS reader (unknown commands fail the test) and a printer on a real TCP socket.

The reader decodes text by the code page the stream selected (ESC t n, the printer's own table
from python-escpos' capabilities, decoded with Python's codecs, not python-escpos' encoder), and
keeps the QR code's stored data (GS ( k, function 80) and the cut (GS V).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

from escpos.printer import Dummy

ESC, GS, DLE = 0x1B, 0x1D, 0x10
CODE_PAGES = {int(n): name for n, name in Dummy().profile.profile_data["codePages"].items()}


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    bold: bool


@dataclass
class Printed:
    lines: list[Line] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)
    qr_module: int = 0
    cuts: int = 0
    resets: int = 0
    queries: list[int] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def read(stream: bytes) -> Printed:
    printed = Printed()
    codec, size, bold, text, text_size, text_bold = "cp437", 1, False, "", 1, False
    i = 0
    while i < len(stream):
        byte = stream[i]
        if byte == 0x0A:
            printed.lines.append(Line(text, text_size, text_bold))
            text = ""
            i += 1
        elif byte == ESC:
            command = stream[i + 1]
            if command == ord("@"):
                printed.resets += 1
                codec, size, bold = "cp437", 1, False
                i += 2
            elif command == ord("t"):
                codec = CODE_PAGES[stream[i + 2]].lower()
                i += 3
            elif command == ord("E"):
                bold = bool(stream[i + 2])
                i += 3
            elif command == ord("d"):  # print and feed n lines
                printed.lines += [Line("", size, bold)] * stream[i + 2]
                i += 3
            elif command == ord("a"):  # align
                i += 3
            else:
                raise AssertionError(f"unknown ESC {command:#x} at {i}")
        elif byte == GS:
            command = stream[i + 1]
            if command == ord("!"):
                width, height = (stream[i + 2] >> 4) + 1, (stream[i + 2] & 0x0F) + 1
                assert width == height, "letters stretched one way"
                size = width
                i += 3
            elif command == ord("(") and stream[i + 2] == ord("k"):
                length = stream[i + 3] + 256 * stream[i + 4]
                body = stream[i + 5:i + 5 + length]
                assert body[0] == ord("1"), "a 2D code that is no QR code"
                if body[1] == 80:  # store the data (m = '0')
                    printed.qr.append(body[3:].decode("utf-8"))
                elif body[1] == 67:  # module size
                    printed.qr_module = body[2]
                i += 5 + length
            elif command == ord("V"):
                printed.cuts += 1
                i += 3 if stream[i + 2] in (0, 1, 48, 49) else 4
            else:
                raise AssertionError(f"unknown GS {command:#x} at {i}")
        elif byte == DLE and stream[i + 1] == 0x04:  # a real-time status query
            printed.queries.append(stream[i + 2])
            i += 3
        elif byte < 0x20:
            raise AssertionError(f"unknown control byte {byte:#x} at {i}")
        else:
            if not text:
                text_size, text_bold = size, bold
            text += bytes([byte]).decode(codec)
            i += 1
    assert not text, f"text never printed (no line feed): {text!r}"
    return printed


class SocketPrinter:
    """An ESC/POS network printer on 127.0.0.1: keeps every byte it is sent and answers the
    real-time status queries (DLE EOT 1: online, DLE EOT 4: paper sensor) as told."""

    PAPER_OK, NO_PAPER = 0x12, 0x72
    ONLINE, OFFLINE = 0x12, 0x1A

    def __init__(self, paper: int = PAPER_OK, online: int = ONLINE, answer: bool = True):
        self.paper, self.online, self.answer = paper, online, answer
        self.received = bytearray()
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self._server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                while chunk := conn.recv(65536):
                    self.received += chunk
                    if self.answer:
                        for query, reply in ((b"\x10\x04\x01", self.online),
                                             (b"\x10\x04\x04", self.paper)):
                            conn.sendall(bytes([reply]) * chunk.count(query))

    def close(self) -> None:
        self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() waiting on the thread
        self._server.close()
        self._thread.join(timeout=5)
