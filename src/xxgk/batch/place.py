"""Putting each report's JSON under its final name in OUTDIR, and removing the batch's own stale outputs.

Freshly converted reports wait in the staging folder; reused ones are already in OUTDIR, possibly under a
name that now belongs to another report (a clash resolved differently). Everything that must move goes to
the staging folder first, then into place, so no rename ever overwrites a file still needed. Only the
batch's own files (listed in the manifest and still with the content it recorded) are ever moved or deleted,
and the new names avoid everything else in the folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def place_outputs(out_dir: Path, staging: Path, names: dict[str, str], staged: dict[str, Path],
                  previous_names: dict[str, str]) -> None:
    """``names``: relpath → final name; ``staged``: relpath → new JSON; ``previous_names``: the batch's own
    outputs now in the folder (``Manifest.owned``)."""
    moving = dict(staged)
    for relpath, name in names.items():
        old = previous_names.get(relpath)
        if relpath not in moving and old != name:
            temporary = staging / f"renamed-{len(moving)}.json"
            os.replace(out_dir / old, temporary)
            moving[relpath] = temporary
    kept = {name for relpath, name in names.items() if relpath not in moving}
    for name in set(previous_names.values()) - kept:
        (out_dir / name).unlink(missing_ok=True)
    for relpath, path in moving.items():
        os.replace(path, out_dir / names[relpath])
