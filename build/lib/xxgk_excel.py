"""Entry point of the Excel ribbon button.

The add-in ``xxgk_excel.xlam`` runs ``import xxgk_excel; xxgk_excel.main()`` (its VBA derives the module name
from its own file name), so this module's name must stay equal to the add-in's file stem.
"""


def main() -> None:
    from xxgk.excel.button import main as run

    run()
