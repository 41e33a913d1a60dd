"""renda's face: PySide6 screens that call app.Office. Never writes SQL."""
