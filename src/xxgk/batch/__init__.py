"""Batch conversion of a folder of workbooks: canonical JSON per report, an index, an incremental cache.

discover (which files) → manifest (what is unchanged) → jobs in worker processes (read, validate, stage JSON) →
names (safe, clash-free) → outputs placed → index.csv and manifest written.
"""
