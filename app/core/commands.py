"""The command line's kernel: the registry the areas add their commands to (@command), the
`print` command and the forms it prints (@print_form), and how results and refusals are
written. `app/cli.py` assembles the areas' commands into one parser; each area keeps its
own commands in `app/<area>/cli.py`."""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import RendaError, ValidationError

if TYPE_CHECKING:
    from app.documents.base import PdfResult
    from app.office import Office

Handler = Callable[["Office", argparse.Namespace], int]
# Commands register here with @command: (name, help, add_arguments, handler).
COMMANDS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []
# command name -> Chinese names of the fields its refusals name (app.core.errors.ValidationError
# keys).
FIELD_LABELS: dict[str, dict[str, str]] = {}
# Labels every command knows (an area adds its record's fields, e.g. the deputy fields).
KNOWN_LABELS: dict[str, str] = {}
# Commands that work on a database not set up yet.
SETUP_FREE_COMMANDS = {"init", "demo", "info"}


def command(
    name: str,
    help_text: str,
    arguments: Callable[[argparse.ArgumentParser], None],
    *,
    labels: dict[str, str] | None = None,
) -> Callable[[Handler], Handler]:
    """Register a command; `labels` name its refused fields in Chinese."""

    def register(handler: Handler) -> Handler:
        COMMANDS.append((name, help_text, arguments, handler))
        FIELD_LABELS[name] = labels or {}
        return handler

    return register


def refusal_lines(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    """`字段：说明` for each refused field. A key already in Chinese names itself; the
    message stands alone where no name is known."""
    known = KNOWN_LABELS | labels
    lines = []
    for key, message in exc.fields.items():
        label = known.get(key) or (key if not key.isascii() else "")
        lines.append(f"{label}：{message}" if label else message)
    return lines


def with_labels(labels: dict[str, str]) -> Callable[[Handler], Handler]:
    """For a handler run under another command (a form of `print`): its refusals name
    their fields with these labels."""

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def run(office: Office, args: argparse.Namespace) -> int:
            try:
                return handler(office, args)
            except ValidationError as exc:
                raise RendaError("\n".join(refusal_lines(exc, labels))) from exc

        return run

    return wrap


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def print_json(value: Any) -> None:
    out(json.dumps(value, ensure_ascii=False, indent=2))


# ---- the print command --------------------------------------------------------------

# (name, help, add_arguments, handler) of each form; filled by @print_form.
PRINT_FORMS: list[tuple[str, str, Callable[[argparse.ArgumentParser], None], Handler]] = []


def print_form(
    name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None]
) -> Callable[[Handler], Handler]:
    """Register `print NAME`: `arguments` adds its options (`--out` is added for you)."""

    def register(handler: Handler) -> Handler:
        PRINT_FORMS.append((name, help_text, arguments, handler))
        return handler

    return register


def tell_notes(notes: tuple[str, ...] | list[str]) -> None:
    for note in notes:
        sys.stderr.write(f"提醒：{note}\n")


def save_result(result: PdfResult, path: Path | None) -> int:
    """Write the PDF (whole or not at all), say where, and pass on the notes."""
    if path is None:
        raise RendaError("请用 --out 指定要保存的 PDF 文件，如 --out 登记表.pdf")
    saved = result.save(path)
    tell_notes(result.notes)
    out(f"已保存：{saved}（{result.pages} 页）")
    return 0


def _print_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="form", required=True, metavar="表格")
    for name, help_text, arguments, handler in PRINT_FORMS:
        form = sub.add_parser(name, help=help_text)
        form.add_argument("--out", type=Path, help="保存为此 PDF 文件")
        arguments(form)
        form.set_defaults(print_handler=handler)


@command("print", "打印表格（生成 PDF）：registration 登记表、roster 名册 …", _print_args)
def cmd_print(office: Office, args: argparse.Namespace) -> int:
    return args.print_handler(office, args)


# ---- fields given as 键=值 ------------------------------------------------------------


def parse_pairs(
    pairs: Sequence[str], keys: dict[str, str], sep: str | None = None
) -> dict[str, str]:
    """`类型=视察 日期=…` -> {"kind": "视察", …}; English keys are accepted too."""
    values: dict[str, str] = {}
    items = pairs if sep is None else [p for chunk in pairs for p in chunk.split(sep)]
    for pair in items:
        if not pair.strip():
            continue
        if "=" not in pair:
            raise ValidationError({pair: f"“{pair}”应写成“字段=值”，如 日期=2026-03-02"})
        key, value = pair.split("=", 1)
        key = keys.get(key.strip(), key.strip())
        if key not in keys.values():
            raise ValidationError({key: f"没有“{key}”这个字段，可用：{'、'.join(keys)}"})
        values[key] = value.strip()
    return values


def labelled(keys: dict[str, str], run: Callable[[], Any]) -> Any:
    """Say which field a message is about in the clerk's words, not the program's."""
    labels = {v: k for k, v in keys.items()}
    try:
        return run()
    except ValidationError as exc:
        raise ValidationError({labels.get(k, k): m for k, m in exc.fields.items()}) from None
