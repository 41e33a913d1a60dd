"""Loading pypinyin without stopping the other threads.

pypinyin reads its two dictionaries (phrases_dict.json 2.5 MB, pinyin_dict.json 0.8 MB)
with one `json.loads` each when it is first imported. That call is C code that holds
Python's GIL for its whole length (measured: about 0.5 s on a slow PC), so loading pypinyin
in the background would still freeze the window that long. Here the same files are parsed
one member at a time (the GIL passes to the window between members) and handed to pypinyin
as its dictionary modules, with exactly the content its own loader makes; pypinyin then
imports as usual. Anything unexpected (another pypinyin layout, a file missing in a
build) leaves pypinyin to load itself."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import types
from pathlib import Path
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_MODULES = {"phrases_dict": "phrases_dict.json", "pinyin_dict": "pinyin_dict.json"}


def json_object_by_members(text: str) -> dict[str, Any]:
    """A JSON object, parsed one member at a time: the same dict as `json.loads(text)`
    (for a text whose top level is an object), without holding the GIL throughout."""
    decode = json.JSONDecoder().raw_decode
    result: dict[str, Any] = {}
    at = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[at : at + 1] != "{":
        raise ValueError("not a JSON object")
    at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if text[at : at + 1] == "}":
        return result
    while True:
        key, at = decode(text, at)
        if not isinstance(key, str):
            raise ValueError("a JSON object's key must be a string")
        at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
        if text[at : at + 1] != ":":
            raise ValueError(f"':' expected at {at}")
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        result[key], at = decode(text, at)
        at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
        mark = text[at : at + 1]
        at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        if mark == "}":
            return result
        if mark != ",":
            raise ValueError(f"',' or '}}' expected at {at}")


def _package_folder() -> Path | None:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def preload_pypinyin() -> None:
    """Import pypinyin, its dictionaries parsed gently (see the module's docstring)."""
    if "pypinyin" in sys.modules:
        return
    try:
        folder = _package_folder()
        if folder is not None and all((folder / f).is_file() for f in _MODULES.values()):
            for name, file in _MODULES.items():
                full = f"pypinyin.{name}"
                if full in sys.modules:
                    continue
                text = (folder / file).read_text(encoding="utf-8")
                data: dict[Any, Any] = json_object_by_members(text)
                if name == "pinyin_dict":  # keyed by code point, as pypinyin's loader does
                    data = {int(k): v for k, v in data.items()}
                module = types.ModuleType(full)
                module.__file__ = str(folder / f"{name}.py")
                module._json_path = str(folder / file)  # type: ignore[attr-defined]
                setattr(module, name, data)
                sys.modules.setdefault(full, module)
    except (OSError, ValueError, ImportError):
        pass  # pypinyin loads its dictionaries itself
    import pypinyin  # noqa: F401
