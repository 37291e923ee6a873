"""Synonym data for query expansion: entity aliases and the bilingual glossary of the field.

``corpus/aliases.toml`` (``[[entity]]`` with ``zh``/``en`` name lists, written for entity
recognition) and ``corpus/glossary.toml`` (``[[term]]`` with ``en``/``zh`` lists, written for search)
are merged into synonym sets: any name expands to every other name of its set, and two entries that
share a name (``具体目标 16.4`` in both) become one set.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

#: The bundled data folder.
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
#: Characters ignored when comparing names: spaces and title brackets (《枪支议定书》 = 枪支议定书).
NAME_NOISE = re.compile(r"[\s《》〈〉“”\"']")
#: A Chinese name kept whole inside a longer query (split_names), and its least length.
CJK_NAME = re.compile(r"[\u3400-\u9fff]+")
MIN_WHOLE = 3


def name_key(name: str) -> str:
    """The comparison form of a name: NFKC, lower case, no spaces or title brackets."""
    return NAME_NOISE.sub("", unicodedata.normalize("NFKC", name).lower())


class Vocabulary:
    """Synonym sets over names (Chinese and English)."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self._parent: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for group in groups:
            names = [n for n in (str(x).strip() for x in group) if name_key(n)]
            for name in names:
                self._display.setdefault(name_key(name), NAME_NOISE.sub(" ", name).strip())
            for name in names[1:]:
                self._union(name_key(names[0]), name_key(name))
        self._members: dict[str, list[str]] = {}
        for key in self._display:
            self._members.setdefault(self._find(key), []).append(key)
        self._multiword = sorted((d for d in self._display.values() if " " in d), key=len, reverse=True)
        self._patterns: list[tuple[str, re.Pattern]] | None = None
        self._chinese = sorted((d for d in self._display.values()
                                if len(d) >= MIN_WHOLE and CJK_NAME.fullmatch(d)), key=len, reverse=True)

    def _find(self, key: str) -> str:
        self._parent.setdefault(key, key)
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        self._parent[self._find(a)] = self._find(b)

    def __len__(self) -> int:
        return len(self._display)

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._display

    def synonyms(self, name: str) -> list[str]:
        """The other names of ``name``'s set (display forms), or [] when it is no known name."""
        key = name_key(name)
        if key not in self._display:
            return []
        return [self._display[k] for k in self._members[self._find(key)] if k != key]

    def split_names(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into ``(piece, is_name)``: the Chinese names of the vocabulary it holds (of
        MIN_WHOLE+ characters, longest first, not overlapping) and the text between them, in order:
        a term stays whole inside a longer question whatever jieba makes of it there."""
        spans: list[tuple[int, int]] = []
        for name in self._chinese:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if all(end <= a or start >= b for a, b in spans):
                    spans.append((start, end))
                start = text.find(name, end)
        out, at = [], 0
        for start, end in sorted(spans):
            if start > at:
                out.append((text[at:start], False))
            out.append((text[start:end], True))
            at = end
        if at < len(text):
            out.append((text[at:], False))
        return out

    def multiword_names(self, text: str) -> list[str]:
        """Names with inner spaces (``single point of contact``, ``SDG 16.4``) occurring in ``text``
        (case-insensitive, whole words), longest first, not overlapping."""
        lowered = text.lower()
        if " " not in lowered.strip():
            return []
        found: list[str] = []
        taken: list[tuple[int, int]] = []
        for first, pattern in self._multiword_patterns():
            if first not in lowered:  # a name matches only where its first word stands
                continue
            for m in pattern.finditer(lowered):
                if all(m.end() <= a or m.start() >= b for a, b in taken):
                    taken.append(m.span())
                    found.append(text[m.start():m.end()])
        return found

    def _multiword_patterns(self) -> list[tuple[str, re.Pattern]]:
        """``(first word, pattern)`` of every multi-word name, longest name first, compiled once."""
        if self._patterns is None:
            self._patterns = [(name.lower().split(" ", 1)[0],
                               re.compile(r"(?<![0-9a-z])" + re.escape(name.lower()).replace(r"\ ", r"\s+")
                                          + r"(?![0-9a-z])")) for name in self._multiword]
        return self._patterns


def read_aliases(path: Path) -> list[list[str]]:
    """The name lists of ``aliases.toml``'s ``[[entity]]`` tables (zh + en)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [list(e.get("zh", [])) + list(e.get("en", [])) for e in data.get("entity", [])]


def read_glossary(path: Path) -> list[list[str]]:
    """The term lists of ``glossary.toml``'s ``[[term]]`` tables (en + zh)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [list(t.get("en", [])) + list(t.get("zh", [])) for t in data.get("term", [])]


def read_variants(path: Path) -> list[list[str]]:
    """The form lists of ``variants.toml``'s ``[[variant]]`` tables."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [list(v.get("forms", [])) for v in data.get("variant", [])]


@functools.lru_cache(maxsize=4)
def load_vocabulary(corpus_dir: Path = CORPUS_DIR) -> Vocabulary:
    """Aliases + glossary + variants of ``corpus_dir`` (any file may be missing)."""
    groups: list[list[str]] = []
    for name, reader in (("aliases.toml", read_aliases), ("glossary.toml", read_glossary),
                         ("variants.toml", read_variants)):
        if (corpus_dir / name).is_file():
            groups.extend(reader(corpus_dir / name))
    return Vocabulary(groups)


@functools.lru_cache(maxsize=4)
def instruments(corpus_dir: Path = CORPUS_DIR) -> dict[str, str]:
    """Instrument name (``name_key`` form: 枪支议定书, firearmsprotocol, untoc …) -> its id as article
    citations use it (``firearms-protocol``), from aliases.toml's ``instrument:`` entities."""
    path = corpus_dir / "aliases.toml"
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {name_key(name): str(e["id"]).split(":", 1)[1]
            for e in data.get("entity", []) if str(e.get("id", "")).startswith("instrument:")
            for name in [*e.get("zh", []), *e.get("en", [])]}
