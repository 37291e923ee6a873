"""Text analysis for the search index: jieba tokens in, index terms out — no second segmentation.

A paragraph is segmented once, at annotation (``Paragraph.tokens``, made by
``ingest.tokens.tokenize`` with the user dictionary of UN terms). The analyzer here turns those
tokens into index terms:

* every word token, lower-cased and NFKC-normalised (full-width ``ＣＴＯＣ`` -> ``ctoc``);
* the sub-words of long words, as ``jieba.cut_for_search`` does (2- and 3-character pieces that are
  dictionary words: ``记录保存`` -> ``记录``, ``保存``), at the *same position* as their word, so a
  query for ``记录`` finds ``记录保存`` and phrases stay exact;
* runs that jieba cuts into pieces but users type whole: symbols ``CTOC/COP/WG.6/2014/4``, numbers
  ``16.4.2``, resolution numbers ``11/6`` — the whole run is one more term at the position of its
  first piece, and each piece keeps its own position;
* single Latin letters and digits (``(a)``, the ``4`` of ``…/2014/4``) — jieba's bundled whoosh
  ``ChineseAnalyzer`` drops those and records character offsets as positions, which breaks phrases.

Positions count kept tokens only (punctuation and spaces take none), so a phrase of words is a run
of consecutive positions. ``startchar``/``endchar`` are real offsets into the text, for highlighting.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain

#: A run users type as one unit though jieba cuts it at ``/`` and ``.``:
#: ``CTOC/COP/WG.6/2014/4`` (document symbol), ``16.4.2`` (SDG indicator), ``11/6`` (resolution).
SYMBOL_RUN = re.compile(r"[A-Za-z0-9]+(?:[./_\-][A-Za-z0-9]+)+")
#: A web address: indexed as one term (and its host), not as the English words inside it, which
#: would make ``www.unodc.org/…/firearms-protocol/…dark-web`` match the query "dark web".
URL = re.compile(r"(?:https?://|www\.)[^\s<>()（）\u3000-\u303f\uff01-\uff0f\u4e00-\u9fff]+", re.I)
#: A token carrying a letter, digit (ASCII or full-width) or CJK character (else punctuation, space).
WORDISH = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
#: A CJK character (sub-words are cut only from Chinese words).
CJK = re.compile(r"[\u3400-\u9fff]")


class TokenizedText(str):
    """A paragraph text that carries its jieba tokens (``"".join(tokens) == text``).

    Passed to the whoosh field so the analyzer reuses the tokens instead of segmenting again.
    """

    tokens: tuple[str, ...] = ()

    def __new__(cls, text: str, tokens: Sequence[str] = ()) -> TokenizedText:
        obj = super().__new__(cls, text)
        obj.tokens = tuple(tokens) if "".join(tokens) == text else ()
        return obj


def segment(text: str) -> list[str]:
    """The jieba tokens of ``text`` (``ingest.tokens.tokenize``, the user dictionary of UN terms),
    used for queries and for paragraphs stored without tokens."""
    from ingest.tokens import tokenize

    return tokenize(text)


@functools.lru_cache(maxsize=1)
def _dictionary() -> dict[str, int]:
    """jieba's word frequencies (default dictionary + user words), for cutting sub-words."""
    from ingest.tokens import tokenizer  # the cached jieba.Tokenizer with the user dictionary

    return tokenizer().FREQ


def normalise(token: str) -> str:
    """The index form of a token: NFKC (full-width -> ASCII) and lower case."""
    return unicodedata.normalize("NFKC", token).lower()


@functools.lru_cache(maxsize=65536)
def sub_words(word: str) -> tuple[tuple[int, str], ...]:
    """``(offset, piece)`` for the dictionary 2- and 3-grams inside a Chinese word of 3+ characters,
    as ``jieba.cut_for_search`` emits them: ``枪支议定书`` -> ``(0, 枪支), (2, 议定), (2, 议定书)``."""
    if len(word) < 3 or not CJK.search(word):
        return ()
    freq = _dictionary()
    pieces = []
    for size in (2, 3):
        if len(word) <= size:
            continue
        for i in range(len(word) - size + 1):
            gram = word[i:i + size]
            if freq.get(gram):
                pieces.append((i, gram))
    return tuple(pieces)


def analyse(text: str, tokens: Sequence[str] = (), *, sub: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """``(term, position, startchar, endchar)`` for every index term of ``text``.

    ``tokens`` are the jieba tokens of ``text`` (segmented here when empty or not matching).
    ``sub=False`` leaves out sub-words (queries: a query word must match as typed).
    """
    if not tokens or "".join(tokens) != text:
        tokens = segment(text)
    runs = {m.start(): m for m in SYMBOL_RUN.finditer(text)}
    urls = [m.span() for m in URL.finditer(text)]
    pos, offset = 0, 0
    for token in tokens:
        start, offset = offset, offset + len(token)
        info = _token_info(token)
        if info is None:
            continue
        if urls:
            url = next((span for span in urls if span[0] <= start < span[1]), None)
            if url is not None:
                if start == url[0] or (start > url[0] and not text[url[0]:start].strip()):
                    yield from _url_terms(text[url[0]:url[1]], pos, url[0])
                    pos += 1
                continue
        if runs:
            run = runs.get(start)
            if run is not None and run.end() > offset:
                for part, at in sub_runs(normalise(run.group())):
                    yield part, pos, start + at, start + at + len(part)
        term, lead, pieces = info
        yield term, pos, start + lead, offset
        if sub:
            for at, piece in pieces:
                yield piece, pos, start + lead + at, start + lead + at + len(piece)
        pos += 1


def index_terms(text: str, tokens: Sequence[str] = ()) -> list[str]:
    """The terms :func:`analyse` yields for ``text`` (sub-words included), in order, without their
    positions and offsets: what the index counts. A text without symbol runs or web addresses (most
    paragraphs) takes a shortcut through the per-token cache."""
    if not tokens or "".join(tokens) != text:
        tokens = segment(text)
    if plain_text(text):
        return list(chain.from_iterable(map(token_terms, tokens)))
    if "" in tokens:  # an empty token shares its start with the next one: analyse's own way
        return [term for term, *_ in analyse(text, tokens)]
    starts = list(accumulate(map(len, tokens), initial=0))
    terms: list[str] = []
    done = 0
    for i, (prefix, own) in _special_tokens(text, starts):
        terms.extend(chain.from_iterable(map(token_terms, tokens[done:i])))
        if token_terms(tokens[i]):
            terms.extend(prefix)
            if own:
                terms.extend(token_terms(tokens[i]))
        done = i + 1
    terms.extend(chain.from_iterable(map(token_terms, tokens[done:])))
    return terms


def _special_tokens(text: str, starts: list[int]) -> list[tuple[int, tuple[tuple[str, ...], bool]]]:
    """``(token index, (terms before its own, whether its own follow))`` for the (word) tokens whose
    terms :func:`analyse` makes otherwise than :func:`token_terms`, ascending: a web address's first
    token stands for the address's terms, its other tokens for none; a token starting a longer
    symbol run gets the run's pieces before its own terms. ``starts``: every token's start offset,
    then the text's length."""
    special: dict[int, tuple[tuple[str, ...], bool]] = {}
    count = len(starts) - 1
    for url in URL.finditer(text):
        first, end = bisect_left(starts, url.start()), min(bisect_left(starts, url.end()), count)
        for i in range(first, end):
            head = starts[i] == url.start() or not text[url.start():starts[i]].strip()
            special[i] = (tuple(t for t, *_ in _url_terms(url.group(), 0, url.start())) if head else (), False)
    for run in SYMBOL_RUN.finditer(text):
        i = bisect_left(starts, run.start())
        if i < count and starts[i] == run.start() and i not in special and run.end() > starts[i + 1]:
            special[i] = (_run_terms(run.group()), True)
    return sorted(special.items())


@functools.lru_cache(maxsize=4096)
def _run_terms(run: str) -> tuple[str, ...]:
    """The terms a symbol run adds before its first token's own (:func:`sub_runs`' pieces)."""
    return tuple(part for part, _ in sub_runs(normalise(run)))


def plain_text(text: str) -> bool:
    """Whether ``text`` has no symbol run and no web address: its index terms are then the
    concatenated :func:`token_terms` of its tokens (the shortcut of :func:`index_terms`)."""
    return not (SYMBOL_RUN.search(text) or URL.search(text))


@functools.lru_cache(maxsize=200_000)
def token_terms(token: str) -> tuple[str, ...]:
    """The term and sub-words of one jieba token (empty for punctuation and spaces)."""
    info = _token_info(token)
    return () if info is None else (info[0], *(piece for _, piece in info[2]))


@functools.lru_cache(maxsize=200_000)
def _token_info(token: str) -> tuple[str, int, tuple[tuple[int, str], ...]] | None:
    """``(term, leading spaces, sub-words)`` of a jieba token, None for punctuation and spaces
    (cached: the same few thousand tokens make up most of any text)."""
    if not WORDISH.search(token):
        return None
    stripped = token.strip()
    term = normalise(stripped)
    return term, len(token) - len(token.lstrip()), sub_words(term)


@functools.lru_cache(maxsize=4096)
def sub_runs(run: str) -> tuple[tuple[str, int], ...]:
    """``(piece, offset)`` for a symbol run and every run of its ``/``-parts users may type alone:
    ``ctoc/cop/wg.6/2014/4`` -> itself, ``wg.6``, ``wg.6/2014``, ``2014/4`` … (single plain parts are
    left to the tokens)."""
    parts = run.split("/")
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part) + 1)
    out = [(run, 0)]
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            piece = "/".join(parts[i:j])
            if piece != run and (j - i > 1 or not parts[i].isalnum()):
                out.append((piece, offsets[i]))
    return tuple(out)


def _url_terms(url: str, pos: int, start: int) -> Iterator[tuple[str, int, int, int]]:
    """The whole address and its host (``www.unodc.org``), at one position."""
    yield normalise(url), pos, start, start + len(url)
    host = re.sub(r"^https?://", "", url, flags=re.I).split("/", 1)[0]
    if host and host != url:
        yield normalise(host), pos, start + url.find(host), start + url.find(host) + len(host)


def query_words(text: str) -> list[str]:
    """The terms of a query string in order, whole words only (no sub-words, no symbol pieces
    duplicated): what a typed word or phrase must match."""
    terms: list[str] = []
    last_run_end = -1
    for term, _pos, start, end in analyse(text, sub=False):
        if start < last_run_end:
            continue
        if SYMBOL_RUN.fullmatch(term):
            last_run_end = end
        terms.append(term)
    return terms

