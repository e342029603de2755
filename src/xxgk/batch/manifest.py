"""The batch's memory of its last run (``OUTDIR/.xxgk-batch.json``): what each input file gave, and where.

A file whose SHA-256 is unchanged, read by the same tool version in the same validation context (last
year's folder and report, the local deadline), is not converted again: its outcome and JSON are reused. A
missing or damaged manifest only means a full run.

The manifest may have been edited by hand. It records the SHA-256 of every JSON the batch wrote, and a file
counts as the batch's own (to reuse, rename or delete) only while it is a regular file directly in OUTDIR
with that content; anything else in the folder is the user's and is never touched.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..files import sha256_of, write_bytes_atomic
from .outcome import Outcome

NAME = ".xxgk-batch.json"
VERSION = 2  # 2: the SHA-256 of each output


@dataclass
class Manifest:
    tool_version: str = __version__
    context: dict[str, str | None] = field(default_factory=dict)  # what else decides the findings
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # relpath -> output file name in OUTDIR

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        try:
            data = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
            if data.get("manifest_version") != VERSION:
                return cls()
            manifest = cls(data["tool_version"], data["context"])
            for relpath, entry in data["files"].items():
                manifest.outcomes[relpath] = Outcome.from_dict({**entry, "relpath": relpath})
                output = entry.get("output")
                if output and _plain_name(output):
                    manifest.outputs[relpath] = output
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        return manifest

    def save(self, out_dir: Path) -> None:
        files = {}
        for relpath, outcome in sorted(self.outcomes.items()):
            entry = outcome.to_dict()
            del entry["relpath"]
            files[relpath] = {**entry, "output": self.outputs.get(relpath)}
        data = {"manifest_version": VERSION, "tool_version": self.tool_version, "context": self.context,
                "files": files}
        # one line, by json's C encoder: an indented dump runs its Python encoder, 0.2 ms a file of the batch
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
        write_bytes_atomic(out_dir / NAME, text.encode("utf-8"))

    def owned(self, out_dir: Path) -> dict[str, str]:
        """relpath → output name, for the outputs still in OUTDIR exactly as the batch wrote them."""
        owned: dict[str, str] = {}
        seen: set[str] = set()
        for relpath, name in self.outputs.items():
            outcome = self.outcomes[relpath]
            if outcome.output_sha256 and name.casefold() not in seen \
                    and file_sha256(out_dir / name) == outcome.output_sha256:
                owned[relpath] = name
                seen.add(name.casefold())
        return owned

    def reusable(self, relpath: str, sha256: str, previous_sha256: str | None, owned: dict[str, str],
                 *, tool_version: str, context: dict[str, str | None]) -> Outcome | None:
        """Last run's outcome of this file, if nothing that decides it has changed and its JSON is intact
        (``owned``: the outputs still as written)."""
        outcome = self.outcomes.get(relpath)
        if (outcome is None or outcome.sha256 != sha256 or self.tool_version != tool_version
                or self.context != context or outcome.previous_sha256 != previous_sha256):
            return None
        if outcome.has_output and relpath not in owned:
            return None
        return outcome


def _plain_name(name: str) -> bool:
    """Only names a batch could have written: a manifest edited by hand must not reach files elsewhere."""
    return isinstance(name, str) and name.endswith(".json") and not name.startswith(".") \
        and not any(ch in name for ch in '/\\:\0')


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file (not a link, not a folder); None for anything else."""
    try:
        return sha256_of(path) if stat.S_ISREG(os.lstat(path).st_mode) else None
    except OSError:
        return None
