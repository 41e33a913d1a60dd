"""Screens of the deputies' area: roster, file, add/edit, status, basic data."""
