"""Entity recognition: organisations, bodies, instruments, countries and SDG targets.

One factory, :func:`pipeline`, builds a spaCy blank ``zh`` pipeline whose tokenizer is jieba with
wgkb's user dictionary (``ingest.tokens``), a ``span_ruler`` writing ``doc.ents`` whose patterns are
data (every name in ``corpus/aliases.toml`` and the CLDR country names, ``ingest.aliases``), and a
small ``wgkb_sdg`` component for "具体目标 16.4"-like mentions. It is built once per process, cached.

Paragraphs are not segmented again here: spaCy ``Doc``s are built straight from the paragraphs'
precomputed ``tokens`` (``Paragraph.tokens``, made once by ``ingest.annotate``;
``Doc(vocab, words=tokens, spaces=[False] * n)``, whitespace being tokens of its own).
:func:`find_entities` runs the pipeline on one Doc of a whole text; :func:`tag_paragraphs` (used by
ingest) gives exactly the same entities from batched Docs of only the tokens a match can touch
(``ingest.entity_windows``). The patterns are cut by the same tokenizer, so a name matches exactly when jieba kept it on token boundaries,
which keeps 中国 out of 发展中国家 and 关岛 out of 有关岛屿. Overlaps resolve to the longest match
(联合国打击跨国有组织犯罪公约缔约方会议 is the COP, not the Convention). Entity offsets are
character offsets into the paragraph text.

spaCy's own ``spacy.zh.ChineseTokenizer`` with ``segmenter = "jieba"`` (config
``{"nlp": {"tokenizer": {"segmenter": "jieba"}}}``) cuts with the *global* jieba and its default
dictionary, and loads it (~0.6 s) on creation. The tokenizer registered below,
``wgkb.zh.UserDictJieba.v1``, is a ChineseTokenizer in jieba mode that cuts with ours instead; the
pipeline config selects it: ``{"nlp": {"tokenizer": {"@tokenizers": "wgkb.zh.UserDictJieba.v1"}}}``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import accumulate

import numpy
import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from ingest.aliases import AliasData, load_aliases
from ingest.entity_windows import BATCH_TOKENS, Match, batches, match_reach, merged
from ingest.records import Document, Entity, Paragraph
from ingest.tokens import tokenize

#: Name of the tokenizer registered below (spaCy registry ``tokenizers``).
TOKENIZER_NAME = "wgkb.zh.UserDictJieba.v1"
#: Pipeline config: blank zh, jieba segmentation with the user dictionary of ingest.tokens.
NLP_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}}
#: SpanRuler config: entities (doc.ents) only, longest match wins, patterns matched on ORTH.
RULER_CONFIG = {"spans_key": None, "annotate_ents": True, "overwrite": True,
                "phrase_matcher_attr": "ORTH", "validate": False}
#: Pattern id of the generic SDG pattern; the real id is made from the number matched.
SDG_GENERIC_ID = "sdg:*"
#: An SDG goal/target/indicator number token: "16", "16.4", "16.4.2", "16.a" (target letters).
SDG_NUMBER = r"^(?:1[0-7]|[1-9])(?:\.(?:[0-9]{1,2}|[a-c]))?(?:\.[0-9]{1,2})?$"
#: Characters that may not touch a Latin-script match ("COP" inside CTOC/COP/WG.6/2014/4 is part of
#: a symbol, "EU" inside "EUROPOL" is not the EU).
_LATIN_NEIGHBOUR = re.compile(r"[A-Za-z0-9/._\-]")

#: A Chinese character.
_HAN = re.compile(r"[\u4e00-\u9fff]")

_lock = threading.Lock()
_nlp: Language | None = None


class UserDictJiebaTokenizer(ChineseTokenizer):
    """spaCy's ChineseTokenizer in jieba mode, cutting with ``ingest.tokens.tokenize`` (our private
    jieba with the user dictionary) instead of the global jieba. One difference: whitespace stays a
    token of its own (``spaces`` all False), so a Doc is exactly the token list of
    ``Paragraph.tokens`` and :func:`make_doc` can build it without any alignment work."""

    def __init__(self, vocab) -> None:
        super().__init__(vocab, segmenter=Segmenter.char)  # char: no global jieba load on creation
        self.segmenter = Segmenter.jieba.value

    def __call__(self, text: str) -> Doc:
        return _doc(self.vocab, tokenize(text))


@registry.tokenizers(TOKENIZER_NAME)
def create_user_dict_jieba_tokenizer():
    """Factory of :class:`UserDictJiebaTokenizer` for the pipeline config."""

    def factory(nlp: Language) -> UserDictJiebaTokenizer:
        return UserDictJiebaTokenizer(nlp.vocab)

    return factory


def _doc(vocab, words: list[str]) -> Doc:
    return Doc(vocab, words=words, spaces=[False] * len(words))


@Language.factory("wgkb_sdg", default_config={"keywords": [], "number": SDG_NUMBER})
def create_sdg_matcher(nlp: Language, name: str, keywords: list[str], number: str) -> SdgMatcher:
    """The SDG component (see :class:`SdgMatcher`)."""
    return SdgMatcher(nlp, keywords, number)


class SdgMatcher:
    """Adds SDG entities "keyword [space] number" (具体目标 16.4, 指标16.4.2) to ``doc.ents``.

    A token pattern (spaCy Matcher) with a regex, evaluated in Python for every token it is run on,
    so it runs only on the keyword tokens and the :attr:`max_tokens` after each (every match starts
    with a keyword); spans overlapping an existing entity are dropped. The entity's ``id`` is the
    generic :data:`SDG_GENERIC_ID`; :func:`find_entities` makes the real ``sdg:<number>`` from the
    number matched.
    """

    #: Tokens of the longest match: keyword, space, number.
    max_tokens = 3

    def __init__(self, nlp: Language, keywords: list[str], number: str) -> None:
        self.keywords = tuple(keywords)
        self.keyword_ids = numpy.array([nlp.vocab.strings.add(k) for k in keywords], dtype=numpy.uint64)
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matcher.add("SDG", [[{"ORTH": {"IN": list(keywords)}}, {"IS_SPACE": True, "OP": "?"},
                                  {"TEXT": {"REGEX": number}}]])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, a + s, a + e, label="SDG", span_id=SDG_GENERIC_ID)
                 for a, b in self.windows(doc) for _, s, e in self.matcher(doc[a:b])]
        if not spans:
            return doc
        taken = doc.to_array("ENT_TYPE") != 0  # the tokens of doc.ents
        new = [sp for sp in filter_spans(spans) if not taken[sp.start:sp.end].any()]
        if new:
            doc.set_ents(new, default="unmodified")  # doc.ents: the ruler's and the new, in order
        return doc

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """The merged token ranges ``[a, b)`` holding each keyword and the tokens a match may take
        after it (a match found in one is a match in the doc, and every match is in one)."""
        if not len(doc):
            return []
        keywords = numpy.flatnonzero(numpy.isin(doc.to_array("ORTH"), self.keyword_ids)).tolist()
        return merged((i, min(i + self.max_tokens, len(doc))) for i in keywords)


def pipeline() -> Language:
    """The cached spaCy pipeline (blank zh + jieba with user dictionary + span_ruler + wgkb_sdg)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                _nlp = build_pipeline(load_aliases())
    return _nlp


def build_pipeline(data: AliasData) -> Language:
    """A new pipeline with the entity patterns of ``data`` (use :func:`pipeline` for the shared one)."""
    nlp = spacy.blank("zh", config=NLP_CONFIG)
    ruler = nlp.add_pipe("span_ruler", config=RULER_CONFIG)
    ruler.add_patterns(list(patterns(data)))
    if data.sdg_keywords:
        nlp.add_pipe("wgkb_sdg", config={"keywords": list(data.sdg_keywords)})
    return nlp


def patterns(data: AliasData) -> Iterator[dict]:
    """SpanRuler patterns (``{"label", "pattern", "id"}``): one phrase pattern per name."""
    for entry in data.entries:
        for name in dict.fromkeys(entry.names):
            yield {"label": entry.label, "pattern": name, "id": entry.id}


def make_doc(text: str, tokens: Iterable[str] | None = None) -> Doc:
    """A spaCy Doc of ``text`` from precomputed ``tokens`` (segments only when none are given)."""
    return _doc(pipeline().vocab, list(tokens) if tokens else tokenize(text))


def find_entities(text: str, tokens: Iterable[str] | None = None,
                  words: dict[str, str] | None = None) -> list[Entity]:
    """The entities of one text (offsets into ``text``), in order: the pipeline run on one Doc of the
    whole text (the plain path; :func:`tag_paragraphs` gives the same entities faster). ``words`` is
    a table of strings shared across a document (see ``ingest.annotate``): equal ids, labels and
    surfaces become one string object (a 10 MB text has ~45,000 entities and a few hundred distinct
    strings)."""
    if not text.strip():
        return []
    doc = pipeline()(make_doc(text, tokens))
    found = [Match(span.start, span.end, span.label_, span.id_) for span in doc.ents]
    return entities_of(text, [t.text for t in doc], found, {} if words is None else words)


def entities_of(text: str, tokens: Sequence[str], matches: Iterable[Match],
                words: dict[str, str]) -> list[Entity]:
    """The Entity records of the ruler's ``matches`` over ``tokens`` (which join to ``text``), in
    order, without the matches filtered out (see :func:`_entity`)."""
    data = load_aliases()
    offsets = [0, *accumulate(map(len, tokens))]
    out = []
    for match in matches:
        entity = _entity(match, text, tokens, offsets, data, words)
        if entity is not None:
            out.append(entity)
    return out


def _entity(match: Match, text: str, tokens: Sequence[str], offsets: list[int], data: AliasData,
            words: dict[str, str]) -> Entity | None:
    """The Entity record of a ruler match, or None when the match is filtered out."""
    start, end = offsets[match.start], offsets[match.end]
    surface = text[start:end]
    if surface.isascii() and _touches_latin(text, start, end):
        return None
    if surface in data.ambiguous and not _free_standing(tokens, match.start, data.ambiguous[surface]):
        return None
    entity_id = match.id
    if entity_id == SDG_GENERIC_ID:
        keyword, number = tokens[match.start], tokens[match.end - 1]
        if keyword in data.sdg_needs_context and data.sdg_context not in text:
            return None
        entity_id = f"sdg:{number}"
    label = match.label
    return Entity(id=words.setdefault(entity_id, entity_id), label=words.setdefault(label, label),
                  surface=words.setdefault(surface, surface), start=start, end=end)


def _touches_latin(text: str, start: int, end: int) -> bool:
    """True when a Latin-script match is glued to letters, digits or symbol punctuation."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(_LATIN_NEIGHBOUR.match(before) or _LATIN_NEIGHBOUR.match(after))


def _free_standing(tokens: Sequence[str], start: int, allowed_before: frozenset[str]) -> bool:
    """True when the token before the match at token ``start`` does not make it the tail of another
    name: it is absent, whitespace (spaCy's ``is_space``), not a Chinese word of 2+ characters, or
    one of ``allowed_before``."""
    if start == 0:
        return True
    before = tokens[start - 1]
    if before.isspace() or before in allowed_before:
        return True
    return len(before) < 2 or not _HAN.search(before)


def tag_entities(document: Document, words: dict[str, str] | None = None) -> Document:
    """The document with ``entities`` filled on every paragraph (tokens reused when present); equal
    strings shared through ``words`` (a new table when None)."""
    return document.with_paragraphs(tag_paragraphs(document.paragraphs, {} if words is None else words))


def tag_paragraphs(paragraphs: Sequence[Paragraph], words: dict[str, str],
                   tokens: Sequence[tuple[str, ...]] | None = None,
                   batch_tokens: int = BATCH_TOKENS) -> tuple[Paragraph, ...]:
    """The paragraphs with their ``entities``, exactly those of :func:`find_entities` on each; the
    pipeline runs on batched Docs of only the tokens a match can touch (``ingest.entity_windows``),
    one Doc of about ``batch_tokens`` tokens at a time. ``tokens``: each paragraph's tokens as the
    caller just made them (joining to its text), set on it in the same copy; by default a
    paragraph's own tokens when they join to its text, else its text segmented here."""
    cut = [_tokens_of(p) for p in paragraphs] if tokens is None else tokens
    items = [(p.text, t) for p, t in zip(paragraphs, cut, strict=True)]
    found = _entities_in_batches(items, words, batch_tokens)
    return tuple(_with_entities(p, entities, None if tokens is None else t)
                 for p, entities, t in zip(paragraphs, found, cut, strict=True))


def _entities_in_batches(items: list[tuple[str, Sequence[str]]], words: dict[str, str],
                         batch_tokens: int) -> list[list[Entity]]:
    """The entities of each (text, tokens) item, through batched window Docs (the plain path, one
    Doc per text, when the patterns allow no windows)."""
    nlp = pipeline()
    reach = match_reach(nlp)
    if reach is None:
        return [find_entities(text, tokens, words) for text, tokens in items]
    found: list[list[Entity]] = []
    for batch in batches(items, reach, batch_tokens):
        spans = nlp(batch.doc(nlp)).ents if batch.words else ()
        for (text, tokens), matches in zip(batch.items, batch.matches(spans), strict=True):
            found.append(entities_of(text, tokens, matches, words) if matches else [])
    return found


def _tokens_of(paragraph: Paragraph) -> Sequence[str]:
    """The paragraph's tokens when they join to its text, else its text segmented now."""
    if paragraph.tokens and "".join(paragraph.tokens) == paragraph.text:
        return paragraph.tokens
    return tokenize(paragraph.text)


def _with_entities(paragraph: Paragraph, entities: list[Entity], tokens: Sequence[str] | None) -> Paragraph:
    """The paragraph with ``entities`` (and ``tokens`` when given), one copy or none when unchanged."""
    changes: dict[str, tuple] = {}
    if entities or paragraph.entities:
        changes["entities"] = tuple(entities)
    if tokens is not None and tokens is not paragraph.tokens:
        changes["tokens"] = tuple(tokens)
    return replace(paragraph, **changes) if changes else paragraph
