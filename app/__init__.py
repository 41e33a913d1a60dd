"""renda's program without its face: domain, storage and files. Never imports Qt."""

import os

# openpyxl switches to lxml when lxml is installed (python-docx, for the report drafts,
# brings it) and then writes other bytes than the fast rows of app/exchange/table_export.py
# assume (tests/app/exchange/test_table_export.py): keep openpyxl's own writer. Set before
# anything imports openpyxl.
os.environ.setdefault("OPENPYXL_LXML", "False")

from app.office import Office
from app.version import __version__

__all__ = ["Office", "__version__"]
