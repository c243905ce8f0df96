"""Full-text search over help topics (SQLite FTS5), forgiving of umlauts and half-typed words.

Index and query are folded the same way: lower case, umlauts and accents removed, ß → ss. A query
typed as "Geschaefte" also tries "Geschafte", so people without umlaut keys find "Geschäfte".
Every word is a prefix ("Whats" finds WhatsApp); all words must match. Title hits rank above
summary hits, which rank above hits in the steps.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.store import Store

_WORD = re.compile(r"\w+")
_RANK = "bm25(search_docs_fts, 10.0, 4.0, 1.0)"


def fold(text: str) -> str:
    text = text.lower().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variants(word: str) -> set[str]:
    spelled_out = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return {word, spelled_out}


def fts_query(text: str) -> str:
    """Turn what someone typed into a safe FTS5 query ('' when there is nothing to search)."""
    groups = []
    for word in _WORD.findall(fold(text)):
        alternatives = " OR ".join(f'"{v}"*' for v in sorted(_variants(word)))
        groups.append(f"({alternatives})")
    return " AND ".join(groups)


def search(store: Store, text: str, language: str, limit: int = 50) -> list[str]:
    """Topic ids matching ``text``, best first; searches ``language`` and German."""
    query = fts_query(text)
    if not query:
        return []
    # A topic has at most two documents here (its language and German): 2 × limit rows are
    # enough, and the LIMIT lets SQLite stop sorting early.
    rows = store.db.execute(
        f"""SELECT d.topic_id FROM search_docs_fts
            JOIN search_docs d ON d.id = search_docs_fts.rowid
            WHERE search_docs_fts MATCH ? AND d.language IN (?, 'de')
            ORDER BY {_RANK}, d.topic_id LIMIT ?""",
        [query, language, 2 * limit],
    )
    best_first = dict.fromkeys(row[0] for row in rows)  # a topic's best-ranked language wins
    return list(best_first)[:limit]
