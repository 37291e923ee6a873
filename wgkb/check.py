"""`wgkb check`: is the store sound, and does the search index answer for every stored paragraph?

Each finding is one line with what to do. The store is checked with SQLite's own integrity check and
foreign-key check, then every document's paragraph count (the ``documents`` row against its
``paragraphs`` rows, and against the search index).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import WgkbError

#: What to do about a damaged store file.
STORE_ADVICE = ("move {path} aside and re-ingest your files (wgkb ingest PATH…); reviews and corrections "
                "are in the same file: keep the damaged copy for them")


@dataclass(frozen=True)
class Finding:
    """One checked thing: ``ok`` or not, what was found, what to do."""

    ok: bool
    what: str
    advice: str = ""

    @property
    def line(self) -> str:
        return f"{'ok' if self.ok else 'PROBLEM'}: {self.what}" + (f" — {self.advice}" if self.advice else "")


def check_home(home: Path, store_file: str) -> list[Finding]:
    """Every finding for the knowledge base in ``home`` (never raises for a damaged store)."""
    path = home / store_file
    if not path.is_file():
        return [Finding(False, f"no store at {path}", "run 'wgkb ingest' first")]
    raw = _raw_checks(path)
    if any(not f.ok for f in raw):
        return raw
    from wgkb.facade import KnowledgeBase

    try:
        kb = KnowledgeBase.open(home)
    except WgkbError as exc:
        return [*raw, Finding(False, f"store cannot be opened: {exc}", STORE_ADVICE.format(path=path))]
    try:
        return [*raw, *_index_checks(kb)]
    finally:
        kb.close()


def _raw_checks(path: Path) -> list[Finding]:
    """Integrity, foreign keys and per-document paragraph counts, read through a connection of its own."""
    advice = STORE_ADVICE.format(path=path)
    from index.store import connect

    try:
        db, _ = connect(path)  # read-only (immutable) when the home cannot be written
    except sqlite3.Error as exc:
        return [Finding(False, f"store cannot be opened: {exc}", advice)]
    try:
        integrity = "\n".join(row[0] for row in db.execute("PRAGMA integrity_check").fetchall())
        if integrity != "ok":
            problems = [line.strip() for line in integrity.splitlines() if line.strip() and "***" not in line]
            return [Finding(False, f"store damaged: {len(problems)} problems found by SQLite's integrity "
                                   f"check (first: {problems[0] if problems else integrity})", advice)]
        found = [Finding(True, "SQLite integrity check")]
        orphans = db.execute("PRAGMA foreign_key_check").fetchall()
        found.append(Finding(not orphans, f"foreign keys: {len(orphans)} rows point to no document",
                             "" if not orphans else "re-ingest the documents named in `wgkb show`"))
        wrong = db.execute("SELECT d.id, d.paragraph_count, COUNT(p.seq) FROM documents d LEFT JOIN paragraphs p "
                           "ON p.document_id = d.id GROUP BY d.id HAVING d.paragraph_count <> COUNT(p.seq)").fetchall()
        found.append(Finding(not wrong, f"paragraph rows: {len(wrong)} documents with missing rows"
                             + (f" ({', '.join(r[0] for r in wrong[:3])})" if wrong else ""),
                             "" if not wrong else "re-ingest them with wgkb ingest --force PATH"))
        return found
    except sqlite3.DatabaseError as exc:
        return [Finding(False, f"store damaged: {' '.join(str(exc).split())}", advice)]
    finally:
        db.close()


def _index_checks(kb) -> list[Finding]:
    """Whether the search index is current and holds every stored paragraph."""
    stale = kb.search_index.stale_reason()
    if stale:
        return [Finding(False, f"search index {stale}", "the next search rebuilds it, or run `wgkb reindex`")]
    missing = []
    for document in kb.documents():
        stored = kb.store.counts(document.id)["paragraphs"]
        indexed = kb.search("", doc=document.id, limit=0).total
        if indexed != stored:
            missing.append(f"{document.id} {indexed}/{stored}")
    return [Finding(not missing, f"search index: {len(missing)} documents with other paragraph counts than the "
                    f"store{' (' + ', '.join(missing[:3]) + ')' if missing else ''}",
                    "" if not missing else "run `wgkb reindex`")]
