"""What a paragraph stands in, as searchable context (issue 10 item 3): the titles of its section path
(``四. 国际合作机制 > A. 单一联络点``) and, for a resolution or decision, the names of the body that
issued it (缔约方会议, 大会 / 联合国大会, 安全理事会 / 安理会 …, from ``corpus/aliases.toml``'s
``body:<code>`` entities). Engines index it as a separate field that queries reach at low weight, so
a paragraph under a heading naming the query term, or an operative paragraph "请秘书长…" of a General
Assembly resolution asked for as "大会请秘书长做了什么", is found without outranking paragraphs that
say the words themselves.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from index.analysis import TokenizedText, segment
from index.sections import PATH_SEP, section_paths
from index.vocabulary import CORPUS_DIR
from ingest.records import Document

#: Document types whose paragraphs carry their issuing body's names.
ISSUED = frozenset({"resolution", "decision"})


@dataclass(frozen=True)
class Context:
    """A paragraph's section path (display form) and its context field text."""

    section: str
    text: str


@functools.lru_cache(maxsize=1)
def body_names() -> dict[str, tuple[str, ...]]:
    """Body code (``GA``, ``COP`` …, upper case) -> its Chinese and English names."""
    path = CORPUS_DIR / "aliases.toml"
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {e["id"].split(":", 1)[1].upper(): tuple(e.get("zh", [])) + tuple(e.get("en", []))
            for e in data.get("entity", []) if str(e.get("id", "")).startswith("body:")}


def contexts(document: Document) -> dict[str, Context]:
    """Paragraph key -> its context."""
    issuer = " ".join(body_names().get((document.body or "").upper(), ())) if document.doc_type in ISSUED else ""
    out = {}
    for key, titles in section_paths(document).items():
        out[key] = Context(PATH_SEP.join(titles), " ".join(filter(None, [*titles, issuer])))
    return out


@functools.lru_cache(maxsize=4096)
def tokenized(text: str) -> TokenizedText:
    """``text`` with its jieba tokens (one segmentation per distinct context string)."""
    return TokenizedText(text, segment(text))
