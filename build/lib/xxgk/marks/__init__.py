"""Marks of a validation on a workbook: one plan (``plan.py``), several markers that draw it.

The openpyxl marker (``openpyxl_copy.py``) writes an annotated copy of a file; the Excel add-in draws the same
plan live through xlwings. Both go through ``apply``, so they always mark the same cells the same way.
"""

from .plan import Marker, MarkPlan, apply, plan_marks

__all__ = ["MarkPlan", "Marker", "apply", "plan_marks"]
