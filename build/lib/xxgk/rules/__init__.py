"""Rules: the catalog of everything xxgk checks, and the checks themselves."""

from .catalog import Rule, catalog, rule

__all__ = ["Rule", "catalog", "rule"]
