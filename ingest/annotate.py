"""Annotation stage: tokens and entities, then citations and roles, on a segmented document.

Every paragraph is segmented ONCE (``Paragraph.tokens``, jieba with wgkb's user dictionary) and its
entities found from those tokens (``ingest.entities``: spaCy Docs built from the tokens a match can
touch, many paragraphs to a Doc, one Doc of bounded size at a time). Citations are then extracted
over the whole document (``ingest.references.cite_document``: short forms such as 同上 resolve to
earlier paragraphs) and roles read the citations (follow-up acts on a cited resolution or
recommendation). Entities read neither, so their place in the order does not
change them.

Memory (issue 14: a 10 MB text under 300 MB): a document's equal strings are one object, through one
word table per document (:func:`annotate`): a 10 MB text has ~2 million tokens and ~45,000 entities
but only tens of thousands of distinct words; one ``str`` per token costs ~70 bytes (~140 MB), a
shared one a tuple slot (8 bytes).
"""

from __future__ import annotations

from dataclasses import replace

from ingest.entities import tag_paragraphs
from ingest.records import Document, Paragraph
from ingest.references import cite_document
from ingest.roles import assign_roles
from ingest.tokens import tokenize


def annotate(document: Document) -> Document:
    """The document with tokens, entities, citations and roles on its paragraphs."""
    words: dict[str, str] = {}
    tokens = [_tokens(p, words) for p in document.paragraphs]
    lexical = tag_paragraphs(document.paragraphs, words, tokens)  # tokens and entities: one copy each
    return assign_roles(cite_document(document.with_paragraphs(lexical)))


def add_tokens(document: Document, words: dict[str, str] | None = None) -> Document:
    """The document with ``tokens`` on every paragraph (kept when they already join to the text);
    equal words one string object through ``words`` (a new table when None)."""
    words = {} if words is None else words
    return document.with_paragraphs(tuple(_tokenized(p, words) for p in document.paragraphs))


def _tokenized(paragraph: Paragraph, words: dict[str, str]) -> Paragraph:
    tokens = _tokens(paragraph, words)
    return paragraph if tokens is paragraph.tokens else replace(paragraph, tokens=tokens)


def _tokens(paragraph: Paragraph, words: dict[str, str]) -> tuple[str, ...]:
    """The paragraph's own tokens when they join to its text, else its text segmented (equal words
    one string object through ``words``)."""
    if paragraph.tokens and "".join(paragraph.tokens) == paragraph.text:
        return paragraph.tokens
    cut = tokenize(paragraph.text)
    return tuple(map(words.setdefault, cut, cut))
