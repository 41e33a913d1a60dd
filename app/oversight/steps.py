"""Each step of an appraisal or of an opinion as one function, called alike by the 监督 page
(its dialogs) and the command line: the values come keyed as the records' fields (the keys
a refusal names, so a dialog shows it at its input), the step writes through
office.appraisals or office.opinions, and says in Chinese what was done. What may follow
what is decided there and in app/oversight/rules.py; this module only routes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import dates
from app.core.errors import RendaError, ValidationError
from app.oversight.opinions import Opinion
from app.oversight.rules import KINDS, VERDICTS, stages_of

if TYPE_CHECKING:
    from app.office import Office

# A stage by its Chinese name (动员, 述职 …) or its key.
STAGE_NAMES = {label: key for kind in KINDS for key, label in stages_of(kind).items()}
VERDICT_NAMES = {label: key for key, label in VERDICTS.items()} | {k: k for k in VERDICTS}
APPRAISAL_OPINION = "这是评议的整改意见，请在“工作评议和述职评议”中办理"


@dataclass(frozen=True)
class Done:
    """What a step wrote and the sentence that says so."""

    record: Any  # the Appraisal or the Opinion as it now stands
    message: str


# A step: (office, the appraisal's or the opinion's id, the values by field) -> Done.
Step = Callable[["Office", int, Mapping[str, Any]], Done]


def stage_key(name: str) -> str:
    return STAGE_NAMES.get(name, name)


def verdict_key(text: str) -> str:
    """已落实 / done -> done; anything else refused in Chinese."""
    if text not in VERDICT_NAMES:
        raise ValidationError({"verdict": f"落实情况只能是：{'、'.join(VERDICTS.values())}"})
    return VERDICT_NAMES[text]


# ---- appraisals -------------------------------------------------------------------------


def _stage(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    key = stage_key(str(v["stage"]))
    meeting = v.get("meeting_id")
    a = office.appraisals.set_stage(
        appraisal_id,
        key,
        planned_date=v.get("planned_date"),
        done_date=v.get("done_date"),
        record=v.get("record"),
        meeting_id=None if meeting is None else int(meeting or 0),
    )
    return Done(a, f"已保存：{a.title}的“{a.stage(key).label}”环节")


def _plan(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    a = office.appraisals.plan_stages(appraisal_id, {stage_key(k): d for k, d in v.items()})
    planned = [f"{s.label}{dates.format_date(s.planned_date)}" for s in a.stages if s.planned_date]
    return Done(a, f"已保存{a.title}的计划日期：{'，'.join(planned) or '（未定）'}")


def _link(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    tables = {"activity_ids": "activities", "reception_ids": "receptions"}
    a = office.appraisals.link(appraisal_id, {tables[k]: ids for k, ids in v.items()})
    return Done(
        a,
        f"调查环节已关联代表活动 {len(a.activity_ids)} 次、接待选民记录 {len(a.reception_ids)} 次",
    )


def _rating(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    a = office.appraisals.record_rating(appraisal_id, **v)
    assert a.rating is not None
    return Done(a, f"已登记测评：{a.rating.text}")


def _rectify(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    a = office.appraisals.send_rectification(
        appraisal_id,
        sent_date=v.get("sent_date", ""),
        content=v.get("content", ""),
        deadline=v.get("deadline", ""),
        recipient=v.get("recipient", ""),
    )
    assert a.rectification is not None
    return Done(a, f"已送交评议意见，整改期限{dates.format_date(a.rectification.deadline)}")


# The steps every follow-up shares (an opinion's, an appraisal's rectification): the step ->
# the Opinions method, its date field, its text field and that method's keyword for it.
FOLLOW_UP = {
    "feedback": ("record_feedback", "feedback_date", "feedback", "feedback"),
    "check": ("record_check", "check_date", "check_note", "note"),
}


def _follow(office: Office, opinion_id: int, step: str, v: Mapping[str, Any]) -> Opinion:
    method, date_key, text_key, keyword = FOLLOW_UP[step]
    record = getattr(office.opinions, method)
    return record(opinion_id, date=v.get(date_key, ""), **{keyword: v.get(text_key, "")})


def _appraisal_follow(step: str, what: str) -> Step:
    """An appraisal's feedback or return check: on its rectification opinion."""

    def run(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
        appraisals = office.appraisals
        _follow(office, appraisals.rectification_of(appraisal_id).id, step, v)
        a = appraisals.get(appraisal_id)
        return Done(a, f"已登记{what}：{a.title}")

    return run


def _opinion_follow(step: str, what: str) -> Step:
    def run(office: Office, opinion_id: int, v: Mapping[str, Any]) -> Done:
        o = _follow(office, opinion_id, step, v)
        return Done(o, f"已登记{what}：{o.topic}")

    return run


def _appraisal_close(office: Office, appraisal_id: int, v: Mapping[str, Any]) -> Done:
    a = office.appraisals.close(
        appraisal_id,
        date=v.get("closed_date", ""),
        verdict=verdict_key(str(v.get("verdict") or "")),
        note=v.get("closing_note", ""),
    )
    return Done(a, f"已结束评议：{a.title}，{a.verdict_label}")


APPRAISAL_STEPS: dict[str, Step] = {
    "stage": _stage,
    "plan": _plan,
    "link": _link,
    "rating": _rating,
    "rectify": _rectify,
    "feedback": _appraisal_follow("feedback", "整改情况反馈"),
    "check": _appraisal_follow("check", "回头看"),
    "close": _appraisal_close,
}


# ---- opinions ---------------------------------------------------------------------------


def _own(office: Office, opinion_id: int) -> Opinion:
    """An opinion handled on its own: an appraisal's rectification goes through the
    appraisal (its closing closes the appraisal too)."""
    o = office.opinions.get(opinion_id)
    if o.appraisal_id:
        raise RendaError(APPRAISAL_OPINION)
    return o


def _send(office: Office, opinion_id: int, v: Mapping[str, Any]) -> Done:
    _own(office, opinion_id)
    o = office.opinions.send(
        opinion_id, sent_date=v.get("sent_date", ""), deadline=v.get("deadline", "")
    )
    return Done(o, f"已送交，反馈期限{dates.format_date(o.deadline)}")


def _opinion_close(office: Office, opinion_id: int, v: Mapping[str, Any]) -> Done:
    _own(office, opinion_id)
    reported = v.get("reported_meeting_id")
    o = office.opinions.close(
        opinion_id,
        date=v.get("closed_date", ""),
        verdict=verdict_key(str(v.get("verdict") or "")),
        reported_meeting_id=int(reported) if reported else None,
    )
    return Done(o, f"已办结：{o.topic}，{o.verdict_label}")


def _reopen(office: Office, opinion_id: int, _v: Mapping[str, Any]) -> Done:
    """Undo a closing recorded by mistake."""
    _own(office, opinion_id)
    o = office.opinions.reopen(opinion_id)
    return Done(o, f"已取消办结：{o.topic}（{o.state_label()}）")


OPINION_STEPS: dict[str, Step] = {
    "send": _send,
    "reopen": _reopen,
    "feedback": _opinion_follow("feedback", "反馈"),
    "check": _opinion_follow("check", "回头看"),
    "close": _opinion_close,
}

STEPS = {"appraisal": APPRAISAL_STEPS, "opinion": OPINION_STEPS}


def run_step(
    office: Office, kind: str, record_id: int, step: str, values: Mapping[str, Any]
) -> Done:
    """Run one step of an appraisal or an opinion (`kind`; `step` a key of its STEPS)."""
    return STEPS[kind][step](office, record_id, values)


def appraisal_step(office: Office, appraisal_id: int, step: str, values: Mapping[str, Any]) -> Done:
    return run_step(office, "appraisal", appraisal_id, step, values)


def opinion_step(office: Office, opinion_id: int, step: str, values: Mapping[str, Any]) -> Done:
    return run_step(office, "opinion", opinion_id, step, values)


def opinion_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """An opinion's values with its source: the meeting, activity or project it names."""
    for key, source in (
        ("meeting_id", "meeting"),
        ("activity_id", "activity"),
        ("project_id", "project"),
    ):
        if values.get(key):
            return {**values, "source": source}
    return {**values, "source": "other"}


def edit_opinion(office: Office, opinion_id: int | None, values: Mapping[str, Any]) -> Done:
    """Record a new opinion (`opinion_id` None) or correct one, its source read from the
    meeting, activity or project it names."""
    clean = opinion_values(values)
    if opinion_id is None:
        o = office.opinions.add(**clean)
        return Done(o, f"已登记：{o.topic}（编号 {o.id}，{o.state_label()}）")
    _own(office, opinion_id)
    o = office.opinions.update(opinion_id, **clean)
    return Done(o, f"已保存：{o.topic}")


def delete_opinion(office: Office, opinion_id: int) -> Done:
    o = _own(office, opinion_id)
    office.opinions.delete(opinion_id)
    return Done(o, f"已删除：{o.topic}")
