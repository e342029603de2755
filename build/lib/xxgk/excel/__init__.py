"""The Excel side: the ribbon add-in (``addin``), its installation (``install``) and, later, the button's code.

Nothing here imports xlwings at module level, so the add-in can be built and tested on any system.
"""
