"""Correcting and removing documents (the facade's ``edit`` and ``remove``): corrections go to the
``overrides`` table (index/overrides.py) and the search index follows; a removed document's uploaded
file goes with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import WgkbError
from ingest.records import Document
from wgkb.pages.upload_store import UPLOAD_DIR


@dataclass(frozen=True)
class Removed:
    """What ``remove`` did: the document id, its name, and the uploaded file deleted (or None)."""

    document_id: str
    name: str
    file: str | None


def edit(kb: Any, ref: str, values: dict[str, str | None]) -> Document:
    """Store the corrections in ``values`` (title, date, symbol, doc_type) for the document ``ref``
    names; the search index is updated with the corrected record."""
    given = {k: v for k, v in values.items() if v is not None}
    if not given:
        raise WgkbError("nothing to correct: give --title, --date, --symbol or --type")
    document = kb.document(ref)
    kb.store.overrides.set(kb.store.raw.get_document(document.id) or document, **given)
    corrected = kb.document(document.id)
    kb._follow_store([corrected], [])
    return corrected


def uploaded_file(home: Path, source: str) -> Path | None:
    """The file a document came from when it lies in ``<home>/uploads/`` (never anything else)."""
    folder = (Path(home) / UPLOAD_DIR).resolve()
    path = Path(source)
    path = (path if path.is_absolute() else Path.cwd() / path).resolve()
    return path if path.parent == folder and path.is_file() else None


def remove(kb: Any, ref: str) -> Removed:
    """Delete the document ``ref`` names, its corrections and its uploaded file (corpus files and
    other files outside ``<home>/uploads/`` are never deleted)."""
    document = kb.document(ref)
    upload = uploaded_file(kb.home, document.source)
    kb.delete_document(document.id)
    kb.store.overrides.forget(document.id)
    if upload is not None:
        upload.unlink(missing_ok=True)
    return Removed(document.id, document.name(), str(upload) if upload else None)
