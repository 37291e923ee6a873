"""Annotation stage: tokens -> citations -> roles -> entities on a segmented document.

The four stages run in this order because each uses the previous one: every paragraph is segmented
ONCE (``Paragraph.tokens``, jieba with wgkb's user dictionary); citations are extracted
(``ingest.references.cite_document``); roles read the citations (follow-up acts on a cited
resolution or recommendation); entity recognition builds its spaCy ``Doc`` from the tokens.
"""

from __future__ import annotations

from dataclasses import replace

from ingest.entities import tag_entities
from ingest.records import Document, Paragraph
from ingest.references import cite_document
from ingest.roles import assign_roles
from ingest.tokens import tokenize


def annotate(document: Document) -> Document:
    """The document with tokens, citations, roles and entities on its paragraphs."""
    return tag_entities(assign_roles(cite_document(add_tokens(document))))


def add_tokens(document: Document) -> Document:
    """The document with ``tokens`` on every paragraph (kept when they already join to the text)."""
    return document.with_paragraphs(tuple(_tokenized(p) for p in document.paragraphs))


def _tokenized(paragraph: Paragraph) -> Paragraph:
    if paragraph.tokens and "".join(paragraph.tokens) == paragraph.text:
        return paragraph
    return replace(paragraph, tokens=tuple(tokenize(paragraph.text)))

