"""A topic's printable sheet: an A4 PDF in large print, for the senior to take home."""
