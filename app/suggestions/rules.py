"""The rules of suggestion handling (DOMAIN.md §4): states, actions and the one table of
allowed transitions. Pure: no database, so the facade, the demo and the checks of a
suggestion's history all read the same table."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.core.settings import DEFAULTS

KINDS = {"suggestion": "建议", "motion": "议案"}
SOURCES = {
    "session": "大会期间提出",
    "between": "闭会期间提出",
    "motion": "议案转为建议",
    "reception": "接待选民转化",
}
MOTION_MIN_SIGNERS = 5  # 地方组织法 art. 22: five or more deputies

STATUSES = {
    "registered": "已登记",
    "accepted": "已立案",
    "refused": "不予受理",
    "on_agenda": "列入大会议程",
    "assigned": "已交办",
    "returned": "已退回",
    "handling": "办理中",
    "replied": "已答复",
    "consulting": "征询意见中",
    "rated": "待办结",
    "unsatisfied": "不满意",
    "rehandling": "重新办理中",
    "closed": "已办结",
    "withdrawn": "已撤回",
}
# Where the unit owes a reply: the deadline runs and can be missed.
DUE_STATUSES = ("assigned", "handling", "rehandling")
FINAL_STATUSES = ("refused", "on_agenda", "closed", "withdrawn")
OPEN_STATUSES = tuple(s for s in STATUSES if s not in FINAL_STATUSES)

# The list's filters beyond a single status, as the page and the exported file name them.
STATUS_FILTERS = {"open": "未办结", **STATUSES, "followed": "办结后继续跟踪（B、C类）"}
DUE_FILTERS = {"overdue": "逾期未答复", "due_soon": "即将到期", "flagged": "逾期或即将到期"}

RATINGS = {"satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
RATING_CODES = {label: code for code, label in RATINGS.items()} | {c: c for c in RATINGS}

SUPERVISION_REASONS = {
    "overdue": "逾期未答复",
    "key": "重点督办",
    "unsatisfied": "代表不满意",
    "slow": "办理进度缓慢",
    "other": "其他",
}
SUPERVISION_METHODS = ("书面督办", "电话督办", "现场督办", "会议督办", "联合督办")


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]  # one target, or the outcomes it may lead to (rate)
    kinds: tuple[str, ...] = ("suggestion",)
    hint: str = ""

    def target(self, source: str) -> str:
        """The state it leads to when it has one target; `same` keeps the state."""
        return source if self.targets == ("same",) else self.targets[0]


_ALL_OPEN = OPEN_STATUSES
BOTH = ("suggestion", "motion")

# The one table of allowed transitions: action, from which states, to which state.
ACTIONS: tuple[Action, ...] = (
    Action("accept", "立案", ("registered",), ("accepted",), hint="审查后同意作为建议办理"),
    Action(
        "refuse",
        "不予受理",
        ("registered",),
        ("refused",),
        BOTH,
        "不属于建议范围的，说明理由并告知代表",
    ),
    Action(
        "to_agenda",
        "列入大会议程",
        ("registered",),
        ("on_agenda",),
        ("motion",),
        "主席团决定把议案列入大会议程",
    ),
    Action(
        "convert",
        "作为建议办理",
        ("registered",),
        ("accepted",),
        ("motion",),
        "主席团决定议案作为建议交有关单位办理",
    ),
    Action("edit", "更正登记信息", ("registered", "accepted"), ("same",), BOTH),
    Action("assign", "交办", ("accepted",), ("assigned",), hint="交办日期起计算答复期限"),
    Action(
        "give_back",
        "退回",
        ("assigned",),
        ("returned",),
        hint="承办单位认为不属于本单位职责，说明理由退回",
    ),
    Action("reassign", "重新交办", ("returned",), ("assigned",)),
    Action("start", "开始办理", ("assigned",), ("handling",), hint="承办单位签收，开始办理"),
    Action("supervise", "督办", ("assigned", "handling", "rehandling"), ("same",)),
    Action("reply", "答复", ("assigned", "handling", "rehandling"), ("replied",)),
    Action(
        "consult", "征询意见", ("replied",), ("consulting",), hint="向领衔和附议代表发出征询意见表"
    ),
    Action("rate", "录入满意度", ("consulting",), ("rated", "unsatisfied")),
    Action("rehandle", "重新办理", ("unsatisfied",), ("rehandling",)),
    Action("close", "办结", ("rated", "unsatisfied"), ("closed",)),
    Action(
        "follow_up", "跟踪答复", ("closed",), ("same",), hint="B、C 类继续跟踪落实，解决后再次答复"
    ),
    Action("mark_key", "列为重点督办", _ALL_OPEN, ("same",)),
    Action("unmark_key", "取消重点督办", _ALL_OPEN, ("same",)),
    Action("withdraw", "撤回", _ALL_OPEN, ("withdrawn",), BOTH, "代表书面提出撤回"),
)
ACTION_BY_KEY = {a.key: a for a in ACTIONS}
ACTION_LABELS = {a.key: a.label for a in ACTIONS} | {"register": "登记"}


@dataclass(frozen=True)
class Snapshot:
    """What the rules need to know about a suggestion to say what may happen next."""

    kind: str
    status: str
    round: int = 1
    is_key: bool = False
    result_class: str = ""
    solved_class: str = "A"


def refusal(snapshot: Snapshot, action_key: str) -> str | None:
    """Why the rules forbid this action now (Chinese, for the clerk), or None if allowed."""
    action = ACTION_BY_KEY.get(action_key)
    if action is None:
        return f"没有“{action_key}”这项操作"
    kind = KINDS.get(snapshot.kind, snapshot.kind)
    status = STATUSES.get(snapshot.status, snapshot.status)
    if snapshot.kind not in action.kinds:
        return f"{kind}不能“{action.label}”"
    if snapshot.status not in action.sources:
        return f"这件{kind}现在是“{status}”，不能“{action.label}”"
    if action_key == "mark_key" and snapshot.is_key:
        return "这件建议已列为重点督办"
    if action_key == "unmark_key" and not snapshot.is_key:
        return "这件建议没有列为重点督办"
    if action_key == "follow_up" and (
        not snapshot.result_class or snapshot.result_class == snapshot.solved_class
    ):
        return "只有列入计划或留作参考（B、C 类）的建议需要跟踪答复"
    if action_key == "close" and snapshot.status == "unsatisfied" and snapshot.round < 2:
        return "代表对办理不满意，应先交承办单位重新办理，不能直接办结"
    return None


def allowed_actions(snapshot: Snapshot) -> list[Action]:
    """The actions the clerk may take next, in the order of the table."""
    return [a for a in ACTIONS if refusal(snapshot, a.key) is None]


# Steps a clerk takes together, each still recorded as its own step of the timeline: a
# suggestion registered after the session is usually accepted and assigned the same day.
COMBINED: dict[str, Action] = {
    "accept_assign": Action(
        "accept_assign",
        "立案并交办",
        ("registered",),
        ("assigned",),
        hint="立案后当即交办承办单位（记为“立案”“交办”两步），答复期限从交办日期起算",
    )
}
COMBINED_STEPS = {"accept_assign": ("accept", "assign")}


def allowed_combined(snapshot: Snapshot) -> list[Action]:
    """The combined steps whose every step the rules allow in turn."""
    found = []
    for key, steps in COMBINED_STEPS.items():
        state = snapshot
        for step in steps:
            if refusal(state, step) is not None:
                break
            state = replace(state, status=ACTION_BY_KEY[step].target(state.status))
        else:
            found.append(COMBINED[key])
    return found


def outcome_of_ratings(ratings: list[tuple[str, str]]) -> str:
    """rated (every deputy satisfied or basically) or unsatisfied (anyone 不满意, on the
    process or the result)."""
    unhappy = any("unsatisfied" in pair for pair in ratings)
    return "unsatisfied" if unhappy else "rated"


# ---- result classes (A/B/C by default; 甲乙丙 or ABCD in some places) ----------------

# The default is the setting's, so the settings form and the rules cannot disagree.
DEFAULT_CLASSES: str = DEFAULTS["suggestion_result_classes"]


def parse_classes(text: str) -> list[tuple[str, str]]:
    """'A=已解决或采纳；B=…' -> [('A', '已解决或采纳'), …]. The first class counts as solved
    (办成率); every other class stays followed until solved."""
    pairs = []
    for part in text.replace(";", "；").replace("\n", "；").split("；"):
        part = part.strip()
        if not part:
            continue
        for sep in ("=", "＝", ":", "：", " "):
            if sep in part:
                code, label = part.split(sep, 1)
                break
        else:
            code, label = part, part
        code, label = code.strip(), label.strip()
        if code and all(code != c for c, _ in pairs):
            pairs.append((code, label or code))
    return pairs if len(pairs) >= 2 else parse_classes(DEFAULT_CLASSES)
