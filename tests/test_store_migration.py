"""The store's schema migrates forward in place: a schema-1 home (written here the way schema-1 code
wrote it) opens, migrates to the lean layout (schema 2), on to schema 3 (footnote markers' offsets,
unknown for rows written before) and schema 4 (citations and entities clustered by paragraph) and
exports exactly what it held; a schema-3 home with data in every user table migrates to 4 holding the
same records and export; tables the schema does not own (reviews, corrections, watch lists) keep
every row; the packed tokens round-trip."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from cli_run import wgkb
from doc_factory import document
from hypothesis import given
from hypothesis import strategies as st

import index.store as store_module
import index.store_layout as store_layout
from index.overrides import Overrides
from index.reviews import Review, Reviews
from index.store import MIGRATIONS, SCHEMA_VERSION, Store
from index.store_layout import insert_paragraphs, pack_tokens, unpack_tokens
from index.store_tokens import pack_tokens_v2, repack_legacy
from index.watch import WatchList
from ingest.errors import StoreError
from ingest.records import Citation, Document, Entity
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
    for d in documents:
        _insert_document_row(db, d)
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


def _insert_document_row(db: sqlite3.Connection, d: Document) -> None:
    """The ``documents`` row of ``d`` as every schema so far lays it out."""
    columns = ("id", "symbol", "title", "doc_type", "date", "language", "source", "sha256", "meeting", "body", "pages")
    footnotes = sum(1 for p in d.paragraphs if p.kind == "footnote")
    db.execute(f"INSERT INTO documents({', '.join(columns)}, text, paragraph_count, footnote_count, char_count) "
               f"VALUES ({','.join('?' * (len(columns) + 4))})",
               (*[getattr(d, c) for c in columns], d.text, len(d.paragraphs), footnotes, len(d.text)))


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
        assert store.schema_version == SCHEMA_VERSION == 5
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


@given(st.lists(st.text(max_size=20), max_size=30))
def test_packed_tokens_round_trip_empty_and_long_ones_included(tokens):
    text = "".join(tokens)
    assert unpack_tokens(pack_tokens(tokens, text), text) == tuple(tokens)


@given(st.lists(st.one_of(st.text(max_size=3), st.text(min_size=72, max_size=76)), max_size=8), st.booleans())
def test_schema_4_token_blobs_repack_to_the_tokens_they_held(tokens, rebuilds):
    """Also those schema 2-4 read wrong: lengths whose first was 74 (the JSON mark ``J``)."""
    text = "".join(tokens) if rebuilds else "".join(tokens) + "。"
    assert unpack_tokens(repack_legacy(pack_tokens_v2(tokens, text), text), text) == tuple(tokens)


def test_a_first_token_of_74_characters_migrates_and_reads_back(tmp_path):
    path = tmp_path / "wgkb.sqlite"
    long_word = "Firearms" * 9 + "ab"  # 74 characters: the legacy blob starts with b"J"
    doc = document(texts=(long_word + " 枪支。", "标识 和 记录。"))
    first, second = doc.paragraphs[0], doc.paragraphs[1]
    doc = doc.with_paragraphs((replace(first, tokens=(long_word, " ", "枪支", "。")),
                               replace(second, tokens=("标识", "记录")),  # not the text: kept as JSON
                               *doc.paragraphs[2:]))
    assert pack_tokens_v2(doc.paragraphs[0].tokens, doc.paragraphs[0].text)[:1] == b"J"
    write_schema_3(path, [doc])
    with Store(path) as store:
        assert store.get_document(doc.id) == doc
        blobs = store._query("SELECT tokens FROM paragraphs WHERE tokens IS NOT NULL ORDER BY seq")
        assert [blob[:1] for (blob,) in blobs] == [b"B", b"J"]


def test_tokens_that_do_not_rebuild_the_text_are_kept_as_they_are():
    assert unpack_tokens(pack_tokens(["枪支", "标识"], "枪支 标识"), "枪支 标识") == ("枪支", "标识")
    assert unpack_tokens(pack_tokens([], "枪支"), "枪支") == ()


# ---- schema 3 -> 4 ---------------------------------------------------------------------------------
#: The tables the store's schema owns; every other table in the file is a user's.
STORE_TABLES = {"documents", "paragraphs", "citations", "entities", "sources", "meta", "schema_version"}


def write_schema_3(path: Path, documents: list[Document]) -> None:
    """A store as schema-3 code wrote it: the migrations up to 3 run on an empty file, then each
    document's rows in schema 3's layout (citations and entities in rowid tables with their paragraph's
    key, indexed by document, target and entity id, every surface spelled out)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("BEGIN")
    for version in range(3):
        step = MIGRATIONS[version]
        if callable(step):
            step(db)
        else:
            for statement in filter(str.strip, step.split(";")):
                db.execute(statement)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version(version) VALUES (3)")
    for d in documents:
        _insert_document_row(db, d)
        insert_paragraphs(db, d.id, d.text, d.paragraphs, schema=3)
        db.execute("INSERT INTO sources(source, document_id, sha256) VALUES (?,?,?)", (d.source, d.id, d.sha256))
    db.execute("COMMIT")
    db.close()


def add_user_data(path: Path, documents: list[Document]) -> None:
    """A row in every user table: reviews, corrections, watches, their seen paragraphs, news, visits."""
    reviews = Reviews(path)
    reviews.add(Review("recommendation:CTOC/COP/WG.6/2014/2#1", "confirm", paragraph=USER_ROWS[0][0],
                       note=USER_ROWS[0][2], reviewer="Li Wei"))
    reviews.add(Review("recommendation:CTOC/COP/WG.6/2014/2#1", "status", status="in_progress"))
    reviews.close()
    overrides = Overrides(path)
    overrides.set(documents[0], title="更正后的标题", date="2014-02-21")
    overrides.close()
    watches = WatchList(path)
    watch, _ = watches.add("target", "resolution:COP 5/4", "第 5/4 号决议", seen=[USER_ROWS[1][0]])
    watches.record(watch, "1 new paragraph cites 第 5/4 号决议", [{"paragraph_id": USER_ROWS[0][0]}])
    watches.visit("Li Wei")
    watches.close()


def user_tables(path: Path) -> dict[str, tuple[str, list[tuple]]]:
    """Every table the store's schema does not own: its SQL and all its rows."""
    db = sqlite3.connect(path)
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE "
                                          "'sqlite_%' ORDER BY name") if row[0] not in STORE_TABLES]
    out = {name: (db.execute("SELECT sql FROM sqlite_master WHERE name=?", (name,)).fetchone()[0],
                  sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr)) for name in names}
    db.close()
    return out


def test_a_schema_3_home_migrates_to_the_current_schema_with_the_same_records_export_and_user_data(seeds, tmp_path, monkeypatch):
    home, twin = tmp_path / "home", tmp_path / "twin"
    home.mkdir()
    write_schema_3(home / "wgkb.sqlite", seeds)
    add_user_data(home / "wgkb.sqlite", seeds)
    users = user_tables(home / "wgkb.sqlite")
    assert set(users) >= {"reviews", "overrides", "watches", "watch_seen", "watch_news", "watch_visits"}
    assert all(rows for _, rows in users.values())
    old_size = (home / "wgkb.sqlite").stat().st_size
    with Store(twin / "wgkb.sqlite") as fresh:  # the same documents and user rows in a new home
        for document in seeds:
            fresh.put_document(document)
        cited = fresh.citations_to("resolution:COP 5/4")
    db = sqlite3.connect(twin / "wgkb.sqlite")
    db.execute("ATTACH ? AS old", (str(home / "wgkb.sqlite"),))
    for name, (sql, _) in users.items():
        db.execute(sql)
        db.execute(f"INSERT INTO {name} SELECT * FROM old.{name}")
    db.commit()
    db.close()

    with Store(home / "wgkb.sqlite") as store:
        assert store.schema_version == SCHEMA_VERSION == 5
        assert list(store.iter_documents()) == seeds  # every field: tokens, entities, offsets, surfaces
        assert store.citations_to("resolution:COP 5/4") == cited != []
        assert "paragraph_key" not in {row[1] for row in store._query("PRAGMA table_info(entities)")}
        indexes = store._query("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name IN "
                               "('entities', 'citations') AND sql IS NOT NULL")
        assert indexes == [("citations_target",)] and store.integrity_check() == "ok"
    assert (home / "wgkb.sqlite").stat().st_size < old_size
    assert user_tables(home / "wgkb.sqlite") == users
    exported, expected = wgkb(home, "export", "--json"), wgkb(twin, "export", "--json")
    assert exported.code == expected.code == 0 and exported.out == expected.out
    assert "更正后的标题" in exported.out and '"reviewer": "Li Wei"' in exported.out

    # a second open does nothing: no migration runs, not a row changes
    db = sqlite3.connect(home / "wgkb.sqlite")
    before = list(db.iterdump())
    db.close()

    def again(_db):
        raise AssertionError("migrated twice")

    for version in range(SCHEMA_VERSION):
        monkeypatch.setitem(store_module.MIGRATIONS, version, again)
    Store(home / "wgkb.sqlite").close()
    db = sqlite3.connect(home / "wgkb.sqlite")
    assert list(db.iterdump()) == before
    db.close()


def test_a_surface_that_is_not_its_slice_migrates_as_it_is(tmp_path):
    path = tmp_path / "wgkb.sqlite"
    doc = document(texts=("回顾第 9/2 号决议，请毒品和犯罪问题办公室协助。",))
    first = doc.paragraphs[0]
    odd = replace(first, entities=(*first.entities, Entity("org:unodc", "ORG", "办毒署", 12, 22),
                                   Entity("org:unodc", "ORG", "", 30, 40)),
                  citations=(*first.citations, Citation("resolution:COP 9/2", "第 9/2 号决议", -3, 2)))
    doc = doc.with_paragraphs((odd, *doc.paragraphs[1:]))
    write_schema_3(path, [doc])
    with Store(path) as store:
        assert store.get_document(doc.id) == doc
        assert [row["surface"] for row in store.citations_to("resolution:COP 9/2")] == ["9/2", "第 9/2 号决议"]
        assert store._query("SELECT surface FROM entities ORDER BY seq") == [(None,), ("办毒署",), ("",)]


def test_a_migration_that_fails_half_way_leaves_the_store_as_it_was(seeds, tmp_path, monkeypatch):
    """Each step is one transaction: a failure inside 4 -> 5 (after some paragraphs were re-packed)
    rolls that step back to schema 4 as step 3 -> 4 left it; the next open finishes the job."""
    path = tmp_path / "wgkb.sqlite"
    write_schema_3(path, seeds)
    db = sqlite3.connect(path)
    tokens = db.execute("SELECT document_id, seq, tokens FROM paragraphs ORDER BY 1, 2").fetchall()
    db.close()
    calls = []

    def failing(blob, text):
        calls.append(1)
        if len(calls) > 50:
            raise sqlite3.OperationalError("disk I/O error")
        return repack_legacy(blob, text)

    monkeypatch.setattr(store_layout, "repack_legacy", failing)
    with pytest.raises(StoreError, match="disk I/O error"):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(4,)]
    assert db.execute("SELECT document_id, seq, tokens FROM paragraphs ORDER BY 1, 2").fetchall() == tokens
    assert "paragraph_key" not in {row[1] for row in db.execute("PRAGMA table_info(entities)")}  # 3 -> 4 kept
    db.close()
    monkeypatch.undo()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION and list(store.iter_documents()) == seeds


def test_after_the_migration_replace_and_delete_remove_a_documents_annotations(seeds, tmp_path):
    path = tmp_path / "wgkb.sqlite"
    write_schema_3(path, seeds)
    document = max(seeds, key=lambda d: sum(len(p.entities) + len(p.citations) for p in d.paragraphs))

    def rows(store: Store, table: str) -> int:
        return store._query(f"SELECT COUNT(*) FROM {table} WHERE document_id=?", (document.id,))[0][0]

    with Store(path) as store:
        entities, citations = (sum(len(getattr(p, f)) for p in document.paragraphs) for f in ("entities", "citations"))
        assert (rows(store, "entities"), rows(store, "citations")) == (entities, citations) and entities and citations
        store.put_document(document)  # replaced: its rows once, not twice
        assert (rows(store, "entities"), rows(store, "citations")) == (entities, citations)
        assert store.get_document(document.id) == document
        store.delete_document(document.id)
        assert (rows(store, "entities"), rows(store, "citations")) == (0, 0)
        others = store._query("SELECT COUNT(*) FROM entities")[0][0]
        assert others == sum(len(p.entities) for d in seeds if d.id != document.id for p in d.paragraphs)


def test_every_seed_surface_is_its_paragraph_text_slice_so_none_is_stored_twice(seeds, tmp_path):
    """What makes schema 4 lean on real documents (the family's are checked in test_family.py)."""
    assert all(p.text[a.start:a.end] == a.surface for d in seeds for p in d.paragraphs
               for a in (*p.entities, *p.citations))
    with Store(tmp_path / "wgkb.sqlite") as store:
        for document in seeds:
            store.put_document(document)
        assert store._query("SELECT COUNT(*) FROM entities WHERE surface IS NOT NULL") == [(0,)]
        assert store._query("SELECT COUNT(*) FROM citations WHERE surface IS NOT NULL") == [(0,)]
        assert store._query("SELECT COUNT(*) FROM entities")[0][0] > 100
