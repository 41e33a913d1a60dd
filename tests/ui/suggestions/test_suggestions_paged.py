"""A list too long to read at once (a prefecture's 500,000 suggestions): the page loads
its first rows, says it is counting the rest, counts them off the UI thread, loads more as
the view scrolls, and a header sort or a search shows the right first rows at once. The
model's chunk is made small here, so the township demo's suggestions span several."""

from __future__ import annotations

from app.suggestions.records import SuggestionQuery
from tests.ui.helpers import type_text
from ui.models.paged_table import PagedTableModel


def test_a_long_list_is_loaded_in_chunks_and_counted_aside(qtbot, window, monkeypatch):
    monkeypatch.setattr(PagedTableModel, "FIRST", 10)
    monkeypatch.setattr(PagedTableModel, "CHUNK", 15)
    office = window.office
    window.go("suggestions")
    page = window.pages["suggestions"].list
    page.apply_filters()
    everything = office.suggestions.search(SuggestionQuery())
    assert len(everything) > 40
    assert page.model.rowCount() == 10 and not page.model.complete
    assert "正在统计" in page.count_label.text()
    qtbot.waitUntil(lambda: page.count_label.text() == f"共 {len(everything)} 件", timeout=5000)
    assert page.total == len(everything)

    while page.model.canFetchMore():
        page.model.fetchMore()
    assert [page.model.record_id(r) for r in range(page.model.rowCount())] == everything

    # A header sort shows the first rows of the new order; scrolling on gives the rest.
    unit = next(i for i, c in enumerate(page.model.columns) if c.key == "unit")
    page.table.sortByColumn(unit, page.table.horizontalHeader().sortIndicatorOrder())
    by_unit = office.suggestions.search(page.model.query)
    assert [page.model.record_id(r) for r in range(page.model.rowCount())] == by_unit[:10]
    # Going to a record far down loads the rows up to it.
    last = by_unit[-1]
    assert page.select(last)
    assert page.model.record_id(page.model.row_of(last)) == last

    # A search: the count of the matches comes the same way.
    type_text(page.search, "塘")
    matches = office.suggestions.count(SuggestionQuery(text="塘"))
    qtbot.waitUntil(lambda: f"共 {matches} 件" == page.count_label.text(), timeout=5000)
