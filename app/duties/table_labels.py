"""Chinese names of the tables of the work between sessions, for the county's import report
(app.exchange.tables.TABLE_LABELS)."""

ACTIVITY_TABLE_LABELS = {
    "activities": "代表活动",
    "activity_deputies": "代表活动参加人",
    "station_checks": "联络站“六有”检查",
    "receptions": "选民接待",
    "reception_deputies": "坐班接待代表",
    "reception_items": "选民来访事项",
    "voter_reports": "代表述职",
    "resume_entries": "代表简历条目",
    "award_entries": "代表获奖条目",
    "score_rules": "履职积分规则",
    "score_policies": "履职积分等次",
}
