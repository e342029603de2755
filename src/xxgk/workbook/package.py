"""The workbook package (a zip of XML parts) checked within the limits of ``xxgk.limits`` before a library reads it.

zipfile, openpyxl and python-calamine trust the sizes a zip records; a crafted file records 1 MB and inflates to
gigabytes. Here every part is inflated from its raw data through a counter that stops as soon as the output passes
the size recorded, and kept: the libraries then read a copy of those parts, stored (``stored_copy``), so none of
them inflates anything or reads the file again. XML is parsed by expat, with document type declarations refused
(no entities: no XXE, no billion laughs).
A sheet is parsed only when asked: its real span (what python-calamine would allocate), whatever the attribute
quoting, cells and rows without ``r`` taking their implicit positions. A sheet written the way spreadsheet
programs write it (every row and cell with its plain reference) proves a small span from a few byte scans, checked
by expat without callbacks, and is measured only when it does not (``_plainly_small``).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from zlib_ng import zlib_ng as zlib  # zlib's interface, inflating in half the time

from .. import limits
from ..errors import NotAWorkbook
from .stored_zip import stored_zip

CHUNK = 64 * 1024
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
_XML = (".xml", ".rels")
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's grid
_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_DAMAGED = "文件已损坏（压缩包结构不完整），无法读取"
_LIED = "文件已损坏或含有异常内容（压缩包中部件解压后的大小与记录不符），无法读取"


# A plainly written sheet, as spreadsheet programs write one: every row element `<row r="N"` (rows below 1000) and
# every cell `<c r="A1">` (columns up to ZZ) with at most a style and a type other than an error (t="e"), so its
# span is at most 999 × 702 cells and it holds no error value.
PLAIN_SPAN = 999 * 702
# A start tag of a row or a cell that is not plain: one of them with any prefix (``x:c``), or unprefixed but not
# as above, each name followed by what may end it. One scan, in which only a "<" starts a try; the prefixed names
# cost most of it, so they are looked for only where a ":row" or ":c" ends a name (``_not_plain``).
_NOT_PLAIN_UNPREFIXED = (rb'<(?:row(?! r="[1-9][0-9]{0,2}")'
                         rb'|c(?! r="[A-Za-z]{1,2}[1-9][0-9]{0,2}"(?: s="[0-9]{1,5}")?(?: t="(?:n|s|str|inlineStr|b|d)")?/?>))')
_NAME_END = rb"[\t\n\r />]"
_NOT_PLAIN_ROW_OR_CELL = re.compile(_NOT_PLAIN_UNPREFIXED[:-1] + rb"|[^\t\n\r />]*:(?:row|c))" + _NAME_END)
_NOT_PLAIN_UNPREFIXED_TAG = re.compile(_NOT_PLAIN_UNPREFIXED + _NAME_END)
_PREFIXED_ROW_OR_CELL_END = re.compile(rb":(?:row|c)" + _NAME_END)
# In a plain sheet: a row's number, and the start tag of a plain cell that has children; every formula, however
# written (looked for as the unprefixed ones where no ":f" ends a name).
_PLAIN_ROW_NUMBER = re.compile(rb'<row r="([1-9][0-9]{0,2})"')
_PLAIN_CELL_OPEN = re.compile(
    rb'<c r="([A-Za-z]{1,2}[1-9][0-9]{0,2})"(?: s="[0-9]{1,5}")?(?: t="(?:n|s|str|inlineStr|b|d)")?>')
_ANY_FORMULA = re.compile(rb"<(?:f|[^\t\n\r />]*:f)" + _NAME_END)
_UNPREFIXED_FORMULA = re.compile(rb"<f" + _NAME_END)
_PREFIXED_FORMULA_END = re.compile(rb":f" + _NAME_END)


def _not_plain(body: bytes) -> bool:
    """Whether ``_NOT_PLAIN_ROW_OR_CELL`` finds a tag in ``body``."""
    return bool(_NOT_PLAIN_UNPREFIXED_TAG.search(body)
                or (_PREFIXED_ROW_OR_CELL_END.search(body) and _NOT_PLAIN_ROW_OR_CELL.search(body)))


def _holds(data: bytes, pair: bytes) -> bool:
    """``pair in data`` for a "<" and another byte, looking for the other first: "<" is everywhere in XML."""
    return pair[1:] in data and pair in data


def _mb(n: int) -> str:
    return f"{n // limits.MIB} MB"


class _Stop(Exception):
    """Raised from a parser callback once everything wanted has been seen."""


class _DocumentType(Exception):
    """A document type declaration: refused (entities could expand without bound or read other files)."""


def _refuse_doctype(*_: object) -> None:
    raise _DocumentType


def xml_parser(start: Callable[[str, dict[str, str]], None] | None = None,
               end: Callable[[str], None] | None = None, *, namespaces: bool = True) -> expat.XMLParserType:
    """An expat parser that refuses any DTD; element names are ``"namespace local"`` (with ``namespaces``) or
    as written (faster)."""
    parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    return parser


def local(name: str) -> str:
    return name[name.rfind(" ") + 1:]


@dataclass
class SheetSpan:
    """A sheet's stored cells: their count, and the rows × columns from the first to the last one."""

    cells: int = 0
    rows: int = 0  # row elements
    tags: int = 0  # every tag of the part (each "<": start, end, empty, comment…)
    first_row: int = 0
    last_row: int = 0
    first_col: int = 0
    last_col: int = 0
    off_grid: bool = False  # a reference outside Excel's grid, or one that is not a reference
    unmeasured: bool = False  # more than MAX_MEASURED_TAGS tags: measuring stopped there
    errors: int = 0  # cells holding an error value (t="e": #DIV/0!, #REF!), which python-calamine reads as empty

    @property
    def dense_cells(self) -> int:
        """How many cells a reader that materialises the span (python-calamine) allocates; unknown (the whole
        grid) when the sheet was not measured to its end."""
        if self.off_grid or self.unmeasured:
            return MAX_ROW * MAX_COL
        if not self.cells:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)


@lru_cache(maxsize=4096)
def _position(ref: str) -> tuple[int, int] | None:
    """(row, column) of a reference such as ``B7`` (either case), None when it is not one within the grid."""
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha() and 0 < len(digits) <= 7):
        return None
    col = 0
    for letter in letters.upper():
        col = col * 26 + ord(letter) - 64
    row = int(digits)
    return (row, col) if 0 < row <= MAX_ROW and col <= MAX_COL else None


class _SpanCounter:
    """expat callbacks that follow cell positions as python-calamine does: a row without ``r`` is the one after
    the previous row, a cell without ``r`` the one after the previous cell (or column A). Every ``c`` element
    counts, whatever its namespace (names are taken as written, prefix dropped), nesting or content: never less
    than calamine. (Callbacks cost most of the guard's time: the tests come in the order that rejects most
    elements soonest.)"""

    def __init__(self) -> None:
        self.span = SheetSpan()
        self.row = 0
        self.col = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        last = name[-1]
        if last == "c" and (name == "c" or name.endswith(":c")):
            span = self.span
            ref = attrs.get("r")
            if ref is None:
                row, col = self.row or 1, self.col + 1
                if col > MAX_COL:
                    span.off_grid = True
            else:
                position = _position(ref)
                if position is None:
                    span.off_grid = True
                    return
                row, col = position
            self.col = col
            if span.cells:
                if row < span.first_row:
                    span.first_row = row
                elif row > span.last_row:
                    span.last_row = row
                if col < span.first_col:
                    span.first_col = col
                elif col > span.last_col:
                    span.last_col = col
            else:
                span.first_row = span.last_row = row
                span.first_col = span.last_col = col
            span.cells += 1
            if attrs.get("t") == "e":
                span.errors += 1
        elif last == "w" and (name == "row" or name.endswith(":row")):
            self.span.rows += 1
            ref = attrs.get("r")
            if ref is None:
                self.row += 1
            elif ref.isascii() and ref.isdigit() and 0 < int(ref) <= MAX_ROW:
                self.row = int(ref)
            else:
                self.span.off_grid = True
            if self.row > MAX_ROW:
                self.span.off_grid = True
            self.col = 0


class _FormulaFinder:
    """expat callbacks that note the cells of a block holding a formula: an ``f`` element right inside a ``c``
    (its first child), never one elsewhere (``xm:f`` in an extension list). Positions as ``_SpanCounter``'s."""

    def __init__(self, max_row: int, max_col: int) -> None:
        self.max_row, self.max_col = max_row, max_col
        self.found: set[tuple[int, int]] = set()
        self.row = self.col = self.tags = 0
        self.cell: tuple[int, int] | None = None  # the cell just opened, until its next element

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.tags += 1
        if self.tags > limits.MAX_MEASURED_TAGS:
            raise _Stop
        last = name[-1]
        if last == "c" and (name == "c" or name.endswith(":c")):
            ref = attrs.get("r")
            at = _position(ref) if ref is not None else (self.row or 1, self.col + 1)
            if at is not None:
                self.col = at[1]
            self.cell = at
            return
        if last == "f" and self.cell is not None and (name == "f" or name.endswith(":f")):
            if self.cell[0] <= self.max_row and self.cell[1] <= self.max_col:
                self.found.add(self.cell)
        elif last == "w" and (name == "row" or name.endswith(":row")):
            ref = attrs.get("r")
            self.row = int(ref) if ref and ref.isascii() and ref.isdigit() else self.row + 1
            self.col = 0
            if self.row > self.max_row:
                raise _Stop
        self.cell = None


class Package:
    """A workbook file whose zip structure, part sizes, sheets and shared strings are within the limits.

    ``Package(path)`` inflates every part once (about 0.5 ms for the template), keeps it (all within
    ``MAX_TOTAL_BYTES``), and refuses, with one Chinese line, anything over a limit, any part whose real size or
    CRC differs from the recorded one, and any DTD.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._spans: dict[str, SheetSpan] = {}
        self._parts: dict[str, bytes] = {}  # every part, as inflated while checking its size
        self._stored: bytes | None = None
        self._plain: dict[str, bool] = {}
        _check_file(self.path)
        try:
            with open(self.path, "rb") as file:  # read once (within the size checked): every later read is of these bytes
                self._data = file.read(limits.MAX_FILE_BYTES + 1)
            if len(self._data) > limits.MAX_FILE_BYTES:
                raise NotAWorkbook(f"文件过大（上限 {_mb(limits.MAX_FILE_BYTES)}），年报工作簿通常小于 1 MB", path=path)
            f = io.BytesIO(self._data)
            _check_member_count(f, self.path)
            with zipfile.ZipFile(f) as z:
                infos = z.infolist()
            self._infos = {info.filename: info for info in infos}
            self._by_lower = {info.filename.lower(): info for info in infos}
            if len(self._by_lower) != len(infos):
                raise NotAWorkbook("文件已损坏（压缩包中有重名的部件），无法读取", path=path)
            if WORKBOOK not in self._infos:
                raise NotAWorkbook("不是 Excel 工作簿（压缩包中没有工作簿内容，可能是改了扩展名的其他文件）", path=path)
            self._check_recorded_sizes(infos)
            self._file = f
            targets = self._relationships()
            self.sheets = self._sheets(targets)
            self.shared_strings_part: str | None = None  # the one openpyxl reads
            if CONTENT_TYPES in self._infos:
                self._content_types(self._infos[CONTENT_TYPES])
            read = {self.shared_strings_part, *(m.filename for t in targets.values() if (m := self._member(t)))}
            for info in infos:
                if info.filename not in (WORKBOOK, WORKBOOK_RELS, CONTENT_TYPES):
                    self._check_part(info, keep=info.filename in read or info.filename.lower().endswith(_XML))
        except _DocumentType:
            raise NotAWorkbook("工作簿含有文档类型声明（DTD），可能是恶意构造的文件，拒绝读取", path=path) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, zlib.error):
            raise NotAWorkbook(_DAMAGED, path=path) from None
        finally:
            self._file = None

    def stored_copy(self) -> bytes:
        """The workbook as a zip of its checked parts that a library reads (XML, and whatever the workbook's
        relationships name), stored: what the libraries read instead of the file. Images and the like, which
        neither reads, are left out (checked, not kept)."""
        if self._stored is None:
            self._stored = stored_zip((info, self._parts[name]) for name, info in self._infos.items()
                                      if name in self._parts)
        return self._stored

    # ------------------------------------------------------------ reading parts

    def _check_recorded_sizes(self, infos: list[zipfile.ZipInfo]) -> None:
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise NotAWorkbook("工作簿已加密，请在 Excel 或 WPS 中取消密码后另存为 .xlsx", path=self.path)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise NotAWorkbook("工作簿使用了 Excel 不使用的压缩方式，请在 Excel 或 WPS 中另存为 .xlsx", path=self.path)
            if info.file_size > limits.MAX_PART_BYTES:
                raise NotAWorkbook(f"文件解压后过大（其中一个部件超过 {_mb(limits.MAX_PART_BYTES)}），"
                                   "年报工作簿不会这么大，可能已损坏或含有异常内容", path=self.path)
            total += info.file_size
        if total > limits.MAX_TOTAL_BYTES:
            raise NotAWorkbook(f"文件解压后过大（超过 {_mb(limits.MAX_TOTAL_BYTES)}），"
                               "年报工作簿不会这么大，可能已损坏或含有异常内容", path=self.path)

    def _part(self, member: str | zipfile.ZipInfo) -> bytes:
        """The inflated content of ``member``, inflated on first request (while the package is checked) and kept."""
        name = member.filename if isinstance(member, zipfile.ZipInfo) else member
        if name not in self._parts:
            self._parts[name] = b"".join(self._chunks(self._infos[name], self._file))
        return self._parts[name]

    def _chunks(self, info: zipfile.ZipInfo, f: BinaryIO) -> Iterator[bytes]:
        """The inflated content of a member in chunks, never more than its recorded size."""
        member = info.filename
        f.seek(info.header_offset)
        header = f.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(member)
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
        f.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        left, size, crc = info.compress_size, 0, 0
        while left > 0:
            raw = f.read(min(CHUNK, left))
            if not raw:
                raise zipfile.BadZipFile(member)
            left -= len(raw)
            while raw:
                if inflater:
                    data, raw = inflater.decompress(raw, CHUNK), inflater.unconsumed_tail
                else:
                    data, raw = raw, b""
                size += len(data)
                if size > info.file_size:
                    raise NotAWorkbook(_LIED, path=self.path)
                crc = zlib.crc32(data, crc)
                yield data
        if (inflater and info.compress_size and not inflater.eof) or size != info.file_size or crc != info.CRC:
            raise NotAWorkbook(_LIED if size != info.file_size else _DAMAGED, path=self.path)

    def _parse(self, member: str | zipfile.ZipInfo, parser: expat.XMLParserType, *, strict: bool = True) -> None:
        """Feed ``member`` to ``parser`` until a callback raises ``_Stop`` (the whole part is inflated all the same:
        its size must be the recorded one). Not strict: a part that is not XML is left to its library."""
        try:
            parser.Parse(self._part(member), True)
        except _Stop:
            pass
        except expat.ExpatError:
            if strict:
                raise NotAWorkbook("工作簿内容已损坏（XML 格式错误），无法读取", path=self.path) from None

    def _check_part(self, info: zipfile.ZipInfo, *, keep: bool) -> None:
        """Inflate a part to check its size, and ``keep`` it or not. An XML part is parsed up to its root, to refuse
        a DTD; a table of shared strings (root ``sst``, whatever its name: each library finds it its own way) to
        the end, to count its entries."""
        if not keep:
            for _ in self._chunks(info, self._file):
                pass
            return
        self._part(info)
        if not info.filename.endswith(_XML):
            return
        entries = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal entries
            tag = local(name)
            if tag == "si" and entries:
                entries += 1
                if entries > limits.MAX_SHARED_STRINGS + 1:
                    raise NotAWorkbook(f"工作簿的共享字符串超过 {limits.MAX_SHARED_STRINGS} 条，年报工作簿不会这么多，"
                                       "可能已损坏或含有异常内容", path=self.path)
            elif not entries:
                if tag != "sst":
                    raise _Stop
                entries = 1  # counting from 1: the root has been seen

        self._parse(info, xml_parser(start=start), strict=False)

    def _content_types(self, info: zipfile.ZipInfo) -> None:
        """Where openpyxl looks for the shared strings: the first part declared with their content type."""
        def start(name: str, attrs: dict[str, str]) -> None:
            if local(name) == "Override" and attrs.get("ContentType") == SHARED_STRINGS_TYPE:
                self.shared_strings_part = self.shared_strings_part or attrs.get("PartName", "")[1:]

        self._parse(info, xml_parser(start=start), strict=False)

    # ------------------------------------------------------------ workbook, relationships, shared strings

    def _member(self, name: str) -> zipfile.ZipInfo | None:
        """The member of that name, matched without regard to case as python-calamine does."""
        return self._by_lower.get(name.lower())

    def _relationships(self) -> dict[str, str]:
        """The workbook's relationships: id → target, resolved as python-calamine resolves them ("/…" from the
        root, anything else under xl/), the reader that needs the guard; openpyxl's own resolution (relative to
        xl/) is bounded by the limits all the same."""
        if WORKBOOK_RELS not in self._infos:
            raise NotAWorkbook("工作簿内容已损坏（缺少工作表关系），无法读取", path=self.path)
        targets: dict[str, str] = {}

        def start(name: str, attrs: dict[str, str]) -> None:
            if local(name) == "Relationship":
                target = attrs.get("Target", "")
                targets[attrs.get("Id", "")] = target[1:] if target.startswith("/") else f"xl/{target}"
                if len(targets) > limits.MAX_MEMBERS:
                    raise NotAWorkbook(f"工作簿的关系记录超过 {limits.MAX_MEMBERS} 条，可能已损坏或含有异常内容",
                                       path=self.path)

        self._parse(WORKBOOK_RELS, xml_parser(start=start))
        return targets

    def _sheets(self, targets: dict[str, str]) -> dict[str, str]:
        """Sheet name → its part, in workbook order (a sheet whose part is missing is left out)."""
        sheets: dict[str, str] = {}
        count = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal count
            if local(name) == "sheet":
                count += 1
                if count > limits.MAX_SHEETS:
                    raise NotAWorkbook(f"工作簿的工作表超过 {limits.MAX_SHEETS} 个，不是年报模板，拒绝读取", path=self.path)
                title = attrs.get("name", "")
                if title in sheets:
                    raise NotAWorkbook("工作簿内容已损坏（有重名的工作表），无法读取", path=self.path)
                rid = next((v for k, v in attrs.items() if k.endswith("relationships id")), "")
                member = self._member(targets.get(rid, ""))
                sheets[title] = member.filename if member else ""

        def end(name: str) -> None:
            if local(name) == "sheets":
                raise _Stop  # the defined names and the rest are not needed

        self._parse(WORKBOOK, xml_parser(start=start, end=end))
        return {title: member for title, member in sheets.items() if member}

    def shared_strings(self) -> list[str] | None:
        """The table of shared strings openpyxl reads, as stored (escapes not decoded): each entry's text, its
        runs joined and phonetic runs (``rPh``) left out, as openpyxl gives it but without dropping ``x005F_``.
        None when the workbook has none."""
        if self.shared_strings_part not in self._infos:
            return None
        strings: list[str] = []
        texts: list[str] = []
        depth = {"t": 0, "rPh": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = local(name)
            if tag in depth:
                depth[tag] += 1
            elif tag == "si":
                texts.clear()

        def end(name: str) -> None:
            tag = local(name)
            if tag in depth:
                depth[tag] -= 1
            elif tag == "si":
                strings.append("".join(texts))

        def text(data: str) -> None:
            if depth["t"] and not depth["rPh"]:
                texts.append(data)

        parser = xml_parser(start, end)
        parser.CharacterDataHandler = text
        parser.buffer_text = True
        self._parse(self.shared_strings_part, parser)
        return strings

    # ------------------------------------------------------------ sheets

    def span(self, sheet: str) -> SheetSpan:
        """The stored cells of a sheet, measured once, on first request, up to ``MAX_MEASURED_TAGS`` tags. A sheet
        whose part was not found counts as off the grid: whatever another reader would find there is unknown."""
        if sheet not in self._spans:
            self._spans[sheet] = self._measure(sheet, limits.MAX_MEASURED_TAGS)
        return self._spans[sheet]

    def dense_readable(self, sheet: str) -> bool:
        """Whether a reader that materialises the sheet's span (python-calamine) may read it: a span within
        ``MAX_DENSE_CELLS`` and no error value (which python-calamine reads as an empty cell)."""
        if self._is_plain(sheet):
            return True
        span = self.span(sheet)
        return span.dense_cells <= limits.MAX_DENSE_CELLS and not span.errors

    def _is_plain(self, sheet: str) -> bool:
        if sheet not in self._plain:
            self._plain[sheet] = self._plainly_small(sheet)
        return self._plain[sheet]

    def _plainly_small(self, sheet: str) -> bool:
        """True when the sheet's bytes prove what ``span`` would measure: no more tags than are measured, no
        error value, a span of at most ``PLAIN_SPAN`` cells. The proof holds for well-formed UTF-8 XML holding no
        comment, CDATA, DTD or processing instruction, where every "<" opens a tag: then every row and cell tag
        is one that ``_NOT_PLAIN_ROW_OR_CELL`` would find unless it is plain (an attribute appears once in a tag,
        so a plain tag has no other ``r`` or ``t``). expat, without callbacks, checks the well-formedness (and raises
        what ``span`` would raise). False: not proved (measure it)."""
        data = self._parts.get(self.sheets.get(sheet, ""))
        if data is None or (len(data) > limits.MAX_MEASURED_TAGS and data.count(b"<") > limits.MAX_MEASURED_TAGS) \
                or b"\0" in data or _holds(data, b"<!"):
            return False
        body = data.removeprefix(b"\xef\xbb\xbf")
        if body.startswith(b"<?xml"):  # version 1.0, in UTF-8: the bytes below are the characters expat reads
            end = body.find(b"?>")
            declaration = body[:end].lower().replace(b"'", b'"')
            if end < 0 or b'version="1.0"' not in declaration or (
                    b"encoding" in declaration and b'encoding="utf-8"' not in declaration):
                return False
            body = body[end + 2:]
        body = body.lstrip(b" \t\r\n")
        if not body.startswith(b"<") or _holds(body, b"<?") or _not_plain(body):
            return False
        try:
            xml_parser(namespaces=False).Parse(data, True)  # (a DTD would need "<!")
        except expat.ExpatError:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏（XML 格式错误），无法读取", path=self.path) from None
        return True

    def _measure(self, sheet: str, budget: int) -> SheetSpan:
        """Parse a sheet's part in chunks until its end or until more than ``budget`` tags were fed (counted per
        chunk, in C: the parse's cost is bounded by the budget)."""
        member = self.sheets.get(sheet)
        counter = _SpanCounter()
        span = counter.span
        if member is None:
            span.off_grid = True
            return span
        parser = xml_parser(counter.start, namespaces=False)
        part = self._parts[member]
        try:
            for at in range(0, len(part), CHUNK):
                data = part[at:at + CHUNK]
                span.tags += data.count(b"<")
                if span.tags > budget:
                    span.unmeasured = True
                    break
                parser.Parse(data, False)
            if not span.unmeasured:
                parser.Parse(b"", True)
        except _DocumentType:
            raise NotAWorkbook("工作簿含有文档类型声明（DTD），可能是恶意构造的文件，拒绝读取", path=self.path) from None
        except expat.ExpatError:
            raise NotAWorkbook(f"工作表“{sheet}”内容已损坏（XML 格式错误），无法读取", path=self.path) from None
        return span

    def formula_cells(self, sheet: str, max_row: int, max_col: int) -> frozenset[tuple[int, int]]:
        """(row, column) of every cell of the sheet's top-left ``max_row`` × ``max_col`` block that holds a formula
        (an ``f`` element, a shared formula's too), whatever its cached value: the same answer for every engine.
        Positions follow the rules of the span; the parse stops at the first row past the block (rows are written
        in order) and after ``MAX_MEASURED_TAGS`` elements. A sheet whose part was not found holds none."""
        member = self.sheets.get(sheet)
        if member is None:
            return frozenset()
        plain = self._plain_formula_cells(sheet, max_row, max_col)
        if plain is not None:
            return plain
        finder = _FormulaFinder(max_row, max_col)
        try:
            self._parse(member, xml_parser(finder.start, namespaces=False))
        except _DocumentType:
            raise NotAWorkbook("工作簿含有文档类型声明（DTD），可能是恶意构造的文件，拒绝读取", path=self.path) from None
        return frozenset(finder.found)

    def _plain_formula_cells(self, sheet: str, max_row: int, max_col: int) -> frozenset[tuple[int, int]] | None:
        """What ``formula_cells`` finds, from the bytes of a plain sheet (``_plainly_small``) where every formula is
        a cell's first child; None otherwise (or where the sheet is not well-formed: the parse says so itself).
        As there, cells are taken up to the first row past the block."""
        try:
            if not self._is_plain(sheet):
                return None
        except NotAWorkbook:
            return None
        data = self._parts[self.sheets[sheet]]
        cells = []
        for formula in (_ANY_FORMULA if _PREFIXED_FORMULA_END.search(data) else _UNPREFIXED_FORMULA).finditer(data):
            # a cell's first child: unprefixed, right after the start tag of a plain cell (its only "<")
            at = formula.start()
            cell = len(formula[0]) == 3 and _PLAIN_CELL_OPEN.fullmatch(data, max(data.rfind(b"<", 0, at), 0), at)
            if not cell:
                return None
            cells.append((cell.start(), cell[1]))
        after = _row_after(max_row).search(data, 0, cells[-1][0]) if cells else None  # a row before the last cell
        end = after.start() if after else len(data)
        found = set()
        for start, ref in cells:
            row, col = _position(ref.decode())
            if start < end and row <= max_row and col <= max_col:
                found.add((row, col))
        return frozenset(found)

    def check_loadable(self) -> None:
        """Refuse a workbook too large to load whole (openpyxl's full load costs ~0.1 ms a cell): its sheets
        together hold more cells, rows or XML tags than the limits. Measuring stops at the first excess."""
        cells = rows = tags = 0
        for sheet in self.sheets:
            span = self._measure(sheet, limits.MAX_MEASURED_TAGS - tags)
            cells, rows, tags = cells + span.cells, rows + span.rows, tags + span.tags
            if span.unmeasured or cells > limits.MAX_LOADED_CELLS or rows > limits.MAX_LOADED_ROWS:
                raise NotAWorkbook(
                    f"工作簿的工作表内容超过可整本载入的上限（共 {limits.MAX_LOADED_CELLS} 个单元格、"
                    f"{limits.MAX_LOADED_ROWS} 行、{limits.MAX_MEASURED_TAGS} 个 XML 标记），"
                    "年报工作簿不会这么大，请删除多余内容", path=self.path)


@lru_cache(maxsize=64)
def _row_after(max_row: int) -> re.Pattern[bytes]:
    """A plain row element (``_PLAIN_ROW_NUMBER``) numbered above ``max_row``: more digits, or as many and greater."""
    digits = str(max_row)
    if len(digits) > 3:
        return re.compile(rb"(?!)")  # every plain row number is below 1000
    above = [f"[1-9][0-9]{{{len(digits)},2}}"] if len(digits) < 3 else []
    above += [f"{digits[:i]}[{int(d) + 1}-9][0-9]{{{len(digits) - i - 1}}}" for i, d in enumerate(digits) if d != "9"]
    return re.compile(b'<row r="(?:' + "|".join(above).encode() + b')"' if above else rb"(?!)")


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise NotAWorkbook("文件不存在", path=path)
    size = path.stat().st_size
    if size == 0:
        raise NotAWorkbook("文件为空", path=path)
    if size > limits.MAX_FILE_BYTES:
        raise NotAWorkbook(f"文件过大（{size // limits.MIB} MB，上限 {_mb(limits.MAX_FILE_BYTES)}），"
                           "年报工作簿通常小于 1 MB", path=path)
    with open(path, "rb") as f:
        magic = f.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise NotAWorkbook("这是旧版 Excel（.xls）文件或加密的工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再处理", path=path)
    if not magic.startswith(b"PK"):
        raise NotAWorkbook("不是 Excel 工作簿（.xlsx）文件", path=path)


def _check_member_count(f: BinaryIO, path: Path) -> None:
    """Refuse too many members from the end record, before zipfile builds an object for each."""
    f.seek(0, 2)
    size = f.tell()
    f.seek(max(0, size - _END_RECORD.size - 0xFFFF))
    tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_RECORD.size:
        raise zipfile.BadZipFile("no end record")
    entries = _END_RECORD.unpack(tail[at:at + _END_RECORD.size])[4]
    if entries > limits.MAX_MEMBERS:  # 0xFFFF (zip64) is over the limit too
        raise NotAWorkbook(f"压缩包中的部件超过 {limits.MAX_MEMBERS} 个，不是年报工作簿，可能已损坏或含有异常内容",
                           path=path)
