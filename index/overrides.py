"""User corrections of a document's metadata (title, date, symbol, type): their own table in the store's
SQLite file, applied whenever a document is read, never written or dropped by ingest, ``--force`` or an
index rebuild.

The ``overrides`` table is created here (``CREATE TABLE IF NOT EXISTS``), not by the store's schema
migrations, so re-ingesting or migrating the documents never touches it. A correction is keyed by the
document id and remembers the file's sha256, so it still applies when a better extractor later gives
the same file another id. ``OverriddenStore`` wraps the store: ``get_document``, ``iter_documents`` and
``list_documents`` return corrected records; everything else is the store's own.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from index.store import open_user_tables, refuse_read_only, utc_now
from ingest.errors import WgkbError
from ingest.records import Document

#: Fields a user may correct.
FIELDS = ("title", "date", "symbol", "doc_type")
#: Document types a correction may set (as ingest/metadata.py detects them).
DOC_TYPES = ("resolution", "decision", "background_paper", "agenda", "report", "note", "other")
#: An ISO date, reduced precision allowed: 2018, 2018-02, 2018-02-21.
ISO_DATE = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS overrides (
    document_id TEXT NOT NULL,
    sha256 TEXT,
    field TEXT NOT NULL,
    value TEXT,
    updated TEXT NOT NULL,
    PRIMARY KEY (document_id, field)
)"""


def check(field: str, value: str | None) -> str | None:
    """The value to store for ``field`` (stripped; ``""`` clears a field), or WgkbError naming the
    valid choices."""
    if field not in FIELDS:
        raise WgkbError(f"field {field!r}: choose one of {', '.join(FIELDS)}")
    value = " ".join(value.split()) if value is not None else None
    if not value:
        return None
    if field == "date" and not ISO_DATE.match(value):
        raise WgkbError(f"date {value!r}: give an ISO date such as 2018, 2018-02 or 2018-02-21")
    if field == "doc_type" and value not in DOC_TYPES:
        raise WgkbError(f"type {value!r}: choose one of {', '.join(DOC_TYPES)}")
    return value


class Overrides:
    """The corrections stored in ``path`` (the store's SQLite file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db, self.read_only = open_user_tables(self.path, (_SCHEMA,), "the corrections table")

    def close(self) -> None:
        self._db.close()

    def set(self, document: Document, **values: str | None) -> dict[str, str | None]:
        """Store corrections of ``document`` (field=value; None or ``""`` removes that correction) in one
        transaction that also bumps the store's write generation. Returns the checked values."""
        checked = {field: check(field, value) for field, value in values.items()}
        now = utc_now()
        if self.read_only:
            refuse_read_only(self.path, "corrections")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for field, value in checked.items():
                    self._db.execute("DELETE FROM overrides WHERE document_id=? AND field=?", (document.id, field))
                    if value is not None:
                        self._db.execute("INSERT INTO overrides VALUES (?,?,?,?,?)",
                                         (document.id, document.sha256, field, value, now))
                self._bump()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return checked

    def forget(self, document_id: str) -> int:
        """Drop every correction of a document (when the user removes it); returns how many."""
        if self.read_only:
            refuse_read_only(self.path, "corrections")
        with self._lock:
            cursor = self._db.execute("DELETE FROM overrides WHERE document_id=?", (document_id,))
        return cursor.rowcount

    def _bump(self) -> None:
        """Bump the store's write generation (caches and the search index follow it)."""
        try:
            self._db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        except sqlite3.OperationalError:
            pass  # no store tables yet: nothing derived to invalidate

    def all(self) -> dict[str, dict[str, str]]:
        """Document id -> {field: value} for every correction."""
        out: dict[str, dict[str, str]] = {}
        with self._lock:
            rows = self._db.execute("SELECT document_id, field, value FROM overrides ORDER BY document_id").fetchall()
        for doc_id, field, value in rows:
            out.setdefault(doc_id, {})[field] = value
        return out

    def _by_sha(self) -> dict[str, dict[str, str]]:
        with self._lock:
            rows = self._db.execute("SELECT sha256, field, value FROM overrides WHERE sha256 IS NOT NULL").fetchall()
        out: dict[str, dict[str, str]] = {}
        for sha, field, value in rows:
            out.setdefault(sha, {})[field] = value
        return out

    def apply(self, document: Document | None, table: dict[str, dict[str, str]] | None = None,
              by_sha: dict[str, dict[str, str]] | None = None) -> Document | None:
        """``document`` with its corrections applied (the same record when there are none)."""
        if document is None:
            return None
        table = self.all() if table is None else table
        found = table.get(document.id)
        if found is None:
            found = (self._by_sha() if by_sha is None else by_sha).get(document.sha256)
        return replace(document, **found) if found else document


class OverriddenStore:
    """The store, read through the user's corrections. Writes and everything else go to the store."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.overrides = Overrides(store.path)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    @property
    def raw(self) -> Any:
        """The store itself (records as ingested, no corrections)."""
        return self._store

    def get_document(self, document_id: str) -> Document | None:
        return self.overrides.apply(self._store.get_document(document_id))

    def iter_documents(self) -> Iterator[Document]:
        table, by_sha = self.overrides.all(), self.overrides._by_sha()
        for document in self._store.iter_documents():
            yield self.overrides.apply(document, table, by_sha)

    def list_documents(self) -> list[Document]:
        table, by_sha = self.overrides.all(), self.overrides._by_sha()
        return [self.overrides.apply(d, table, by_sha) for d in self._store.list_documents()]

    def close(self) -> None:
        self.overrides.close()
        self._store.close()
