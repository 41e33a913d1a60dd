"""A text search in another order than the list's own takes one of three ways (the matches
sorted; the order's index walked and each row checked; for a screenful of a rarer term,
the order's index walked for at most a few entries and tested against the index's
matches): all give the same suggestions in the same order, chunk by chunk, for Chinese,
Latin letters, full-width forms and several words."""

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


@pytest.mark.parametrize("sort", ["unit", "title", "deadline", "township", "received"])
@pytest.mark.parametrize("descending", [True, False])
def test_a_capped_walk_gives_the_screenful_the_sort_gives(
    demo_office: Office, monkeypatch, sort: str, descending: bool
):
    s = demo_office.suggestions
    year = s.get(s.search(SuggestionQuery())[0]).year
    monkeypatch.setattr(Suggestions, "DENSE_SHARE", 2.0)  # never the walk checking text
    for text in ("山塘", "饮水困难", "水 路", "王𠮷", "村"):
        for query in (
            SuggestionQuery(text=text, sort=sort, descending=descending),
            SuggestionQuery(text=text, sort=sort, descending=descending, year=year),
        ):
            sorted_way = s.search(query)  # all of them: the matches sorted
            # A screenful: the matches sorted by narrow keys (no walk), the order walked
            # whenever it may (at once, or growing from a short probe), or a walk the cap
            # cuts short and the sort after it.
            for probe, cap in ((4000, 0), (4000, 10**9), (3, 10**9), (3, 60)):
                monkeypatch.setattr(Suggestions, "WALK_PROBE", probe)
                monkeypatch.setattr(Suggestions, "WALK_CAP", cap)
                for limit, offset in ((5, 0), (5, 2), (501, 0), (50, max(len(sorted_way) - 3, 0))):
                    expected = sorted_way[offset : offset + limit]
                    assert s.search(query, limit=limit, offset=offset) == expected, (
                        text,
                        probe,
                        cap,
                    )
