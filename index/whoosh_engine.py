"""The whoosh engine (``index.engine``): schema, paragraph -> whoosh document, query tree -> whoosh
query, searcher.

Everything that names whoosh lives here, behind ``index.engine``. One whoosh document per paragraph
(footnotes included, ``kind`` = footnote); BM25F scoring. Pure Python: no build step, slower to
index and to answer than tantivy on large homes (docs/benchmarks.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import fields, query
from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import TermNotFound

from index import whoosh_scoring
from index.analysis import WORDISH, TokenizedText, analyse, index_terms, query_words
from index.context import tokenized
from index.dismax import DisjunctionMax  # whoosh's own scores sub-queries standing elsewhere
from index.engine import (
    CITE_BOOST,
    TIEBREAK,
    Filters,
    Page,
    TextSource,
    ordered_counts,
    paragraph_cites,
    paragraph_rows,
    squash,
)
from index.query import Alt, Node, Not, Option
from index.whoosh_postings import Weights
from index.whoosh_writer import POOL_POSTINGS_LIMIT, writer
from ingest.records import Document

#: Bumped when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 10
#: Fields offered as facets, with the whoosh field each counts.
FACET_FIELDS = {"doc_type": "doc_type", "year": "year", "body": "body", "role": "roleset",
                "addressee": "addressee", "document": "document", "kind": "kind"}
#: Fields stored as columns (facets).
COLUMN_FIELDS = frozenset({"document", "kind", "doc_type", "year", "body", "roleset", "addressee"})
#: Fields of a hit's row read from the columns (``WhooshSearcher._row``) instead of stored a second time.
ROW_COLUMNS = ("kind", "doc_type", "year", "body", "addressee")
#: whoosh's coordination bonus for the implicit join: None = none. A paragraph matching more typed
#: words still ranks higher, by the sum of their BM25 scores.
COORD_SCALE = None
#: A character contained in more index terms than this does not narrow a phrase's candidates (的).
MAX_CONTAINING = 400
#: How many of a phrase's rarest characters select its candidate paragraphs.
PHRASE_CANDIDATE_CHARS = 2


class JiebaTokensTokenizer(Tokenizer):
    """The analyzer of the ``text`` field: :func:`index.analysis.analyse` behind whoosh's Tokenizer
    API. Reuses ``TokenizedText.tokens`` (the paragraph's jieba tokens) instead of segmenting again;
    query text (``mode="query"``) gets whole words only, no sub-words."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        tokens = getattr(value, "tokens", ())
        for term, pos, start, end in analyse(str(value), tokens, sub=mode != "query"):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class TokensText(fields.TEXT):
    """The ``text`` field: the same terms, frequencies and weights as ``fields.TEXT`` with
    :class:`JiebaTokensTokenizer` (positions are not stored), counted straight from
    :func:`index.analysis.index_terms` instead of through one whoosh ``Token`` per term. Postings
    hold weights only (``index.whoosh_postings.Weights``: no packed frequency per posting)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if type(self.format) is fields.formats.Frequency:  # not positions (phrase=True)
            self.format = Weights(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if kwargs:  # anything unusual: whoosh's own path
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for term, freq in self.index_counts(value).items():
            yield term.encode("utf-8"), freq, freq * boost, b""

    @staticmethod
    def index_counts(value) -> Counter:
        """Term -> frequency in ``value``: what :meth:`index` yields, before encoding (the fast
        writer, ``index.whoosh_writer.add_document``, reads these). Kept on a ``TokenizedText``
        (immutable), so a context shared by many paragraphs (``index.context.tokenized``) is
        counted once."""
        counts = getattr(value, "index_counts", None)
        if counts is None:
            counts = Counter(index_terms(str(value), getattr(value, "tokens", ())))
            if type(value) is TokenizedText:
                value.index_counts = counts
        return counts


def schema() -> fields.Schema:
    """The index schema: ``text`` analysed from jieba tokens, the rest exact fields for filters."""
    return fields.Schema(
        pid=fields.STORED(),  # nothing searches by it: updates delete by ``document``
        document=fields.ID(stored=True, sortable=True),
        seq=fields.STORED(),  # the paragraph's place in the store: its text is read from there
        key=fields.STORED(),
        label=fields.STORED(),
        # No positions stored (phrase=False): phrases are checked against the store's text instead
        # (VerifiedPhrase), which is exact whatever the segmentation and ~30 % cheaper to index. Not
        # stored either: the store keeps the text once.
        text=TokensText(analyzer=JiebaTokensTokenizer(), phrase=False),
        # Filter and facet fields: kept once, as columns; a hit's row reads them there (ROW_COLUMNS).
        kind=fields.ID(sortable=True),
        doc_type=fields.ID(sortable=True),
        year=fields.ID(sortable=True),
        body=fields.ID(sortable=True),
        roles=fields.KEYWORD(stored=True, commas=True),
        roleset=fields.ID(sortable=True),  # the roles joined by commas: one column value for facets
        addressee=fields.ID(sortable=True),
        cites=fields.KEYWORD(commas=True, scorable=True),
        page=fields.STORED(),
        section=fields.STORED(),
        # The section path's titles and a resolution's issuing body (index/context.py), searched
        # at low weight by options whose field is "context".
        context=TokensText(analyzer=JiebaTokensTokenizer(), phrase=False),
    )


def paragraph_fields(document: Document) -> Iterator[dict]:
    """The whoosh documents of one stored document: one per paragraph."""
    for stored, paragraph, context in paragraph_rows(document):
        fields_ = {**stored, "text": TokenizedText(paragraph.text, paragraph.tokens),
                   "context": tokenized(context) if context else "",
                   "roleset": ",".join(sorted(paragraph.roles)),
                   "cites": ",".join(paragraph_cites(paragraph))}
        # Column fields are always given (an empty string when unknown) so every segment has
        # every column and FacetColumns lines up with docnums; the rest only when present.
        yield {k: v for k, v in fields_.items() if v not in ("", None) or k in COLUMN_FIELDS}


class VerifiedPhrase(query.WrappingQuery):
    """Matches exactly the paragraphs whose text contains ``phrase`` (whitespace and case ignored),
    whatever jieba made of it in context.

    Candidates: for each word of the phrase, the paragraphs holding any index term that contains
    the word (``标`` -> 标识, 标记 …; ``记录`` -> 记录, 记录保存), so no containing paragraph is missed
    however it was segmented; then each candidate's text is checked. The texts come from the
    searcher's text source (:func:`give_texts`: the store's), the candidates' read in one call per
    segment; their squashed forms are cached on the segment reader. ``child`` (the words ANDed)
    names the terms for whoosh; scores come from the candidate query."""

    def __init__(self, child: query.Query, phrase: str, exhaustive: bool = True) -> None:
        super().__init__(child)
        self.phrase = phrase
        self.exhaustive = exhaustive
        self._needle = squash(phrase)

    def __repr__(self) -> str:
        return f"VerifiedPhrase({self.child!r}, {self.phrase!r}, {self.exhaustive})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VerifiedPhrase) and (self.child, self.phrase, self.exhaustive) == (
            other.child, other.phrase, other.exhaustive)

    def __hash__(self) -> int:
        return hash((self.child, self.phrase, self.exhaustive))

    def _rewrap(self, child: query.Query) -> VerifiedPhrase:
        return VerifiedPhrase(child, self.phrase, self.exhaustive)

    def matcher(self, searcher, context=None):
        ids, weights = self.verified(searcher)
        return ListMatcher(list(ids), list(weights)) if ids else NullMatcher()

    def verified(self, searcher) -> tuple[list[int], list[float]]:
        """The docnums of one segment's ``searcher`` whose text contains the phrase, ascending, and
        their scores (the candidate query's score times the boost); cached on the segment reader."""
        cache = _reader_cache(searcher.reader(), "_wgkb_phrases")
        key = (self._needle, self.exhaustive, self.child.boost)
        if key not in cache:
            cache[key] = self._verify(searcher)
        return cache[key]

    def _verify(self, searcher) -> tuple[list[int], list[float]]:
        # Candidates from the whole index's lexicon (the parent searcher's), not this segment's: the
        # same query in every segment, so a phrase scores alike however the index is cut in segments.
        top = searcher.get_parent()
        candidates = self._candidates(top.reader()) if self.exhaustive else self.child.with_boost(1.0)
        matches = whoosh_scoring.leaf_matches(searcher, candidates)
        texts = _squashed_texts(searcher, [docnum for docnum, _ in matches])
        ids, weights = [], []
        for docnum, score in matches:
            if self._needle in texts[docnum]:
                ids.append(docnum)
                weights.append(score * self.child.boost)
        return ids, weights

    def _candidates(self, reader) -> query.Query:
        """Paragraphs holding index terms that contain the phrase's rarest characters: every
        character of a matching paragraph lies inside one of its tokens, however jieba cut the
        text around it (工作组|建议 holds "工作组建" though the query cuts 工作|组建)."""
        chars = {c for c in squash(self.phrase) if WORDISH.match(c)}
        ranked = sorted((n, c, terms) for c in chars
                        if (terms := _terms_containing(reader, c)) is not None
                        for n in [len(terms)])
        parts = [query.Or([query.Term("text", t) for t in terms]) if terms else query.NullQuery
                 for _, _, terms in ranked[:PHRASE_CANDIDATE_CHARS]]
        return query.And(parts) if parts else query.Every()


def give_texts(searcher, texts: TextSource) -> None:
    """Let phrase queries on a (top-level) whoosh ``searcher`` read paragraph texts from ``texts``
    (``index.engine.TextSource``; ``WhooshSearcher`` gives the store's)."""
    searcher._wgkb_text_source = texts


def _squashed_texts(leaf, docnums: list[int]) -> dict[int, str]:
    """The squashed texts of ``docnums`` of one segment's searcher ``leaf``, cached on its reader
    (valid as long as the reader: texts change only with their documents, which a new reader
    follows); those not cached yet are read from the text source in one call. A paragraph the
    source no longer holds under its key (the index behind a running ingest) has no text: "",
    which contains no phrase."""
    cache = _reader_cache(leaf.reader(), "_wgkb_texts")  # docnum -> squashed text
    missing = [d for d in docnums if d not in cache]
    if missing:
        source = getattr(leaf.get_parent(), "_wgkb_text_source", None)
        if source is None:
            raise RuntimeError("whoosh searcher without a text source: give it one (give_texts)")
        rows = {d: leaf.stored_fields(d) for d in missing}
        found = source([(r["document"], r["seq"], r["key"]) for r in rows.values()])
        for docnum, row in rows.items():
            cache[docnum] = squash(found.get((row["document"], row["seq"]), ""))
    return cache


def _reader_cache(reader, name: str) -> dict:
    """A dict kept on a (segment) reader: valid exactly as long as the reader's contents."""
    cache = getattr(reader, name, None)
    if cache is None:
        cache = {}
        try:
            setattr(reader, name, cache)
        except AttributeError:
            pass
    return cache


def _terms_containing(reader, word: str) -> list[str] | None:
    """The ``text`` terms of one segment reader containing ``word`` (None when more than
    MAX_CONTAINING: too common to narrow anything). The lexicon is cached on the reader."""
    lexicon = getattr(reader, "_wgkb_lexicon", None)
    if lexicon is None:
        lexicon = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon("text")]
        try:
            reader._wgkb_lexicon = lexicon
        except AttributeError:
            pass
    found = []
    for term in lexicon:
        if word in term:
            found.append(term)
            if len(found) > MAX_CONTAINING:
                return None
    return found


def compile_tree(node: Node | None) -> query.Query:
    """The whoosh query of a parsed tree (``NullQuery`` when nothing is searchable)."""
    if node is None:
        return query.NullQuery
    if isinstance(node, Alt):
        options = [_option(o) for o in node.options]
        return options[0] if len(options) == 1 else DisjunctionMax(options, tiebreak=TIEBREAK)
    if isinstance(node, Not):
        return query.AndNot(query.Every(), compile_tree(node.child))
    positive = [compile_tree(c) for c in node.children if not isinstance(c, Not)]
    negative = [compile_tree(c.child) for c in node.children if isinstance(c, Not)]
    if node.op == "and":
        combined = query.And(positive) if positive else query.Every()
    elif node.op == "or":
        combined = query.Or(positive) if positive else query.Every()
    else:
        combined = query.Or(positive, scale=COORD_SCALE) if positive else query.Every()
    return query.AndNot(combined, query.Or(negative)) if negative else combined


def _option(option: Option) -> query.Query:
    if option.kind == "cite":
        return query.Term("cites", option.value, boost=CITE_BOOST * option.boost)
    if option.kind == "term":
        return query.Term(option.field, option.value, boost=option.boost)
    if option.kind == "seq":
        words = list(option.value)
        if len(words) == 1:
            return query.Term("text", words[0], boost=option.boost)
        return _phrase(" ".join(words), option.boost, exhaustive=False)  # a name: its words, then verified
    return _phrase(str(option.value), option.boost)


def _phrase(text: str, boost: float, exhaustive: bool = True) -> query.Query:
    words = query_words(text)
    if not words:
        return query.NullQuery
    child = query.And([query.Term("text", w) for w in words]) if len(words) > 1 else query.Term("text", words[0])
    return VerifiedPhrase(child.with_boost(boost), text, exhaustive)


def filter_query(filters: Filters) -> query.Query | None:
    """The whoosh query of the search filters (None when there is none)."""
    terms = [query.Or([query.Term(name, v) for v in values]) for name, values in filters.terms().items()]
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else query.And(terms)


class FacetColumns:
    """The facet fields of every document of one searcher, read once from the column store as one
    code per docnum, so counting facets over a result set of any size is one ``bincount`` each."""

    def __init__(self, searcher) -> None:
        self.columns = {name: whoosh_scoring.column_codes(searcher, field) for name, field in FACET_FIELDS.items()}

    def counts(self, matched: np.ndarray) -> dict[str, dict[str, int]]:
        """Facet name -> value -> number of matched docnums with it (``matched``: a mask by docnum;
        roles split: a paragraph may have several); empty values are left out; most frequent first."""
        out = {}
        for name, (values, codes) in self.columns.items():
            tally = np.bincount(codes[matched], minlength=len(values))
            counter = Counter({values[i]: int(tally[i]) for i in np.flatnonzero(tally)})
            if name == "role":
                split: Counter = Counter()
                for value, n in counter.items():
                    for role in (value or "").split(","):
                        split[role] += n
                counter = split
            out[name] = ordered_counts(counter)
        return out


def matching_docnums(q: query.Query, searcher) -> set[int]:
    """Every docnum ``q`` matches, unscored: term postings read as id sets and combined with set
    operations (several times faster than iterating whoosh matchers over large result sets)."""
    if isinstance(q, query.Term):
        try:
            return set(searcher.postings(q.fieldname, q.text).all_ids())
        except TermNotFound:
            return set()
    if isinstance(q, query.Or | query.DisjunctionMax):
        return set().union(*(matching_docnums(c, searcher) for c in q.subqueries))
    if isinstance(q, query.And):
        sets = sorted((matching_docnums(c, searcher) for c in q.subqueries), key=len)
        return set.intersection(*sets) if sets else set()
    if isinstance(q, query.AndNot):
        return matching_docnums(q.a, searcher) - matching_docnums(q.b, searcher)
    if isinstance(q, query.Every):
        return set(searcher.reader().all_doc_ids())
    if q is query.NullQuery:
        return set()
    if isinstance(q, VerifiedPhrase):  # per segment, sharing the verification cached by the search
        return {offset + docnum for sub, offset in searcher.leaf_searchers()
                for docnum in q.matcher(sub).all_ids()}
    return set(searcher.docs_for_query(q))


class WhooshSearcher:
    """An open whoosh index (``index.engine.EngineSearcher``)."""

    def __init__(self, folder: Path, texts: TextSource) -> None:
        self._ix = whoosh_index.open_dir(str(folder))
        self._searcher = self._ix.searcher()
        give_texts(self._searcher, texts)
        self._columns: FacetColumns | None = None

    def count(self) -> int:
        return self._searcher.doc_count()

    def search(self, tree: Node | None, filters: Filters, *, every: bool, offset: int, limit: int) -> Page:
        """The hits ``offset`` to ``offset + limit``, best first; total and facets over all matches.

        The query and the filter are scored over whole posting lists at once
        (``index.whoosh_scoring``: whoosh's scores, without a Python call per match); a query it
        does not know goes through whoosh's own search."""
        searcher = self._searcher
        wq = query.Every() if every else compile_tree(tree)
        fq = filter_query(filters)
        try:
            scored = whoosh_scoring.score(searcher, wq)
            allowed = whoosh_scoring.score(searcher, fq).mask if fq is not None else None
        except whoosh_scoring.Unsupported:
            return self._search_whoosh(wq, fq, offset, limit)
        matched = scored.mask if allowed is None else scored.mask & allowed
        hits = [(self._row(docnum), score)
                for docnum, score in whoosh_scoring.top(scored, allowed, offset + limit)[offset:]] if limit else []
        return Page(hits, int(np.count_nonzero(matched)), self._facets().counts(matched))

    def _search_whoosh(self, wq: query.Query, fq: query.Query | None, offset: int, limit: int) -> Page:
        """``search`` through whoosh's collector: the matching set as Python sets of docnums (the
        filter's too), the ranked search restricted to it (membership per candidate is O(1))."""
        searcher = self._searcher
        matched = matching_docnums(wq, searcher)
        if fq is not None:
            matched &= matching_docnums(fq, searcher)
        hits: list[tuple[dict[str, Any], float]] = []
        if matched and limit:
            results = searcher.search(wq, filter=matched if fq is not None else None,
                                      limit=offset + limit, terms=False)
            hits = [(self._row(r.docnum), float(r.score or 0.0)) for r in results[offset:offset + limit]]
        mask = np.zeros(searcher.doc_count_all(), dtype=bool)
        mask[list(matched)] = True
        return Page(hits, len(matched), self._facets().counts(mask))

    def _row(self, docnum: int) -> dict[str, Any]:
        """The row of a hit (``index.engine.paragraph_rows``): its stored fields and the ROW_COLUMNS
        read from the facet columns."""
        row = dict(self._searcher.stored_fields(docnum))
        columns = self._facets().columns
        for name in ROW_COLUMNS:
            values, codes = columns[name]
            row[name] = values[codes[docnum]]
        return row

    def _facets(self) -> FacetColumns:
        if self._columns is None:
            self._columns = FacetColumns(self._searcher)
        return self._columns

    def similar(self, text: str, limit: int, exclude_document: str | None
                ) -> tuple[list[tuple[dict[str, Any], float]], tuple[str, ...]]:
        """Paragraphs sharing the most distinctive terms of ``text``, and those terms."""
        searcher = self._searcher
        terms = searcher.key_terms_from_text("text", text or "", numterms=15)
        if not terms:
            return [], ()
        wq = query.Or([query.Term("text", t, boost=w) for t, w in terms])
        mask = query.Term("document", exclude_document) if exclude_document else None
        results = searcher.search(wq, limit=limit, mask=mask, terms=False)
        return [(self._row(r.docnum), float(r.score or 0.0)) for r in results], tuple(t for t, _ in terms)

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()


class WhooshEngine:
    """``index.engine.Engine`` on whoosh (pure Python)."""

    name = "whoosh"
    version = SCHEMA_VERSION

    def build(self, folder: Path, documents: Iterable[Document]) -> tuple[int, int]:
        ix = whoosh_index.create_in(str(folder), schema())
        w = writer(ix, limitmb=512)
        paragraphs = count = 0
        try:
            for document in documents:
                count += 1
                for fields_ in paragraph_fields(document):
                    w.add_document(**fields_)
                    paragraphs += 1
                    if getattr(w.pool, "postings", 0) > POOL_POSTINGS_LIMIT:  # bound memory, also inside
                        w.commit(merge=False)  # one large document: one more segment
                        w = writer(ix, limitmb=512)
        except BaseException:
            w.cancel()
            ix.close()
            raise
        w.commit(merge=False)  # a merge would re-sum field lengths from their one-byte forms: other scores
        ix.close()
        return paragraphs, count

    def update(self, folder: Path, changed: list[Document], removed_ids: list[str]) -> None:
        ix = whoosh_index.open_dir(str(folder))
        w = writer(ix)
        try:
            for document_id in {*removed_ids, *(d.id for d in changed)}:
                w.delete_by_term("document", document_id)
            for document in changed:
                for fields_ in paragraph_fields(document):
                    w.add_document(**fields_)
        except BaseException:
            w.cancel()
            ix.close()
            raise
        w.commit()
        ix.close()

    def open(self, folder: Path, texts: TextSource) -> WhooshSearcher:
        """A searcher of ``folder`` whose phrase checks read paragraph texts from ``texts``."""
        return WhooshSearcher(folder, texts)


ENGINE = WhooshEngine()
