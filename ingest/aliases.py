"""The alias data of ``corpus/aliases.toml`` and ``corpus/terms.txt``, plus country names from CLDR.

One loader for the three users: the jieba user dictionary (``ingest.tokens``), the spaCy entity
patterns (``ingest.entities``) and the addressee table of the roles (``ingest.roles``); the search
index uses :func:`synonyms` for query expansion. Everything is read once and cached.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale

#: The bundled data directory (``corpus/`` at the project root).
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
ALIASES_PATH = CORPUS_DIR / "aliases.toml"
TERMS_PATH = CORPUS_DIR / "terms.txt"
#: Entity labels of aliases.toml entries (COUNTRY comes from the [countries] table and CLDR).
ENTITY_LABELS = ("ORG", "BODY", "INSTRUMENT", "SDG", "COUNTRY")


@dataclass(frozen=True)
class AliasEntry:
    """One named thing: canonical ``id``, ``label`` and its names (Chinese first, then English)."""

    id: str
    label: str
    zh: tuple[str, ...]
    en: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """All names, Chinese then English."""
        return self.zh + self.en


@dataclass(frozen=True)
class AliasData:
    """Everything aliases.toml (+ CLDR, + terms.txt) says."""

    entries: tuple[AliasEntry, ...]
    addressees: dict[str, str]
    sdg_keywords: tuple[str, ...]
    sdg_needs_context: tuple[str, ...]
    sdg_context: str
    terms: tuple[str, ...]
    #: bare name -> the words after which it still means its entry (see [ambiguous] in aliases.toml)
    ambiguous: dict[str, frozenset[str]] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_aliases(path: Path | None = None, terms_path: Path | None = None) -> AliasData:
    """Read aliases.toml (and terms.txt) once; a bad file raises ValueError naming it and the reason."""
    path = path or ALIASES_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: cannot read alias data: {exc}") from exc
    entries = [_entry(path, raw) for raw in data.get("entity", [])]
    entries += _countries(data.get("countries", {}))
    sdg = data.get("sdg", {})
    return AliasData(
        entries=tuple(entries),
        addressees=_addressees(path, data.get("addressees", {})),
        sdg_keywords=tuple(sdg.get("keywords", ())),
        sdg_needs_context=tuple(sdg.get("needs_context", ())),
        sdg_context=sdg.get("context", ""),
        terms=_terms(terms_path or TERMS_PATH),
        ambiguous={name: frozenset(words) for name, words in data.get("ambiguous", {}).items()},
    )


def _entry(path: Path, raw: dict) -> AliasEntry:
    """One ``[[entity]]`` table, validated."""
    label = raw.get("label")
    if label not in ENTITY_LABELS or not raw.get("id") or not raw.get("zh"):
        raise ValueError(f"{path}: entity {raw.get('id')!r} needs an id, zh names and a label "
                         f"(one of {', '.join(ENTITY_LABELS)})")
    return AliasEntry(raw["id"], label, tuple(raw["zh"]), tuple(raw.get("en", ())))


def _countries(table: dict) -> list[AliasEntry]:
    """COUNTRY entries: CLDR zh territory names (ISO codes only) plus the table's extra names."""
    exclude = set(table.get("exclude", ()))
    extra: dict[str, list[str]] = table.get("names", {})
    english = Locale("en").territories
    out = []
    for code, name in Locale("zh").territories.items():
        if code.isdigit() or code in exclude:
            continue
        names = [*extra.get(code, ()), name]
        zh = tuple(dict.fromkeys(names))  # official forms first, CLDR name last, no duplicates
        out.append(AliasEntry(f"country:{code}", "COUNTRY", zh, (english.get(code, code),)))
    return out


def _addressees(path: Path, table: dict[str, list[str]]) -> dict[str, str]:
    """phrase -> canonical addressee; a phrase listed under two canonicals is an error."""
    out: dict[str, str] = {}
    for canonical, phrases in table.items():
        for phrase in phrases:
            if out.setdefault(phrase, canonical) != canonical:
                raise ValueError(f"{path}: addressee phrase {phrase!r} listed under two canonicals")
    return out


def _terms(path: Path) -> tuple[str, ...]:
    """The terms of terms.txt: one per line, ``#`` starts a comment, blank lines ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read terms: {exc}") from exc
    return tuple(t for t in (line.split("#", 1)[0].strip() for line in lines) if t)


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, AliasEntry]:
    index: dict[str, AliasEntry] = {}
    for entry in load_aliases().entries:
        for name in entry.names:
            index.setdefault(_bare(name).casefold(), entry)
    return index


def _bare(name: str) -> str:
    """A name without the 《》 that may enclose it."""
    return name.strip("《》")


def lookup(name: str) -> AliasEntry | None:
    """The entry one of whose names is ``name`` (case-insensitive, 《》 ignored), or None."""
    return _synonym_index().get(_bare(name.strip()).casefold())


def synonyms(name: str) -> tuple[str, ...]:
    """All names (zh and en, without 《》) of the entry that ``name`` names; ``()`` if none.

    >>> "UNODC" in synonyms("毒品和犯罪问题办公室")
    True
    """
    entry = lookup(name)
    return tuple(dict.fromkeys(_bare(n) for n in entry.names)) if entry else ()
