"""The tantivy engine (``index.engine``): Rust, through tantivy's official Python bindings.

One tantivy document per paragraph, fed the paragraph's jieba tokens (no second segmentation):

* ``text``: the index terms of ``index.analysis.index_terms`` (words, sub-words, symbol runs), joined
  by spaces and split again by tantivy's whitespace tokenizer; BM25 over term frequencies;
* ``chars``: the paragraph's characters as ``index.engine.squash`` compares them (NFKC, lower case,
  no whitespace), one token each, positions indexed: a quoted phrase is a phrase query over its
  characters, which matches exactly the paragraphs whose text contains it (whatever jieba made of
  it in context), with no verification in Python;
* ``cites``: the cited-targets keys (``index.engine.citation_keys``);
* filter and facet fields (raw, fast): ``document``, ``kind``, ``doc_type``, ``year``, ``body``,
  ``roles`` (one value per role), ``addressee``; facets are tantivy terms aggregations;
* ``row``: the stored fields of a hit (``index.engine.paragraph_rows``) as JSON: no paragraph text
  (``index.search`` reads it from the store).
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import tantivy

from index.analysis import index_terms, plain_text, query_words, token_terms
from index.context import tokenized
from index.engine import (
    CITE_BOOST,
    FACETS,
    SPACES,
    TIEBREAK,
    Filters,
    Page,
    ordered_counts,
    paragraph_cites,
    paragraph_rows,
    squash,
)
from index.folding import spaced_fold
from index.query import Alt, Group, Node, Not, Option
from ingest.records import Document

#: Bumped when the schema or the analysis changes: an index of another version is rebuilt.
SCHEMA_VERSION = 3
#: The analyzer of ``text`` and ``chars``: split on whitespace, nothing else (no length limit, no
#: lower-casing: the terms come normalised from ``index.analysis``).
TERMS = "wgkb_terms"
#: Exact-value fields (filters and facets), stored as fast columns for aggregations.
RAW_FIELDS = ("document", "kind", "doc_type", "year", "body", "roles", "addressee")
#: Facet name -> the field it counts.
FACET_FIELD = {"doc_type": "doc_type", "year": "year", "body": "body", "role": "roles",
               "addressee": "addressee", "document": "document", "kind": "kind"}
#: Most values a facet reports (every document of a 1,000× home fits).
FACET_SIZE = 100_000
#: Writer memory (bytes) and threads: one thread leaves the other core to the ingest workers.
WRITER_HEAP, WRITER_THREADS = 128_000_000, 1
#: How many terms of a text ``similar`` searches for (as whoosh's key_terms_from_text).
SIMILAR_TERMS = 15
#: The stored row's JSON encoder (``json.dumps(row, ensure_ascii=False)``, made once).
ROW_JSON = json.JSONEncoder(ensure_ascii=False)

Occur = tantivy.Occur
Q = tantivy.Query


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", tokenizer_name=TERMS, index_option="freq")
    builder.add_text_field("chars", tokenizer_name=TERMS, index_option="position")
    builder.add_text_field("cites", tokenizer_name=TERMS, index_option="freq")
    builder.add_text_field("context", tokenizer_name=TERMS, index_option="freq")  # index/context.py
    for name in RAW_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_bytes_field("row", stored=True)
    return builder.build()


def _index(folder: Path, create: bool) -> tantivy.Index:
    index = tantivy.Index(schema(), path=str(folder), reuse=not create) if create else \
        tantivy.Index.open(str(folder))
    index.register_tokenizer(TERMS, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index


def term(text: str) -> str:
    """An index term as one whitespace-free token (whitespace inside a term, rare, becomes ``_``)."""
    return SPACES.sub("_", text)


def joined_terms(terms: list[str]) -> str:
    """``terms`` as one whitespace-separated string, each a token of its own (:func:`term`); the
    usual text, with no whitespace inside any term, is checked in one pass instead of per term."""
    if SPACES.search("".join(terms)):
        return " ".join(term(t) for t in terms)
    return " ".join(terms)


def paragraph_documents(document: Document) -> Iterator[tantivy.Document]:
    """The tantivy documents of one stored document: one per paragraph."""
    for stored, paragraph, context in paragraph_rows(document):
        doc = tantivy.Document()
        doc.add_text("text", text_terms(paragraph.text, paragraph.tokens))
        if context:
            doc.add_text("context", context_terms(context))
        doc.add_text("chars", spaced_fold(paragraph.text))
        for key in paragraph_cites(paragraph):
            doc.add_text("cites", term(key.strip()))
        for name in RAW_FIELDS:
            values = paragraph.roles if name == "roles" else [stored.get(name)]
            for value in values:
                if value:
                    doc.add_text(name, str(value))
        doc.add_bytes("row", ROW_JSON.encode(stored).encode("utf-8"))
        yield doc


def text_terms(text: str, tokens: Sequence[str]) -> str:
    """``joined_terms(index_terms(text, tokens))``; for a plain text (``index.analysis.plain_text``)
    joined token by token from a per-token cache."""
    if tokens and plain_text(text) and "".join(tokens) == text:
        return " ".join(filter(None, map(_token_joined, tokens)))
    return joined_terms(index_terms(text, tokens))


@functools.lru_cache(maxsize=200_000)
def _token_joined(token: str) -> str:
    """One token's index terms as :func:`joined_terms` writes them ("" for punctuation)."""
    return " ".join(term(t) for t in token_terms(token))


@functools.lru_cache(maxsize=4096)
def context_terms(context: str) -> str:
    """The ``context`` field of a context text (``index.context``; one per distinct text)."""
    words = tokenized(context)
    return joined_terms(index_terms(words, words.tokens))


class Compiler:
    """The engine-neutral query tree (``index.query``) -> a tantivy query."""

    def __init__(self, schema_: tantivy.Schema) -> None:
        self.schema = schema_

    def tree(self, node: Node | None) -> tantivy.Query:
        if node is None:
            return Q.empty_query()
        if isinstance(node, Alt):
            options = [self.option(o) for o in node.options]
            return options[0] if len(options) == 1 else Q.disjunction_max_query(options, TIEBREAK)
        if isinstance(node, Not):
            return Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, self.tree(node.child))])
        assert isinstance(node, Group)
        positive = [self.tree(c) for c in node.children if not isinstance(c, Not)]
        negative = [self.tree(c.child) for c in node.children if isinstance(c, Not)]
        if not positive:
            combined = Q.all_query()
        elif len(positive) == 1:
            combined = positive[0]
        else:
            occur = Occur.Must if node.op == "and" else Occur.Should
            combined = Q.boolean_query([(occur, q) for q in positive])
        if not negative:
            return combined
        return Q.boolean_query([(Occur.Must, combined)] + [(Occur.MustNot, q) for q in negative])

    def option(self, option: Option) -> tantivy.Query:
        if option.kind == "cite":
            return _boost(self.term("cites", str(option.value)), CITE_BOOST * option.boost)
        if option.kind == "term":
            return _boost(self.term(option.field, str(option.value)), option.boost)
        if option.kind == "seq":
            words = list(option.value)
            if len(words) == 1:
                return _boost(self.term("text", words[0]), option.boost)
            return self.phrase(" ".join(words), option.boost, words_required=True)
        return self.phrase(str(option.value), option.boost, words_required=False)

    def term(self, field: str, value: str) -> tantivy.Query:
        return Q.term_query(self.schema, field, term(value), index_option="freq")

    def phrase(self, text: str, boost: float, words_required: bool) -> tantivy.Query:
        """Paragraphs whose squashed text contains ``text`` squashed (a phrase over ``chars``),
        scored by the text's words (all required for a multi-word name, any for a typed phrase)."""
        words = query_words(text)
        needle = squash(text)
        if not words or not needle:
            return Q.empty_query()
        chars = (Q.term_query(self.schema, "chars", needle, index_option="basic") if len(needle) == 1
                 else Q.phrase_query(self.schema, "chars", list(needle)))
        occur = Occur.Must if words_required else Occur.Should
        clauses = [(Occur.Must, Q.const_score_query(chars, 0.0))]
        clauses += [(occur, self.term("text", w)) for w in words]
        return _boost(Q.boolean_query(clauses), boost)

    def filters(self, filters: Filters) -> list[tantivy.Query]:
        """One unscored query per filtered field (any of its values)."""
        out = []
        for name, values in filters.terms().items():
            terms = [Q.term_query(self.schema, name, v, index_option="basic") for v in values]
            either = terms[0] if len(terms) == 1 else Q.boolean_query([(Occur.Should, t) for t in terms])
            out.append(Q.const_score_query(either, 0.0))
        return out


def _boost(query: tantivy.Query, boost: float) -> tantivy.Query:
    return query if boost == 1.0 else Q.boost_query(query, boost)


class TantivySearcher:
    """An open tantivy index (``index.engine.EngineSearcher``): one consistent snapshot."""

    def __init__(self, folder: Path) -> None:
        self._index = _index(folder, create=False)
        self._searcher = self._index.searcher()
        self._compile = Compiler(self._index.schema)

    def count(self) -> int:
        return self._searcher.num_docs

    def search(self, tree: Node | None, filters: Filters, *, every: bool, offset: int, limit: int) -> Page:
        query = Q.all_query() if every else self._compile.tree(tree)
        restrict = self._compile.filters(filters)
        if restrict:
            query = Q.boolean_query([(Occur.Must, query)] + [(Occur.Must, f) for f in restrict])
        found = self._searcher.search(query, limit=max(1, limit), offset=offset, count=True)
        hits = [(self._row(address), float(score)) for score, address in found.hits][:limit]
        return Page(hits, found.count, self._facets(query) if found.count else
                    {name: {} for name in FACETS})

    def _row(self, address: Any) -> dict[str, Any]:
        return json.loads(self._searcher.doc(address).get_first("row"))

    def _facets(self, query: tantivy.Query) -> dict[str, dict[str, int]]:
        spec = {name: {"terms": {"field": field, "size": FACET_SIZE}} for name, field in FACET_FIELD.items()}
        result = self._searcher.aggregate(query, spec)
        return {name: ordered_counts(Counter({b["key"]: b["doc_count"] for b in result[name]["buckets"]}))
                for name in FACETS}

    def similar(self, text: str, limit: int, exclude_document: str | None
                ) -> tuple[list[tuple[dict[str, Any], float]], tuple[str, ...]]:
        """Paragraphs sharing the most distinctive terms of ``text`` (tf·idf over this index)."""
        total = max(self._searcher.num_docs, 1)
        weights = {}
        for word, tf in Counter(index_terms(text or "")).items():
            df = self._searcher.doc_freq("text", term(word))
            if df:
                weights[word] = tf * (math.log(total / (df + 1)) + 1.0)
        best = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:SIMILAR_TERMS]
        if not best:
            return [], ()
        top = best[0][1]
        query = Q.boolean_query([(Occur.Should, _boost(self._compile.term("text", w), s / top))
                                 for w, s in best])
        if exclude_document:
            query = Q.boolean_query([(Occur.Must, query), (Occur.MustNot, Q.term_query(
                self._index.schema, "document", exclude_document, index_option="basic"))])
        found = self._searcher.search(query, limit=max(1, limit), count=False)
        return [(self._row(a), float(s)) for s, a in found.hits][:limit], tuple(w for w, _ in best)

    def close(self) -> None:
        self._searcher = None


class TantivyEngine:
    """``index.engine.Engine`` on tantivy."""

    name = "tantivy"
    version = SCHEMA_VERSION

    def build(self, folder: Path, documents: Iterable[Document]) -> tuple[int, int]:
        index = _index(folder, create=True)
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        paragraphs = count = 0
        try:
            for document in documents:
                count += 1
                for doc in paragraph_documents(document):
                    writer.add_document(doc)
                    paragraphs += 1
        except BaseException:
            writer.rollback()
            raise
        writer.commit()
        writer.wait_merging_threads()
        return paragraphs, count

    def update(self, folder: Path, changed: list[Document], removed_ids: list[str]) -> None:
        index = _index(folder, create=False)
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        try:
            for document_id in {*removed_ids, *(d.id for d in changed)}:
                writer.delete_documents_by_term("document", document_id)
            for document in changed:
                for doc in paragraph_documents(document):
                    writer.add_document(doc)
        except BaseException:
            writer.rollback()
            raise
        writer.commit()
        writer.wait_merging_threads()

    def open(self, folder: Path, texts: Any = None) -> TantivySearcher:
        """A searcher of ``folder``; ``texts`` is not needed (phrases are matched by positions)."""
        return TantivySearcher(folder)


ENGINE = TantivyEngine()
