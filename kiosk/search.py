"""Full-text search over help topics (SQLite FTS5), forgiving of umlauts, half-typed words and
typos, with managers' keywords (synonyms) searched like titles.

Index and query are folded the same way: lower case, umlauts and accents removed, ß → ss. A query
typed as "Geschaefte" also tries "Geschafte", so people without umlaut keys find "Geschäfte".
Every word is a prefix ("Whats" finds WhatsApp); all words must match. Title hits rank above
keyword hits, then summary hits, then hits in the steps.

When that finds nothing, each word that starts no indexed word is also tried as its nearest
words in the vocabulary (``search_words``, every indexed word, rebuilt with the index): by
Damerau–Levenshtein distance, at most one edit for 5–8 letters, two from 9, none below, so
"Whtasapp" finds WhatsApp and "Ohm" finds nothing it does not contain. If still nothing and more
than one word was typed, the topics matching any one of them are offered as suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

    from kiosk.store import Store

_WORD = re.compile(r"\w+")
_RANK = "bm25(search_docs_fts, 10.0, 4.0, 1.0, 8.0)"  # title, summary, body, keywords
INDEXED = ("title", "summary", "body", "keywords")
MIN_VOCABULARY_WORD = 4   # shorter words are never a typo's nearest word (see typo_limit)
MAX_CORRECTIONS = 3       # nearest words tried per mistyped word
SUGGESTIONS = 6


def fold(text: str) -> str:
    """Lower case without accents: "Löschen" finds "loschen", and the Turkish dotless ı is an i
    (a keyboard without ı types "dolandirici" for "dolandırıcı")."""
    text = text.lower().replace("ß", "ss").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _variants(word: str) -> set[str]:
    spelled_out = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return {word, spelled_out}


def _query(groups: Iterable[set[str]], joiner: str = " AND ") -> str:
    return joiner.join("(" + " OR ".join(f'"{v}"*' for v in sorted(group)) + ")"
                       for group in groups)


def fts_query(text: str) -> str:
    """Turn what someone typed into a safe FTS5 query ('' when there is nothing to search)."""
    return _query(_variants(word) for word in _WORD.findall(fold(text)))


def typo_limit(word: str) -> int:
    """Edits a typed word may be away from the word meant: short words have too many
    neighbours ("Ohm", "Oma", "Ohr") for any guess to be right."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: insert, delete, replace, swap
    two neighbours), or ``limit + 1`` as soon as it must be more than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            row[j] = best
        if min(row) > limit:
            return limit + 1
        before, previous = previous, row
    return min(previous[-1], limit + 1)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of folded ``texts`` a typo can be corrected to (no numbers, no short words)."""
    return {w for text in texts for w in _WORD.findall(text)
            if len(w) >= MIN_VOCABULARY_WORD and not w.isdigit()}


def rebuild_index(db: sqlite_utils.Database) -> None:
    """Rebuild the full-text index and the vocabulary from ``search_docs`` (after an import or
    a schema change); inside the caller's write transaction."""
    db.execute("INSERT INTO search_docs_fts(search_docs_fts) VALUES('rebuild')")
    db.execute("DELETE FROM search_words")
    rows = db.execute(f"SELECT {', '.join(INDEXED)} FROM search_docs")
    words = vocabulary(text for row in rows for text in row if text)
    db["search_words"].insert_all({"word": w} for w in sorted(words))


def _starts_a_word(store: Store, word: str) -> bool:
    return store.db.execute("SELECT 1 FROM search_words WHERE word >= ? AND word < ? LIMIT 1",
                            [word, word + "\U0010ffff"]).fetchone() is not None


def corrections(store: Store, word: str) -> list[str]:
    """The vocabulary words nearest to ``word`` within its :func:`typo_limit`, best first.

    Candidates start with the word's first or second letter (a wrong first letter is rare; two
    swapped first letters are not), so a 30,000-word vocabulary is read a letter or two at a
    time."""
    limit = typo_limit(word)
    if not limit or _starts_a_word(store, word):
        return []
    rows = store.db.execute(
        """SELECT word FROM search_words
           WHERE (word >= :a AND word < :a || char(1114111)
                  OR word >= :b AND word < :b || char(1114111))
             AND length(word) BETWEEN :shortest AND :longest""",
        {"a": word[0], "b": word[1], "shortest": len(word) - limit,
         "longest": len(word) + limit})
    near = sorted((d, w) for (w,) in rows if (d := distance(word, w, limit)) <= limit)
    return [w for d, w in near if d == near[0][0]][:MAX_CORRECTIONS]


def _run(store: Store, query: str, language: str, limit: int) -> list[str]:
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


@dataclass(frozen=True)
class Found:
    """What a search found: ``topics`` (best first), or, when none, ``suggestions``: the
    topics nearest to what was typed, to offer instead of a bare "Nichts gefunden"."""

    topics: list[str]
    suggestions: list[str]


def find(store: Store, text: str, language: str, limit: int = 50) -> Found:
    """Search ``language`` and German for ``text``; typos and suggestions as described above."""
    words = _WORD.findall(fold(text))
    if not words:
        return Found([], [])
    groups = [_variants(word) for word in words]
    if hits := _run(store, _query(groups), language, limit):
        return Found(hits, [])
    fixed = [group | set(corrections(store, word))
             for word, group in zip(words, groups, strict=True)]
    if fixed != groups and (hits := _run(store, _query(fixed), language, limit)):
        return Found(hits, [])
    if len(fixed) == 1:  # "any one of the words" is that word: nothing, as just seen
        return Found([], [])
    return Found([], _run(store, _query(fixed, " OR "), language, SUGGESTIONS))


def search(store: Store, text: str, language: str, limit: int = 50) -> list[str]:
    """Topic ids matching ``text``, best first (typos forgiven); no suggestions."""
    return find(store, text, language, limit).topics
