"""renda's program without its face: domain, storage and files. Never imports Qt."""

from app.office import Office
from app.version import __version__

__all__ = ["Office", "__version__"]
