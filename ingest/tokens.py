"""Word segmentation: jieba with the user dictionary of the field, built once.

``tokenize(text)`` is the one segmentation of wgkb: paragraphs are segmented once at annotation
(``Paragraph.tokens``) and the tokens are reused by entity recognition and the search index, and the
search index segments queries with the same function, so both sides cut alike.

Design choices:

- A private ``jieba.Tokenizer`` instance (never the global ``jieba`` one, which other code may load
  other dictionaries into), default dictionary plus a user dictionary generated from
  ``corpus/aliases.toml`` (every organisation, body, instrument and country name, CLDR included)
  and ``corpus/terms.txt`` (记录保存, 标识, 追查, 联络点 …), so that these stay one token.
- **HMM off.** With HMM, jieba glues runs of unknown characters into guessed words, differently
  depending on the neighbours; without it, segmentation is a pure dictionary DAG: deterministic,
  10-15 % faster (CPU time on the corpus), and a query cuts the same way as the indexed text.
  Words jieba does not know fall apart into single characters, which phrase search still finds.
- The cut itself is ``ingest.wordcut.DictionaryCut``: jieba's ``cut(text, HMM=False)`` over the same
  dictionary, computed in one pass (same tokens, about twice as fast).
- jieba's dictionary compounds of a name and another word (法国政府, 欧盟委员会, 美国移民; ~800) are
  removed, so the name stays a token of its own for entity recognition and search.
- Dotted numbers are re-joined: jieba cuts ``16.4.2`` into ``16 . 4 . 2``; we keep ``16.4.2`` (SDG
  targets, ``第 1.2 段``). Nothing else is changed, so ``"".join(tokenize(text)) == text`` always,
  whitespace and punctuation included.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

import jieba

from ingest.aliases import load_aliases
from ingest.wordcut import DictionaryCut

#: Minimum frequency given to user-dictionary words. jieba's dictionary totals ~60 M; 2 000 is a
#: common word's frequency (目标 ~11 500, 标识 ~300): high enough that a multi-character name is
#: always cheaper as one word than as its parts, low enough not to pull characters out of
#: ordinary words around it ("发展中国家" stays whole although 中国 is a user word).
USER_WORD_FREQ = 2000
#: A run of ASCII digits: the pieces a dotted number is re-joined from ("16", ".", "4").
_DIGITS = re.compile(r"[0-9]+")
#: Characters that keep a name out of the user dictionary: whitespace and ASCII digits.
_UNSPLITTABLE = re.compile(r"[\s0-9]")

_lock = threading.Lock()
_cached: jieba.Tokenizer | None = None
_cut: DictionaryCut | None = None


def user_words() -> list[str]:
    """The words of the user dictionary: every alias name (without 《》) and every term, in a
    stable order. Names with spaces cannot be one jieba token, and names with digits ("指标16.4.2")
    would glue a number to its word, so both are left out: they match as token sequences."""
    data = load_aliases()
    names = [n for e in data.entries for n in e.names]
    words = [n.strip("《》") for n in (*names, *data.terms)]
    return list(dict.fromkeys(w for w in words if len(w) > 1 and not _UNSPLITTABLE.search(w)))


def tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer (built on first use, about 1 s, then cached for the process)."""
    global _cached, _cut
    if _cached is None:
        with _lock:
            if _cached is None:
                built = _build()
                _cut = DictionaryCut(built)
                _cached = built
    return _cached


def _dictionary_cut() -> DictionaryCut:
    """The cut of :func:`tokenizer`'s dictionary (``ingest.wordcut``), made with it."""
    if _cut is None:
        tokenizer()
    return _cut


def _build() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
    tk = jieba.Tokenizer()
    tk.initialize()
    words = user_words()
    for word in words:
        freq = max(tk.FREQ.get(word) or 0, tk.suggest_freq(word, tune=False), USER_WORD_FREQ)
        tk.add_word(word, freq)
    for compound in _name_compounds(tk, set(words)):
        tk.del_word(compound)
    _share_frequencies(tk.FREQ)
    return tk


def _share_frequencies(freq: dict[str, int]) -> None:
    """One int object per distinct frequency (about 5,000) instead of one per word (350,000, ~10 MB
    of the process's memory for as long as it runs)."""
    shared: dict[int, int] = {}
    for word, value in freq.items():
        freq[word] = shared.setdefault(value, value)


def _name_compounds(tk: jieba.Tokenizer, names: set[str]) -> list[str]:
    """Dictionary words that are a name followed by another word of 2+ characters: 法国政府,
    巴拿马政府, 欧盟委员会, 美国移民, 乌干达共和国. jieba's dictionary has ~800 such compounds; left in,
    they hide the name (no token 法国) from entity recognition and search, so they are removed and
    cut as name + word. Name + one character (西班牙文, 墨西哥城, 印度洋) stays: another thing."""
    out = []
    for word, freq in tk.FREQ.items():
        if not freq or len(word) < 4 or word in names:
            continue
        if any(word[:i] in names and tk.FREQ.get(word[i:]) for i in range(2, len(word) - 1)):
            out.append(word)
    return out


def tokenize(text: str) -> list[str]:
    """Segment ``text`` into words; ``"".join(tokenize(text)) == text``.

    >>> tokenize("联合国毒品和犯罪问题办公室协助追查")
    ['联合国毒品和犯罪问题办公室', '协助', '追查']
    """
    if not text:
        return []
    tokens = _dictionary_cut().cut(text)
    return _join_dotted_numbers(tokens) if "." in text else tokens


def _join_dotted_numbers(tokens: Iterable[str]) -> list[str]:
    """Re-join ``16 . 4 . 2`` into ``16.4.2`` (digits, dot, digits; repeated)."""
    out: list[str] = []
    for token in tokens:
        if (_DIGITS.fullmatch(token) and len(out) >= 2 and out[-1] == "."
                and _DIGITS.fullmatch(out[-2].rsplit(".", 1)[-1])
                and out[-2][:1].isdigit()):
            dot = out.pop()
            out[-1] += dot + token
        else:
            out.append(token)
    return out

