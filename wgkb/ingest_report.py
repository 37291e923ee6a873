"""What ``KnowledgeBase.ingest`` returns: one result per file and the totals the CLI prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: The status of one file: stored (new or changed), unchanged (same sha256: not parsed), or error.
STATUSES = ("ok", "unchanged", "error")


@dataclass(frozen=True)
class FileResult:
    """The outcome of ingesting one file.

    ``path`` is the file as found (relative to the working directory when below it); ``reason`` is the
    one-line cause of an ``error``; the counts are the document's (also for ``unchanged`` files).
    """

    path: str
    status: str
    document_id: str | None = None
    reason: str | None = None
    paragraphs: int = 0
    footnotes: int = 0
    characters: int = 0
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {', '.join(STATUSES)}")

    @property
    def line(self) -> str:
        """One line for a terminal: ``path: reason`` for an error, ``path: status id`` otherwise."""
        if self.status == "error":
            return f"{self.path}: {self.reason}"
        return f"{self.path}: {self.status} {self.document_id}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "status": self.status, "document_id": self.document_id,
                "reason": self.reason, "paragraphs": self.paragraphs, "footnotes": self.footnotes,
                "characters": self.characters, "seconds": round(self.seconds, 4)}


@dataclass(frozen=True)
class IngestReport:
    """Per-file results of one ingest run, in the order the files were processed."""

    results: tuple[FileResult, ...] = field(default_factory=tuple)
    seconds: float = 0.0
    removed: tuple[str, ...] = ()
    #: ``(path, label, reason)`` of the files folder walks left out (unsupported type, special file …).
    skipped: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.errors

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "error"]

    @property
    def stored(self) -> list[FileResult]:
        """Files parsed and written (new or changed)."""
        return [r for r in self.results if r.status == "ok"]

    @property
    def unchanged(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "unchanged"]

    def totals(self) -> dict[str, int]:
        """Documents, paragraphs, footnotes and characters of every file ingested (stored or
        unchanged), counting each document once."""
        seen: dict[str, FileResult] = {r.document_id: r for r in self.results
                                       if r.status != "error" and r.document_id}
        return {"documents": len(seen),
                "paragraphs": sum(r.paragraphs for r in seen.values()),
                "footnotes": sum(r.footnotes for r in seen.values()),
                "characters": sum(r.characters for r in seen.values())}

    def summary(self) -> str:
        """The one summary line the CLI always prints."""
        t = self.totals()
        line = (f"{_count(t['documents'], 'document')} ({len(self.stored)} stored, {len(self.unchanged)} "
                f"unchanged), {_count(t['paragraphs'], 'paragraph')}, {_count(t['footnotes'], 'footnote')} "
                f"in {self.seconds:.2f} s")
        if self.errors:
            line += f"; {len(self.errors)} failed"
        return line

    def skipped_line(self) -> str | None:
        """``skipped 3 files: .doc ×2 (no .doc converter …), .xyz ×1 (unsupported)``, or None."""
        if not self.skipped:
            return None
        groups = Counter((label, reason) for _, label, reason in self.skipped)
        parts = [f"{label} ×{n} ({reason})" for (label, reason), n in sorted(groups.items(), key=lambda g: -g[1])]
        return f"skipped {_count(len(self.skipped), 'file')}: " + ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {"files": [r.to_dict() for r in self.results], **self.totals(),
                "failed": len(self.errors), "seconds": round(self.seconds, 4), "removed": list(self.removed),
                "skipped": [{"path": p, "label": label, "reason": reason} for p, label, reason in self.skipped]}


def _count(n: int, noun: str) -> str:
    """``1 document``, ``5 documents``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"
