"""Full-text search of suggestions in Chinese, for queries of any length.

SQLite's FTS5 trigram tokenizer finds only queries of three or more characters, and a
LIKE scan of 100,000 suggestions takes about 120 ms. Chinese queries are often one or two
characters (水, 道路), so the index holds every character and every pair of neighbouring
characters of a suggestion (its "grams") in a contentless FTS5 table with detail=none:

- a query of one character looks up that character, of two looks up that pair: exact;
- a longer query looks up all its pairs (AND), then the few candidates are checked for
  the whole string.

Text is split at punctuation and spaces first, so no pair spans a comma. Characters
outside the BMP (𠮷) are single code points here as in SQLite's unicode61 tokenizer."""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from app.core.chinese import to_halfwidth

_SEPARATORS = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    return to_halfwidth(text).lower()


def segments(text: str) -> list[str]:
    return [s for s in _SEPARATORS.split(normalise(text)) if s]


@lru_cache(maxsize=20_000)
def _segment_grams(segment: str) -> frozenset[str]:
    grams = set(segment)
    grams.update(segment[i : i + 2] for i in range(len(segment) - 1))
    return frozenset(grams)


def grams(*texts: str) -> str:
    """The index text of a suggestion: its distinct grams, sorted (the same text gives
    the same grams in every process, which the contentless index needs to forget a row).

    Clauses repeat across suggestions (and the demo builds 100,000 of them), so each
    clause's grams are cached."""
    found: set[str] = set()
    for text in texts:
        for segment in segments(text or ""):
            found.update(_segment_grams(segment))
    return " ".join(sorted(found))


SQL_FUNCTION = "suggestion_grams"


def contains(query: str, *texts: str) -> int:
    """1 when every segment of `query` occurs in the texts, as the index would find it
    (the same normalising; a segment holds no separator, so it cannot match across
    one). The list checks rows with it while walking another order's index."""
    text = " ".join(normalise(t or "") for t in texts)
    return int(all(segment in text for segment in segments(query)))


CONTAINS_FUNCTION = "suggestion_contains"
_TEXT_COLUMNS = ("s.number", "s.title", "s.content", "s.proposal")


def contains_sql(query: str) -> tuple[str, list[str]]:
    """The SQL condition (on suggestions `s`) that a row holds every segment of the query,
    exactly as contains() decides. A segment of Chinese characters only is unchanged by
    normalising and cannot be made by normalising anything else: SQLite's instr() on the
    stored text decides it alone, 5x faster than calling Python for each row."""
    parts: list[str] = []
    params: list[str] = []
    pending = []
    for segment in segments(query):
        if all(ord(c) >= 0x2E80 for c in segment):
            parts.append("(" + " OR ".join(f"instr({c}, ?)" for c in _TEXT_COLUMNS) + ")")
            params.extend([segment] * len(_TEXT_COLUMNS))
        else:
            pending.append(segment)
    if pending:
        parts.append(f"{CONTAINS_FUNCTION}(?, {', '.join(_TEXT_COLUMNS)})")
        params.append(" ".join(pending))
    return " AND ".join(parts) or "1", params


def register(conn: sqlite3.Connection) -> None:
    """Make grams() callable from SQL on this connection (the index's triggers use it),
    and contains() (the list's check of a row)."""
    conn.create_function(SQL_FUNCTION, -1, grams, deterministic=True)
    conn.create_function(CONTAINS_FUNCTION, -1, contains, deterministic=True)


def _quoted(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a query (words separated by spaces must all occur),
    or None when the query holds nothing searchable."""
    terms: list[str] = []
    for segment in segments(query):
        if len(segment) <= 2:
            terms.append(_quoted(segment))
        else:
            terms.extend(_quoted(segment[i : i + 2]) for i in range(len(segment) - 1))
    return " AND ".join(dict.fromkeys(terms)) if terms else None


def needs_check(query: str) -> list[str]:
    """The segments the index cannot confirm alone (longer than two characters): the
    candidates must contain each of them."""
    return [s for s in segments(query) if len(s) > 2]
