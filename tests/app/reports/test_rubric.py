"""The county's evaluation: the rubric is checked before anything is scored (refusals in
Chinese), every score shows the figure it read, townships are ranked with ties sharing a
rank, and the red flag goes to the best; a township scores itself with the same rubric."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.errors import ValidationError
from app.county.figures import Comparison, compare_townships, county_figures
from app.reports.rubric import (
    DEFAULT_RUBRIC,
    check_rubric,
    county_scores,
    load_rubric,
    rubric_json,
    score_comparison,
)

BY_HAND = "县人大常委会综合评价（手工评分）"


def test_the_default_rubric_adds_up_and_reads_existing_figures():
    assert check_rubric(DEFAULT_RUBRIC) is DEFAULT_RUBRIC
    assert sum(i.points for i in DEFAULT_RUBRIC.items) == DEFAULT_RUBRIC.total == 100
    keys = {f.key for f in county_figures()}
    assert {i.figure for i in DEFAULT_RUBRIC.items if i.figure} <= keys


def test_a_rubric_that_cannot_be_scored_is_refused_in_chinese(tmp_path: Path):
    items = list(DEFAULT_RUBRIC.items)
    short = replace(DEFAULT_RUBRIC, items=tuple(items[1:]))
    with pytest.raises(ValidationError) as refused:
        check_rubric(short)
    assert refused.value.fields["points"] == "各项分值合计 85 分，与满分 100 分不符，请调整各项分值"
    unknown = replace(DEFAULT_RUBRIC, items=(replace(items[0], figure="meetings_done"), *items[1:]))
    with pytest.raises(ValidationError) as refused:
        check_rubric(unknown)
    assert "读取的数据“meetings_done”不存在" in refused.value.fields["item1"]
    no_target = replace(DEFAULT_RUBRIC, items=(replace(items[0], target=0), *items[1:]))
    with pytest.raises(ValidationError, match="得满分的数值"):
        check_rubric(no_target)
    with pytest.raises(ValidationError, match="等次应从高到低"):
        check_rubric(replace(DEFAULT_RUBRIC, grades=((60, "合格"), (90, "优秀"))))
    # The county's own file: written, edited, read back; a broken one is refused.
    path = tmp_path / "细则.json"
    path.write_text(rubric_json(DEFAULT_RUBRIC), encoding="utf-8")
    assert load_rubric(path) == DEFAULT_RUBRIC
    data = json.loads(path.read_text(encoding="utf-8"))
    data["items"][0]["points"] = 20
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError, match="合计 105 分"):
        load_rubric(path)
    path.write_text('{"items": [{"名称": 1}]}', encoding="utf-8")
    with pytest.raises(ValidationError, match="格式不对"):
        load_rubric(path)


def test_a_township_scores_itself_from_its_comparison_figures(demo_office):
    office = demo_office
    comparison = compare_townships(office)
    scores = county_scores(office)
    (row,) = scores.rows
    home = office.home_township_id()
    kinds = {f.key: f.kind for f in comparison.figures}
    for item, scored in zip(DEFAULT_RUBRIC.items, row.items, strict=True):
        if not item.figure:
            assert scored.value is None and scored.score == 0
            continue
        value = comparison.value(item.figure, home)
        assert scored.value == value
        target = item.target or (100 if kinds[item.figure] == "percent" else 0)
        assert scored.score == round(item.points * min(value / target, 1), 2)
    assert row.total == round(sum(i.score for i in row.items), 2) > 60
    assert row.grade == next(name for low, name in DEFAULT_RUBRIC.grades if row.total >= low)
    on_time = next(i for i in row.items if i.label == "建议按期答复率")
    assert on_time.value and 0 < on_time.value <= 100  # the township's own rate


def test_townships_are_ranked_and_the_best_wins_the_red_flag():
    figures = county_figures()
    keys = [i.figure for i in DEFAULT_RUBRIC.items if i.figure]
    levels = {1: 100.0, 2: 0.0, 3: 100.0, 4: 50.0}
    values = {k: dict(levels) for k in keys}
    names = [(1, "甲镇"), (2, "乙乡"), (3, "丙镇"), (4, "丁乡")]
    comparison = Comparison(figures, names, values, {})
    manual = {"甲镇": {BY_HAND: 5}}
    scores = score_comparison(comparison, DEFAULT_RUBRIC, manual)
    by_name = {r.name: r for r in scores.rows}
    assert by_name["甲镇"].total == 100 and by_name["丙镇"].total == 95
    assert [r.name for r in scores.rows][:2] == ["甲镇", "丙镇"]
    assert by_name["甲镇"].grade == "优秀" and by_name["乙乡"].grade == "不合格"
    assert scores.red_flag_holders == ["甲镇"]
    two = score_comparison(comparison, replace(DEFAULT_RUBRIC, red_flags=2), manual)
    assert two.red_flag_holders == ["甲镇", "丙镇"]
    # Equal totals share a rank (and the red flag).
    tied = score_comparison(comparison, DEFAULT_RUBRIC)
    assert [r.rank for r in tied.rows] == [1, 1, 3, 4]
    assert tied.red_flag_holders == ["甲镇", "丙镇"]
    with pytest.raises(ValidationError, match="超出 0 至 5 分"):
        score_comparison(comparison, DEFAULT_RUBRIC, {"甲镇": {BY_HAND: 8}})


def test_the_county_score_command(demo_db: Path, tmp_path: Path, capsys):
    from app.cli import main

    assert main(["--db", str(demo_db), "county-score", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["townships"][0]["township"] == "清溪镇" and data["townships"][0]["rank"] == 1
    bad = tmp_path / "bad.json"
    bad.write_text(rubric_json(replace(DEFAULT_RUBRIC, total=90)), encoding="utf-8")
    assert main(["--db", str(demo_db), "county-score", "--rubric", str(bad)]) == 1
    assert "与满分 90 分不符" in capsys.readouterr().err
