"""Measured accuracy of the citation extractor against hand annotations (issue 3, item 5).

Gold files in ``tests/gold/citations/``: two seed documents and four short documents of other formats
written for the purpose (``tests/fixtures/docs/``: a General Assembly resolution with ``1/`` footnote
marks, a Security Council resolution citing presidential statements, a text flattened from PDF with no
punctuation, a zh/en interleaved report). A citation counts as correct when paragraph key, target and
surface all match; where the gold says the text does not settle the target (``text_determines: false``)
an honest unresolved answer of the same kind and number also counts. Precision and recall must reach
0.95 on each document.

Print the table: ``python -m tests.test_citation_accuracy``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from ingest.records import Citation, Document
from ingest.references import cite_document
from tests.citation_docs import GOLD_DIR, gold_document, load_gold

GOLD_FILES = sorted(p.name for p in GOLD_DIR.glob("*.json"))
THRESHOLD = 0.95


def _unresolved_form(target: str) -> str:
    """What an honest "unknown" looks like for ``target``: ``recommendation:?#20``, ``resolution:?``."""
    kind, _, rest = target.partition(":")
    if kind == "recommendation":
        return f"recommendation:?#{rest.rsplit('#', 1)[1]}"
    if kind in ("resolution", "decision"):
        return f"{kind}:? {rest.split(' ', 1)[1]}" if " " in rest else f"{kind}:?"
    return f"{kind}:?"


def score(
    name: str, cite: Callable[[Document], Document] = cite_document
) -> tuple[float, float, list[tuple], list[tuple]]:
    """(precision, recall, missed gold entries, wrong predictions) for one gold file."""
    gold = load_gold(name)
    doc = cite(gold_document(gold))
    predicted = Counter((p.key, c.target, c.surface) for p in doc.paragraphs for c in p.citations)
    expected = Counter()
    for g in gold["citations"]:
        target = g["target"] if g.get("text_determines", True) else _accept_either(g, predicted)
        expected[(g["key"], target, g["surface"])] += 1
    matched = sum((predicted & expected).values())
    precision = matched / sum(predicted.values()) if predicted else 1.0
    recall = matched / sum(expected.values()) if expected else 1.0
    return precision, recall, sorted((expected - predicted).elements()), sorted((predicted - expected).elements())


def _accept_either(g: dict, predicted: Counter) -> str:
    """For a gold entry the text does not settle: the unresolved form, or the meeting-based id the
    text does give (gold ``text_says``: ``recommendation:CTOC/COP/WG.6@5#20``), if that is what was
    predicted."""
    for honest in (g.get("text_says"), _unresolved_form(g["target"])):
        if honest and predicted[(g["key"], honest, g["surface"])]:
            return honest
    return g["target"]


def test_there_are_at_least_two_seed_and_four_other_gold_documents() -> None:
    assert sum(n.startswith("seed_") for n in GOLD_FILES) >= 2
    assert sum(n.startswith("fixture_") for n in GOLD_FILES) >= 4


@pytest.mark.parametrize("name", GOLD_FILES)
def test_precision_and_recall_reach_threshold(name: str) -> None:
    precision, recall, missed, wrong = score(name)
    assert precision >= THRESHOLD and recall >= THRESHOLD, {"P": precision, "R": recall, "missed": missed, "wrong": wrong}


def _finds_nothing(doc: Document) -> Document:
    return doc


def _invents_one_per_paragraph(doc: Document) -> Document:
    doc = cite_document(doc)
    fake = Citation(target="resolution:GA 1/1", surface="", start=0, end=0)
    return doc.with_paragraphs(tuple(p.__class__(**{**p.__dict__, "citations": p.citations + (fake,)})
                                     for p in doc.paragraphs))


def test_scoring_catches_misses_and_inventions() -> None:
    """The scorer itself: nothing found is recall 0; invented citations lower precision."""
    name = GOLD_FILES[0]
    precision, recall, missed, wrong = score(name, _finds_nothing)
    assert (precision, recall, wrong) == (1.0, 0.0, [])
    assert len(missed) == len(load_gold(name)["citations"])
    precision, recall, _, wrong = score(name, _invents_one_per_paragraph)
    assert recall == 1.0 and precision < THRESHOLD and wrong


if __name__ == "__main__":
    print(f"{'gold document':45} {'gold':>5} {'P':>6} {'R':>6}")
    for gold_name in GOLD_FILES:
        p, r, miss, bad = score(gold_name)
        print(f"{gold_name:45} {len(load_gold(gold_name)['citations']):5} {p:6.3f} {r:6.3f}")
        for entry in miss:
            print("   missed", entry)
        for entry in bad:
            print("   wrong ", entry)
