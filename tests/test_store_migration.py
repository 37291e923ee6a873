"""The store's schema migrates forward in place: a schema-1 home (written here the way schema-1 code
wrote it) opens, migrates to the lean layout (schema 2) and on to schema 3 (footnote markers' offsets,
unknown for rows written before) and exports exactly what it held; tables the schema does not own (a
user's reviews) keep every row; the packed tokens round-trip."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.store import MIGRATIONS, SCHEMA_VERSION, Store
from index.store_layout import pack_tokens, unpack_tokens
from ingest.records import Document
from wgkb.export import export_document

#: A table no migration knows: a user's data in the same file.
USER_TABLE = "CREATE TABLE user_reviews (paragraph_id TEXT PRIMARY KEY, verdict TEXT NOT NULL, note TEXT)"
USER_ROWS = [("document:CTOC/COP/WG.6/2014/2¶85", "done", "见 2016 年报告"), ("resolution:COP 11/6¶3", "open", None)]


def write_schema_1(path: Path, documents: list[Document]) -> None:
    """A store as schema-1 code wrote it: paragraphs' text in a column and again, with the tokens,
    citations and entities, in their JSON ``data``."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for statement in MIGRATIONS[0].split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version(version) VALUES (1)")
    db.execute(USER_TABLE)
    db.executemany("INSERT INTO user_reviews VALUES (?,?,?)", USER_ROWS)
    columns = ("id", "symbol", "title", "doc_type", "date", "language", "source", "sha256", "meeting", "body", "pages")
    for d in documents:
        footnotes = sum(1 for p in d.paragraphs if p.kind == "footnote")
        db.execute(f"INSERT INTO documents({', '.join(columns)}, text, paragraph_count, footnote_count, char_count) "
                   f"VALUES ({','.join('?' * (len(columns) + 4))})",
                   (*[getattr(d, c) for c in columns], d.text, len(d.paragraphs), footnotes, len(d.text)))
        db.executemany("INSERT INTO paragraphs(document_id, seq, key, kind, page, anchor, roles, addressee, verb, "
                       "text, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       [(d.id, seq, p.key, p.kind, p.page, p.anchor, json.dumps(list(p.roles)), p.addressee,
                         p.verb, p.text, json.dumps(_schema_1_data(p), ensure_ascii=False))
                        for seq, p in enumerate(d.paragraphs)])
        db.executemany('INSERT INTO citations(document_id, paragraph_key, seq, target, surface, relation, pinpoint, '
                       'start, "end", title, date, resolved) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
                       [(d.id, p.key, i, c.target, c.surface, c.relation, c.pinpoint, c.start, c.end, c.title,
                         c.date, int(c.resolved)) for p in d.paragraphs for i, c in enumerate(p.citations)])
        db.executemany('INSERT INTO entities(document_id, paragraph_key, id, label, surface, start, "end") '
                       "VALUES (?,?,?,?,?,?,?)", [(d.id, p.key, e.id, e.label, e.surface, e.start, e.end)
                                                  for p in d.paragraphs for e in p.entities])
        db.execute("INSERT INTO sources(source, document_id, sha256) VALUES (?,?,?)", (d.source, d.id, d.sha256))
    db.execute("COMMIT")
    db.close()


def _schema_1_data(paragraph) -> dict:
    """A paragraph's JSON as schema-1 code wrote it: no markers' offsets (they did not exist)."""
    data = paragraph.to_dict()
    del data["marker_offsets"]
    return data


def _without_offsets(document: Document) -> Document:
    return document.with_paragraphs(tuple(replace(p, marker_offsets=()) for p in document.paragraphs))


@pytest.fixture(scope="module")
def seeds(corpus_kb) -> list[Document]:
    return list(corpus_kb.store.iter_documents())


def test_a_schema_1_home_migrates_in_place_and_exports_the_same(seeds, tmp_path):
    path = tmp_path / "wgkb.sqlite"
    write_schema_1(path, seeds)
    old_size = path.stat().st_size
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        migrated = list(store.iter_documents())
        assert [export_document(d) for d in migrated] == [export_document(_without_offsets(d)) for d in seeds]
        # tokens, entities, offsets: every field, not only the export's; the markers' places were never
        # stored by schema 1, so they are unknown (empty) until the file is ingested again
        assert migrated == [_without_offsets(d) for d in seeds]
        assert store.citations_to("resolution:COP 5/4") and store.integrity_check() == "ok"
        columns = {row[1] for row in store._query("PRAGMA table_info(paragraphs)")}
        assert "data" not in columns and {"tokens", "marker_offsets"} <= columns
        assert store._query("SELECT COUNT(*) FROM paragraphs WHERE marker_offsets IS NOT NULL") == [(0,)]
        carrier = next(d for d in seeds if any(p.marker_offsets for p in d.paragraphs))
        store.put_document(carrier)  # ingested again: its markers' places are stored
        assert store.get_document(carrier.id) == carrier
    assert path.stat().st_size < old_size / 2
    db = sqlite3.connect(path)
    assert db.execute("SELECT * FROM user_reviews ORDER BY paragraph_id").fetchall() == sorted(USER_ROWS)
    assert db.execute("SELECT sql FROM sqlite_master WHERE name='user_reviews'").fetchone()[0] == USER_TABLE
    db.close()


def test_a_new_store_holds_the_same_documents_as_a_migrated_one(seeds, tmp_path):
    with Store(tmp_path / "new.sqlite") as store:
        for document in seeds:
            store.put_document(document)
        assert list(store.iter_documents()) == seeds
        assert any(p.marker_offsets for d in seeds for p in d.paragraphs)  # kept, not only marks
        # text once: no paragraph keeps its own copy of what the document text holds
        assert store._query("SELECT COUNT(*) FROM paragraphs WHERE text IS NOT NULL") == [(0,)]


@given(st.lists(st.text(min_size=1, max_size=300), max_size=30))
def test_packed_tokens_round_trip(tokens):
    text = "".join(tokens)
    assert unpack_tokens(pack_tokens(tokens, text), text) == tuple(tokens)


def test_tokens_that_do_not_rebuild_the_text_are_kept_as_they_are():
    assert unpack_tokens(pack_tokens(["枪支", "标识"], "枪支 标识"), "枪支 标识") == ("枪支", "标识")
    assert unpack_tokens(pack_tokens([], "枪支"), "枪支") == ()
