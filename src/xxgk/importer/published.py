"""A published report (web page, copied text, Markdown, Word, PDF) read into the canonical model.

``read_published(path)`` extracts the neutral document (``extract``), finds its outline, reads the three
tables by their labels, the texts by their headings and the metadata from the title, the opening paragraph and
the signature, and returns the report with the import's findings (``origin`` "import", rules ``import-*`` and
the reading rules a workbook has too). The report's own problems are the rule catalog's, found by
``validate`` as for any report; an import finding is never one of them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import XxgkError
from ..formats import DEFAULT_VERSION, format_for_year, get_format, marked_version
from ..formats.labels import normalise
from ..model import AnnualReport, Provenance
from ..rules.registry import Hit
from ..validation.locate import locate_all, ordered
from . import extract
from .document import Document, Paragraph
from .document import Table as SourceTable
from .map_metadata import chinese_date, from_preamble, infer_level, title_agency_year
from .map_tables import MAX_LINE_LABEL, lines_of, read_tables
from .map_texts import read_texts
from .outline import Outline, outline
from .sniff import NotASource

_PROSE = re.compile(r"[，。；：]")  # a sentence, not a label or a number of a table broken apart


class NotAReport(NotASource):
    """A readable page or document that is not an annual report (a news item, a 404 page)."""


def marked_in(doc: Document) -> str | None:
    """The format version the document's labels show (those only one version prints, format.md §4), or None."""
    texts = set()
    for block in doc.blocks:
        if isinstance(block, SourceTable):
            texts.update(c.text for row in block.rows for c in row if len(c.text) <= MAX_LINE_LABEL)
        elif len(block.text) <= MAX_LINE_LABEL:
            texts.add(block.text)
    return marked_version(texts)


def _title(result: Outline) -> str:
    return "".join(p.text for p in result.title)


def _metadata(result: Outline, hits: list[Hit]) -> dict[str, Any]:
    title = _title(result)
    agency, year = title_agency_year(title) if title else (None, None)
    meta: dict[str, Any] = from_preamble("\n".join(p.text for p in result.preamble))
    signature = [p.text.strip() for p in result.signature]
    if signature:
        meta["signing_date"] = chinese_date(signature[-1].strip("()（）"))
        if len(signature) > 1:
            meta["signing_agency"] = signature[0]
    agency = agency or meta.get("signing_agency")
    meta["agency_name"] = agency
    if year is None and meta.get("period_start"):
        year = meta["period_start"].year
    meta["report_year"] = year
    if (level := infer_level(agency)) is not None:
        meta["agency_level"] = level
        hits.append(Hit("metadata.agency_level", {"agency": agency, "level": level.label},
                        "import-level-inferred", origin="import"))
    return {k: v for k, v in meta.items() if v is not None}


def _heading_hits(result: Outline) -> list[Hit]:
    hits = []
    for heading in result.headings:
        section = heading.section
        text = heading.paragraph.text
        at = heading.paragraph.loc.describe()
        if heading.numbering.strip() and heading.numbering.replace(" ", "") != f"{section.number}、":
            hits.append(Hit(None, {"found": text, "numbering": heading.numbering.strip(), "expected": section.heading,
                                   "at": at}, "import-heading-numbering", origin="import"))
        bare = unicodedata.normalize("NFKC", text[len(heading.numbering):])
        if normalise(bare) != normalise(section.title):
            hits.append(Hit(None, {"found": text, "expected": section.heading, "at": at},
                            "import-heading-variant", origin="import"))
    return hits


def _section_tables(doc: Document, result: Outline) -> list[str | None]:
    """For every line ``lines_of`` makes, the table of the section it stands in (None outside one)."""
    table_of_block = {}
    for heading in result.headings:
        for block in result.bodies.get(heading.section.key, ()):
            table_of_block[id(block)] = heading.section.table
    hints: list[str | None] = []
    for block in doc.blocks:
        count = len(block.rows) if isinstance(block, SourceTable) else (1 if isinstance(block, Paragraph) else 0)
        hints.extend([table_of_block.get(id(block))] * count)
    return hints


def _unplaced(result: Outline) -> list[Hit]:
    """Paragraphs of text under a table's heading (notes, a sentence between tables): kept nowhere."""
    hits = []
    for heading in result.headings:
        if heading.section.table is None:
            continue
        for block in result.bodies.get(heading.section.key, ()):
            if isinstance(block, Paragraph) and _PROSE.search(block.text) and len(block.text) > 20:
                hits.append(Hit(None, {"section": heading.section.heading, "at": block.loc.describe(),
                                       "text": block.text[:40]}, "import-text-unplaced", origin="import"))
    return hits


def _is_report(result: Outline, cells: dict[str, dict[str, Any]]) -> bool:
    read = sum(1 for c in cells.values() if c.get("source") is not None)
    return read > 0 or len(result.headings) >= 3


def read_published(path: str | Path, *, sha256: str | None = None) -> AnnualReport:
    """The report a published source holds; ``NotAReport`` when it holds none, ``XxgkError`` when two."""
    from ..files import sha256_of

    path = Path(path)
    doc = extract(path)
    marked = marked_in(doc)
    fmt = get_format(marked or DEFAULT_VERSION)
    result = outline(doc, fmt)
    if marked is None:  # the version the report's year calls for (its title's, once the outline found the title)
        _, year = title_agency_year(_title(result))
        if year and format_for_year(year).version != fmt.version:
            fmt = format_for_year(year)
            result = outline(doc, fmt)
    version = fmt.version
    hits: list[Hit] = [Hit(None, {"note": note}, "import-note", origin="import") for note in doc.notes]
    cells, table_hits = read_tables(fmt, lines_of(doc.blocks), _section_tables(doc, result))
    if not _is_report(result, cells):
        raise NotAReport("未找到年度报告的章节标题和统计表，不是政府信息公开工作年度报告", path=path)
    repeated = sum(h.rule == "import-repeated" for h in table_hits)
    if repeated > len(fmt.tables["t3"].cells) // 2:
        raise XxgkError("文件中含有两份年度报告（统计表出现两次），请每份报告单独处理", path=path)
    if marked is None:
        hits.append(Hit(None, {"version": version}, "import-version-assumed", origin="import"))
    metadata = _metadata(result, hits)
    texts, text_hits = read_texts(result, fmt)
    hits += _heading_hits(result) + table_hits + text_hits + _unplaced(result)
    provenance = Provenance(source_file=path.name, source_sha256=sha256 or sha256_of(path), tool_version=__version__)
    report = AnnualReport.from_cells(cells, format_version=version, metadata=metadata, texts=texts,
                                     provenance=provenance)
    _drop_generated_intro(report)
    sources = {key: cell.source for key, cell in report.cells().items() if cell.source is not None}
    report.findings = ordered(locate_all(hits, None, sources))
    return report


def _drop_generated_intro(report: AnnualReport) -> None:
    """An opening paragraph that is the one ``xxgk report`` writes from the metadata is no text of the agency."""
    from ..render.intro import generated_intro

    preamble = report.texts.preamble
    if preamble:
        report.texts.preamble = ""
        if generated_intro(report) != preamble:
            report.texts.preamble = preamble


__all__ = ["NotAReport", "read_published"]
