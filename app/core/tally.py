"""The 测评 tally: one satisfaction ballot model for every rating the office counts — work
appraisals and officials' duty appraisals (app/oversight) and deputies' reports to their
voters (app/duties/voter_reports.py). Ballots issued and returned, the count of each rating,
the refusals of a miscount, and the verdict by shares."""

from __future__ import annotations

from dataclasses import dataclass

RATINGS = ("满意", "基本满意", "不满意")


@dataclass(frozen=True)
class Tally:
    """A satisfaction ballot: how many were issued and returned, and the count of each
    rating. Ballots returned but not counted (blank, two marks) are invalid."""

    issued: int
    returned: int
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    @property
    def counted(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied

    @property
    def invalid(self) -> int:
        return max(self.returned - self.counted, 0)

    @property
    def approval(self) -> float | None:
        """满意率: (满意 + 基本满意) ÷ valid ballots; None before any is counted."""
        return (self.satisfied + self.basic) / self.counted if self.counted else None

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.counted if self.counted else None


def tally_errors(t: Tally, *, eligible: int | None = None) -> dict[str, str]:
    """Refusals of a tally, by field: negative counts, more returned than issued, more
    counted than returned (or issued), more issued than voters present."""
    errors: dict[str, str] = {}
    for key, label, value in (
        ("issued", "发出票数", t.issued),
        ("returned", "收回票数", t.returned),
        ("satisfied", "满意票数", t.satisfied),
        ("basic", "基本满意票数", t.basic),
        ("unsatisfied", "不满意票数", t.unsatisfied),
    ):
        if value < 0:
            errors[key] = f"{label}不能是负数"
    if errors:
        return errors
    if t.issued == 0:
        errors["issued"] = "请填写发出的测评票张数"
    elif eligible is not None and t.issued > eligible:
        errors["issued"] = f"发出票数（{t.issued}）多于参加测评的人数（{eligible}），请核对"
    if t.returned > t.issued:
        errors["returned"] = f"收回票数（{t.returned}）多于发出票数（{t.issued}），请核对"
    elif t.counted > t.returned:
        errors["counted"] = (
            f"满意、基本满意、不满意合计 {t.counted} 票，多于收回票数（{t.returned}），请核对"
        )
    if t.counted > t.issued and "counted" not in errors:
        errors["counted"] = (
            f"满意、基本满意、不满意合计 {t.counted} 票，多于发出票数（{t.issued}），请核对"
        )
    return errors


def rating_verdict(t: Tally, *, satisfied_share: int, pass_share: int) -> str:
    """The result of a 测评: 满意 when more than `satisfied_share` % of the valid ballots
    say 满意; 基本满意 when 满意率 reaches `pass_share` %; otherwise 不满意. A split of
    40/35/25 is 基本满意, not 满意: the shares decide, not the largest count."""
    if not t.counted:
        return "未测评"
    if t.satisfied * 100 > satisfied_share * t.counted:
        return "满意"
    if (t.satisfied + t.basic) * 100 >= pass_share * t.counted:
        return "基本满意"
    return "不满意"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.1%}"
