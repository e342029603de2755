"""Workbooks: the template (layout, builder, bundled files), reading filled workbooks, filling them from the model."""
