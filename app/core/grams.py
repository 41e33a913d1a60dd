"""Full-text search in Chinese for queries of any length: the index text ("grams") of a
record and the FTS5 query that finds it. Used by the suggestions' index and the
receptions' index (their own tables, kept by triggers).

SQLite's FTS5 trigram tokenizer finds only queries of three or more characters, and a
LIKE scan of 100,000 suggestions takes about 120 ms. Chinese queries are often one or two
characters (水, 道路), so the index holds every character and every pair of neighbouring
characters of a record (its "grams") in a contentless FTS5 table with detail=none:

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
# The SQL names of grams(): the suggestions' triggers (since 0.1) call the first, later
# indexes the second. Every connection renda opens has both (app/db/connection.py): a
# trigger of an index may fire on any connection that writes.
SQL_FUNCTIONS = ("suggestion_grams", "text_grams")


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
    """The index text of a record: its distinct grams, sorted (the same text gives the
    same grams in every process, which the contentless index needs to forget a row).

    Clauses repeat across suggestions (and the demo builds 100,000 of them), so each
    clause's grams are cached."""
    found: set[str] = set()
    # The texts as one (a space between them separates as punctuation does): normalised
    # and split once per record, not once per field (the county merge indexes 100,000).
    for segment in _SEPARATORS.split(normalise(" ".join(t for t in texts if t))):
        if segment:
            found.update(_segment_grams(segment))
    return " ".join(sorted(found))


def register_grams(conn: sqlite3.Connection) -> None:
    """Make grams() callable from SQL on this connection, under each of its names."""
    for name in SQL_FUNCTIONS:
        conn.create_function(name, -1, grams, deterministic=True)


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
