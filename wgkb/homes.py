"""Which knowledge base a `wgkb` command works on, and whether it may create one.

Order: ``--home PATH``, else ``$WGKB_HOME``, else the nearest ``.wgkb`` folder in the working directory
or above it (as git finds ``.git``), else ``./.wgkb``. An empty ``--home ""`` or ``WGKB_HOME=`` is
refused rather than taken as the working directory. Only the commands that build a knowledge base
(``CREATING_COMMANDS``) create a missing home; every other command on a missing or empty one stops
with ``empty knowledge base at PATH: run 'wgkb ingest' first``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.errors import WgkbError

#: The folder name a home has when none is given.
DEFAULT_NAME = ".wgkb"
#: The environment variable naming the home.
HOME_ENV = "WGKB_HOME"
#: Commands that may create a missing home or run on an empty one (``serve`` ingests the bundled
#: corpus on its first start).
CREATING_COMMANDS = frozenset({"ingest", "serve"})


def resolve_home(flag: str | None, environ: dict[str, str] | None = None, cwd: Path | None = None) -> Path:
    """The home directory for ``--home`` = ``flag`` (None when not given)."""
    environ = os.environ if environ is None else environ
    if flag is not None:
        if not flag.strip():
            raise WgkbError("--home is empty: give a directory (or leave --home out)")
        return Path(flag)
    if HOME_ENV in environ:
        if not environ[HOME_ENV].strip():
            raise WgkbError(f"{HOME_ENV} is set but empty: give a directory (or unset it)")
        return Path(environ[HOME_ENV])
    return nearest_home(cwd or Path.cwd())


def nearest_home(start: Path) -> Path:
    """The nearest ``.wgkb`` directory in ``start`` or a parent of it, else ``start/.wgkb``."""
    for folder in (start, *start.parents):
        candidate = folder / DEFAULT_NAME
        if candidate.is_dir():
            return candidate if folder != start else Path(DEFAULT_NAME)
    return Path(DEFAULT_NAME)


def require_content(home: Path, store_file: str) -> None:
    """WgkbError when ``home`` holds no store (a read-only command must not create one)."""
    if not (home / store_file).is_file():
        raise WgkbError(empty_message(home))


def empty_message(home: Path) -> str:
    return f"empty knowledge base at {home.absolute()}: run 'wgkb ingest' first"
