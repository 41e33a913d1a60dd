"""Screens of meetings: list, one meeting, attendance grid, resolutions, project vote."""
