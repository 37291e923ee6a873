"""`kb.export()` / `wgkb export --json`: exactly the DESIGN.md shape (contract keys and types)."""

from __future__ import annotations

import json

import pytest

from ingest.records import PARAGRAPH_KINDS, ROLES
from wgkb.export import CITATION_KEYS, DOCUMENT_KEYS, PARAGRAPH_KEYS
from wgkb.facade import KnowledgeBase

#: The contract of DESIGN.md, written out here again on purpose: a rename in wgkb/export.py must fail.
CONTRACT_DOCUMENT = {"id": str, "symbol": (str, type(None)), "title": (str, type(None)),
                     "doc_type": (str, type(None)), "date": (str, type(None)), "language": str,
                     "source": str, "sha256": str, "paragraphs": list}
CONTRACT_PARAGRAPH = {"key": str, "kind": str, "section": list, "page": (int, type(None)), "text": str,
                      "roles": list, "addressee": (str, type(None)), "verb": (str, type(None)),
                      "citations": list}
CONTRACT_CITATION = {"target": str, "surface": str, "relation": (str, type(None)),
                     "pinpoint": (str, type(None)), "start": int, "end": int}


@pytest.fixture(scope="module")
def exported(corpus_kb: KnowledgeBase) -> dict:
    return json.loads(json.dumps(corpus_kb.export(), ensure_ascii=False))


def test_top_level_is_documents_and_reviews(exported: dict) -> None:
    # "reviews" (issue 11): the human reviews of follow-up, none in a freshly ingested corpus
    assert list(exported) == ["documents", "reviews"] and len(exported["documents"]) >= 5
    assert exported["reviews"] == []


def test_module_constants_match_the_contract() -> None:
    assert set(DOCUMENT_KEYS) | {"paragraphs"} == set(CONTRACT_DOCUMENT)
    assert set(PARAGRAPH_KEYS) == set(CONTRACT_PARAGRAPH)
    assert set(CITATION_KEYS) == set(CONTRACT_CITATION)


def check(record: dict, contract: dict, where: str) -> None:
    for key, kind in contract.items():
        assert key in record, f"{where}: missing {key}"
        assert isinstance(record[key], kind), f"{where}: {key}={record[key]!r}"


def test_documents_have_the_contract_keys(exported: dict) -> None:
    for doc in exported["documents"]:
        check(doc, CONTRACT_DOCUMENT, doc["id"])
        assert len(doc["sha256"]) == 64 and doc["language"] == "zh"
        assert doc["id"].startswith(("document:", "resolution:", "decision:"))


def test_paragraphs_have_the_contract_keys(exported: dict) -> None:
    for doc in exported["documents"]:
        assert doc["paragraphs"], doc["id"]
        keys = [p["key"] for p in doc["paragraphs"]]
        assert len(keys) == len(set(keys)), f"{doc['id']}: duplicate keys"
        for p in doc["paragraphs"]:
            check(p, CONTRACT_PARAGRAPH, f"{doc['id']}¶{p['key']}")
            assert p["kind"] in PARAGRAPH_KINDS and set(p["roles"]) <= set(ROLES)
            assert all(isinstance(s, str) for s in p["section"])
            if p["kind"] == "footnote":
                assert p["key"].startswith("fn")


def test_citations_slice_back_to_their_surface(exported: dict) -> None:
    count = 0
    for doc in exported["documents"]:
        for p in doc["paragraphs"]:
            for c in p["citations"]:
                check(c, CONTRACT_CITATION, f"{doc['id']}¶{p['key']}")
                assert p["text"][c["start"]:c["end"]] == c["surface"]
                assert c["target"].split(":", 1)[0] in ("resolution", "decision", "document",
                                                        "recommendation", "article")
                count += 1
    assert count > 50


def test_resolution_is_exported_with_its_parts(exported: dict) -> None:
    doc = next(d for d in exported["documents"] if d["id"] == "resolution:COP 11/6")
    kinds = {p["kind"] for p in doc["paragraphs"]}
    assert {"preamble", "operative", "footnote"} <= kinds
    operative = [p["key"] for p in doc["paragraphs"] if p["kind"] == "operative"]
    assert operative == [str(n) for n in range(1, len(operative) + 1)] and len(operative) >= 20


def test_extras_do_not_shadow_the_contract(exported: dict) -> None:
    doc = exported["documents"][0]
    paragraph = doc["paragraphs"][0]
    assert paragraph["id"] == f"{doc['id']}¶{paragraph['key']}"
    assert isinstance(paragraph["label"], str) and paragraph["label"]
