"""Human review of follow-up: confirm or reject a suggested follow-up, add one the extractor missed,
set the implementation status of a recommendation or mandate. User data: its own table in the store's
SQLite file, created here (``CREATE TABLE IF NOT EXISTS``), never written or dropped by ingest,
``--force``, index rebuilds or the store's schema migrations.

The table is a history: every review is a new row with its time (UTC, ISO 8601), reviewer and note;
the latest row decides (per target and paragraph for a link, per target for a status). Reviews are
exported (``wgkb export --json`` -> ``"reviews"``) and imported into another home (``wgkb review
--import FILE``); importing the same export twice adds nothing.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from index.store import open_user_tables, refuse_read_only, utc_now
from ingest.errors import WgkbError

#: What a review does: a link between the target and one paragraph, or the target's status.
ACTIONS = ("confirm", "reject", "add", "status")
#: Link actions (they name a paragraph).
LINK_ACTIONS = ("confirm", "reject", "add")
#: Implementation statuses a user may set.
STATUSES = ("not_started", "in_progress", "implemented", "superseded", "unknown")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,
    paragraph TEXT,
    action TEXT NOT NULL,
    status TEXT,
    note TEXT,
    reviewer TEXT,
    created_at TEXT NOT NULL
)"""
_INDEX = "CREATE INDEX IF NOT EXISTS reviews_target ON reviews(target)"


@dataclass(frozen=True)
class Review:
    """One review: ``action`` confirm / reject / add (of ``paragraph`` as follow-up of ``target``) or
    status (``status`` of ``target``); ``created_at`` is UTC ISO 8601."""

    target: str
    action: str
    paragraph: str | None = None
    status: str | None = None
    note: str | None = None
    reviewer: str | None = None
    created_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Review:
        """A review from an export; a malformed one raises WgkbError naming what is wrong."""
        if not isinstance(data, dict):
            raise WgkbError(f"review {data!r} is not an object")
        known = {f.name for f in fields(cls)}
        review = cls(**{k: v for k, v in data.items() if k in known})
        check(review)
        if not review.created_at:
            raise WgkbError(f"review of {review.target!r} has no created_at")
        return review


def check(review: Review) -> None:
    """WgkbError (naming the valid choices) for a review that cannot be stored."""
    if not review.target or not isinstance(review.target, str):
        raise WgkbError("review: no target")
    if review.action not in ACTIONS:
        raise WgkbError(f"review action {review.action!r}: choose one of {', '.join(ACTIONS)}")
    if review.action in LINK_ACTIONS and not review.paragraph:
        raise WgkbError(f"--{review.action} needs --paragraph PARAGRAPH_ID (the follow-up paragraph)")
    if review.action == "status" and review.status not in STATUSES:
        raise WgkbError(f"status {review.status!r}: choose one of {', '.join(STATUSES)}")


class Reviews:
    """The reviews stored in ``path`` (the store's SQLite file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db, self.read_only = open_user_tables(self.path, (_SCHEMA, _INDEX), "the reviews table")

    def close(self) -> None:
        self._db.close()

    def add(self, review: Review) -> Review:
        """Store one review (stamped now when it has no time); returns what was stored."""
        check(review)
        stored = review if review.created_at else Review(**{**review.to_dict(), "created_at": utc_now()})
        if self.read_only:
            refuse_read_only(self.path, "reviews")
        with self._lock:
            self._db.execute("INSERT INTO reviews (target, paragraph, action, status, note, reviewer, created_at) "
                             "VALUES (?,?,?,?,?,?,?)", _row(stored))
        return stored

    def all(self) -> list[Review]:
        """Every review, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT target, paragraph, action, status, note, reviewer, created_at "
                                    "FROM reviews ORDER BY created_at, id").fetchall()
        return [Review(target=t, paragraph=p, action=a, status=s, note=n, reviewer=r, created_at=c)
                for t, p, a, s, n, r, c in rows]

    def import_all(self, reviews: list[Review]) -> int:
        """Store the reviews not already here (same fields and time); returns how many were new.
        One transaction: a failure stores none of them."""
        if self.read_only:
            refuse_read_only(self.path, "reviews")
        with self._lock:
            have = {_row(r) for r in self.all()}
            new = [r for r in reviews if _row(r) not in have]
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for review in dict.fromkeys(new):
                    self._db.execute("INSERT INTO reviews (target, paragraph, action, status, note, reviewer, "
                                     "created_at) VALUES (?,?,?,?,?,?,?)", _row(review))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return len(dict.fromkeys(new))

    def generation(self) -> int:
        """A number that changes whenever a review is stored (for caches of reviewed tables)."""
        with self._lock:
            row = self._db.execute("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM reviews").fetchone()
        return int(row[0]) * 100003 + int(row[1])


def _row(review: Review) -> tuple:
    return (review.target, review.paragraph, review.action, review.status, review.note, review.reviewer,
            review.created_at)


def latest(reviews: list[Review]) -> tuple[dict[str, Review], dict[tuple[str, str], Review]]:
    """(target -> latest status review, (target, paragraph) -> latest link review), from a history
    in time order."""
    status: dict[str, Review] = {}
    links: dict[tuple[str, str], Review] = {}
    for review in reviews:
        if review.action == "status":
            status[review.target] = review
        elif review.paragraph:
            links[(review.target, review.paragraph)] = review
    return status, links
