"""One 测评 tally for the office: a deputy's report to voters and a work appraisal rated by
the same ballots get the same verdict (the shares decide, not the largest count)."""

from __future__ import annotations

import itertools

from app.core.settings import DEFAULTS
from app.core.tally import Tally, rating_verdict
from app.duties.voter_reports import verdict


def test_reports_to_voters_and_appraisals_count_ballots_alike() -> None:
    shares = dict(
        satisfied_share=int(DEFAULTS["rating_satisfied_share"]),
        pass_share=int(DEFAULTS["rating_pass_share"]),
    )
    for s, b, u in itertools.product(range(0, 31, 3), repeat=3):
        ballots = Tally(issued=s + b + u, returned=s + b + u, satisfied=s, basic=b, unsatisfied=u)
        assert verdict(s, b, u) == rating_verdict(ballots, **shares), (s, b, u)
    assert verdict(40, 35, 25) == "基本满意"  # the largest count is 满意, the shares say not
    assert verdict(51, 30, 19) == "满意" and verdict(30, 20, 50) == "不满意"
    assert verdict(0, 0, 0) == "未测评"
