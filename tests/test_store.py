"""The SQLite store: round trip, replacement in one transaction, generation, schema, bad files."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from doc_factory import document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.store import SCHEMA_VERSION, Store
from ingest.errors import StoreError
from ingest.records import Citation, Document, Entity

CITING = ("回顾第 9/2 号决议，请毒品和犯罪问题办公室协助。", "工作组建议各国加强标识。", "第三段。")


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "kb.sqlite") as opened:
        yield opened


def test_round_trip_keeps_every_field(store: Store) -> None:
    doc = document(texts=CITING, pages=3, meeting="第八次会议")
    store.put_document(doc)
    assert store.get_document(doc.id) == doc


def test_a_document_read_back_shares_its_equal_tokens_and_entity_strings(store: Store) -> None:
    from ingest.annotate import annotate

    doc = annotate(document(texts=("请毒品和犯罪问题办公室协助各国。", "毒品和犯罪问题办公室协助各国加强标识。")))
    store.put_document(doc)
    back = store.get_document(doc.id)
    assert back == doc
    first, second = back.paragraphs[0], back.paragraphs[1]
    shared = set(first.tokens) & set(second.tokens)
    assert {"协助", "各国"} <= shared
    for word in shared:  # read back as one object per word, not one slice per occurrence
        assert first.tokens[first.tokens.index(word)] is second.tokens[second.tokens.index(word)]
    assert first.entities[0].id is second.entities[0].id and first.entities[0].surface is second.entities[0].surface


def test_get_missing_document_is_none(store: Store) -> None:
    assert store.get_document("document:NOPE/1") is None


def test_list_documents_has_metadata_but_no_paragraphs(store: Store) -> None:
    store.put_document(document("B/2", source="b.txt"))
    store.put_document(document("A/1", source="a.txt"))
    listed = store.list_documents()
    assert [d.id for d in listed] == ["document:A/1", "document:B/2"]
    assert all(d.paragraphs == () and d.text == "" for d in listed)
    assert listed[0].title == "测试文件" and listed[0].source == "a.txt"


def test_iter_documents_yields_whole_documents_in_id_order(store: Store) -> None:
    docs = [document(f"X/{n}", source=f"{n}.txt") for n in (3, 1, 2)]
    for doc in docs:
        store.put_document(doc)
    assert list(store.iter_documents()) == sorted(docs, key=lambda d: d.id)


def test_put_replaces_all_rows_of_the_document(store: Store) -> None:
    store.put_document(document(texts=CITING))
    new = document(texts=("只剩一段。",), footnote=None)
    store.put_document(new)
    assert store.get_document(new.id) == new
    assert store.counts() == {"documents": 1, "paragraphs": 1, "footnotes": 0, "characters": len(new.text)}
    assert store.citations_to("resolution:COP 9/2") == []


def test_citations_are_queryable_by_target(store: Store) -> None:
    doc = document(texts=CITING)
    store.put_document(doc)
    [row] = store.citations_to("resolution:COP 9/2")
    assert row["document_id"] == doc.id and row["paragraph_key"] == "1"
    assert CITING[0][row["start"]:row["end"]] == row["surface"] == "9/2"
    assert row["relation"] == "recalls" and row["pinpoint"] == "para. 3"


def test_entities_are_stored_in_their_own_table(store: Store) -> None:
    store.put_document(document(texts=CITING))
    rows = store._query('SELECT id, label, paragraph_seq, seq, start, "end", surface FROM entities')
    start = CITING[0].index("毒品和犯罪问题办公室")
    # the surface is the paragraph text's slice: not stored a second time (NULL), rebuilt on reading
    assert rows == [("org:unodc", "ORG", 0, 0, start, start + 10, None)]
    assert store._query("SELECT surface FROM citations") == [(None,)]


surfaces = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=6)
spans = st.tuples(st.integers(-3, 12), st.integers(-3, 12), st.one_of(st.none(), surfaces))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=10),
       entity_spans=st.lists(spans, max_size=4), citation_spans=st.lists(spans, max_size=4))
def test_surfaces_round_trip_exactly_whatever_their_offsets(tmp_path: Path, text: str, entity_spans: list,
                                                            citation_spans: list) -> None:
    """A surface is rebuilt from the paragraph text only when it is that text's slice; any other
    (none given: the slice itself, offsets outside the text or reversed included) is kept as it is,
    by ``get_document`` and by ``citations_to`` alike."""
    def surface(start: int, end: int, given: str | None) -> str:
        return text[start:end] if given is None else given

    entities = tuple(Entity(f"org:{n}", "ORG", surface(a, b, g), a, b) for n, (a, b, g) in enumerate(entity_spans))
    citations = tuple(Citation(f"resolution:COP {n}/1", surface(a, b, g), a, b)
                      for n, (a, b, g) in enumerate(citation_spans))
    doc = document(texts=("第一段。", text))
    doc = doc.with_paragraphs((doc.paragraphs[0], replace(doc.paragraphs[1], entities=entities, citations=citations),
                               *doc.paragraphs[2:]))
    with Store(tmp_path / "surfaces.sqlite") as store:
        store.put_document(doc)
        assert store.get_document(doc.id) == doc
        for citation in citations:
            [row] = store.citations_to(citation.target)
            assert (row["surface"], row["start"], row["end"], row["paragraph_key"]) == (
                citation.surface, citation.start, citation.end, "2")
        store.delete_document(doc.id)
        assert store._query("SELECT COUNT(*) FROM entities") == store._query("SELECT COUNT(*) FROM citations") == [(0,)]


def test_counts_separate_footnotes(store: Store) -> None:
    doc = document(texts=CITING)
    store.put_document(doc)
    assert store.counts(doc.id) == {"documents": 1, "paragraphs": 4, "footnotes": 1,
                                    "characters": len(doc.text)}


def test_generation_bumps_on_every_write(store: Store) -> None:
    start = store.generation
    store.put_document(document("A/1", source="a.txt"))
    store.put_document(document("A/1", source="a.txt"))
    assert store.generation == start + 2
    assert store.delete_document("document:A/1") is True
    assert store.generation == start + 3
    assert store.delete_document("document:A/1") is False
    assert store.generation == start + 3


def test_generation_is_seen_by_another_connection(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.sqlite") as writer, Store(tmp_path / "kb.sqlite") as reader:
        before = reader.generation
        writer.put_document(document())
        assert reader.generation == before + 1
        assert reader.get_document(document().id) == document()


def test_sha_for_source(store: Store) -> None:
    doc = document(source="corpus/a.txt")
    assert store.sha_for_source("/abs/a.txt") is None
    store.put_document(doc, source_key="/abs/a.txt", fingerprint="m1")
    assert store.sha_for_source("/abs/a.txt") == doc.sha256
    assert store.source_state("/abs/a.txt") == (doc.sha256, "m1", doc.id)


def test_same_source_under_a_new_id_removes_the_old_document(store: Store) -> None:
    store.put_document(document("OLD/1"), source_key="/abs/a.txt")
    removed = store.put_document(document("NEW/1"), source_key="/abs/a.txt")
    assert removed == ["document:OLD/1"]
    assert store.document_ids() == ["document:NEW/1"]


def test_delete_document_removes_every_row(store: Store) -> None:
    doc = document(texts=CITING)
    store.put_document(doc)
    store.delete_document(doc.id)
    for table in ("documents", "paragraphs", "citations", "entities", "sources"):
        assert store._query(f"SELECT COUNT(*) FROM {table}") == [(0,)], table


def test_failed_put_leaves_the_previous_version(store: Store) -> None:
    old = document(texts=CITING)
    store.put_document(old)
    generation = store.generation
    broken = document(texts=("新的一段。",))
    # a paragraph row that violates NOT NULL: the insert fails half-way through the transaction
    bad = broken.with_paragraphs((*broken.paragraphs, broken.paragraphs[0].__class__(
        key=None, kind="numbered", text="第二段。")))  # type: ignore[arg-type]
    with pytest.raises(StoreError, match="cannot store document:CTOC/COP/WG.6/2031/7"):
        store.put_document(bad)
    assert store.get_document(old.id) == old
    assert store.generation == generation


def test_wal_mode(store: Store) -> None:
    assert store._query("PRAGMA journal_mode") == [("wal",)]


def test_schema_version_is_recorded(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store._query("SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]


def test_reopen_keeps_data(tmp_path: Path) -> None:
    with Store(tmp_path / "kb.sqlite") as first:
        first.put_document(document())
    with Store(tmp_path / "kb.sqlite") as second:
        assert second.get_document(document().id) == document()


def test_newer_schema_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert "\n" not in message and "newer" in message and str(path) in message


def test_corrupt_file_is_a_store_error_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    path.write_bytes(b"this is not a database, just bytes " * 200)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        Store(blocker / "kb.sqlite")


def test_migrates_forward_from_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    sqlite3.connect(path).close()  # version 0: an empty database
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.generation == 0


def test_concurrent_threads_share_one_store(store: Store) -> None:
    docs = [document(f"T/{n}", source=f"{n}.txt") for n in range(8)]
    threads = [threading.Thread(target=store.put_document, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.document_ids()) == 8 and store.generation == 8


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(texts, min_size=1, max_size=5), title=st.one_of(st.none(), texts),
       date=st.one_of(st.none(), st.sampled_from(["2022", "2022-10", "2022-10-17"])))
def test_round_trip_property(tmp_path: Path, paragraphs: list[str], title: str | None, date: str | None) -> None:
    doc: Document = document(texts=tuple(paragraphs), title=title, date=date)
    with Store(tmp_path / "prop.sqlite") as store:
        store.put_document(doc)
        assert store.get_document(doc.id) == doc
