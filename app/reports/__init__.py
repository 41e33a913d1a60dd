"""Report drafts written from the records, as editable Word documents (.docx): the
presidium's annual work report (主席团工作报告), the report on the handling of deputies'
suggestions for a year or a session (办理情况报告) and the deputies' structure statistics
(代表结构情况统计表). Every figure comes from the same functions the lists and statistics
of the areas use; the clerk edits the wording, never the figures. Reads every area; no area
imports it."""
