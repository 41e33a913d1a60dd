"""A text search in another order than the list's own takes one of two ways (the matches
sorted, or the order's index walked and each row checked): both give the same suggestions
in the same order, chunk by chunk, for Chinese, Latin letters, full-width forms and
several words."""

from __future__ import annotations

import pytest

from app.office import Office
from app.suggestions.records import SuggestionQuery
from app.suggestions.suggestions import Suggestions


@pytest.mark.parametrize("sort", ["unit", "title", "deadline", "township", "status"])
def test_both_ways_of_a_sorted_search_agree(demo_office: Office, monkeypatch, sort: str):
    s = demo_office.suggestions
    first = s.search(SuggestionQuery(status="registered"))[0]
    s.edit(first, title="关于ＡＢＣ水厂扩建的建议")  # full-width letters, found as "abc"
    for text in ("村", "山塘", "饮水困难", "abc", "水 路", "王𠮷"):
        query = SuggestionQuery(text=text, sort=sort, descending=True)
        monkeypatch.setattr(Suggestions, "DENSE_SHARE", 2.0)  # never walk: sort matches
        sorted_way = s.search(query)
        count = s.count(query)
        monkeypatch.setattr(Suggestions, "DENSE_SHARE", 0.0)  # always walk the order
        walked = s.search(query)
        assert walked == sorted_way, text
        assert s.search(query, limit=5, offset=2) == sorted_way[2:7], text
        assert count == len(sorted_way) == s.count(query), text
    assert first in s.search(SuggestionQuery(text="abc", sort=sort))
