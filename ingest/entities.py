"""Entity recognition: organisations, bodies, instruments, countries and SDG targets.

One factory, :func:`pipeline`, builds a spaCy blank ``zh`` pipeline whose tokenizer is jieba with
wgkb's user dictionary (``ingest.tokens``), a ``span_ruler`` writing ``doc.ents`` whose patterns are
data (every name in ``corpus/aliases.toml`` and the CLDR country names, ``ingest.aliases``), and a
small ``wgkb_sdg`` component for "具体目标 16.4"-like mentions. It is built once per process, cached.

Paragraphs are not segmented again here: :func:`tag_entities` builds each spaCy ``Doc`` straight
from the paragraph's precomputed ``tokens`` (``Paragraph.tokens``, made once by ``ingest.annotate``;
``Doc(vocab, words=tokens, spaces=[False] * n)``, whitespace being tokens of its own). The patterns
are cut by the same tokenizer, so a name matches exactly when jieba kept it on token boundaries,
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
from collections.abc import Iterable, Iterator
from dataclasses import replace

import spacy
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from ingest.aliases import AliasData, load_aliases
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

    A token pattern (spaCy Matcher) with a regex: evaluated in Python for every token, so it runs
    only on docs that have a keyword token; spans overlapping an existing entity are dropped.
    The entity's ``id`` is the generic :data:`SDG_GENERIC_ID`; :func:`find_entities` makes the real
    ``sdg:<number>`` from the number matched.
    """

    def __init__(self, nlp: Language, keywords: list[str], number: str) -> None:
        self.keyword_ids = frozenset(nlp.vocab.strings.add(k) for k in keywords)
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matcher.add("SDG", [[{"ORTH": {"IN": list(keywords)}}, {"IS_SPACE": True, "OP": "?"},
                                  {"TEXT": {"REGEX": number}}]])

    def __call__(self, doc: Doc) -> Doc:
        if self.keyword_ids.isdisjoint(doc.to_array("ORTH").tolist()):  # no keyword token: done
            return doc
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        spans = [Span(doc, s, e, label="SDG", span_id=SDG_GENERIC_ID)
                 for _, s, e in self.matcher(doc)]
        new = [sp for sp in filter_spans(spans) if not taken & set(range(sp.start, sp.end))]
        if new:
            doc.ents = sorted([*doc.ents, *new], key=lambda sp: sp.start)
        return doc


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
    """The entities of one text (offsets into ``text``), in order. ``words`` is a table of strings
    shared across a document (see ``ingest.annotate``): equal ids, labels and surfaces become one
    string object (a 10 MB text has ~45,000 entities and a few hundred distinct strings)."""
    if not text.strip():
        return []
    doc = pipeline()(make_doc(text, tokens))
    data = load_aliases()
    words = {} if words is None else words
    out = []
    for span in doc.ents:
        entity = _entity(span, text, data, words)
        if entity is not None:
            out.append(entity)
    return out


def _entity(span: Span, text: str, data: AliasData, words: dict[str, str]) -> Entity | None:
    """The Entity record of a ruler match, or None when the match is filtered out."""
    start, end = span.start_char, span.end_char
    surface = text[start:end]
    if surface.isascii() and _touches_latin(text, start, end):
        return None
    if surface in data.ambiguous and not _free_standing(span, data.ambiguous[surface]):
        return None
    entity_id = span.id_
    if entity_id == SDG_GENERIC_ID:
        keyword, number = span[0].text, span[-1].text
        if keyword in data.sdg_needs_context and data.sdg_context not in text:
            return None
        entity_id = f"sdg:{number}"
    label = span.label_
    return Entity(id=words.setdefault(entity_id, entity_id), label=words.setdefault(label, label),
                  surface=words.setdefault(surface, surface), start=start, end=end)


def _touches_latin(text: str, start: int, end: int) -> bool:
    """True when a Latin-script match is glued to letters, digits or symbol punctuation."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(_LATIN_NEIGHBOUR.match(before) or _LATIN_NEIGHBOUR.match(after))


def _free_standing(span: Span, allowed_before: frozenset[str]) -> bool:
    """True when the token before ``span`` does not make it the tail of another name: it is absent,
    followed by whitespace, not a Chinese word of 2+ characters, or one of ``allowed_before``."""
    if span.start == 0:
        return True
    before = span.doc[span.start - 1]
    if before.is_space or before.text in allowed_before:
        return True
    return len(before.text) < 2 or not _HAN.search(before.text)


def tag_entities(document: Document, words: dict[str, str] | None = None) -> Document:
    """The document with ``entities`` filled on every paragraph (tokens reused when present); equal
    strings shared through ``words`` (a new table when None)."""
    words = {} if words is None else words
    paragraphs = tuple(tag_paragraph(p, words) for p in document.paragraphs)
    return document.with_paragraphs(paragraphs)


def tag_paragraph(paragraph: Paragraph, words: dict[str, str]) -> Paragraph:
    """One paragraph with its ``entities`` (its spaCy Doc is dropped on return)."""
    tokens = paragraph.tokens if "".join(paragraph.tokens) == paragraph.text else None
    return replace(paragraph, entities=tuple(find_entities(paragraph.text, tokens, words)))
