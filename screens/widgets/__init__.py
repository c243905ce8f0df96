"""Widgets every screen uses, a module for each job, each with its ``.kv`` beside it:

- ``text``: scripts and directions (a font per script, Arabic right to left, mirrored layouts),
  measuring text, breaking long words; ``BodyLabel``, ``TitleLabel``
- ``panels``: boxes with a background colour; ``MessagePanel`` (a message on the warning colour)
- ``buttons``: ``BigButton``, the way home, "Vorlesen", the row of actions, the top bar
- ``paging``: tiles and paragraphs a page at a time (``PagedGrid``, ``Tile``, ``PagedText``)
- ``keyboard``: the entry field, its row, and the on-screen keyboard and number pad
- ``dialogs``: a yes/no question, a notice, a warning
- ``qr``: a QR code

Sizes and colours come only from ``app.theme`` (millimetres turned into pixels), see the kv files.
Nothing here needs more than a single tap: no swipe, no long press, no scrolling.

Importing the package loads every module, and so every kv rule; import a name from the module
that defines it.
"""

from screens.widgets import buttons, dialogs, keyboard, paging, panels, qr, text  # noqa: F401
