"""The SQLite store: the source of truth of a knowledge base (one file in the home directory).

Tables: ``documents`` (one row per document, with its cleaned text and paragraph counts),
``paragraphs`` (footnotes are paragraphs of kind ``footnote``; text by offsets into the document's,
tokens packed: see ``index.store_layout``), ``citations`` and ``entities`` (the paragraphs'
citations and entities, each once, clustered by document and paragraph), ``sources`` (which file produced which document, with the file's
sha256, so an unchanged file is never parsed again), ``meta`` (the write ``generation``) and
``schema_version``.

Every write is one transaction (``put_document`` replaces a document's rows at once) and the database
runs in WAL mode, so a reader never sees half a document and a process killed mid-write leaves the
previous state intact.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import urllib.parse
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.store_layout import (
    MARKER_OFFSETS_V3,
    insert_paragraphs,
    migrate_v1_to_v2,
    migrate_v3_to_v4,
    migrate_v4_to_v5,
    read_paragraphs,
)
from ingest.errors import CollisionError, StoreError
from ingest.records import Document, Paragraph

#: ``Store.paragraph_texts`` reads a document's whole text once (instead of one ``substr`` per
#: paragraph, each reading the text up to its slice) when more of its paragraphs than this are wanted.
WHOLE_TEXT_AFTER = 8

#: The schema this code writes. Older stores migrate forward on open; newer ones are refused.
SCHEMA_VERSION = 5

#: Document columns stored as plain columns (everything but ``text`` and ``paragraphs``).
_DOC_COLUMNS = ("id", "symbol", "title", "doc_type", "date", "language", "source", "sha256",
                "meeting", "body", "pages")

_SCHEMA_V1 = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, symbol TEXT, title TEXT, doc_type TEXT, date TEXT, language TEXT,
    source TEXT, sha256 TEXT, meeting TEXT, body TEXT, pages INTEGER, text TEXT NOT NULL,
    paragraph_count INTEGER NOT NULL, footnote_count INTEGER NOT NULL, char_count INTEGER NOT NULL
);
CREATE INDEX documents_symbol ON documents(symbol);
CREATE TABLE paragraphs (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, page INTEGER, anchor TEXT,
    roles TEXT NOT NULL, addressee TEXT, verb TEXT, text TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX paragraphs_key ON paragraphs(document_id, key);
CREATE INDEX paragraphs_kind ON paragraphs(kind);
CREATE TABLE citations (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_key TEXT NOT NULL, seq INTEGER NOT NULL, target TEXT NOT NULL, surface TEXT NOT NULL,
    relation TEXT, pinpoint TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    title TEXT, date TEXT, resolved INTEGER NOT NULL
);
CREATE INDEX citations_target ON citations(target);
CREATE INDEX citations_document ON citations(document_id);
CREATE TABLE entities (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_key TEXT NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL, surface TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE INDEX entities_id ON entities(id);
CREATE INDEX entities_document ON entities(document_id);
CREATE TABLE sources (
    source TEXT PRIMARY KEY, document_id TEXT NOT NULL, sha256 TEXT NOT NULL, fingerprint TEXT
);
CREATE INDEX sources_document ON sources(document_id);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta(key, value) VALUES ('generation', '0');
"""

#: Forward migrations: ``MIGRATIONS[n]`` brings a store from version ``n`` to ``n + 1``: a script
#: (statements separated by ``;``, none inside literals) or a function of the connection, run in one
#: transaction. Version 0 is an empty file. Append a step here (never edit an old one) when the schema
#: changes, and bump SCHEMA_VERSION. A step touches only the tables of this schema: user tables
#: (reviews, watch lists, overrides) in the same file are never dropped or rewritten.
MIGRATIONS: dict[int, str | Callable[[sqlite3.Connection], None]] = {
    0: _SCHEMA_V1, 1: migrate_v1_to_v2, 2: MARKER_OFFSETS_V3, 3: migrate_v3_to_v4,
    4: migrate_v4_to_v5}


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection to the store file in WAL mode, or, when the file or its folder cannot be written
    (a read-only home), a read-only one (``immutable``: nobody can write it meanwhile, so no lock or
    shared-memory file is needed). Returns ``(connection, read_only)``."""
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        return db, False
    except sqlite3.OperationalError:
        db.close()
        writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
        if writable or not path.is_file():
            raise
    uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=30), True


def open_user_tables(path: Path, statements: tuple[str, ...], what: str) -> tuple[sqlite3.Connection, bool]:
    """A connection to the store file for a user-data module (reviews, watch list, corrections) whose
    tables are created by ``statements`` (``CREATE TABLE IF NOT EXISTS`` / ``CREATE INDEX …``).
    On a read-only home the tables cannot be created: a table the file lacks is made a TEMP one, so
    reads answer "none" instead of failing; writers check ``read_only`` and refuse with one line.
    Returns ``(connection, read_only)``; StoreError naming ``what`` when the file is damaged."""
    try:
        db, read_only = connect(Path(path))
        for statement in statements:
            if not read_only:
                db.execute(statement)
            elif statement.lstrip().upper().startswith("CREATE TABLE"):
                db.execute(re.sub(r"(?i)^\s*CREATE TABLE", "CREATE TEMP TABLE", statement, count=1))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open {what}: {exc}") from None
    return db, read_only


def utc_now() -> str:
    """The current time, UTC, to the second (ISO 8601): the stamp of every user-data row."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def refuse_read_only(path: Path, what: str) -> None:
    """The one-line refusal of a write to a read-only home."""
    raise StoreError(f"{path}: the home is read-only: {what} cannot be stored here")


class Store:
    """A knowledge base's SQLite file. Thread-safe (one connection, one lock); many processes may read
    while one writes (WAL)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db, self.read_only = connect(self.path)
            self._db.execute("PRAGMA foreign_keys=ON")
            if self.read_only:  # reads only: the file must already be of this schema
                if self._version() != SCHEMA_VERSION:
                    raise StoreError(f"{self.path}: read-only store of schema {self._version()}: open it once "
                                     f"where it can be written (this wgkb migrates it to {SCHEMA_VERSION})")
                return
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
            self._identify()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {_one_line(exc)}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc.strerror or exc}") from None

    # ---- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (the store cannot be used afterwards), folding the write-ahead log
        back into the file first when no other process is reading (best effort)."""
        with self._lock:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.DatabaseError:
                pass  # busy or read-only: SQLite checkpoints later by itself
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the file (``SCHEMA_VERSION`` once opened)."""
        return self._version()

    def _version(self) -> int:
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
        if not exists:
            return 0
        row = self._db.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def _migrate(self) -> None:
        """Bring the file to ``SCHEMA_VERSION``, one migration per transaction; refuse newer files."""
        with self._lock:
            version = started = self._version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: store schema version {version} is newer than this "
                                 f"wgkb supports ({SCHEMA_VERSION}); upgrade wgkb")
            while version < SCHEMA_VERSION:
                with self._transaction():
                    version = self._version()  # another process may have migrated meanwhile
                    if version >= SCHEMA_VERSION:
                        break
                    step = MIGRATIONS[version]
                    if callable(step):
                        step(self._db)
                    else:
                        for statement in step.split(";"):
                            if statement.strip():
                                self._db.execute(statement)
                    self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                    self._db.execute("DELETE FROM schema_version")
                    self._db.execute("INSERT INTO schema_version(version) VALUES (?)", (version + 1,))
                version += 1
            if started and started < SCHEMA_VERSION:
                self._db.execute("VACUUM")  # give the space of the old layout back to the file system

    def _identify(self) -> None:
        """Give the store a random identity once (``meta.store_id``), so derived data (the search
        index) can tell this store from another one that reached the same generation. Skipped on a
        read-only file."""
        with self._lock:
            if self._db.execute("SELECT 1 FROM meta WHERE key='store_id'").fetchone():
                return
            try:
                self._db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('store_id', ?)",
                                 (uuid.uuid4().hex,))
            except sqlite3.OperationalError:
                pass  # read-only: the identity stays unknown (None)

    @property
    def identity(self) -> str | None:
        """The store's random identity (None for a read-only store that never had one)."""
        row = self._query_one("SELECT value FROM meta WHERE key='store_id'")
        return row[0] if row else None

    @contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
        """One transaction, COMMIT at the end, ROLLBACK on any error: a write (``BEGIN IMMEDIATE``)
        or, with ``begin="BEGIN"``, a read in which every query sees the same state of the store."""
        with self._lock:
            self._db.execute(begin)
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ---- writes ----------------------------------------------------------------------------
    @property
    def generation(self) -> int:
        """A counter bumped by every write (put or delete), also by writes from other processes."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0])

    def setting(self, key: str) -> str | None:
        """A setting of this home kept in the store (``engine``: its search engine), or None."""
        row = self._query_one("SELECT value FROM meta WHERE key=?", (f"setting:{key}",))
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Record a setting of this home (not a write of documents: the generation stays)."""
        with self._transaction() as db:
            db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                       (f"setting:{key}", value))

    def put_document(self, document: Document, *, source_key: str | None = None,
                     fingerprint: str | None = None, replace: bool = True) -> list[str]:
        """Store ``document``, replacing its previous rows, in ONE transaction.

        ``source_key`` names the file it came from (default: ``document.source``); a document that the
        same file produced before under another id is removed. Returns the ids removed that way.
        With ``replace=False`` a document of the same id stored from another file with other bytes is
        kept and CollisionError raised (nothing written).
        """
        key = source_key or document.source
        try:
            with self._transaction() as db:
                if not replace:
                    _refuse_collision(db, document, key)
                removed = [row[0] for row in db.execute(
                    "SELECT document_id FROM sources WHERE source=? AND document_id<>?", (key, document.id))]
                for doc_id in removed:
                    _delete_rows(db, doc_id)
                _delete_rows(db, document.id)  # also forgets other files that produced this id before:
                _insert_document(db, document)  # the stored rows are now this file's, not theirs
                db.execute("INSERT INTO sources(source, document_id, sha256, fingerprint) VALUES (?,?,?,?)",
                           (key, document.id, document.sha256, fingerprint))
                _bump(db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot store {document.id}: {_one_line(exc)}") from None
        return removed

    def delete_document(self, document_id: str) -> bool:
        """Remove a document and all its rows; True when it was there."""
        with self._transaction() as db:
            found = db.execute("SELECT 1 FROM documents WHERE id=?", (document_id,)).fetchone()
            if found:
                _delete_rows(db, document_id)
                _bump(db)
        return bool(found)

    # ---- reads -----------------------------------------------------------------------------
    def sha_for_source(self, source: str) -> str | None:
        """The sha256 of the file last stored from ``source`` (a source key), or None."""
        state = self.source_state(source)
        return state[0] if state else None

    def source_state(self, source: str) -> tuple[str, str | None, str] | None:
        """``(sha256, fingerprint, document_id)`` last stored for ``source``, or None."""
        row = self._query_one("SELECT sha256, fingerprint, document_id FROM sources WHERE source=?", (source,))
        return (row[0], row[1], row[2]) if row else None

    def has_document(self, document_id: str) -> bool:
        """True when a document with this id is stored."""
        return self._query_one("SELECT 1 FROM documents WHERE id=?", (document_id,)) is not None

    def get_document(self, document_id: str) -> Document | None:
        """The whole document (text and paragraphs), or None. Read in one snapshot."""
        with self._transaction("BEGIN") as db:
            row = db.execute(f"SELECT {_select_doc()}, text FROM documents WHERE id=?", (document_id,)).fetchone()
            if row is None:
                return None
            paragraphs = read_paragraphs(db, document_id, row[-1])
        return _document(row[:-1], text=row[-1], paragraphs=paragraphs)

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document with its paragraphs, ordered by id."""
        for doc_id in self.document_ids():
            document = self.get_document(doc_id)
            if document is not None:
                yield document

    def document_ids(self) -> list[str]:
        """The ids of all stored documents, sorted."""
        return [r[0] for r in self._query("SELECT id FROM documents ORDER BY id")]

    def list_documents(self) -> list[Document]:
        """Every stored document's metadata, ordered by id: no text and no paragraphs."""
        rows = self._query(f"SELECT {_select_doc()} FROM documents ORDER BY id")
        return [_document(row) for row in rows]

    def counts(self, document_id: str | None = None) -> dict[str, int]:
        """``documents``, ``paragraphs`` (footnotes included), ``footnotes``, ``characters`` stored,
        for one document or the whole store."""
        where, args = ("WHERE id=?", (document_id,)) if document_id else ("", ())
        row = self._query_one("SELECT COUNT(*), COALESCE(SUM(paragraph_count),0), "
                              f"COALESCE(SUM(footnote_count),0), COALESCE(SUM(char_count),0) FROM documents {where}",
                              args)
        return dict(zip(("documents", "paragraphs", "footnotes", "characters"), row, strict=True))

    def citations_to(self, target: str) -> list[dict[str, Any]]:
        """Every stored citation of ``target`` (a canonical id): document_id, paragraph_key and the
        citation's fields, in document order. Read in one snapshot."""
        with self._transaction("BEGIN"):
            rows = self._query(
                "SELECT c.document_id, c.paragraph_seq, p.key, c.target, c.surface, c.relation, c.pinpoint, "
                'c.start, c."end", c.title, c.date, c.resolved FROM citations c JOIN paragraphs p '
                "ON p.document_id = c.document_id AND p.seq = c.paragraph_seq WHERE c.target=? "
                "ORDER BY c.document_id, c.paragraph_seq, c.seq", (target,))
            # a NULL surface is its paragraph text's slice (index/store_layout.py)
            texts = self.paragraph_texts((row[0], row[1], row[2]) for row in rows if row[4] is None)
        names = ("document_id", "paragraph_key", "target", "surface", "relation", "pinpoint", "start",
                 "end", "title", "date", "resolved")
        out = []
        for document_id, seq, key, target, surface, relation, pinpoint, start, end, *rest in rows:
            if surface is None:
                surface = texts[(document_id, seq)][start:end]
            values = (document_id, key, target, surface, relation, pinpoint, start, end, *rest)
            out.append(dict(zip(names, values, strict=True)))
        return out

    def paragraph_texts(self, wanted: Iterable[tuple[str, int, str]]) -> dict[tuple[str, int], str]:
        """The texts of the paragraphs ``wanted`` as ``(document_id, seq, key)`` (what the search
        index keeps of a paragraph instead of its text), in ONE query: ``(document_id, seq)`` -> text.
        A paragraph is found by its primary key and answered only when it still has that ``key``: one
        gone, or another paragraph at its seq (the index behind a running ingest), is left out. Each
        document's text is read once when more than WHOLE_TEXT_AFTER of its paragraphs are wanted
        (sliced here; fewer are cut by SQLite: ``_PARAGRAPH_TEXTS``); a row whose ``paragraphs.text``
        is set answers that."""
        wanted = list(wanted)
        if not wanted:
            return {}
        per_document = Counter(d for d, _, _ in wanted)
        keys = json.dumps([[d, int(s), k, int(per_document[d] > WHOLE_TEXT_AFTER)] for d, s, k in wanted],
                          ensure_ascii=False)
        out: dict[tuple[str, int], str] = {}
        sliced: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        documents: dict[str, str] = {}
        for document_id, seq, start, end, text, document_text in self._query(_PARAGRAPH_TEXTS, (keys,)):
            if seq is None:  # the text of a document many of whose paragraphs are its slices
                documents[document_id] = document_text
            elif text is not None:
                out[(document_id, seq)] = text
            else:
                sliced[document_id].append((seq, start, end))
        for document_id, spans in sliced.items():
            document_text = documents[document_id]
            for seq, start, end in spans:
                out[(document_id, seq)] = document_text[start:end]
        return out

    def integrity_check(self) -> str:
        """SQLite's own integrity check: ``"ok"`` when the file is sound."""
        return str(self._query_one("PRAGMA integrity_check")[0])

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: cannot read the store: {_one_line(exc)}") from None

    def _query_one(self, sql: str, args: tuple = ()) -> tuple | None:
        rows = self._query(sql, args)
        return rows[0] if rows else None


# ---- row helpers -----------------------------------------------------------------------------
def _select_doc() -> str:
    return ", ".join(_DOC_COLUMNS)


def _document(row: tuple, *, text: str = "", paragraphs: tuple[Paragraph, ...] = ()) -> Document:
    data = dict(zip(_DOC_COLUMNS, row, strict=True))
    return Document(**data, text=text, paragraphs=paragraphs)


def _delete_rows(db: sqlite3.Connection, document_id: str) -> None:
    for table in ("citations", "entities", "paragraphs"):
        db.execute(f"DELETE FROM {table} WHERE document_id=?", (document_id,))
    db.execute("DELETE FROM documents WHERE id=?", (document_id,))
    db.execute("DELETE FROM sources WHERE document_id=?", (document_id,))


#: ``Store.paragraph_texts``: the wanted paragraphs (a JSON list of ``[document_id, seq, key, whole]``)
#: found by primary key with their key checked. A text that is its document's slice is cut by SQLite's
#: ``substr`` (characters, 1-based), unless ``whole`` (many paragraphs of that document wanted: each
#: ``substr`` reads the document's text up to the slice): then it is left NULL and the document's text
#: sent once, after the paragraphs, to be sliced by the caller. One statement: one consistent snapshot.
_PARAGRAPH_TEXTS = """
WITH wanted AS (SELECT json_extract(value, '$[0]') AS document_id, json_extract(value, '$[1]') AS seq,
                       json_extract(value, '$[2]') AS key, json_extract(value, '$[3]') AS whole FROM json_each(?))
SELECT p.document_id, p.seq, p.start, p."end",
       CASE WHEN p.text IS NOT NULL THEN p.text
            WHEN NOT w.whole THEN substr(d.text, p.start + 1, p."end" - p.start) END, NULL
  FROM wanted w JOIN paragraphs p ON p.document_id = w.document_id AND p.seq = w.seq AND p.key = w.key
  JOIN documents d ON d.id = p.document_id
UNION ALL
SELECT id, NULL, NULL, NULL, NULL, text FROM documents WHERE id IN (SELECT document_id FROM wanted WHERE whole)
"""

#: Writes a document's text (see ``_insert_document``).
_SET_TEXT = "UPDATE documents SET text = CAST(? AS TEXT) WHERE id = ?"


def _insert_document(db: sqlite3.Connection, document: Document) -> None:
    footnotes = sum(1 for p in document.paragraphs if p.kind == "footnote")
    values = [getattr(document, c) for c in _DOC_COLUMNS]
    db.execute(f"INSERT INTO documents({_select_doc()}, text, paragraph_count, footnote_count, char_count) "
               f"VALUES ({','.join('?' * len(_DOC_COLUMNS))}, '', ?, ?, ?)",
               (*values, len(document.paragraphs), footnotes, len(document.text)))
    # The text goes in as UTF-8 bytes cast to TEXT (stored the same): bound as a str, sqlite3 would
    # keep its UTF-8 form cached inside the str object for as long as the Document lives (10 MB for
    # a 10 MB text, held until the search index has followed). SQLite itself keeps a copy of a bound
    # value until its statement is bound again (sqlite3 caches the statement): the statement runs once
    # more with an empty value matching no row, so that copy is not held either (issue 14).
    db.execute(_SET_TEXT, (document.text.encode("utf-8"), document.id))
    db.execute(_SET_TEXT, (b"", None))
    insert_paragraphs(db, document.id, document.text, document.paragraphs)


def _refuse_collision(db: sqlite3.Connection, document: Document, key: str) -> None:
    """CollisionError when ``document.id`` is stored from a file other than ``key`` with other bytes
    (the same bytes from another path are the same document)."""
    row = db.execute("SELECT d.source, d.sha256, d.language, s.source FROM documents d LEFT JOIN sources s "
                     "ON s.document_id = d.id WHERE d.id=?", (document.id,)).fetchone()
    if row is None or row[3] == key or (row[1] and row[1] == document.sha256):
        return
    raise CollisionError(document.id, row[3] or row[0], row[2])


def _bump(db: sqlite3.Connection) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
