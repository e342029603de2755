"""The archive as data: every table number of every report as one row (``xxgk export``).

A source yields reports (``sources``: a folder of canonical JSON, such as a batch's output folder; the service's
database, ``serve.export``); each report becomes its facts (``facts``), one row per agency × year × key, the long
shape analysts load into DuckDB, pandas or Excel; a writer streams them as CSV or Parquet (``write``).
"""
