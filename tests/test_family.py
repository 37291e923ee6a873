"""The family corpus (tests/fixtures/family/): every document ingested with ``ingest_file`` and each
field compared with its hand gold, one test per (document, field).

Cases listed in ``tests/fixtures/family/known_failures.toml`` are strict xfails: they show the gap
while the suite stays green, and a case that starts passing fails until it is removed from the list.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FAMILY = Path(__file__).resolve().parent / "fixtures" / "family"
sys.path.insert(0, str(FAMILY))

from family_gold import CATEGORIES, FIELDS, FORMS, Gold, checked_fields, known_failures, load_all, observed  # noqa: E402

from index.store import Store  # noqa: E402
from ingest.pipeline import ingest_file  # noqa: E402
from ingest.records import Document  # noqa: E402

GOLD = load_all()
KNOWN = known_failures()
_CACHE: dict[str, dict] = {}
_DOCUMENTS: dict[str, Document] = {}


def _document(gold: Gold) -> Document:
    """Ingest each document once per session."""
    if gold.name not in _DOCUMENTS:
        _DOCUMENTS[gold.name] = ingest_file(gold.path)
    return _DOCUMENTS[gold.name]


def _observed(gold: Gold) -> dict:
    if gold.name not in _CACHE:
        _CACHE[gold.name] = observed(_document(gold), gold)
    return _CACHE[gold.name]


def _cases() -> list:
    cases = []
    for gold in GOLD:
        for name in checked_fields(gold):
            marks = []
            if name in KNOWN.get(gold.name, ()):
                marks.append(pytest.mark.xfail(strict=True, reason="known_failures.toml"))
            cases.append(pytest.param(gold, name, marks=marks, id=f"{gold.name}-{name}"))
    return cases


@pytest.mark.parametrize(("gold", "field"), _cases())
def test_family_field(gold: Gold, field: str) -> None:
    got = _observed(gold)[field]
    expected = gold.expected(field)
    if field == "citations":
        assert got == expected, f"missing {sorted(expected - got)}, extra {sorted(got - expected)}"
    else:
        assert got == expected


def test_corpus_covers_the_family() -> None:
    """At least 32 documents; every category and every form has at least one."""
    assert len(GOLD) >= 32
    assert set(CATEGORIES) - {g.category for g in GOLD} == set()
    assert set(FORMS) - {g.form for g in GOLD} == set()


def test_known_failures_name_real_cases() -> None:
    """Every entry of known_failures.toml names a gold document and a checked field."""
    by_name = {g.name: g for g in GOLD}
    for name, fields in KNOWN.items():
        assert name in by_name, f"known_failures.toml: no gold document {name!r}"
        unknown = fields - set(checked_fields(by_name[name]))
        assert not unknown, f"known_failures.toml: {name}: fields {sorted(unknown)} not checked ({FIELDS})"


def test_every_family_document_reads_back_from_the_store_as_written(tmp_path: Path) -> None:
    """The store keeps every field of every form exactly; every citation's and entity's surface is its
    paragraph text's slice, which the store does not keep a second time."""
    with Store(tmp_path / "family.sqlite") as store:
        for gold in GOLD:
            document = _document(gold)
            assert all(p.text[a.start:a.end] == a.surface for p in document.paragraphs
                       for a in (*p.entities, *p.citations)), gold.name
            store.put_document(document, source_key=gold.name)
            assert store.get_document(document.id) == document, gold.name
        assert store._query("SELECT COUNT(*) FROM entities WHERE surface IS NOT NULL") == [(0,)]
        assert store._query("SELECT COUNT(*) FROM citations")[0][0] > 100
