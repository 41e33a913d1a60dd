"""年度工作: the year's work plan, the calendar of the office's year."""
