"""Command of the printed forms themselves: the gallery of every form.

print gallery --out DIR
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
from pathlib import Path

from app.core.commands import out, print_form, tell_notes
from app.core.errors import RendaError
from app.office import Office


def _gallery_args(p: argparse.ArgumentParser) -> None:
    p.set_defaults()


@print_form("gallery", "全部表格样张（演示数据加压力样例，PDF 和 PNG，供逐页检查）", _gallery_args)
def print_gallery(office: Office, args: argparse.Namespace) -> int:
    from app.documents.gallery import add_stress_records, print_gallery

    if args.out is None:
        raise RendaError("请用 --out 指定保存样张的文件夹")
    folder = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "gallery.db"
        target = sqlite3.connect(copy)
        office.db.conn.backup(target)
        target.close()
        stressed = Office.open(copy)
        try:
            stress = add_stress_records(stressed)
            gallery = print_gallery(stressed, stress, folder)
        finally:
            stressed.close()
    tell_notes(gallery.notes)
    for line in gallery.skipped:
        out(f"未打印：{line}")
    out(f"已保存 {len(gallery.pdfs)} 份 PDF、{len(gallery.pngs)} 张图片到：{folder}")
    return 0
