"""The printed forms of a meeting, by name, for the command line and the 打印 menu."""

from __future__ import annotations

from collections.abc import Callable

from app.documents.base import PdfResult
from app.documents.leave_slip import leave_pdf
from app.documents.minutes import minutes_pdf
from app.documents.project_vote import ballot_pdf, vote_result_pdf
from app.documents.session_pack import session_pack_pdf
from app.documents.signin import signin_pdf

FORM_BUILDERS: dict[str, Callable[..., PdfResult]] = {
    "signin": signin_pdf,
    "leave": leave_pdf,
    "minutes": minutes_pdf,
    "ballot": ballot_pdf,
    "vote_result": vote_result_pdf,
    "pack": session_pack_pdf,
}
