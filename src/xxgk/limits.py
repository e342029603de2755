"""Limits on what the tool accepts as input, in one place (the README lists them).

Each leaves at least 10 × headroom over the largest legitimate file: the template whose nine text cells each hold
Excel's 32 767 characters, saved by Excel or LibreOffice — about 1 MB of shared strings, sheets of at most a few
hundred KB, some 12 sheets (with an annotated copy's two), a few thousand cells and a few dozen zip members.
Anything larger is refused before a library reads it, so no input can exhaust memory or time.
"""

from __future__ import annotations

MIB = 1024 * 1024

# ---------------------------------------------------------------- workbooks (.xlsx / .xlsm)

MAX_FILE_BYTES = 64 * MIB  # the file on disk; a filled template is under 1 MB
MAX_MEMBERS = 1_000  # zip members (parts); a template has about 20, one saved by Excel about 30
MAX_PART_BYTES = 16 * MIB  # any one part inflated (a sheet, the shared strings, an image)
MAX_TOTAL_BYTES = 64 * MIB  # all parts inflated together
MAX_SHEETS = 200  # sheets in the workbook; the template has 10
MAX_SHARED_STRINGS = 100_000  # entries of the shared-strings table; a saved template has a few hundred
# --annotate loads the whole workbook with openpyxl (about 0.1 ms a cell): cells and rows in all sheets together.
MAX_LOADED_CELLS = 50_000  # a saved template has about 1 700
MAX_LOADED_ROWS = 20_000  # a saved template has about 330

# A sheet is measured (its span, below) by parsing its XML; measuring stops after this many tags (each "<"), so it
# costs at most ~0.3 s. A sheet with more is read through openpyxl (in a batch) or refused (--annotate, for all
# sheets together). The template's sheets have about 10 000 tags together, the largest 7 200.
MAX_MEASURED_TAGS = 400_000

# A sheet whose cells span more than this (rows × columns from its first to its last cell) is read through
# openpyxl instead of python-calamine, which allocates the whole span at once. Not a refusal: openpyxl stops at
# the layout's last row.
MAX_DENSE_CELLS = 2_000_000

# ---------------------------------------------------------------- canonical JSON

# A canonical JSON file is about 20 KB; the largest legitimate one (nine texts of Excel's 32 767 characters, written
# with \u escapes) stays under 2 MB. Its nesting is bounded by the JSON parser (jiter), its numbers by the model.
MAX_JSON_BYTES = 20 * MIB

# ---------------------------------------------------------------- published reports (the importer)

# Bounds on what a published source may make the importer do, each with about 10× headroom over real reports.
#
# Real reports: a saved portal page is 0.1–1 MB, text copied from it 10–50 KB, a Word or PDF attachment
# 0.2–5 MB (with images), a table at most a few hundred cells.
MAX_TEXT_SOURCE_BYTES = 10 * MIB  # HTML, plain text, Markdown: decoded and parsed whole
MAX_BINARY_SOURCE_BYTES = 50 * MIB  # DOCX, PDF
MAX_DOCX_UNPACKED_BYTES = 200 * MIB  # sum of the declared sizes of a DOCX's zip entries
MAX_DOCX_ENTRIES = 10_000
MAX_PDF_PAGES = 500  # a report has 3–20 pages
MAX_TABLE_CELLS = 100_000  # rows × columns of one table's expanded grid
MAX_SPAN = 1000  # rowspan / colspan, as browsers cap colspan
