"""Annotation stage: tokens -> citations -> roles -> entities on a segmented document.

The four stages run in this order because each uses the previous one: every paragraph is segmented
ONCE (``Paragraph.tokens``, jieba with wgkb's user dictionary); citations are extracted
(``ingest.references.cite_document``); roles read the citations (follow-up acts on a cited
resolution or recommendation); entity recognition builds its spaCy ``Doc`` from the tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ingest.entities import tag_entities
from ingest.records import Document, Paragraph
from ingest.roles import assign_roles
from ingest.tokens import tokenize


def annotate(document: Document) -> Document:
    """The document with tokens, citations, roles and entities on its paragraphs."""
    document = add_tokens(document)
    cite = _citation_stage()
    if cite is not None:
        document = cite(document)
    document = assign_roles(document)
    return tag_entities(document)


def add_tokens(document: Document) -> Document:
    """The document with ``tokens`` on every paragraph (kept when they already join to the text)."""
    return document.with_paragraphs(tuple(_tokenized(p) for p in document.paragraphs))


def _tokenized(paragraph: Paragraph) -> Paragraph:
    if paragraph.tokens and "".join(paragraph.tokens) == paragraph.text:
        return paragraph
    return replace(paragraph, tokens=tuple(tokenize(paragraph.text)))


def _citation_stage() -> Callable[[Document], Document] | None:
    """``ingest.references.cite_document``, or None while that module does not exist yet.

    Only the absence of the module (or of the function) is tolerated; any other error inside it
    propagates, so a broken extractor is never silently skipped.
    """
    try:
        from ingest.references import cite_document
    except ModuleNotFoundError as exc:
        if exc.name != "ingest.references":
            raise
        return None
    except ImportError as exc:  # the module exists but has no cite_document yet
        if "cite_document" not in str(exc):
            raise
        return None
    return cite_document
