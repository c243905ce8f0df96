"""Lists shown a page at a time, with big "Weiter"/"Zurück" instead of scrolling.

Usage::

    pager = Pager(items, per_page=6)
    pager.visible   # the items on the current page
    pager.next()    # False when already on the last page
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Pager(Generic[T]):
    """Which items of a list are on the current page; the page stays in range."""

    def __init__(self, items: Sequence[T], per_page: int, page: int = 0):
        self.items = items  # not copied: a long list is only ever sliced a page at a time
        self.per_page = max(1, int(per_page))
        self.page = min(max(page, 0), self.pages - 1)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.items) // self.per_page))

    @property
    def visible(self) -> list[T]:
        start = self.page * self.per_page
        return self.items[start:start + self.per_page]

    @property
    def has_next(self) -> bool:
        return self.page < self.pages - 1

    @property
    def has_previous(self) -> bool:
        return self.page > 0

    def next(self) -> bool:
        if not self.has_next:
            return False
        self.page += 1
        return True

    def previous(self) -> bool:
        if not self.has_previous:
            return False
        self.page -= 1
        return True

    def page_of(self, index: int) -> int:
        """The page that shows item number ``index``."""
        return min(max(index, 0) // self.per_page, self.pages - 1)
