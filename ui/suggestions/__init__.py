"""Screens of suggestion handling: list, detail, steps, units, rates."""
