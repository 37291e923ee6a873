"""whoosh's segment writer with a cheaper path for postings (the writer half of
``index.whoosh_engine``).

whoosh's ``SegmentWriter`` puts every posting into a sorting pool as a 5-tuple (fieldname, term,
docnum, weight, value) — checked, sized and appended one by one — sorts all of them when the segment
is flushed, and feeds them back one by one through ``FieldWriter.add_postings`` (a call, type checks
and a field-length lookup per posting). At 100× that was ~4 million postings and more than half of
whoosh's indexing time. Here:

* :class:`GroupedPool` stands in for the pool: postings are grouped by (field, term) as they come
  (docnums rise as documents are added, so each group is already in order), into compact arrays;
* :func:`add_document` is whoosh's ``SegmentWriter.add_document`` with the pool and the per-document
  writer's ``add_field`` / ``add_column_value`` inlined (fields with spelling or term vectors, which
  the schema has none of, and boosts go through whoosh's own method);
* :func:`add_postings` writes each term's postings block by block through whoosh's own postings
  writer (``_write_block`` / ``finish_postings``), the block's statistics set as ``add_posting``
  would have set them.

The segment written is the one whoosh writes (same terms, postings, blocks, weights, lengths, stored
fields and columns); only the work to get there is less. ``tests/test_whoosh_writer.py`` compares the
files' contents with whoosh's own path.
"""

from __future__ import annotations

import gc
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain
from operator import sub
from typing import Any

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Existence
from whoosh.util.numeric import length_to_byte

from index.whoosh_blocks import fits, mini_weights, write_single_block
from index.whoosh_counted import CountedField, Span
from index.whoosh_postings import Codec, PostingsWriter, whole_numbers

#: Postings held by one writer before ``WhooshEngine.build`` commits a segment and starts the next
#: (checked after every paragraph). Memory (issue 14): ~12 bytes each while held, ~80 bytes each
#: while the segment is written (sorted copies, weights, per-term groups); 250,000 bound the flush to
#: ~20 MB (a 10 MB text, ~1.7 million postings: 7 segments, peak 410 -> ~305 MB, ~+5-10 % index CPU).
POOL_POSTINGS_LIMIT = 250_000


class GroupedPool:
    """whoosh's ``PostingPool`` interface (``add``, ``iter_postings``, ``cleanup``, ``fieldnames``)
    over postings grouped by (fieldname, term bytes): ``(docnums, weights, values)`` each."""

    def __init__(self) -> None:
        #: (field, term) -> (docnums, weights, values), or a counted field's ``Span`` of them.
        self.groups: dict[tuple[str, bytes], tuple[array, array, list] | Span] = {}
        self.fieldnames: set[str] = set()
        self.postings = 0
        #: Whether some group got a docnum below its last one (never seen: documents, and the
        #: segments whoosh merges in, come in docnum order; checked, not assumed).
        self.unordered = False
        self._values: dict[bytes, bytes] = {}  # one bytes object per distinct value (frequencies)
        #: Field name -> the postings of a field giving term frequencies (``_add_counts``),
        #: grouped into ``groups`` when the segment is written.
        self.counted: dict[str, CountedField] = {}

    def add_counts(self, fieldname: str, docnum: int, counts: dict[str, int], boost: float,
                   packed: bool = False) -> None:
        """One document's ``term -> frequency`` of a field: postings of weight ``freq * boost``
        and no value (``index.whoosh_postings.Weights``), or (``packed``) the value
        ``pack_uint(freq)``, as whoosh's ``Frequency`` format gives them."""
        field = self.counted.get(fieldname)
        if field is None or field.boost != boost or field.packed != packed:
            if field is not None:  # another boost: what came before goes first
                self._absorb_counted()
            field = self.counted[fieldname] = CountedField(boost, packed)
            self.fieldnames.add(fieldname)
        field.add(docnum, counts)
        self.postings += len(counts)

    def _absorb_counted(self) -> None:
        """Move the counted postings into ``groups`` (after any already there for the same term)."""
        for fieldname, field in self.counted.items():
            postings, runs = field.sorted_postings()
            for term, start, end in runs:
                key = (fieldname, term.encode("utf-8"))
                group = self.groups.get(key)
                if group is None:
                    self.groups[key] = Span(postings, start, end)
                    continue
                group = self._own(key)
                ids, weights, values = Span(postings, start, end).group()
                if group[0][-1] > ids[0]:
                    self.unordered = True
                group[0].extend(ids)
                group[1].extend(weights if weights.typecode == "d" else weights.tolist())
                group[2].extend(values)
        self.counted.clear()

    def _own(self, key: tuple[str, bytes]) -> tuple[array, array, list]:
        """The group of ``key`` as arrays of its own (a :class:`Span` made into one), its weights
        floats (a span's may be ints: ``CountedField``) so that any posting may be added."""
        group = self.groups[key]
        if type(group) is Span:
            ids, weights, values = group.group()
            if weights.typecode != "d":
                weights = array("d", weights)
            group = self.groups[key] = (ids, weights, values)
        return group

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        if self.counted:  # keep each group in arrival order
            self._absorb_counted()
        fieldname, tbytes, docnum, weight, vbytes = item
        group = self.groups.get((fieldname, tbytes))
        if group is None:
            group = self.groups[(fieldname, tbytes)] = (array("I"), array("d"), [])
            self.fieldnames.add(fieldname)
        else:
            group = self._own((fieldname, tbytes))
            if group[0][-1] > docnum:
                self.unordered = True
        group[0].append(docnum)
        group[1].append(weight)
        group[2].append(self._values.setdefault(vbytes, vbytes) if vbytes else b"")
        self.postings += 1

    def iter_postings(self) -> GroupedPool:
        """Itself: :func:`add_postings` reads the groups directly."""
        return self

    def sorted_groups(self) -> Iterator[tuple[str, bytes, tuple[array, array, list]]]:
        """``(fieldname, term, (docnums, weights, values))`` in whoosh's posting order (field, term,
        docnum), each group's arrays made as it is reached."""
        self._absorb_counted()
        for (fieldname, tbytes), group in sorted(self.groups.items(), key=lambda kv: kv[0]):
            if type(group) is Span:
                group = group.group()
            ids = group[0]
            if self.unordered:
                order = sorted(range(len(ids)), key=ids.__getitem__)
                group = (array("I", (ids[i] for i in order)), array("d", (group[1][i] for i in order)),
                         [group[2][i] for i in order])
            yield fieldname, tbytes, group

    def cleanup(self) -> None:
        self.groups.clear()
        self.counted.clear()


class _CachedLengths:
    """A segment's per-document reader whose ``doc_field_length`` reads each field's lengths once.

    Flushing a segment asks for the length of (document, field) once per *posting* (~50 per
    paragraph), each a column lookup, and a file-exists check for fields without lengths: ~20 % of
    indexing time. The values returned are the reader's own."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._lengths: dict[str, list | None] = {}

    def __getattr__(self, name: str):
        return getattr(self._reader, name)

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0):
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._load(fieldname, default)
        lengths = self._lengths[fieldname]
        if lengths is None:
            return default
        if docnum < len(lengths):
            return lengths[docnum]
        return self._reader.doc_field_length(docnum, fieldname, default)

    def field_lengths(self, fieldname: str) -> list | _Zeros:
        """Every document's length of ``fieldname`` by docnum (0 for a field without lengths)."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._load(fieldname, 0)
        lengths = self._lengths[fieldname]
        return _Zeros() if lengths is None else lengths

    def _load(self, fieldname: str, default: int) -> list | None:
        reader = self._reader
        has = getattr(reader, "has_column", None)
        if has is not None and not has(_lenfield(fieldname)):
            return None
        return [reader.doc_field_length(d, fieldname, default) for d in range(reader.doc_count_all())]


def writer(ix, limitmb: int = 256):
    """A whoosh writer for ``ix``: postings blocks compressed where it pays (``index.whoosh_postings``;
    zlib on every block was ~25 % of indexing time); field lengths read once per field when a segment
    is flushed (see :class:`_CachedLengths`); postings grouped, added and written by the fast paths of
    this module (:func:`install`). ``limitmb`` is whoosh's: its own pool is replaced, so it bounds
    nothing here (``POOL_POSTINGS_LIMIT`` does, in ``WhooshEngine.build``)."""
    w = ix.writer(limitmb=limitmb, codec=Codec())
    reader = getattr(w, "per_document_reader", None)
    if reader is not None:
        w.per_document_reader = lambda: _CachedLengths(reader())
    return install(w)


def install(writer: Any) -> Any:
    """Give a whoosh ``SegmentWriter`` of the whoosh3 codec the grouped pool and the fast add and
    flush paths (in place); returns the writer. Anything else is left as it is."""
    from whoosh.codec.whoosh3 import W3FieldWriter, W3PerDocWriter
    from whoosh.writing import SegmentWriter

    if not (isinstance(writer, SegmentWriter) and isinstance(writer.perdocwriter, W3PerDocWriter)
            and isinstance(writer.fieldwriter, W3FieldWriter)):
        return writer  # another writer or codec: whoosh's own paths
    writer.pool = GroupedPool()
    original = writer.add_document
    writer.add_document = lambda **fields: add_document(writer, original, fields)
    fieldwriter = writer.fieldwriter
    fieldwriter.add_postings = lambda schema, lengths, items: add_postings(fieldwriter, schema, lengths, items)
    return writer


def add_document(writer: Any, original: Callable[..., None], fields: dict[str, Any]) -> None:
    """whoosh's ``SegmentWriter.add_document`` with postings going straight into the grouped pool."""
    plan = _plan(writer)
    extra = fields.keys() - plan.keys()  # "_stored_text" …; schema field names never start with "_"
    if extra and any(not key.startswith("_") or _boosts(key, fields) for key in extra):
        original(**fields)  # boosts, spelling, vectors or an unknown field (its error): whoosh's own path
        return
    names = sorted(fields.keys() - extra if extra else fields)
    writer._check_state()
    perdoc = writer.perdocwriter
    pool = writer.pool
    docnum = writer.docnum
    perdoc.start_doc(docnum)
    stored = perdoc._storedfields
    try:
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field, counts, simple_id, stored_key, lengths_name = plan[name]
            length = 0
            if counts is not None:  # term frequencies: whoosh's Frequency format
                length = _add_counts(pool, name, docnum, counts(value), field.format, field.scorable)
            elif field.indexed:
                length = _add_postings(pool, name, docnum, field, value, simple_id)
            custom = fields.get(stored_key, value)
            if field.stored and custom is not None:
                stored[name] = custom
            if length:
                _column(perdoc, lengths_name, LENGTHS_COLUMN).add(docnum, length_to_byte(length))
                perdoc._fieldlengths[name] += length
            column = field.column_type
            if column and custom is not None:
                _column(perdoc, name, column).add(docnum, field.to_column_value(custom))
    except Exception:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


def _boosts(key: str, fields: dict[str, Any]) -> bool:
    """Whether the underscored keyword ``key`` is a boost whoosh would apply (``_boost``, or
    ``_<name>_boost`` for a field given)."""
    return key == "_boost" or (key.endswith("_boost") and key[1:-6] in fields and not key[1:-6].startswith("_"))


def _plan(writer: Any) -> dict[str, tuple[Any, Any, bool, str, str]]:
    """Schema field name -> ``(field, its index_counts or None, whether an untokenized ID field,
    its "_stored_<name>" keyword, its lengths column)``, for the fields this module's path takes
    (indexed fields with spelling or vectors left out); made once per writer and schema."""
    schema = writer.schema
    cached = getattr(writer, "_wgkb_plan", None)
    if cached is not None and cached[0] is schema and cached[1] == len(schema):
        return cached[2]
    plan = {}
    for name, field in schema.items():
        if field.separate_spelling() or field.vector:
            continue
        counts = getattr(field, "index_counts", None) if field.indexed else None
        simple_id = type(field.analyzer) is IDTokenizer and type(field.format) is Existence if field.indexed else False
        plan[name] = (field, counts, simple_id, f"_stored_{name}", _lenfield(name))
    writer._wgkb_plan = (schema, len(schema), plan)
    return plan


def _add_postings(pool: GroupedPool, name: str, docnum: int, field: Any, value: Any, simple_id: bool) -> int:
    """One document's postings of any other indexed field (``field.index``; an untokenized ID
    field's one posting directly); returns the field's length (0 when not scorable)."""
    groups, interned = pool.groups, pool._values
    if simple_id and isinstance(value, str):  # the one posting (term, freq 1, field boost, no value)
        key = (name, value.encode("utf-8"))
        group = groups.get(key)
        if group is None:
            group = groups[key] = (array("I"), array("d"), [])
            pool.fieldnames.add(name)
        elif type(group) is Span:
            group = pool._own(key)
        group[0].append(docnum)
        group[1].append(field.format.field_boost * 1.0)
        group[2].append(b"")
        pool.postings += 1
        return 1 if field.scorable else 0
    postings = field.index(value)
    scorable = field.scorable
    length = 0
    for tbytes, freq, weight, vbytes in postings:
        if scorable:
            length += freq
        group = groups.get((name, tbytes))
        if group is None:
            group = groups[(name, tbytes)] = (array("I"), array("d"), [])
            pool.fieldnames.add(name)
        elif type(group) is Span:
            group = pool._own((name, tbytes))
        group[0].append(docnum)
        group[1].append(weight * 1.0)
        group[2].append(interned.setdefault(vbytes, vbytes) if vbytes else b"")
        pool.postings += 1
    return length


def _add_counts(pool: GroupedPool, name: str, docnum: int, counts: dict[str, int], format_: Any,
                scorable: bool) -> int:
    """One document's postings of a field that gives its terms' frequencies (``index_counts``):
    what the postings of ``field.index`` would add (weight ``freq * boost``; value none, or
    ``pack_uint(freq)`` for a format with 4-byte values, ``Frequency``); returns the field's length
    (0 when not scorable)."""
    pool.add_counts(name, docnum, counts, format_.field_boost, format_.posting_size != 0)
    return sum(counts.values()) if scorable else 0


def _column(perdoc: Any, name: str, column: Any) -> Any:
    """The per-document writer's column writer of ``name`` (created on first use, as
    ``add_column_value`` does)."""
    writer = perdoc._colwriters.get(name)
    if writer is None:
        perdoc._create_column(name, column)
        writer = perdoc._colwriters[name]
    return writer


def add_postings(fieldwriter: Any, schema: Any, lengths: Any, items: Any) -> None:
    """``FieldWriter.add_postings`` for a :class:`GroupedPool` (anything else: whoosh's own)."""
    if not isinstance(items, GroupedPool):
        type(fieldwriter).add_postings(fieldwriter, schema, lengths, items)
        return
    with _collector_paused():
        _add_grouped(fieldwriter, schema, lengths, items)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (if it was running) for the block: writing a
    segment's postings allocates hundreds of thousands of short-lived, acyclic tuples, each full
    collection they trigger walks the whole heap (documents, pool) and finds nothing (~3-5 % of
    index build CPU at 10x); reference counting frees them as before."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


def _add_grouped(fieldwriter: Any, schema: Any, lengths: Any, items: GroupedPool) -> None:
    """Every group of ``items`` written, field by field, term by term."""
    current = None
    field_lengths: list | None = None
    for fieldname, tbytes, (ids, weights, values) in items.sorted_groups():
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            fused = _minify_in_c(fieldwriter._postwriter)
            current = fieldname
            field_lengths = _field_lengths(lengths, fieldname)
        if fused and fits(fieldwriter._postwriter, len(ids)):
            block_lengths = [0] * len(ids) if isinstance(field_lengths, _Zeros) else \
                list(map(field_lengths.__getitem__, ids))
            write_single_block(fieldwriter, tbytes, ids, weights, values, block_lengths)
            continue
        fieldwriter.start_term(tbytes)
        _write_term(fieldwriter._postwriter, ids, weights, values, field_lengths)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _minify_in_c(postwriter: Any) -> bool:
    """Give whoosh's (or ``index.whoosh_postings``') postings writer (of one field) the same
    ``_mini_ids`` and ``_mini_weights`` as its own, computed by C loops instead of Python generators
    (a block's pickle is unchanged);
    whether it is whoosh's own (``index.whoosh_blocks`` may then write single-block terms)."""
    from whoosh.codec.whoosh3 import W3PostingsWriter

    if type(postwriter) in (W3PostingsWriter, PostingsWriter) and not postwriter._byteids:
        postwriter._mini_ids = lambda: tuple(map(sub, postwriter._ids, chain((0,), postwriter._ids)))
        if type(postwriter) is PostingsWriter:
            postwriter._mini_weights = lambda: whole_numbers(mini_weights(postwriter._weights))
        else:
            postwriter._mini_weights = lambda: mini_weights(postwriter._weights)
        return True
    return False


def _field_lengths(lengths: Any, fieldname: str) -> Any:
    """Every document's (approximated) length of ``fieldname`` in the segment, by docnum; all 0
    when there are no lengths, as whoosh's own ``add_postings`` has it."""
    if lengths is None:
        return _Zeros()
    load = getattr(lengths, "field_lengths", None)
    if load is not None:
        return load(fieldname)
    return _Lookup(lengths, fieldname)


class _Zeros:
    def __getitem__(self, docnum: int) -> int:
        return 0


class _Lookup:
    def __init__(self, lengths: Any, fieldname: str) -> None:
        self._lengths, self._fieldname = lengths, fieldname

    def __getitem__(self, docnum: int) -> int:
        return self._lengths.doc_field_length(docnum, self._fieldname)


def _write_term(writer: Any, ids: array, weights: array, values: list, field_lengths: Any) -> None:
    """One term's postings through whoosh's postings ``writer`` (started on the term): blocks of
    ``blocklimit`` postings, each with the statistics ``add_posting`` keeps; the last one left for
    ``finish_postings`` (inlined or written as the last block, as whoosh decides)."""
    limit = writer._blocklimit
    zeros = isinstance(field_lengths, _Zeros)
    for start in range(0, len(ids), limit):
        end = min(start + limit, len(ids))
        block_ids = ids[start:end]
        present = [] if zeros else list(filter(None, map(field_lengths.__getitem__, block_ids)))
        chunk = weights[start:end]
        writer._ids = block_ids if block_ids.typecode == "I" else array("I", block_ids)
        writer._weights = array("f", chunk)
        writer._values = list(filter(None, values[start:end]))
        writer._maxweight = max(0, float(max(chunk)))  # a float, as add_posting keeps it
        writer._minlength = min(present) if present else None
        writer._maxlength = max(present) if present else 0
        if end < len(ids):
            writer._write_block()
