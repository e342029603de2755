"""``xxgk serve``: the office's web service — the check page and its API (design.md, "The office's service").

- ``settings.py``: what an operator sets (data folder, limits, worker count) and what tests inject (clock, work).
- ``pool.py``: the bounded worker pool; every upload is parsed and validated in one of its processes.
- ``check.py``: what a worker does with one upload (the CLI's engine: read, validate, annotate, render).
- ``cache.py``: the short-lived result folders under the data folder (an hour, then deleted).
- ``uploads.py``: reading a multipart form with the size limit enforced while it streams.
- ``http.py``: security headers and download headers.
- ``page.py``: the result page's view of the report (the published grid with the marked cells).
- ``app.py``: the routes. Later parts (collections, agency links, the dashboard) add their own route modules
  and join them in ``create_app``.
"""

from .app import create_app
from .settings import ServeSettings

__all__ = ["ServeSettings", "create_app"]
