"""The checks, one module per topic; importing this package registers them all (see ``registry.py``)."""

from . import amounts, cells, cross_year, deadline, metadata, quotes, tables, texts, writing  # noqa: F401
