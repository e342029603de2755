"""Bounds on what a published source may make the importer do, each with about 10× headroom over real reports.

Real reports: a saved portal page is 0.1–1 MB, text copied from it 10–50 KB, a Word or PDF attachment
0.2–5 MB (with images), a table at most a few hundred cells.
"""

MAX_TEXT_SOURCE_BYTES = 10 * 1024 * 1024  # HTML, plain text, Markdown: decoded and parsed whole
MAX_BINARY_SOURCE_BYTES = 50 * 1024 * 1024  # DOCX, PDF
MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024  # sum of the declared sizes of a DOCX's zip entries
MAX_DOCX_ENTRIES = 10_000
MAX_PDF_PAGES = 500  # a report has 3–20 pages
MAX_TABLE_CELLS = 100_000  # rows × columns of one table's expanded grid
MAX_SPAN = 1000  # rowspan / colspan, as browsers cap colspan
