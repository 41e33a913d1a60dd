"""Hostile and broken rosters, made by the tests (never committed as binaries).

Each maker writes one file and returns its path. `corpus(folder)` makes them all and says
what the import must do with each: refuse it with a Chinese message (matched by a regular
expression), or read it (the good rows of a roster with something nasty added)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import make_id_number

MIB = 1024 * 1024
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}><sheets>'
    '<sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
HEADER = ["姓名", "性别", "民族", "出生年月", "身份证号码"]


NAMES = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨勇", "赵敏", "黄磊", "周杰", "吴霞"]


def good_rows(n: int = 3) -> list[list[str]]:
    """Valid deputies, written the way offices write them (汉 for 汉族)."""
    rows = []
    for i in range(n):
        birth = f"{1960 + i % 40}{1 + i % 12:02d}15"
        name = NAMES[i % 10] + ("", "甲", "乙", "丙", "丁")[i // 10 % 5]
        male = i % 2 == 0
        rows.append(
            [
                name,
                "男" if male else "女",
                "汉",
                f"{birth[:4]}.{birth[4:6]}",
                make_id_number(birth, male=male, serial=10 + i % 90),
            ]
        )
    return rows


def _cell(ref: str, value: str) -> str:
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values: list[str]) -> str:
    cells = "".join(_cell(f"{'ABCDEFGHIJ'[i]}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def roster_rows(rows: list[list[str]], *, start: int = 1) -> str:
    return "".join(_row(start + i, values) for i, values in enumerate([HEADER, *rows]))


def sheet_xml(body: str, *, tail: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}'
        f"</sheetData>{tail}</worksheet>"
    )


def write_xlsx(path: Path, sheet: str | bytes, *, strings: str | None = None) -> Path:
    """A minimal workbook of one sheet, its parts given as text."""
    shared = strings or f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}/>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", shared)
    return path


# ---- zips written by hand: a member much larger than its packed bytes --------------------


def _repeated_deflate(chunk: bytes, times: int, head: bytes = b"") -> tuple[bytes, int, int]:
    """A raw deflate stream of `head` then `chunk` repeated, built without compressing it
    all: after a full flush the compressor starts afresh, so every copy packs the same."""
    starter = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = starter.compress(head) + starter.flush(zlib.Z_FULL_FLUSH) if head else b""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush()
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return first + block * times + end, len(head) + len(chunk) * times, crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """Members as (name, packed bytes, declared size, crc, method): the sizes and CRC are
    written as given, true or not."""
    out = bytearray()
    directory = bytearray()
    for name, packed, size, crc, method in members:
        raw_name = name.encode("utf-8")
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0x800,
            method,
            0,
            0,
            crc,
            len(packed),
            min(size, 0xFFFFFFFF),
            len(raw_name),
            0,
        )
        out += raw_name + packed
        directory += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            method,
            0,
            0,
            crc,
            len(packed),
            min(size, 0xFFFFFFFF),
            len(raw_name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += raw_name
    start = len(out)
    out += directory
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0
    )
    path.write_bytes(bytes(out))
    return path


def _stored(name: str, text: str) -> tuple[str, bytes, int, int, int]:
    data = text.encode("utf-8")
    return (name, data, len(data), zlib.crc32(data), 0)


def _frame(
    sheet_member: tuple[str, bytes, int, int, int],
) -> list[tuple[str, bytes, int, int, int]]:
    return [
        _stored("[Content_Types].xml", CONTENT_TYPES),
        _stored("_rels/.rels", ROOT_RELS),
        _stored("xl/workbook.xml", WORKBOOK),
        _stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet_member,
        _stored("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}/>'),
    ]


def zip_bomb(path: Path, *, size_mib: int = 1024) -> Path:
    """A sheet that unpacks to a gigabyte (a few hundred kilobytes on disk), its size told
    truthfully in the zip's directory."""
    head = sheet_xml("").split("</sheetData>")[0].encode()
    chunk = b"<row><c/></row>" * (MIB // 15)
    packed, size, crc = _repeated_deflate(chunk, size_mib, head)
    return write_zip(path, _frame(("xl/worksheets/sheet1.xml", packed, size, crc, 8)))


def lying_zip_bomb(path: Path) -> Path:
    """The same, its directory claiming the sheet unpacks to 4 KB."""
    head = sheet_xml("").split("</sheetData>")[0].encode()
    chunk = b"<row><c/></row>" * (MIB // 15)
    packed, _size, crc = _repeated_deflate(chunk, 512, head)
    return write_zip(path, _frame(("xl/worksheets/sheet1.xml", packed, 4096, crc, 8)))


def element_bomb(path: Path) -> Path:
    """Under the size cap, but tens of millions of empty cells (formatting to the end)."""
    head = sheet_xml(roster_rows(good_rows())).split("</sheetData>")[0].encode()
    chunk = b"<row>" + b"<c/>" * 4000 + b"</row>"
    packed, size, crc = _repeated_deflate(chunk, 9000, head)  # 144 MB
    return write_zip(path, _frame(("xl/worksheets/sheet1.xml", packed, size, crc, 8)))


def many_members(path: Path, count: int = 30_000) -> Path:
    members = _frame(_stored("xl/worksheets/sheet1.xml", sheet_xml(roster_rows(good_rows()))))
    members += [_stored(f"xl/media/x{i}.bin", "") for i in range(count)]
    return write_zip(path, members)


# ---- broken and malicious XML --------------------------------------------------------------


def truncated_sheet(path: Path) -> Path:
    xml = sheet_xml(roster_rows(good_rows(30)))
    return write_xlsx(path, xml[: len(xml) * 2 // 3])


def malformed_sheet(path: Path) -> Path:
    xml = sheet_xml(roster_rows(good_rows()) + '<row r="9"><c r="A9"><v>1</v></row>')
    return write_xlsx(path, xml)


def entity_bomb(path: Path) -> Path:
    """Billion laughs in the shared strings."""
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    strings = f'<?xml version="1.0"?><!DOCTYPE sst [{lol}]><sst {NS}><si><t>&l9;</t></si></sst>'
    return write_xlsx(path, sheet_xml(roster_rows(good_rows())), strings=strings)


def external_entity(path: Path) -> Path:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    return write_xlsx(path, xml)


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path


def html_as_xls(path: Path) -> Path:
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>")
    return path


def password_xlsx(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    return path


def too_many_rows(path: Path, rows: int = 60_001) -> Path:
    body = roster_rows([]) + "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>张{n}</t></is></c></row>'
        for n in range(2, rows + 2)
    )
    return write_xlsx(path, sheet_xml(body))


def overlapping_merges(path: Path) -> Path:
    body = roster_rows(good_rows(200))
    merges = '<mergeCell ref="A1:IV1048576"/>' * 5000
    return write_xlsx(path, sheet_xml(body, tail=f'<mergeCells count="5000">{merges}</mergeCells>'))


# ---- nasty but readable --------------------------------------------------------------------


def stray_cell(path: Path) -> Path:
    """A 6 KB roster with one cell at the last row and column Excel has."""
    body = roster_rows(good_rows()) + (
        '<row r="1048576"><c r="F1048576" t="inlineStr"><is><t>x</t></is></c>'
        '<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    xml = sheet_xml(body).replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    return write_xlsx(path, xml)


def styled_empty_rows(path: Path, count: int = 300_000) -> Path:
    """A roster followed by rows formatted down the sheet but empty."""
    empty = "".join(
        f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>'
        for n in range(10, 10 + count)
    )
    return write_xlsx(path, sheet_xml(roster_rows(good_rows()) + empty))


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[Path], Path]
    suffix: str = ".xlsx"
    refused: str = ""  # a regular expression the Chinese message matches; "" = must be read
    rows: int = 0  # for a file that is read: the roster rows it holds


CORPUS = [
    Hostile("zip_bomb", zip_bomb, refused=r"解压后有 \d+ MB，超过了一次导入的上限"),
    Hostile("lying_zip_bomb", lying_zip_bomb, refused=r"无法读取.*(损坏|截断)"),
    Hostile("element_bomb", element_bomb, refused=r"单元格太多"),
    Hostile("many_members", many_members, refused=r"压缩包中有 \d+ 个文件"),
    Hostile("truncated_sheet", truncated_sheet, refused=r"内容在中途截断"),
    Hostile("malformed_sheet", malformed_sheet, refused=r"XML 格式错误"),
    Hostile("entity_bomb", entity_bomb, refused=r"DOCTYPE"),
    Hostile("external_entity", external_entity, refused=r"DOCTYPE"),
    Hostile("not_a_zip", not_a_zip, refused=r"无法读取.*损坏"),
    Hostile("html_as_xls", html_as_xls, suffix=".xls", refused=r"网页或 XML 格式"),
    Hostile("password_xlsx", password_xlsx, refused=r"打开密码"),
    Hostile("too_many_rows", too_many_rows, refused=r"超过 60000 行"),
    Hostile("overlapping_merges", overlapping_merges, refused=r"合并的单元格"),
    Hostile("stray_cell", stray_cell, rows=3),
    Hostile("styled_empty_rows", styled_empty_rows, rows=3),
]


def corpus(folder: Path) -> list[tuple[Hostile, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(h, h.make(folder / f"{h.name}{h.suffix}")) for h in CORPUS]
