"""The one SQLite file of an office: opening it safely and bringing its schema up to date."""

from app.db.connection import connect, transaction
from app.db.migrate import migrate

__all__ = ["connect", "migrate", "transaction"]
