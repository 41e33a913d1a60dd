"""Screens of the work between sessions: activities, receptions, reports, scores."""
