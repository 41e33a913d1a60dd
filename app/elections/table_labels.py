"""Chinese names of the tables of elections and the officials' register, for the county's
import report (app.exchange.tables.TABLE_LABELS)."""

ELECTION_TABLE_LABELS = {
    "elections": "选举",
    "election_posts": "选举职务",
    "election_candidates": "选举候选人",
    "election_nominators": "候选人联名提名代表",
    "election_scrutineers": "监票人、计票人",
    "election_rounds": "选举投票轮次",
    "election_sections": "选举计票（按职务）",
    "election_votes": "候选人得票",
    "officials": "任职登记",
    "removals": "辞职、罢免表决",
    "removal_movers": "罢免案联名代表",
}
