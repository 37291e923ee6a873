"""How a document's paragraphs, citations and entities lie in the store's tables (schema 5, lean), and
the migrations that bring an older store there in place.

Schema 1 kept each paragraph three times (its ``text`` column, its JSON ``data`` with the text, the
tokens as a JSON list and the citations and entities again). Schema 2 keeps everything once:

* a paragraph's text is ``documents.text[start:end]``; ``paragraphs.text`` is NULL unless the text
  differs from that slice (it never does for ingested documents; kept exact for any record);
* its jieba tokens are packed as their lengths, one byte each (255 = a four-byte length follows),
  since ``"".join(tokens) == text``; tokens that do not rebuild the text are kept as JSON (marked);
* citations and entities live only in their tables, with the paragraph's ``seq``;
* sections, footnote marks and roles are small JSON lists.

Schema 3 adds ``paragraphs.marker_offsets``: where each footnote marker stands in the paragraph text
(a JSON list parallel to ``footnotes``). Rows of a migrated schema-2 store hold NULL there (positions
unknown: the paragraph's ``marker_offsets`` is empty) until their file is ingested again, which the
pipeline version's change does by itself.

Schema 4 keeps citations and entities in ``WITHOUT ROWID`` tables clustered by
``(document_id, paragraph_seq, seq)``: the order they are read in (by document, in paragraph order),
so neither needs a by-document index; only citations keep one (by ``target``, for
``Store.citations_to``). Their ``surface`` is NULL when it is the paragraph text's
``text[start:end]`` (always, for ingested documents; kept exact for any record), and the paragraph's
key is not repeated (the paragraph row has it). Measured on the 10x replica's store (``dbstat``),
freshly ingested: entities with their two indexes 1.40 MB -> 0.65 MB, citations with theirs
0.29 MB -> 0.26 MB (0.58 and 0.23 after a migration, which ends with VACUUM).

Schema 5 packs the tokens' lengths two to a byte when they fit (``index.store_tokens``, tagged blobs):
the 10x replica's 331 KB of token lengths take 178 KB. Its migration re-packs every paragraph's
tokens, reading schema 2-4's untagged blobs right even where they were ambiguous.

Only the tables this module names are touched by a migration: user tables (reviews, watch lists,
overrides …) in the same file are left as they are.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from index.store_tokens import LONG, pack_tokens, pack_tokens_v2, repack_legacy, unpack_tokens
from ingest.records import Citation, Entity, Paragraph

__all__ = ["LONG", "insert_paragraphs", "migrate_v1_to_v2", "migrate_v3_to_v4", "migrate_v4_to_v5",
           "pack_tokens", "read_paragraphs", "unpack_tokens"]

PARAGRAPHS_V2 = """
CREATE TABLE {table} (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, page INTEGER, anchor TEXT,
    roles TEXT NOT NULL, addressee TEXT, verb TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    text TEXT, section TEXT NOT NULL, footnotes TEXT NOT NULL, tokens BLOB,
    PRIMARY KEY (document_id, seq)
) WITHOUT ROWID
"""
#: Schema 1's indexes on paragraphs (by key, by kind) are not made again: nothing reads paragraphs
#: but by document, which the primary key serves.
INDEXES_V2: tuple[str, ...] = ()
_PARAGRAPH_COLUMNS = ('document_id, seq, key, kind, page, anchor, roles, addressee, verb, start, "end", '
                      "text, section, footnotes, tokens")
#: Schema 2 -> 3: the footnote markers' offsets (NULL = not known).
MARKER_OFFSETS_V3 = "ALTER TABLE paragraphs ADD COLUMN marker_offsets TEXT"

#: Schema 4's citations and entities (``surface`` NULL: the paragraph text's ``text[start:end]``).
CITATIONS_V4 = """
CREATE TABLE {table} (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_seq INTEGER NOT NULL, seq INTEGER NOT NULL, target TEXT NOT NULL, surface TEXT,
    relation TEXT, pinpoint TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL, title TEXT, date TEXT,
    resolved INTEGER NOT NULL,
    PRIMARY KEY (document_id, paragraph_seq, seq)
) WITHOUT ROWID
"""
ENTITIES_V4 = """
CREATE TABLE {table} (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    paragraph_seq INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, label TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, surface TEXT,
    PRIMARY KEY (document_id, paragraph_seq, seq)
) WITHOUT ROWID
"""
#: The one index of schema 4's annotation tables: citations by target (``Store.citations_to``).
CITATIONS_TARGET_V4 = "CREATE INDEX citations_target ON citations(target)"
_CITATION_COLUMNS = ('document_id, paragraph_seq, seq, target, surface, relation, pinpoint, start, "end", '
                     "title, date, resolved")
_ENTITY_COLUMNS = 'document_id, paragraph_seq, seq, id, label, start, "end", surface'


def insert_paragraphs(db: sqlite3.Connection, document_id: str, document_text: str,
                      paragraphs: Sequence[Paragraph], table: str = "paragraphs", schema: int = 5) -> None:
    """Write one document's paragraphs, citations and entities (its rows must not exist yet), in the
    layout of ``schema`` (2 for the schema-1 migration's step, which runs before schema 3's column,
    schema 4's tables and schema 5's tokens; 3 writes what schema-3 code wrote)."""
    # The rows are generated as they are inserted (never a list of every row: a 10 MB document has
    # ~20,000 paragraphs and ~45,000 entities).
    extra = (_offsets,) if schema >= 3 else ()
    pack = pack_tokens if schema >= 5 else pack_tokens_v2
    rows = ((document_id, seq, p.key, p.kind, p.page, p.anchor, _json(p.roles), p.addressee, p.verb,
             p.start, p.end, None if document_text[p.start:p.end] == p.text else p.text,
             _json(p.section), _json(p.footnotes), pack(p.tokens, p.text), *(f(p) for f in extra))
            for seq, p in enumerate(paragraphs))
    columns = _PARAGRAPH_COLUMNS + (", marker_offsets" if schema >= 3 else "")
    marks = ",".join("?" * len(columns.split(", ")))
    db.executemany(f"INSERT INTO {table}({columns}) VALUES ({marks})", rows)
    if schema >= 4:
        _insert_annotations(db, document_id, paragraphs)
    else:
        _insert_annotations_v2(db, document_id, paragraphs)


def _insert_annotations(db: sqlite3.Connection, document_id: str, paragraphs: Sequence[Paragraph]) -> None:
    """Schema 4's citation and entity rows of one document's paragraphs."""
    db.executemany(
        f"INSERT INTO citations({_CITATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        ((document_id, s, i, c.target, own_surface(c.surface, p.text, c.start, c.end), c.relation,
          c.pinpoint, c.start, c.end, c.title, c.date, int(c.resolved))
         for s, p in enumerate(paragraphs) for i, c in enumerate(p.citations)))
    db.executemany(
        f"INSERT INTO entities({_ENTITY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
        ((document_id, s, i, e.id, e.label, e.start, e.end, own_surface(e.surface, p.text, e.start, e.end))
         for s, p in enumerate(paragraphs) for i, e in enumerate(p.entities)))


def _insert_annotations_v2(db: sqlite3.Connection, document_id: str, paragraphs: Sequence[Paragraph]) -> None:
    """Schema 2 and 3's citation and entity rows (written by the schema-1 migration's step, which runs
    before schema 4's tables exist)."""
    db.executemany(
        'INSERT INTO citations(document_id, paragraph_key, paragraph_seq, seq, target, surface, relation, '
        'pinpoint, start, "end", title, date, resolved) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)',
        ((document_id, p.key, s, i, c.target, c.surface, c.relation, c.pinpoint, c.start, c.end, c.title,
          c.date, int(c.resolved)) for s, p in enumerate(paragraphs) for i, c in enumerate(p.citations)))
    db.executemany(
        'INSERT INTO entities(document_id, paragraph_key, paragraph_seq, id, label, surface, start, "end") '
        "VALUES (?,?,?,?,?,?,?,?)",
        ((document_id, p.key, s, e.id, e.label, e.surface, e.start, e.end)
         for s, p in enumerate(paragraphs) for e in p.entities))


def own_surface(surface: str, text: str, start: int, end: int) -> str | None:
    """A citation's or entity's surface as schema 4 stores it: None (NULL) when it is
    ``text[start:end]`` of its paragraph's text with offsets inside the text (a plain cut, which
    Python and SQL's ``substr`` make alike), which rebuilds it exactly; else the surface itself."""
    return None if 0 <= start <= end <= len(text) and text[start:end] == surface else surface


def read_paragraphs(db: sqlite3.Connection, document_id: str, document_text: str) -> tuple[Paragraph, ...]:
    """One document's paragraphs, rebuilt from their rows (call inside one read transaction). Equal
    tokens and entity strings are one object across the document (a word table, as at ingest)."""
    words: dict[str, str] = {}
    citations: dict[int, list[tuple]] = defaultdict(list)
    for row in db.execute('SELECT paragraph_seq, target, surface, start, "end", relation, pinpoint, title, '
                          "date, resolved FROM citations WHERE document_id=? ORDER BY paragraph_seq, seq",
                          (document_id,)):
        citations[row[0]].append(row[1:])
    entities: dict[int, list[tuple]] = defaultdict(list)
    for row in db.execute('SELECT paragraph_seq, id, label, surface, start, "end" FROM entities '
                          "WHERE document_id=? ORDER BY paragraph_seq, seq", (document_id,)):
        entities[row[0]].append(row[1:])
    out = []
    for (seq, key, kind, page, anchor, roles, addressee, verb, start, end, text, section, footnotes,
         tokens, offsets) in db.execute(f"SELECT {_PARAGRAPH_COLUMNS.split(', ', 1)[1]}, marker_offsets "
                                        "FROM paragraphs WHERE document_id=? ORDER BY seq", (document_id,)):
        text = document_text[start:end] if text is None else text
        out.append(Paragraph(key=key, kind=kind, text=text, start=start, end=end,
                             section=tuple(json.loads(section)), page=page,
                             footnotes=tuple(json.loads(footnotes)),
                             marker_offsets=tuple(json.loads(offsets)) if offsets else (), anchor=anchor,
                             roles=tuple(json.loads(roles)), addressee=addressee, verb=verb,
                             citations=_citations(citations.get(seq, ()), text),
                             entities=_entities(entities.get(seq, ()), text, words),
                             tokens=unpack_tokens(tokens, text, words)))
    return tuple(out)


def _citations(rows: Sequence[tuple], text: str) -> tuple[Citation, ...]:
    """A paragraph's citations from their rows (a NULL surface is ``text[start:end]``)."""
    return tuple(Citation(target, text[start:end] if surface is None else surface, start, end, relation,
                          pinpoint, title, date, resolved=bool(resolved))
                 for target, surface, start, end, relation, pinpoint, title, date, resolved in rows)


def _entities(rows: Sequence[tuple], text: str, words: dict[str, str]) -> tuple[Entity, ...]:
    """A paragraph's entities from their rows (a NULL surface is ``text[start:end]``); equal strings
    one object through ``words``."""
    out = []
    for id_, label, surface, start, end in rows:
        surface = text[start:end] if surface is None else surface
        out.append(Entity(words.setdefault(id_, id_), words.setdefault(label, label),
                          words.setdefault(surface, surface), start, end))
    return tuple(out)


def migrate_v1_to_v2(db: sqlite3.Connection) -> None:
    """Schema 1 -> 2 in place, inside the caller's transaction: every paragraph rewritten from its
    JSON ``data`` into the lean rows, citations and entities re-written with their paragraph's seq.
    Touches ``paragraphs``, ``citations`` and ``entities`` only."""
    db.execute(PARAGRAPHS_V2.format(table="paragraphs_v2"))
    db.execute("ALTER TABLE citations ADD COLUMN paragraph_seq INTEGER")
    db.execute("ALTER TABLE entities ADD COLUMN paragraph_seq INTEGER")
    for (document_id,) in db.execute("SELECT id FROM documents ORDER BY id").fetchall():
        text = db.execute("SELECT text FROM documents WHERE id=?", (document_id,)).fetchone()[0]
        data = db.execute("SELECT data FROM paragraphs WHERE document_id=? ORDER BY seq", (document_id,))
        paragraphs = [Paragraph.from_dict(json.loads(row[0])) for row in data]
        db.execute("DELETE FROM citations WHERE document_id=?", (document_id,))
        db.execute("DELETE FROM entities WHERE document_id=?", (document_id,))
        insert_paragraphs(db, document_id, text, paragraphs, table="paragraphs_v2", schema=2)
    db.execute("DROP TABLE paragraphs")
    db.execute("ALTER TABLE paragraphs_v2 RENAME TO paragraphs")
    for statement in INDEXES_V2:
        db.execute(statement)


def migrate_v3_to_v4(db: sqlite3.Connection) -> None:
    """Schema 3 -> 4 in place, inside the caller's transaction: each document's citations and entities
    copied into the clustered tables in the order schema 3 read them (by paragraph, then citations by
    ``seq``, entities as inserted), numbered per paragraph, a surface that is its paragraph text's
    slice NULL; the old tables and their indexes dropped. Touches ``citations`` and ``entities`` only
    (reads ``documents`` and ``paragraphs``)."""
    db.execute(CITATIONS_V4.format(table="citations_v4"))
    db.execute(ENTITIES_V4.format(table="entities_v4"))
    for (document_id,) in db.execute("SELECT id FROM documents ORDER BY id").fetchall():
        texts = _paragraph_texts(db, document_id)
        citations = db.execute('SELECT paragraph_seq, target, surface, relation, pinpoint, start, "end", title, '
                               "date, resolved FROM citations WHERE document_id=? "
                               "ORDER BY paragraph_seq, seq, rowid", (document_id,)).fetchall()
        db.executemany(f"INSERT INTO citations_v4({_CITATION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                       ((document_id, s, n, target, _stored_surface(texts, s, surface, start, end), relation,
                         pinpoint, start, end, title, date, resolved)
                        for n, (s, target, surface, relation, pinpoint, start, end, title, date, resolved)
                        in _numbered(citations)))
        entities = db.execute('SELECT paragraph_seq, id, label, surface, start, "end" FROM entities '
                              "WHERE document_id=? ORDER BY paragraph_seq, rowid", (document_id,)).fetchall()
        db.executemany(f"INSERT INTO entities_v4({_ENTITY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                       ((document_id, s, n, id_, label, start, end, _stored_surface(texts, s, surface, start, end))
                        for n, (s, id_, label, surface, start, end) in _numbered(entities)))
    for table in ("citations", "entities"):
        db.execute(f"DROP TABLE {table}")  # with its indexes (by document, by target, by entity id)
        db.execute(f"ALTER TABLE {table}_v4 RENAME TO {table}")
    db.execute(CITATIONS_TARGET_V4)


def migrate_v4_to_v5(db: sqlite3.Connection) -> None:
    """Schema 4 -> 5 in place, inside the caller's transaction: every paragraph's tokens re-packed in
    the tagged form of ``index.store_tokens``. Touches ``paragraphs.tokens`` only."""
    for (document_id,) in db.execute("SELECT id FROM documents ORDER BY id").fetchall():
        texts = _paragraph_texts(db, document_id)
        rows = db.execute("SELECT seq, tokens FROM paragraphs WHERE document_id=? AND tokens IS NOT NULL",
                          (document_id,)).fetchall()
        db.executemany("UPDATE paragraphs SET tokens=? WHERE document_id=? AND seq=?",
                       ((repack_legacy(blob, texts[seq]), document_id, seq) for seq, blob in rows))


def _paragraph_texts(db: sqlite3.Connection, document_id: str) -> dict[int, str]:
    """Each stored paragraph's text by its seq, as :func:`read_paragraphs` rebuilds it."""
    document_text = db.execute("SELECT text FROM documents WHERE id=?", (document_id,)).fetchone()[0]
    return {seq: document_text[start:end] if text is None else text for seq, start, end, text in db.execute(
        'SELECT seq, start, "end", text FROM paragraphs WHERE document_id=?', (document_id,))}


def _stored_surface(texts: dict[int, str], seq: int, surface: str, start: int, end: int) -> str | None:
    """``own_surface`` in the text of paragraph ``seq``; the surface itself when there is no such paragraph."""
    text = texts.get(seq)
    return surface if text is None else own_surface(surface, text, start, end)


def _numbered(rows: Iterable[tuple]) -> Iterator[tuple[int, tuple]]:
    """``(n, row)`` for rows ordered by their first value (a paragraph's seq): n counts from 0 within
    each paragraph."""
    last, n = None, 0
    for row in rows:
        n = n + 1 if row[0] == last else 0
        last = row[0]
        yield n, row


def _offsets(paragraph: Paragraph) -> str | None:
    """The markers' offsets as stored: NULL for a paragraph without markers or with unknown places."""
    return json.dumps(list(paragraph.marker_offsets)) if paragraph.marker_offsets else None


def _json(values: Iterable[str]) -> str:
    """A small list of strings as JSON; equal lists (sections, roles and footnote marks repeat from
    paragraph to paragraph) are encoded once."""
    return _json_of(tuple(values))


@lru_cache(maxsize=4096)
def _json_of(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)
