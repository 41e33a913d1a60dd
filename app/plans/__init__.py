"""The office's year: the year's work plan (年度工作要点) and its items, the calendar of
what is planned and held, and 本月工作 (what is due this month and next)."""
