"""报告: the report drafts (Word) made from the records."""
