"""The ingest pipeline: read -> clean -> segment -> metadata -> annotate (DESIGN.md, Ingestion).

``ingest_file(path, manifest_entry=None)`` returns one :class:`Document`; ``load_manifest(corpus_dir)``
reads ``manifest.toml`` (file name -> entry). Pure: no database, no index.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ingest import limits
from ingest import patterns as P
from ingest.classify import Segment, classify
from ingest.clean import RawFootnote, clean_pages
from ingest.errors import IngestError
from ingest.markers import attach_markers
from ingest.metadata import detect_metadata
from ingest.read import RawText, read_file
from ingest.records import Document, Paragraph
from ingest.segment import build_blocks, is_wrapped

#: The manifest file name inside a corpus directory.
MANIFEST = "manifest.toml"
#: How many blocks at most are looked at as front matter.
_FRONT_BLOCKS = 40
#: What separates paragraphs in ``Document.text``.
PARAGRAPH_BREAK = "\n\n"


def _pipeline_version() -> str:
    """A digest of everything that decides this pipeline's output: the ``ingest/`` sources, the
    alias/term data and ``meetings.toml`` (whose body names ingest reads) in ``corpus/``. The store
    keeps it with each file, so a home ingested by an older pipeline re-parses its files on the next
    ingest instead of keeping stale records."""
    here = Path(__file__).resolve().parent
    from ingest.aliases import CORPUS_DIR

    data = ("aliases.toml", "terms.txt", "meetings.toml")
    parts = sorted(here.glob("*.py")) + [CORPUS_DIR / name for name in data]
    digest = hashlib.sha256()
    for part in parts:
        if part.is_file():
            digest.update(part.name.encode() + b"\0" + part.read_bytes())
    return digest.hexdigest()[:16]


#: Read by the store's "unchanged file" check (wgkb/ingest_run.py): a new version re-parses.
PIPELINE_VERSION = _pipeline_version()


def load_manifest(corpus_dir: str | Path) -> dict[str, dict[str, Any]]:
    """The entries of ``<corpus_dir>/manifest.toml`` keyed by file name ({} when there is none)."""
    path = Path(corpus_dir) / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(path, f"invalid manifest: {exc}") from exc
    return {name: dict(entry) for name, entry in data.items() if isinstance(entry, dict)}


def ingest_file(path: str | Path, manifest_entry: dict[str, Any] | None = None) -> Document:
    """Read, clean, segment and annotate one file; raise IngestError on bad input."""
    from ingest.annotate import annotate

    path = Path(path)
    raw = read_file(path)
    document = build_document(raw, source=str(path), sha256=raw.sha256, manifest_entry=manifest_entry)
    if not document.paragraphs:
        raise IngestError(path, "no text found after cleaning")
    longest = max(document.paragraphs, key=lambda p: len(p.text))
    limits.PARAGRAPH_CHARS.check(path, len(longest.text), f"at paragraph {longest.key}")
    return annotate(document)


def build_document(raw: RawText, source: str, sha256: str, manifest_entry: dict[str, Any] | None = None) -> Document:
    """The Document for already-read text (``ingest_file`` without the file system)."""
    paged = raw.kind == "pdf"
    lines, notes = clean_pages(raw.pages, paged=paged)
    blocks = build_blocks(lines, is_wrapped(lines, paged))
    attach_markers(blocks, notes)
    meta = detect_metadata(raw.text, Path(source).name, sha256, manifest_entry, front=_front_matter(blocks))
    segments = classify(blocks, resolution_hint=meta.doc_type in ("resolution", "draft_resolution"))
    text, paragraphs = assemble(segments, notes)
    return Document(**asdict(meta), source=source, sha256=sha256, text=text, pages=raw.page_count,
                    paragraphs=paragraphs)


def _front_matter(blocks: list) -> list[str]:
    """The texts of the blocks before the first chapter heading or numbered paragraph."""
    front = []
    for block in blocks[:_FRONT_BLOCKS]:
        if P.CHAPTER.match(block.text) or P.NUMBERED.match(block.text):
            break
        front.append(block.text)
    return front


def assemble(segments: list[Segment], notes: list[RawFootnote]) -> tuple[str, tuple[Paragraph, ...]]:
    """Build the cleaned text and the paragraphs with offsets into it (footnotes after the body)."""
    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    length = 0
    anchors = _anchors(segments)
    for seg in segments:
        start = length + len(seg.prefix)
        pieces.append(seg.prefix + seg.text)
        length += len(pieces[-1])
        paragraphs.append(Paragraph(key=seg.key, kind=seg.kind, text=seg.text, start=start, end=length,
                                    section=seg.section, page=seg.page, footnotes=seg.marks,
                                    marker_offsets=seg.marker_offsets))
        pieces.append(PARAGRAPH_BREAK)
        length += len(PARAGRAPH_BREAK)
    used: set[str] = set()
    for note in notes:
        key = _footnote_key(note.mark, used)
        prefix = f"{note.mark} "
        start = length + len(prefix)
        pieces.append(prefix + note.text)
        length += len(pieces[-1])
        carriers = anchors.get(note.mark)
        anchor = carriers.pop(0) if carriers else None
        paragraphs.append(Paragraph(key=key, kind="footnote", text=note.text, start=start, end=length,
                                    page=note.page, anchor=anchor))
        pieces.append(PARAGRAPH_BREAK)
        length += len(PARAGRAPH_BREAK)
    return "".join(pieces).rstrip("\n"), tuple(paragraphs)


def _anchors(segments: list[Segment]) -> dict[str, list[str]]:
    """Mark -> keys of the paragraphs carrying it, in order (a mark may recur, e.g. ``*``)."""
    out: dict[str, list[str]] = {}
    for seg in segments:
        for mark in seg.marks:
            out.setdefault(mark, []).append(seg.key)
    return out


def _footnote_key(mark: str, used: set[str]) -> str:
    key, n = f"fn{mark}", 2
    while key in used:
        key, n = f"fn{mark}.{n}", n + 1
    used.add(key)
    return key
