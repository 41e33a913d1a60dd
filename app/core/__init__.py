"""The kernel every area shares: errors, ids, dates, Chinese text, validation, reference
lists, settings, paths, progress, record helpers, attachments, reminders. Imports no area."""
