"""Reading printed forms back as a person sees them: the text lines of every page as
poppler's layout analysis finds them (a line of a cell, never two cells joined)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path

CLOSING = "、，。；：！？）》」』】"
OPENING = "（《「『【"

_PAGE = re.compile(r"<page .*?</page>", re.S)
_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)
_WORD = re.compile(r"<word [^>]*>(.*?)</word>", re.S)


def page_lines(data: bytes) -> list[list[str]]:
    """For each page, its text lines (words joined without spaces: Chinese has none)."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "f.pdf"
        pdf.write_bytes(data)
        html = subprocess.run(
            ["pdftotext", "-bbox-layout", str(pdf), "-"],
            capture_output=True, check=True,
        ).stdout.decode("utf-8", "surrogatepass")  # fmt: skip
    # poppler writes characters above U+FFFF as encoded surrogate halves: join them.
    html = html.encode("utf-16", "surrogatepass").decode("utf-16")
    pages = []
    for page in _PAGE.findall(html):
        lines = ["".join(unescape(w) for w in _WORD.findall(line)) for line in _LINE.findall(page)]
        pages.append([line for line in lines if line])
    return pages


def broken_lines(data: bytes) -> list[str]:
    """Lines that start with a closing or end with an opening punctuation mark."""
    return [
        line
        for page in page_lines(data)
        for line in page
        if line[0] in CLOSING or line[-1] in OPENING
    ]


def all_lines(data: bytes) -> list[str]:
    return [line for page in page_lines(data) for line in page]
