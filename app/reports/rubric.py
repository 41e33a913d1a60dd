"""The county's evaluation of townships (绩效考评): a rubric of items, each worth some points
and read from a figure of the county's comparison (app.county.figures) or scored by hand;
each township's score, rank and 等次, and the holder(s) of the rotating red flag (流动红旗).
A township runs the same rubric on its own database as a self-assessment.

A rubric is data: the default below, or a JSON file the county edits (`load_rubric`), or the
rubric kept in the database's settings (`office_rubric`, edited on the 报告 page). One whose
points do not add up to its total, or that reads a figure that does not exist, is refused in
Chinese before anything is scored. The hand scores of each year are kept there too
(`hand_scores`)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import faults
from app.core.errors import ValidationError

if TYPE_CHECKING:
    from app.county.figures import Comparison
    from app.office import Office


@dataclass(frozen=True)
class RubricItem:
    label: str
    points: float  # full marks of the item
    figure: str = ""  # a county figure's key; empty: scored by hand
    target: float = 0  # the value that earns full marks (a percent figure: 100 if not given)


@dataclass(frozen=True)
class Rubric:
    title: str
    total: float
    items: tuple[RubricItem, ...]
    grades: tuple[tuple[float, str], ...]  # (lowest score, 等次), best first
    red_flags: int = 1  # how many townships win the 流动红旗 (ties share it)


DEFAULT_RUBRIC = Rubric(
    title="乡镇人大工作绩效考评",
    total=100,
    items=(
        RubricItem("按期召开人代会", 15, "sessions_held", 2),
        RubricItem("召开主席团会议", 10, "presidium_held", 4),
        RubricItem("开展代表小组活动", 10, "group_activities_held", 20),
        RubricItem("组织代表活动（视察、调研、执法检查、培训等）", 10, "activities_this_year", 12),
        RubricItem("联络站接待选民", 10, "receptions_this_year", 48),
        RubricItem("建议按期答复率", 15, "suggestions_on_time"),
        RubricItem("建议结果满意率", 10, "suggestions_satisfaction"),
        RubricItem("代表向选民述职", 10, "reported_to_voters"),
        RubricItem("人代会出席率", 5, "session_attendance"),
        RubricItem("县人大常委会综合评价（手工评分）", 5),
    ),
    grades=((90, "优秀"), (80, "良好"), (60, "合格"), (0, "不合格")),
)


def known_figures() -> dict[str, tuple[str, str]]:
    """Figure key -> (label, kind) of every figure a rubric item may read."""
    from app.county.figures import county_figures

    return {f.key: (f.label, f.kind) for f in county_figures()}


def check_rubric(rubric: Rubric) -> Rubric:
    """Refuse, in Chinese, a rubric that cannot be scored; return it unchanged otherwise."""
    errors: dict[str, str] = {}
    figures = known_figures()
    if not rubric.items:
        errors["items"] = "考评细则没有任何考评项目，请至少列出一项"
    points = sum(item.points for item in rubric.items)
    if abs(points - rubric.total) > 1e-6:
        errors["points"] = (
            f"各项分值合计 {points:g} 分，与满分 {rubric.total:g} 分不符，请调整各项分值"
        )
    for n, item in enumerate(rubric.items, 1):
        if item.points <= 0:
            errors[f"item{n}"] = f"第 {n} 项“{item.label}”的分值应大于 0"
        if item.figure and item.figure not in figures:
            errors[f"item{n}"] = (
                f"第 {n} 项“{item.label}”读取的数据“{item.figure}”不存在，可用的数据："
                + "、".join(f"{k}（{label}）" for k, (label, _kind) in figures.items())
            )
        elif item.figure and figures[item.figure][1] == "count" and item.target <= 0:
            errors[f"item{n}"] = f"第 {n} 项“{item.label}”是计数，请给出得满分的数值（target）"
    lows = [low for low, _name in rubric.grades]
    if not rubric.grades or lows != sorted(lows, reverse=True) or lows[-1] != 0:
        errors["grades"] = (
            "等次应从高到低列出分数线，最后一档从 0 分起，如 90 优秀、80 良好、60 合格、0 不合格"
        )
    if rubric.red_flags < 0:
        errors["red_flags"] = "流动红旗名额不能为负数"
    if errors:
        raise ValidationError(errors)
    return rubric


def load_rubric(path: Path | str) -> Rubric:
    """A rubric from the county's JSON file (as `rubric_json` writes it), checked."""
    try:
        rubric = rubric_from_data(json.loads(Path(path).read_text(encoding="utf-8")))
    except OSError as exc:
        problem = f"无法读取考评细则文件“{path}”：{faults.reason(exc)}"
        raise ValidationError({"rubric": problem}) from exc
    except ValueError as exc:
        raise ValidationError({"rubric": f"考评细则文件不是有效的 JSON：{exc}"}) from exc
    return check_rubric(rubric)


def rubric_from_data(data: Any) -> Rubric:
    """A rubric from its JSON data (not yet checked); a shape that is not one is refused."""
    try:
        rubric = Rubric(
            title=str(data.get("title", DEFAULT_RUBRIC.title)),
            total=float(data.get("total", 100)),
            items=tuple(
                RubricItem(
                    label=str(i["label"]),
                    points=float(i["points"]),
                    figure=str(i.get("figure", "")),
                    target=float(i.get("target", 0)),
                )
                for i in data["items"]
            ),
            grades=tuple((float(low), str(name)) for low, name in data.get("grades", [])),
            red_flags=int(data.get("red_flags", 1)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ValidationError(
            {"rubric": "考评细则文件格式不对：每一项应有 label（名称）和 points（分值），"
                       f"可有 figure（读取的数据）和 target（满分数值）。（{exc}）"}
        ) from exc  # fmt: skip
    return rubric


def rubric_json(rubric: Rubric) -> str:
    """The rubric as the JSON file the county edits."""
    data = asdict(rubric)
    data["grades"] = [list(g) for g in rubric.grades]
    return json.dumps(data, ensure_ascii=False, indent=2)


# ---- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    label: str
    points: float  # full marks
    value: float | None  # the figure read (None: scored by hand)
    score: float
    figure: str = ""  # the figure's key (empty: scored by hand)
    target: float = 0  # the value that earns full marks

    def basis(self, figures: dict[str, tuple[str, str]]) -> str:
        """What the score was read from, in words: '本年召开人代会（次）2，满分标准 2'."""
        if not self.figure:
            return "手工评分"
        label, kind = figures.get(self.figure, (self.figure, "count"))
        value = f"{self.value:.1f}" if kind == "percent" else f"{self.value:g}"
        return f"{label}{value}，满分标准 {self.target:g}"


@dataclass(frozen=True)
class TownshipScore:
    township_id: int
    name: str
    items: tuple[ItemScore, ...]
    total: float
    rank: int
    grade: str
    red_flag: bool


@dataclass(frozen=True)
class Scores:
    rubric: Rubric
    rows: tuple[TownshipScore, ...]  # by rank
    year: int = 0
    self_assessment: bool = False  # a township's own database: no rank among others, no flag

    @property
    def red_flag_holders(self) -> list[str]:
        return [r.name for r in self.rows if r.red_flag]


def item_score(item: RubricItem, kind: str, value: float) -> float:
    target = item.target or (100 if kind == "percent" else 0)
    if target <= 0:
        return 0.0
    return round(item.points * max(0.0, min(value / target, 1.0)), 2)


def grade_of(rubric: Rubric, total: float) -> str:
    return next(name for low, name in rubric.grades if total >= low)


def score_comparison(
    comparison: Comparison,
    rubric: Rubric = DEFAULT_RUBRIC,
    manual: dict[str, dict[str, float]] | None = None,
) -> Scores:
    """Score every township of a comparison: points from its figures, hand scores from
    `manual` (township name -> item label -> points), then ranks (equal totals share a
    rank), 等次 and the red flag(s)."""
    check_rubric(rubric)
    kinds = {f.key: f.kind for f in comparison.figures}
    manual = manual or {}
    unscored: list[tuple[int, str, tuple[ItemScore, ...], float]] = []
    for township_id, name in comparison.townships:
        items = []
        for item in rubric.items:
            if item.figure:
                value = comparison.value(item.figure, township_id)
                kind = kinds[item.figure]
                score = item_score(item, kind, value)
                target = item.target or (100 if kind == "percent" else 0)
                items.append(ItemScore(item.label, item.points, value, score, item.figure, target))
            else:
                given = float(manual.get(name, {}).get(item.label, 0))
                if not 0 <= given <= item.points:
                    raise ValidationError(
                        {"manual": f"{name}“{item.label}”的手工评分 {given:g} 超出 0 至 "
                                   f"{item.points:g} 分"}
                    )  # fmt: skip
                items.append(ItemScore(item.label, item.points, None, given))
        unscored.append((township_id, name, tuple(items), round(sum(i.score for i in items), 2)))
    ordered = sorted(unscored, key=lambda r: -r[3])
    totals = [r[3] for r in ordered]
    flag_line = totals[rubric.red_flags - 1] if rubric.red_flags and totals else None
    rows = tuple(
        TownshipScore(
            township_id=tid,
            name=name,
            items=items,
            total=total,
            rank=totals.index(total) + 1,
            grade=grade_of(rubric, total),
            red_flag=flag_line is not None and total >= flag_line and total > 0,
        )
        for tid, name, items, total in ordered
    )
    return Scores(rubric, rows, comparison.year)


def county_scores(
    office: Office,
    rubric: Rubric | None = None,
    manual: dict[str, dict[str, float]] | None = None,
    *,
    year: int | None = None,
) -> Scores:
    """The rubric (the office's own unless given) over the townships of this database for a
    year (this year unless given): the county's ranking, or in a township's own database
    its self-assessment. Hand scores are those kept for the year unless given."""
    from dataclasses import replace

    from app.core import dates
    from app.county.figures import compare_townships

    year = check_year(year or dates.today().year)
    rubric = check_rubric(rubric or office_rubric(office))
    manual = hand_scores(office, year) if manual is None else manual
    scores = score_comparison(compare_townships(office, year), rubric, manual)
    if office.mode == "county":
        return scores
    rows = tuple(replace(r, red_flag=False) for r in scores.rows)
    return replace(scores, rows=rows, self_assessment=True)


def check_year(year: int) -> int:
    if not 2000 <= int(year) <= 2200:
        raise ValidationError({"year": f"“{year}”不是有效的考评年度，请写四位年份，如 2026"})
    return int(year)


# ---- the rubric and hand scores kept in the database --------------------------------------


def office_rubric(office: Office) -> Rubric:
    """The rubric this office scores with: the one saved in its settings, or the default."""
    text = office.settings.get("county_rubric")
    if not text:
        return DEFAULT_RUBRIC
    return rubric_from_data(json.loads(text))


def save_rubric(office: Office, rubric: Rubric | None) -> Rubric:
    """Keep a checked rubric as this office's (None: back to the default). A rubric that
    cannot be scored is refused and nothing changes."""
    if rubric is None or rubric == DEFAULT_RUBRIC:
        office.settings.set("county_rubric", "")
        return DEFAULT_RUBRIC
    check_rubric(rubric)
    _check_kept_hand_scores(office, rubric)
    office.settings.set("county_rubric", rubric_json(rubric))
    return rubric


def _check_kept_hand_scores(office: Office, rubric: Rubric) -> None:
    """A new rubric may not leave a hand score already given above its item's points."""
    points = {i.label: i.points for i in rubric.items if not i.figure}
    for year, townships in sorted(_all_hand_scores(office).items()):
        for township, given in townships.items():
            for label, score in given.items():
                if label in points and score > points[label]:
                    raise ValidationError(
                        {"manual": f"{township}{year}年“{label}”已有手工评分 {score:g} 分，"
                                   f"超过新的分值 {points[label]:g} 分：请先在考评页修改该评分"}
                    )  # fmt: skip


def _all_hand_scores(office: Office) -> dict[str, dict[str, dict[str, float]]]:
    text = office.settings.get("county_hand_scores")
    return json.loads(text) if text else {}


def hand_scores(office: Office, year: int) -> dict[str, dict[str, float]]:
    """The hand scores given for a year: township name -> item label -> points."""
    return manual_scores(_all_hand_scores(office).get(str(year), {}))


def set_hand_score(
    office: Office, year: int, township: str, item: str, points: float | None
) -> None:
    """Give (or, with None, clear) one township's hand score of an item for a year; a
    score outside 0 to the item's points, or an item not scored by hand, is refused."""
    rubric = office_rubric(office)
    found = next((i for i in rubric.items if i.label == item), None)
    if found is None or found.figure:
        raise ValidationError({"manual": f"“{item}”不是手工评分的项目"})
    if points is not None and not 0 <= points <= found.points:
        raise ValidationError({"manual": f"“{item}”的手工评分应在 0 至 {found.points:g} 分之间"})
    data = _all_hand_scores(office)
    year_scores = data.setdefault(str(year), {})
    if points is None:
        year_scores.get(township, {}).pop(item, None)
    else:
        year_scores.setdefault(township, {})[item] = float(points)
    office.settings.set("county_hand_scores", json.dumps(data, ensure_ascii=False))


def manual_scores(data: Any) -> dict[str, dict[str, float]]:
    """Hand scores as read from JSON: {乡镇: {项目: 分}}."""
    if not isinstance(data, dict):
        raise ValidationError({"manual": '手工评分文件应写成 {"乡镇名": {"项目名": 分数}}'})
    return {str(k): {str(i): float(s) for i, s in v.items()} for k, v in data.items()}
