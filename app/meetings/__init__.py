"""Meetings: sessions, presidium meetings, group meetings; attendance, resolutions,
the livelihood-project vote, their rules, reminders and figures."""
