"""The ``wgkb export --json`` shape (DESIGN.md, a stable contract): documents with their paragraphs
and each paragraph's citations. Extra keys may be added; the contract keys are never dropped or renamed.
"""

from __future__ import annotations

from typing import Any

from ingest.records import Citation, Document, Paragraph

#: Document keys of the contract, in order; ``meeting``, ``body``, ``pages`` follow as extras.
DOCUMENT_KEYS = ("id", "symbol", "title", "doc_type", "date", "language", "source", "sha256")
#: Paragraph keys of the contract; ``id``, ``anchor``, ``footnotes``, ``marker_offsets`` (where each
#: footnote marker stands in ``text``), ``entities`` follow as extras.
PARAGRAPH_KEYS = ("key", "kind", "section", "page", "text", "roles", "addressee", "verb", "citations")
#: Citation keys of the contract (``start``/``end`` index into the paragraph's ``text``);
#: ``title``, ``date``, ``resolved`` follow as extras.
CITATION_KEYS = ("target", "surface", "relation", "pinpoint", "start", "end")


def export_document(document: Document) -> dict[str, Any]:
    """One document in the export shape."""
    out: dict[str, Any] = {key: getattr(document, key) for key in DOCUMENT_KEYS}
    out.update(meeting=document.meeting, body=document.body, pages=document.pages)
    out["paragraphs"] = [export_paragraph(document, p) for p in document.paragraphs]
    return out


def export_paragraph(document: Document, paragraph: Paragraph) -> dict[str, Any]:
    """One paragraph in the export shape, with its canonical id and citable label as extras."""
    out: dict[str, Any] = {
        "key": paragraph.key, "kind": paragraph.kind, "section": list(paragraph.section),
        "page": paragraph.page, "text": paragraph.text, "roles": list(paragraph.roles),
        "addressee": paragraph.addressee, "verb": paragraph.verb,
        "citations": [export_citation(c) for c in paragraph.citations],
    }
    out.update(id=document.paragraph_id(paragraph.key), label=document.label(paragraph),
               anchor=paragraph.anchor, footnotes=list(paragraph.footnotes),
               marker_offsets=list(paragraph.marker_offsets),
               entities=[e.to_dict() for e in paragraph.entities])
    return out


def export_citation(citation: Citation) -> dict[str, Any]:
    """One citation in the export shape."""
    out: dict[str, Any] = {key: getattr(citation, key) for key in CITATION_KEYS}
    out.update(title=citation.title, date=citation.date, resolved=citation.resolved)
    return out
