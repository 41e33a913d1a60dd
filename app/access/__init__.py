"""Who may do what: the office's users, their roles, sign-in, and the audit trail's
queries. The rules (which role may do what) are one table in `roles.py`."""
