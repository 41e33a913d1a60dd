"""The rules of elections at a township session and of the officials' register, as plain
functions: the posts, who may stand, how many candidates a post may have (差额), how the
ballots and votes are checked, and who is elected.

Nothing here reads the database, so every rule is tested on its own. The numbers marked
*(configurable)* in the issue are settings (app/core/settings.py, `election_*`); the
functions take them as arguments.

Law, as DOMAIN.md §3 and the elections issue cite it (地方组织法 2022, 选举法 2020):

- 地方组织法第二十五条: elections at the congress pass with **more than half of ALL
  deputies** (全体代表的过半数), not of those present or voting.
- 地方组织法第二十六条: candidates are nominated by the presidium or by **ten or more
  deputies jointly** in writing; neither the presidium nor one deputy with others may
  nominate more candidates for a post than it has seats. The head of a body (人大主席,
  镇长/乡长) has one candidate more than seats (差额); if only one is nominated, the
  election may be uncontested (等额). Deputy heads (人大副主席, 副镇长/副乡长) have one to
  three candidates more than seats.
- When more candidates pass the majority than there are seats, those with more votes are
  elected; candidates tied across the last seat are voted on again (再次投票). When fewer
  pass than there are seats, the seats left may be filled by a further vote (另行选举),
  among the rest in the order of their votes; a further vote for deputy heads is again
  contested.
- The vote is secret (无记名投票). A deputy may vote for, against, abstain or write in
  another person (另选他人). A ballot that marks more people than the seats of a post is
  invalid for that post; more ballots returned than issued make the vote void.
- 人大主席、副主席 are chosen from the deputies; they, and the presidium's members, hold no
  post in the township's government (DOMAIN.md §1).
- 监票人 are deputies who are not candidates (计票人 may be the session's staff).

The article numbers follow DOMAIN.md and the issue; check them against the text in force
before quoting them in a printed form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.meetings.rules import majority_needed

# ---- posts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    code: str
    body: str  # "congress" (人大) or "government" (人民政府)
    chief: bool  # 正职: 人大主席, 镇长
    vice: bool  # 副职: 人大副主席, 副镇长
    presidium_role: str  # the deputies' roster value this post gives ('' for government)

    @property
    def from_deputies(self) -> bool:
        """Chosen from the congress's own deputies (人大主席、副主席, 主席团成员)."""
        return self.body == "congress"


POSTS: dict[str, Post] = {
    "chair": Post("chair", "congress", chief=True, vice=False, presidium_role="chair"),
    "vice_chair": Post(
        "vice_chair", "congress", chief=False, vice=True, presidium_role="vice_chair"
    ),
    "member": Post("member", "congress", chief=False, vice=False, presidium_role="member"),
    "head": Post("head", "government", chief=True, vice=False, presidium_role=""),
    "deputy_head": Post("deputy_head", "government", chief=False, vice=True, presidium_role=""),
}
POST_ORDER = tuple(POSTS)
# The order the presidium roles outrank each other in (a chair is also a member).
ROLE_RANK = ("chair", "vice_chair", "member")


def township_unit(township_name: str) -> str:
    """'镇' or '乡': how the township's own posts are called (镇长, 乡长)."""
    return "乡" if township_name.endswith("乡") else "镇"


def post_label(code: str, township_name: str = "镇") -> str:
    """The short name: 人大主席, 人大副主席, 主席团成员, 镇长, 副镇长."""
    t = township_unit(township_name)
    return {
        "chair": "人大主席",
        "vice_chair": "人大副主席",
        "member": "主席团成员",
        "head": f"{t}长",
        "deputy_head": f"副{t}长",
    }[code]


def post_full_label(code: str, township_name: str = "镇") -> str:
    """The name on a ballot and a notice: 清溪镇人民代表大会主席, 清溪镇人民政府副镇长 (镇…
    when no township is named)."""
    t = township_unit(township_name)
    place = township_name if len(township_name) > 1 else t
    return {
        "chair": f"{place}人民代表大会主席",
        "vice_chair": f"{place}人民代表大会副主席",
        "member": f"{place}人民代表大会主席团成员",
        "head": f"{place}人民政府{t}长",
        "deputy_head": f"{place}人民政府副{t}长",
    }[code]


def post_code(text: str, township_name: str = "镇") -> str | None:
    """A post named by its code or either of its names ('副镇长', 'deputy_head')."""
    value = (text or "").strip()
    if value in POSTS:
        return value
    for code in POSTS:
        names = (
            post_label(code, township_name),
            post_full_label(code, township_name),
            post_full_label(code, township_unit(township_name)),
        )
        if value in names:
            return code
    aliases = {"主席": "chair", "副主席": "vice_chair", "主席团": "member"}
    return aliases.get(value)


# How a holding began and ended (the officials' register).
HOW_BEGAN = {"election": "选举", "by_election": "补选"}
HOW_ENDED = {
    "resigned": "辞职被接受",
    "recalled": "罢免",
    "transferred": "调离",
    "term_end": "届满",
}
ELECTION_KINDS = {"election": "选举", "by_election": "补选"}
ELECTION_STATUS = {
    "preparing": "筹备中",
    "voting": "投票中",
    "done": "已完成",
    "closed": "已结束（尚有名额未选出）",
}
NOMINATED_BY = {"presidium": "主席团提名", "deputies": "代表联合提名", "write_in": "另选他人"}
SCRUTINEER_ROLES = {"monitor": "监票人", "teller": "计票人"}


def joint_label(names: tuple[str, ...], act: str) -> str:
    """Deputies acting jointly, as the papers name them: '代表王一、王二、王三等 10 人联合提名'
    (the first three, in the order given: 姓氏笔画)."""
    more = "等" if len(names) > 3 else ""
    return f"代表{'、'.join(names[:3])}{more} {len(names)} 人{act}"


# ---- 差额: how many candidates a post may have ---------------------------------------


@dataclass(frozen=True)
class SlateRules:
    """The configurable numbers (settings `election_*`)."""

    chief_extra: int = 1  # 正职: candidates = seats + 1 …
    chief_single: bool = True  # … or one only, uncontested, if only one was nominated
    vice_extra_min: int = 1  # 副职: seats + 1 …
    vice_extra_max: int = 3  # … to seats + 3
    joint_nominators: int = 10  # deputies nominating jointly: at least ten


def candidate_range(post: str, seats: int, rules: SlateRules) -> tuple[int, int]:
    """The fewest and most candidates a post with these seats may have on its ballot."""
    spec = POSTS[post]
    if spec.chief:
        low = seats if rules.chief_single and seats == 1 else seats + rules.chief_extra
        return low, seats + rules.chief_extra
    if spec.vice:
        return seats + rules.vice_extra_min, seats + rules.vice_extra_max
    return seats, seats + rules.vice_extra_max  # 主席团成员: uncontested or contested


def slate_problem(post: str, seats: int, candidates: int, rules: SlateRules, label: str) -> str:
    """Why this number of candidates is outside the rules ('' when it is inside)."""
    low, high = candidate_range(post, seats, rules)
    if low <= candidates <= high:
        return ""
    spec = POSTS[post]
    if spec.chief:
        rule = (
            f"{label}应选 {seats} 名，候选人应比应选名额多 {rules.chief_extra} 人进行差额选举"
            + ("；只提名一人时也可以等额选举" if rules.chief_single and seats == 1 else "")
        )
    elif spec.vice:
        rule = (
            f"{label}应选 {seats} 名，候选人应比应选名额多 {rules.vice_extra_min} 至 "
            f"{rules.vice_extra_max} 人（{low} 至 {high} 名）进行差额选举"
        )
    else:
        rule = f"{label}应选 {seats} 名，候选人应为 {low} 至 {high} 名"
    return f"{rule}（地方组织法第二十六条），现有候选人 {candidates} 名"


# ---- counting ---------------------------------------------------------------------------


def elected_threshold(total_deputies: int) -> int:
    """Votes a person needs to be elected: more than half of ALL deputies (地方组织法第二十五条)."""
    return majority_needed(total_deputies)


@dataclass(frozen=True)
class SectionResult:
    """The outcome of one post's section of a ballot in one round."""

    seats: int
    threshold: int  # votes needed: more than half of all deputies
    elected: tuple[int, ...]  # in order of votes, highest first
    tied: tuple[int, ...]  # passed the threshold but tied across the last seat
    ranking: tuple[tuple[int, int], ...]  # (key, votes), highest first

    @property
    def remaining(self) -> int:
        return self.seats - len(self.elected)

    @property
    def complete(self) -> bool:
        return self.remaining == 0

    @property
    def reason(self) -> str:
        """'' (all seats filled), 'tie' or 'short' (fewer passed than there are seats)."""
        if self.complete:
            return ""
        return "tie" if self.tied else "short"


def count_section(votes: Mapping[int, int], seats: int, total_deputies: int) -> SectionResult:
    """Who is elected in one section: those with more than half of ALL deputies' votes,
    highest first, up to the seats. Tied across the last seat: none of the tied is
    elected, they are voted on again. Fewer passing than seats: the rest is left for a
    further vote (另行选举). Keys are whatever identifies a person (candidate ids)."""
    threshold = elected_threshold(total_deputies)
    ranking = tuple(sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])))
    passing = [key for key, n in ranking if total_deputies > 0 and n >= threshold]
    if len(passing) <= seats:
        return SectionResult(seats, threshold, tuple(passing), (), ranking)
    cut = votes[passing[seats - 1]]
    above = [key for key in passing if votes[key] > cut]
    at_cut = [key for key in passing if votes[key] == cut]
    if len(above) + len(at_cut) <= seats:  # cannot happen with len(passing) > seats, kept
        return SectionResult(seats, threshold, tuple(above + at_cut), (), ranking)
    return SectionResult(seats, threshold, tuple(above), tuple(at_cut), ranking)


def next_round_keys(result: SectionResult, eligible: Sequence[int] | None = None) -> list[int]:
    """Who stands in the further vote by default: the tied (再次投票), or else the rest in
    the order of their votes, one more than the seats left where there are enough
    (另行选举, 差额 again). `eligible` limits the rest (write-ins who cannot stand again)."""
    if result.complete:
        return []
    if result.tied:
        return list(result.tied)
    rest = [
        key
        for key, _n in result.ranking
        if key not in result.elected and (eligible is None or key in eligible)
    ]
    return rest[: result.remaining + 1]


# ---- checking counts ------------------------------------------------------------------


def check_ballots(
    *, issued: int, returned: int, present: int, sections: Mapping[str, tuple[int, int]]
) -> dict[str, str]:
    """Errors (by field) in the count of the ballots of a round: issued to the deputies
    present, returned, and for each post's section (label -> (valid, invalid))."""
    errors: dict[str, str] = {}
    if issued <= 0:
        errors["issued"] = "请填写发出的选票张数"
    elif present and issued > present:
        errors["issued"] = f"发出选票 {issued} 张，多于出席的 {present} 名代表，请核对"
    if returned > issued and "issued" not in errors:
        errors["returned"] = (
            f"收回选票 {returned} 张，多于发出的 {issued} 张。依法投票数多于投票人数的，"
            "本次选举无效，应当重新投票；请核对票数"
        )
    for label, (valid, invalid) in sections.items():
        if valid + invalid != returned and "returned" not in errors:
            errors.setdefault(
                "valid",
                f"{label}：有效票 {valid} 张加无效票 {invalid} 张，应等于收回的选票 "
                f"{returned} 张，请核对",
            )
    return errors


def check_votes(
    *,
    label: str,
    seats: int,
    returned: int,
    valid: int,
    votes: Mapping[str, tuple[int, int, int]],
) -> dict[str, str]:
    """Errors in one section's votes: name -> (for, against, abstain). Nobody may get more
    votes than there were ballots; the marks together cannot exceed a full valid ballot
    for every seat."""
    errors: dict[str, str] = {}
    for name, (yes, no, abstain) in votes.items():
        marked = yes + no + abstain
        if yes > returned:
            errors[name] = f"{name}得票 {yes} 票，多于收回的选票 {returned} 张，请核对计票结果"
        elif marked > returned:
            errors[name] = (
                f"{name}的赞成、反对、弃权合计 {marked} 票，多于收回的选票 {returned} 张，"
                "请核对计票结果"
            )
        elif yes > valid:
            errors[name] = f"{name}得票 {yes} 票，多于有效票 {valid} 张，请核对计票结果"
        elif marked > valid:
            errors[name] = (
                f"{name}的赞成、反对、弃权合计 {marked} 票，多于有效票 {valid} 张，请核对"
            )
    total = sum(v[0] for v in votes.values())
    if not errors and total > valid * seats:
        errors["votes"] = (
            f"{label}各人得票合计 {total} 票，超过有效票 {valid} 张每张最多选 {seats} 人"
            f"（{valid * seats} 票），请核对计票结果"
        )
    return errors


# ---- resignations and recalls (the congress's votes on who leaves) ------------------------
#
# 地方组织法第三十一条: at a township session the presidium, or **one fifth or more of the
# deputies jointly** (五分之一以上代表联名), may move to recall (罢免) the chair, a vice-chair,
# the 乡长/镇长 or a 副乡长/副镇长; the motion states its reasons, the person may answer it,
# and it is voted on by secret ballot. 地方组织法第三十二条: those officials may resign to
# the congress, which decides whether to accept. 选举法第五十五条: a township deputy may
# resign in writing to the township congress; accepting needs **more than half of the
# deputies** (过半数的代表). Each of these votes passes, like an election, with more than
# half of ALL deputies (地方组织法第二十五条), never of those present. The share of movers is
# a setting (`election_recall_share`, default 5: one fifth).

REMOVAL_KINDS = {
    "resignation": "接受辞职",
    "recall": "罢免",
    "deputy_resignation": "接受代表辞职",
}
REMOVAL_MOVED_BY = {
    "self": "本人书面提出",
    "presidium": "主席团提出",
    "deputies": "代表联名提出",
}
# The posts a recall motion may name (地方组织法第三十一条); a presidium member is not one.
RECALLABLE = ("chair", "vice_chair", "head", "deputy_head")
# How a holding ends when the vote passes.
REMOVAL_ENDS = {"resignation": "resigned", "recall": "recalled"}
# The deputies' status reason when a deputy's resignation is accepted (代表法第六十二条).
DEPUTY_RESIGNED_REASON = "辞职被接受"


def fraction_label(share: int) -> str:
    """5 -> '五分之一' (the share of deputies the law names)."""
    digits = "零一二三四五六七八九十"
    return f"{digits[share]}分之一" if 0 < share <= 10 else f"{share}分之一"


def recall_movers_needed(total_deputies: int, share: int = 5) -> int:
    """Deputies needed to move a recall jointly: one `share`-th of ALL deputies or more
    (五分之一以上, '以上' counting the number itself), at least one."""
    if total_deputies <= 0:
        return 1
    return max(1, -(-total_deputies // max(share, 1)))


def check_vote(
    *, votes_for: int, against: int, abstain: int, present: int, expected: int
) -> dict[str, str]:
    """Errors in the count of a vote on a resignation or recall: ballots for, against and
    abstaining together cannot exceed the deputies present; a session without its list
    of deputies cannot say what a majority of ALL deputies is."""
    errors: dict[str, str] = {}
    if expected <= 0:
        errors["votes_for"] = (
            "本次会议没有应到代表名单，无法按全体代表过半数确定表决结果；"
            "请先在“出席情况”中列出应到代表"
        )
    elif present <= 0:
        errors["votes_for"] = "还没有登记出席的代表，请先在“出席情况”中登记出席，再登记表决结果"
    else:
        cast = votes_for + against + abstain
        if cast > present:
            errors["votes_for"] = (
                f"赞成 {votes_for}、反对 {against}、弃权 {abstain}，合计 {cast} 票，"
                f"多于出席的 {present} 名代表，请核对票数"
            )
    return errors
