"""``xxgk serve --processes N``: N processes answer on one port, each with its own pool of ``--workers`` workers,
all sharing the data folder and the database (SQLite's writers take turns on ``store.writer``). uvicorn's
supervisor starts them and replaces one that dies; it starts each by importing its app, so the settings reach
them in an environment variable. The command has opened the store first (migrated it, swept what a killed
process left half-written), so the processes open it as it is."""

from __future__ import annotations

import json
import os
from pathlib import Path

from starlette.applications import Starlette

from .app import create_app
from .csrf import load_secret
from .settings import ServeSettings
from .store import Store

ENVIRONMENT = "XXGK_SERVE_SETTINGS"
APP = f"{__name__}:app"  # what uvicorn imports in each process
PASSED = ("database", "max_upload", "workers", "timeout")  # with the data folder: what the command sets


def environment(settings: ServeSettings) -> dict[str, str]:
    """The variable that gives the processes the command's settings; the service's secret is made first, so
    that a form one process drew is accepted by every other."""
    load_secret(settings.data)
    values = {"data": str(settings.data.resolve()), **{name: getattr(settings, name) for name in PASSED}}
    return {ENVIRONMENT: json.dumps(values)}


def app() -> Starlette:
    """The service of one process (uvicorn's factory)."""
    values = json.loads(os.environ[ENVIRONMENT])
    settings = ServeSettings(data=Path(values.pop("data")), **values)
    return create_app(settings, Store.open(settings.data, settings.database, sweep=False))
