"""The watch list: what a user follows (a resolution, operative paragraph, recommendation, document, or
a saved search) and what was new for each after every ingest. User data: its own tables in the
store's SQLite file, created here (``CREATE TABLE IF NOT EXISTS``), never written or dropped by ingest,
``--force``, index rebuilds or the store's schema migrations.

- ``watches``: one row per watched item (``kind`` target or query, ``target`` the canonical id or the
  query text, ``label`` as shown);
- ``watch_seen``: the paragraphs already known to cite / match each item (the baseline taken when it
  was added, then everything reported since), so only *new* ones are news;
- ``watch_news``: one row per item that gained paragraphs in one ingest, with its line and the
  paragraphs as JSON (the Atom feed and ``wgkb watch news`` read it);
- ``watch_visits``: when a reader (the app's Watch page) last looked.
"""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.store import open_user_tables, refuse_read_only, utc_now

#: Kinds of watched item.
KINDS = ("target", "query")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS watches (
        id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL, label TEXT NOT NULL,
        created_at TEXT NOT NULL, UNIQUE (kind, target))""",
    """CREATE TABLE IF NOT EXISTS watch_seen (
        watch_id INTEGER NOT NULL, paragraph_id TEXT NOT NULL, PRIMARY KEY (watch_id, paragraph_id))""",
    """CREATE TABLE IF NOT EXISTS watch_news (
        id INTEGER PRIMARY KEY AUTOINCREMENT, watch_id INTEGER NOT NULL, created_at TEXT NOT NULL,
        line TEXT NOT NULL, paragraphs TEXT NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS watch_visits (reader TEXT PRIMARY KEY, at TEXT NOT NULL)",
)


@dataclass(frozen=True)
class Watch:
    """One watched item: ``kind`` target (``target`` a canonical id) or query (``target`` the query)."""

    id: int
    kind: str
    target: str
    label: str
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class News:
    """What one ingest brought for one watched item: ``paragraphs`` are dicts with ``paragraph_id``,
    ``label``, ``document_id``, ``document_label``, ``key``."""

    id: int
    watch_id: int
    watch_label: str
    created_at: str
    line: str
    paragraphs: tuple[dict, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["paragraphs"] = list(self.paragraphs)
        return data


class WatchList:
    """The watch list stored in ``path`` (the store's SQLite file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db, self.read_only = open_user_tables(self.path, _SCHEMA, "the watch list")

    def close(self) -> None:
        self._db.close()

    def add(self, kind: str, target: str, label: str, seen: list[str]) -> tuple[Watch, bool]:
        """Watch ``target`` with ``seen`` as the paragraphs already known; (watch, newly added)."""
        if self.read_only:
            refuse_read_only(self.path, "the watch list")
        with self._lock:
            row = self._db.execute("SELECT id FROM watches WHERE kind=? AND target=?", (kind, target)).fetchone()
            if row:
                return self.get(row[0]), False
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute("INSERT INTO watches (kind, target, label, created_at) VALUES (?,?,?,?)",
                                          (kind, target, label, utc_now()))
                self._db.executemany("INSERT OR IGNORE INTO watch_seen VALUES (?,?)",
                                     [(cursor.lastrowid, pid) for pid in seen])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return self.get(cursor.lastrowid), True

    def get(self, watch_id: int) -> Watch:
        with self._lock:
            row = self._db.execute("SELECT id, kind, target, label, created_at FROM watches WHERE id=?",
                                   (watch_id,)).fetchone()
        return Watch(*row)

    def all(self) -> list[Watch]:
        with self._lock:
            rows = self._db.execute("SELECT id, kind, target, label, created_at FROM watches ORDER BY id").fetchall()
        return [Watch(*row) for row in rows]

    def remove(self, watch_id: int) -> None:
        """Stop watching (its news stay in the feed's history)."""
        if self.read_only:
            refuse_read_only(self.path, "the watch list")
        with self._lock:
            self._db.execute("DELETE FROM watches WHERE id=?", (watch_id,))
            self._db.execute("DELETE FROM watch_seen WHERE watch_id=?", (watch_id,))

    def seen(self, watch_id: int) -> set[str]:
        with self._lock:
            rows = self._db.execute("SELECT paragraph_id FROM watch_seen WHERE watch_id=?", (watch_id,)).fetchall()
        return {r[0] for r in rows}

    def record(self, watch: Watch, line: str, paragraphs: list[dict]) -> News:
        """Store one piece of news and mark its paragraphs seen, in one transaction."""
        created = utc_now()
        if self.read_only:
            refuse_read_only(self.path, "watch news")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO watch_news (watch_id, created_at, line, paragraphs) VALUES (?,?,?,?)",
                    (watch.id, created, line, json.dumps(paragraphs, ensure_ascii=False)))
                self._db.executemany("INSERT OR IGNORE INTO watch_seen VALUES (?,?)",
                                     [(watch.id, p["paragraph_id"]) for p in paragraphs])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return News(cursor.lastrowid, watch.id, watch.label, created, line, tuple(paragraphs))

    def news(self, since: str | None = None) -> list[News]:
        """News (newest first), only those recorded at or after ``since`` (an ISO date or time)."""
        sql = ("SELECT n.id, n.watch_id, COALESCE(w.label, ''), n.created_at, n.line, n.paragraphs "
               "FROM watch_news n LEFT JOIN watches w ON w.id = n.watch_id")
        args: tuple = ()
        if since:
            sql += " WHERE n.created_at >= ?"
            args = (since,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY n.id DESC", args).fetchall()
        return [News(i, w, label, at, line, tuple(json.loads(paras))) for i, w, label, at, line, paras in rows]

    def visit(self, reader: str) -> str | None:
        """Record that ``reader`` looks now; returns when it looked before (None the first time)."""
        with self._lock:
            row = self._db.execute("SELECT at FROM watch_visits WHERE reader=?", (reader,)).fetchone()
            if not self.read_only:  # a read-only home remembers no visit: everything stays new
                self._db.execute("INSERT OR REPLACE INTO watch_visits VALUES (?,?)", (reader, utc_now()))
        return row[0] if row else None
