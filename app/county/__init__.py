"""County mode: the comparison of townships and the merge of their packages."""
