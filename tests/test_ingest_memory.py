"""Memory of an ingest (issue 14: a 10 MB text under 300 MB). While the search index follows the store,
the ingest keeps only what the index reads of each stored document (``wgkb.ingest_run.indexed_part``:
no full text, no entities); these tests fail when an engine starts reading either, or when the
shortened record reaches the index in place of a different one."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.tantivy_engine import paragraph_documents
from index.whoosh_engine import paragraph_fields
from ingest.pipeline import ingest_file
from wgkb.facade import KnowledgeBase
from wgkb.ingest_run import indexed_part

FAMILY = Path(__file__).with_name("fixtures") / "family"


def whoosh_input(document) -> list[dict]:
    return [{k: (str(v), getattr(v, "tokens", None)) for k, v in fields.items()}
            for fields in paragraph_fields(document)]


def tantivy_input(document) -> list[dict]:
    return [doc.to_dict() for doc in paragraph_documents(document)]


def documents(corpus_kb) -> list:
    out = list(corpus_kb.store.iter_documents())
    out += [ingest_file(p) for p in sorted(FAMILY.glob("*.txt"))[:6]]
    assert sum(1 for d in out for p in d.paragraphs if p.entities) > 50
    return out


@pytest.mark.parametrize("engine_input", (whoosh_input, tantivy_input), ids=("whoosh", "tantivy"))
def test_the_index_reads_the_same_from_the_indexed_part(corpus_kb, engine_input):
    for document in documents(corpus_kb):
        part = indexed_part(document)
        assert part.text == "" and not any(p.entities for p in part.paragraphs)
        assert [p.key for p in part.paragraphs] == [p.key for p in document.paragraphs]
        assert engine_input(part) == engine_input(document), document.id


def test_ingest_hands_the_index_the_indexed_part(tmp_path, corpus_dir):
    kb = KnowledgeBase.open(tmp_path / "home")
    seen = []
    follow = kb._on_documents_changed
    kb._on_documents_changed = lambda changed, removed: (seen.extend(changed), follow(changed, removed))
    try:
        kb.ingest([corpus_dir / "CTOC_COP_WG.6_2014_2.txt"])
        (handed,) = seen
        stored = kb.store.get_document(handed.id)
        assert handed.text == "" and stored.text  # the store keeps the text, the index never needed it
        assert any(p.entities for p in stored.paragraphs)
        assert handed == indexed_part(stored)
        assert kb.search("标识").total > 0
    finally:
        kb.close()


def test_the_store_keeps_every_text_when_several_are_written(tmp_path, corpus_dir):
    """The text is written by an UPDATE run twice (the second matching no row, to drop SQLite's copy
    of the bound value): every document keeps its own text."""
    kb = KnowledgeBase.open(tmp_path / "home")
    try:
        kb.ingest([corpus_dir])
        for document in kb.store.iter_documents():
            parsed = ingest_file(Path(document.source) if Path(document.source).is_absolute()
                                 else corpus_dir.parent / document.source)
            assert document.text == parsed.text, document.id
    finally:
        kb.close()
