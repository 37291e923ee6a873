"""The tokens a ruler match can touch, and batched spaCy Docs of only those (issue 12: ingest CPU).

Building a spaCy ``Doc`` costs per token and running the pipeline per Doc, while most tokens of a
paragraph can be part of no entity. The span ruler's PhraseMatcher is a trie walked from every token:
a phrase is found only where a token equals the first token of one of its patterns (the patterns are
cut by the pipeline's tokenizer, the same one as the paragraphs), and it spans at most as many tokens
as its longest pattern with that first token; the SDG component's pattern starts with one of its
keywords. So a match lies inside ``[i, i + reach[token_i])`` for a token ``i`` in :func:`match_reach`.
(The entity filters of ``ingest.entities`` read the paragraph's own tokens and text, not the Doc.)

:func:`batches` keeps exactly those tokens of each paragraph (the merged :func:`windows`) and puts
the windows of many paragraphs into one Doc, each run of tokens after a :data:`SEPARATOR` token that
no pattern contains (not a space, not a number), so no match crosses it. Matches never overlap
across windows, so the ruler's longest-match filter decides every window as it would the whole
paragraph; :meth:`Batch.matches` maps each span back to token offsets in its paragraph.
``tests/test_entity_windows.py`` proves the result equal to the plain path (one Doc per paragraph).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

#: Token between two windows of a batched Doc: in no pattern, not a space, not an SDG number.
SEPARATOR = "\x00"
#: Tokens per batched Doc (about): bounds the memory of one Doc on a 10 MB text.
BATCH_TOKENS = 20_000


@dataclass(frozen=True)
class Match:
    """A ruler match: tokens ``[start, end)`` of its paragraph, the pattern's label and id."""

    start: int
    end: int
    label: str
    id: str


def match_reach(nlp: Language) -> dict[str, int] | None:
    """Token -> the most tokens a match starting with it can span: the first token of each phrase
    pattern of the ``span_ruler`` (cut by ``nlp``'s tokenizer, as ``SpanRuler.add_patterns`` cuts
    them) and each keyword of the ``wgkb_sdg`` component. None when a pattern is not a phrase (a
    token pattern can match anything) or holds the separator: then nothing may be left out.
    Computed once per pipeline and pattern count (patterns added later are seen)."""
    ruler = nlp.get_pipe("span_ruler")
    return _match_reach(nlp, len(ruler.patterns), len(ruler.matcher))


@lru_cache(maxsize=8)
def _match_reach(nlp: Language, _patterns: int, token_patterns: int) -> dict[str, int] | None:
    if token_patterns:
        return None
    ruler = nlp.get_pipe("span_ruler")
    reach: dict[str, int] = {}
    for pattern in ruler.patterns:
        phrase = pattern["pattern"]
        if not isinstance(phrase, str) or SEPARATOR in phrase:
            return None
        words = [token.text for token in nlp.make_doc(phrase)]
        if words:
            reach[words[0]] = max(reach.get(words[0], 0), len(words))
    if "wgkb_sdg" in nlp.pipe_names:
        sdg = nlp.get_pipe("wgkb_sdg")
        for keyword in sdg.keywords:
            reach[keyword] = max(reach.get(keyword, 0), sdg.max_tokens)
    return reach


def windows(tokens: Sequence[str], reach: dict[str, int]) -> list[tuple[int, int]]:
    """The merged token ranges ``[a, b)`` of ``tokens`` holding every possible match (empty when no
    token can start one)."""
    if reach.keys().isdisjoint(tokens):
        return []
    n = len(tokens)
    return merged((i, min(i + reach[token], n)) for i, token in enumerate(tokens) if token in reach)


def merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges ``[a, b)`` given in order of ``a``, overlapping or touching ones joined."""
    runs: list[tuple[int, int]] = []
    for a, b in ranges:
        if runs and a <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], b))
        else:
            runs.append((a, b))
    return runs


@dataclass(frozen=True)
class _Run:
    """A window in a batched Doc: its first token's index there, its item, its first token's index
    in that item's tokens."""

    doc_start: int
    item: int
    token: int


@dataclass
class Batch:
    """Paragraphs (``items``: text and tokens) whose windows are one Doc of ``words``."""

    items: list[tuple[str, Sequence[str]]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    runs: list[_Run] = field(default_factory=list)

    def add(self, text: str, tokens: Sequence[str], spans: list[tuple[int, int]]) -> None:
        """Append one paragraph and its windows ``spans`` (token ranges)."""
        item = len(self.items)
        self.items.append((text, tokens))
        for a, b in spans:
            self.words.append(SEPARATOR)
            self.runs.append(_Run(len(self.words), item, a))
            self.words.extend(tokens[a:b])

    def doc(self, nlp: Language) -> Doc:
        """The Doc of the windows (no whitespace added: ``spaces`` all False, as every wgkb Doc)."""
        return Doc(nlp.vocab, words=self.words, spaces=[False] * len(self.words))

    def matches(self, spans: Iterable[Span]) -> list[list[Match]]:
        """Per item, the matches among ``spans`` (entities of :meth:`doc`, in order) in its tokens."""
        out: list[list[Match]] = [[] for _ in self.items]
        starts = [run.doc_start for run in self.runs]
        for span in spans:
            run = self.runs[bisect_right(starts, span.start) - 1]
            first = run.token + span.start - run.doc_start
            out[run.item].append(Match(first, first + span.end - span.start, span.label_, span.id_))
        return out


def batches(items: Iterable[tuple[str, Sequence[str]]], reach: dict[str, int],
            size: int = BATCH_TOKENS) -> Iterator[Batch]:
    """``items`` (text, tokens joining to it) in order, in batches of about ``size`` window tokens;
    a blank text has no entity, so no window."""
    batch = Batch()
    for text, tokens in items:
        batch.add(text, tokens, windows(tokens, reach) if text.strip() else [])
        if len(batch.words) >= size:
            yield batch
            batch = Batch()
    if batch.items:
        yield batch
