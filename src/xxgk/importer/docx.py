"""DOCX (Word, WPS, LibreOffice) → Document: paragraphs and tables in body order, merged cells as spans.

The zip is checked before python-docx opens it: entry count and the sum of declared sizes are bounded
(zipfile never inflates an entry past its declared size, so a bomb cannot get further). python-docx parses
with ``resolve_entities=False`` and no network, so an entity in the XML is neither expanded nor fetched.
A soft line break (Shift+Enter, common in the signature block) splits a paragraph into two Paragraphs with
the same ``paragraph`` number.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import XxgkError
from ..limits import MAX_DOCX_ENTRIES, MAX_DOCX_UNPACKED_BYTES
from .document import Document, Loc, Paragraph, join_lines, squash
from .tables import RawCell, build_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _SDT, _CONTENT = f"{W}p", f"{W}tbl", f"{W}sdt", f"{W}sdtContent"
_T, _TAB, _BR, _CR = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"
_TR, _TC, _VAL = f"{W}tr", f"{W}tc", f"{W}val"
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def check_docx_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise XxgkError("Word 文件已损坏（压缩包结构不完整），无法读取", path=path) from None
    if len(infos) > MAX_DOCX_ENTRIES or sum(i.file_size for i in infos) > MAX_DOCX_UNPACKED_BYTES:
        raise XxgkError("Word 文件解压后过大，可能是恶意构造的压缩包，拒绝读取", path=path)
    if any(i.flag_bits & 0x1 for i in infos):
        raise XxgkError("Word 文件已加密，请先在 Word 或 WPS 中取消密码后再读取", path=path)


def read_docx(path: Path) -> Document:
    import docx

    check_docx_zip(path)
    try:
        word = docx.Document(str(path))
    except Exception:
        raise XxgkError("Word 文件内容已损坏或结构异常（如嵌套过深），无法读取", path=path) from None
    doc = Document(Path(path), "docx")
    levels = _heading_styles(word)
    n_par = 0
    stack = [iter(word.element.body)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        if el.tag == _P:
            n_par += 1
            level = _level(el, levels)
            for text in _paragraph_lines(el):
                if text:
                    doc.blocks.append(Paragraph(text, Loc(paragraph=n_par), level))
        elif el.tag == _TBL:
            _table(doc, el)
        elif el.tag in (_SDT, _CONTENT):  # content controls hold ordinary paragraphs and tables
            stack.append(iter(el))
    return doc


def _heading_styles(word) -> dict[str, int]:
    levels = {}
    for style in word.styles.element.iter(f"{W}style"):
        name = style.find(f"{W}name")
        m = _HEADING_STYLE.match(name.get(_VAL, "")) if name is not None else None
        if m:
            levels[style.get(f"{W}styleId")] = int(m.group(1))
    return levels


def _level(p, levels: dict[str, int]) -> int | None:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        return None
    outline = ppr.find(f"{W}outlineLvl")
    if outline is not None and (outline.get(_VAL) or "").isdigit() and int(outline.get(_VAL)) < 9:
        return int(outline.get(_VAL)) + 1
    style = ppr.find(f"{W}pStyle")
    return levels.get(style.get(_VAL)) if style is not None else None


def _paragraph_lines(p) -> list[str]:
    lines: list[list[str]] = [[]]
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            lines[-1].append(el.text or "")
        elif el.tag == _TAB:
            lines[-1].append("\t")
        else:
            lines.append([])
    return [squash("".join(x)) for x in lines]


def _cell_text(tc) -> str:
    return join_lines([line for p in tc.iter(_P) for line in _paragraph_lines(p)])


def _int(el, default: int) -> int:
    value = el.get(_VAL) if el is not None else None
    return int(value) if value and value.isdigit() else default


def _table(doc: Document, tbl) -> None:
    # (col, colspan, vmerge, text) per cell; vmerge: None, "restart" or "continue"
    grid: list[list[tuple[int, int, str | None, str]]] = []
    for tr in tbl.iterchildren(_TR):
        trpr = tr.find(f"{W}trPr")
        col = 1 + (_int(trpr.find(f"{W}gridBefore"), 0) if trpr is not None else 0)
        row = []
        for tc in tr.iterchildren(_TC):
            tcpr = tc.find(f"{W}tcPr")
            colspan = max(1, min(_int(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1), 1000))
            vm = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            vmerge = None if vm is None else ("restart" if vm.get(_VAL) == "restart" else "continue")
            row.append((col, colspan, vmerge, _cell_text(tc)))
            col += colspan
        grid.append(row)
    starts = {(r, c[0]) for r, row in enumerate(grid) for c in row if c[2] != "continue"}
    rows: list[list[RawCell]] = []
    for r, row in enumerate(grid):
        out = []
        for col, colspan, vmerge, text in row:
            if vmerge == "continue" and any((rr, col) in starts for rr in range(r)):
                continue  # covered by the cell above
            rowspan = 1
            if vmerge == "restart":
                while r + rowspan < len(grid) and any(c[0] == col and c[2] == "continue" for c in grid[r + rowspan]):
                    rowspan += 1
            out.append(RawCell(text, rowspan=rowspan, colspan=colspan, col=col))
        rows.append(out)
    index = len(doc.tables) + 1
    doc.blocks.append(build_table(rows, index, Loc(table=index), source=doc.source))
