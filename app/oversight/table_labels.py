"""Chinese names of the oversight tables, for the county's import report
(app.exchange.tables.TABLE_LABELS)."""

OVERSIGHT_TABLE_LABELS = {
    "appraisals": "工作评议、述职评议",
    "appraisal_stages": "评议环节",
    "appraisal_activities": "评议调查活动",
    "appraisal_receptions": "评议调查接待选民",
    "appraisal_candidates": "评议对象票决",
    "ratings": "满意度测评",
    "oversight_opinions": "审议意见和整改意见",
}
