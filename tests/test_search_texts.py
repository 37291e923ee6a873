"""The search index keeps no paragraph text (issue 12): the store holds it once, and a search reads the
texts it shows (and whoosh the texts its phrase checks need) from the store by each hit's document,
``seq`` and key. Asserted on the real stored rows of both engines, on hits against the store, on a
store read (``Store.paragraph_texts``) against the documents, and with the index behind the store."""

from __future__ import annotations

import json
import re

import pytest
import tantivy
from whoosh import index as whoosh_index

from index import tantivy_engine, whoosh_engine
from index.engine import ENGINES, Filters, get, paragraph_rows
from index.query import parse
from index.search import INDEX_DIR, MARKER, ingest_running
from index.store import WHOLE_TEXT_AFTER, Store
from ingest.records import Paragraph
from tests.doc_factory import document
from tests.test_engines import QUERIES

#: The fields every stored row holds (``index.engine.paragraph_rows``): no text.
ROW_FIELDS = {"pid", "document", "seq", "key", "label", "kind", "doc_type", "year", "body", "roles",
              "addressee", "page", "section"}


def stored_rows(name: str, folder) -> list[dict]:
    """Every stored row of the index in ``folder``, as the engine keeps it (whoosh: its stored fields
    and, as a hit's row has them, the fields it keeps only as columns)."""
    if name == "whoosh":
        searcher = whoosh_engine.WhooshSearcher(folder, lambda wanted: {})
        try:
            raw = searcher._searcher
            stored = [dict(raw.stored_fields(d)) for d in range(raw.doc_count_all())]
            assert not any(set(row) & set(whoosh_engine.ROW_COLUMNS) for row in stored)  # kept once
            return [searcher._row(d) for d in range(raw.doc_count_all())]
        finally:
            searcher.close()
    searcher = tantivy_engine._index(folder, create=False).searcher()
    found = searcher.search(tantivy.Query.all_query(), limit=max(searcher.num_docs, 1))
    return [json.loads(searcher.doc(address).get_first("row")) for _, address in found.hits]


@pytest.mark.parametrize("name", tuple(ENGINES))
def test_no_stored_row_holds_a_paragraph_text(name, corpus_kb, tmp_path):
    documents = list(corpus_kb.store.iter_documents())
    paragraphs, _ = get(name).build(tmp_path, documents)
    rows = stored_rows(name, tmp_path)
    assert len(rows) == paragraphs > 500
    by_place = {(d.id, seq): p for d in documents for seq, p in enumerate(d.paragraphs)}
    long_texts = 0
    for row in rows:
        assert "text" not in row and set(row) <= ROW_FIELDS and {"pid", "document", "seq", "key"} <= set(row)
        paragraph = by_place[(row["document"], row["seq"])]
        assert paragraph.key == row["key"]  # seq finds the row's own paragraph in the store
        if len(paragraph.text) >= 12:  # longer than any label: no stored value holds it
            long_texts += 1
            holding = [k for k, v in row.items() if isinstance(v, str) and paragraph.text in v]
            assert not holding or row["kind"] == "heading", (holding, row)  # a heading names itself
    assert long_texts > 300


def test_whoosh_rows_are_the_rows_paragraph_rows_made(corpus_kb, tmp_path):
    """A whoosh hit's row (stored fields + the fields kept only as columns) is exactly the row of
    ``index.engine.paragraph_rows``, empty values left out as ``paragraph_fields`` leaves them."""
    documents = list(corpus_kb.store.iter_documents())
    whoosh_engine.ENGINE.build(tmp_path, documents)
    expected = {}
    for document_ in documents:
        for row, _, _ in paragraph_rows(document_):
            expected[row["pid"]] = {k: v for k, v in row.items()
                                    if v not in ("", None) or k in whoosh_engine.COLUMN_FIELDS}
    rows = stored_rows("whoosh", tmp_path)
    assert len(rows) == len(expected) > 500
    assert {row["pid"]: row for row in rows} == expected


def test_whoosh_stores_no_text_and_indexes_no_pid(corpus_kb):
    schema = whoosh_engine.schema()
    assert not schema["text"].stored and not schema["pid"].indexed and schema["seq"].stored
    corpus_kb.search("枪支")
    ix = whoosh_index.open_dir(str(corpus_kb.search_index.path))
    with ix.searcher() as searcher:
        assert "pid" not in searcher.reader().indexed_field_names()
        fields = {name for name, _ in searcher.reader().all_terms()}
        assert searcher.doc_count() > 500 and "document" in fields and "pid" not in fields
    ix.close()


def test_hits_show_the_stores_paragraph_texts(engine_corpus_kb):
    kb = engine_corpus_kb
    texts = {(d.id, p.key): p.text for d in kb.store.iter_documents() for p in d.paragraphs}
    shown = 0
    for query in (*QUERIES, "枪支 标识", '"工作组"'):
        for hit in kb.search(query, limit=40).hits:
            assert hit.text == texts[(hit.document_id, hit.key)], (query, hit.label)
            shown += 1
    assert shown > 200
    similar = kb.search_index.similar(texts[next(iter(texts))], limit=10)
    assert similar and all(h.text == texts[(h.document_id, h.key)] for h in similar)


def test_store_reads_paragraph_texts_by_place_checking_the_key(tmp_path):
    store = Store(tmp_path / "wgkb.sqlite")
    many = tuple(f"第{n}段：枪支𠀀标识和记录保存，第 {n} 项。" for n in range(WHOLE_TEXT_AFTER + 3))
    big = document("CTOC/COP/WG.6/2031/7", many, source="hand/a.txt")  # sliced from the whole text
    odd = document("CTOC/COP/WG.6/2031/8", ("短段。", "𠀀二段，含扩展汉字。"), source="hand/b.txt")
    changed = Paragraph(**{**odd.paragraphs[1].__dict__, "text": "与文本切片不同的段落。"})
    odd = odd.with_paragraphs((odd.paragraphs[0], changed, *odd.paragraphs[2:]))  # kept in paragraphs.text
    store.put_document(big)
    store.put_document(odd)
    wanted = [(d.id, seq, p.key) for d in (big, odd) for seq, p in enumerate(d.paragraphs)]
    expected = {(d.id, seq): p.text for d in (big, odd) for seq, p in enumerate(d.paragraphs)}
    assert store.paragraph_texts(wanted) == expected
    few = wanted[:2] + wanted[-3:]  # a few of one document: cut by SQLite's substr
    assert store.paragraph_texts(few) == {(d, s): expected[(d, s)] for d, s, _ in few}
    assert store.paragraph_texts([(big.id, 0, "2"), (big.id, 99, "1"), ("document:none", 0, "1")]) == {}
    assert store.paragraph_texts([]) == {}
    store.close()


def test_whoosh_phrase_checks_read_texts_in_bulk_and_cache_them(corpus_kb):
    calls: list[int] = []

    def counted(wanted):
        calls.append(len(wanted))
        return corpus_kb.store.paragraph_texts(wanted)

    corpus_kb.search("枪支")
    searcher = whoosh_engine.ENGINE.open(corpus_kb.search_index.path, counted)
    try:
        first = searcher.search(parse('"记录保存"').tree, Filters(), every=False, offset=0, limit=10)
        segments = len(searcher._searcher.leaf_searchers())
        assert first.total > 0 and 1 <= len(calls) <= segments and sum(calls) > first.total
        again = searcher.search(parse('"记录保存"').tree, Filters(), every=False, offset=0, limit=10)
        assert again.total == first.total and len(calls) <= segments  # the squashed texts are cached
        assert again.hits == first.hits
    finally:
        searcher.close()


def rewrite_unindexed(kb, engine_name: str) -> None:
    """Index 2031/7, then rewrite it in the store only (paragraph 1 changed, paragraph 2's place
    taken by a footnote, paragraph 3 gone): the index is behind the store, as during an ingest."""
    kb.use_engine(engine_name)
    first = document("CTOC/COP/WG.6/2031/7", ("工作组建议加强枪支标识和记录保存。", "毒品和犯罪问题办公室（UNODC）协助追查非法枪支。",
                                              "各国应保存记录至少十年。"), source="hand/2031.txt", footnote=None)
    kb.store.put_document(first)
    kb._on_documents_changed([first], [])
    assert kb.search("UNODC").total == 1 and kb.search("十年").total == 1
    kb.store.put_document(document("CTOC/COP/WG.6/2031/7", ("改写后的第一段，仍谈记录保存。",), source="hand/2031.txt",
                                   footnote="见 UNODC 网站。"))


def test_an_index_behind_the_store_never_shows_another_paragraphs_text(kb, engine_name, capsys):
    with ingest_running(kb.home):  # the index is searched as it is while an ingest runs
        rewrite_unindexed(kb, engine_name)
        capsys.readouterr()
        hits = kb.search("记录保存").hits  # paragraph 1 is still under its key: its stored text now
        assert [(h.key, h.text) for h in hits] == [("1", "改写后的第一段，仍谈记录保存。")]
        assert kb.search("UNODC").hits == []  # paragraph 2's place holds the footnote now: left out
        assert kb.search("十年").hits == []  # paragraph 3 is gone
        assert kb.search('"追查非法枪支"').hits == []
        similar = kb.search_index.similar("毒品和犯罪问题办公室协助追查非法枪支", limit=10)
        assert all(h.key == "1" and h.text.startswith("改写后") for h in similar)
        assert "rebuilt" not in capsys.readouterr().err
    hits = kb.search("UNODC").hits  # no ingest running: the index catches up
    assert [(h.key, h.text) for h in hits] == [("fn1", "见 UNODC 网站。")]
    assert kb.search("十年").total == 0


def test_an_index_of_the_previous_schema_is_rebuilt_by_itself(kb, engine_name, capsys):
    kb.use_engine(engine_name)
    doc = document("CTOC/COP/WG.6/2031/7", ("工作组建议加强枪支标识和记录保存。",), source="hand/2031.txt", footnote=None)
    kb.store.put_document(doc)
    kb._on_documents_changed([doc], [])
    marker_path = kb.home / INDEX_DIR / MARKER
    marker = json.loads(marker_path.read_text())
    marker["schema"] = get(engine_name).version - 1  # as a home indexed by the previous wgkb left it
    marker_path.write_text(json.dumps(marker))
    kb.search_index.close()
    capsys.readouterr()
    hits = kb.search('"记录保存"').hits
    assert [h.text for h in hits] == [doc.paragraphs[0].text]
    err = capsys.readouterr().err
    assert re.search(r"rebuilt from the store \(built by another engine or version", err), err
