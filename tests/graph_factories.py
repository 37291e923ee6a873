"""Factory helpers for the graph tests: tiny hand-built records with known answers."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ingest.records import Citation, Document, Paragraph


def cite(target: str, relation: str | None = "recalls", *, pinpoint: str | None = None,
         title: str | None = None, date: str | None = None, surface: str | None = None,
         resolved: bool = True) -> Citation:
    """A citation of ``target``; offsets are placed by ``para``."""
    return Citation(target=target, surface=surface or target.split(":", 1)[-1], start=0, end=0,
                    relation=relation, pinpoint=pinpoint, title=title, date=date, resolved=resolved)


def para(key: str, text: str = "", *citations: Citation, kind: str = "numbered",
         roles: tuple[str, ...] = (), addressee: str | None = None, verb: str | None = None) -> Paragraph:
    """A paragraph whose text contains every citation's surface at the citation's offsets."""
    placed = []
    for citation in citations:
        at = text.find(citation.surface)
        if at < 0:
            text += "，" + citation.surface
            at = text.find(citation.surface)
        placed.append(replace(citation, start=at, end=at + len(citation.surface)))
    return Paragraph(key=key, kind=kind, text=text or f"paragraph {key}", citations=tuple(placed),
                     roles=roles, addressee=addressee, verb=verb)


def doc(doc_id: str, *paragraphs: Paragraph, date: str | None = None, title: str | None = None,
        doc_type: str | None = None, body: str | None = None) -> Document:
    """A document with consistent offsets (paragraphs joined by blank lines)."""
    text, placed, at = "", [], 0
    for paragraph in paragraphs:
        placed.append(replace(paragraph, start=at, end=at + len(paragraph.text)))
        text += paragraph.text + "\n\n"
        at = len(text)
    symbol = doc_id.removeprefix("document:") if doc_id.startswith("document:") else None
    return Document(id=doc_id, symbol=symbol, title=title, doc_type=doc_type, date=date, language="zh",
                    source=f"test/{doc_id}.txt", sha256="0" * 64, body=body, text=text,
                    paragraphs=tuple(placed))


@dataclass
class Hit:
    """A stand-in search hit, as ``kb.similar`` returns them (the fields follow-up reads)."""

    paragraph_id: str
    document_id: str
    text: str
    score: float = 1.0
