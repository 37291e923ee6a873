"""Extraction quality on the family corpus (tests/fixtures/family/): every document ingested with
``ingest_file`` and compared with its hand gold, printed per category, per form and overall.

    python3 bench/family.py [--json] [--per-document]

Scalar fields (identity, date, title, type): precision = right / documents where the extractor gave
a value, recall = right / documents whose gold has a value ("no symbol" is the content-hash id and
counts as a value; a missing date or title does not). Numbered paragraphs: precision/recall of the
printed keys (numbered, operative and agenda-item paragraphs) pooled over the documents. Citations:
precision/recall of the cited targets (canonical ids, the document's own id excluded), pooled.
"fresh" documents (gold ``fresh = true``) were written after the extractor changes for this corpus
began to land and were not used to make them: their figures show how those changes generalise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "family"))

from family_gold import Gold, load_all, observed  # noqa: E402

from ingest.errors import IngestError  # noqa: E402
from ingest.pipeline import ingest_file  # noqa: E402

SCALARS = ("id", "date", "title", "type")
SETS = ("paragraphs", "citations")
#: Documents written after the extractor work on the corpus had landed (gold ``fresh = true``) and the rest.
FRESH, TUNED = "fresh", "tuned"


def counts(gold: Gold, got: dict) -> dict[str, list[int]]:
    """Per field ``[right, predicted, expected]`` for one document."""
    out: dict[str, list[int]] = {}
    for name in SCALARS:
        want, have = gold.expected(name), got[name]
        out[name] = [int(want is not None and want == have), int(have is not None), int(want is not None)]
    for name in SETS:
        want, have = set(gold.expected(name)), set(got[name])
        out[name] = [len(want & have), len(have), len(want)]
    return out


def add(total: dict[str, list[int]], part: dict[str, list[int]]) -> None:
    for name, values in part.items():
        row = total.setdefault(name, [0, 0, 0])
        for i, value in enumerate(values):
            row[i] += value


def scores(total: dict[str, list[int]]) -> dict[str, dict[str, float | int]]:
    """Precision and recall per field from pooled counts (1.0 when there is nothing to find)."""
    out = {}
    for name, (right, predicted, expected) in total.items():
        out[name] = {"precision": round(right / predicted, 3) if predicted else 1.0,
                     "recall": round(right / expected, 3) if expected else 1.0,
                     "right": right, "predicted": predicted, "expected": expected}
    return out


def evaluate() -> dict:
    """Ingest every gold document and pool the counts by category, by form and overall."""
    by_category: dict[str, dict] = defaultdict(dict)
    by_form: dict[str, dict] = defaultdict(dict)
    by_batch: dict[str, dict] = defaultdict(dict)
    overall: dict[str, list[int]] = {}
    documents, sizes = [], defaultdict(int)
    for gold in load_all():
        try:
            got = observed(ingest_file(gold.path), gold)
        except IngestError as exc:
            print(f"{gold.name}: {exc}", file=sys.stderr)
            got = {"id": None, "date": None, "title": None, "type": None, "paragraphs": (), "citations": set()}
        part = counts(gold, got)
        batch = FRESH if gold.fresh else TUNED
        for bucket in (by_category[gold.category], by_form[gold.form], by_batch[batch], overall):
            add(bucket, part)
        sizes[("category", gold.category)] += 1
        sizes[("form", gold.form)] += 1
        sizes[("batch", batch)] += 1
        wrong = [n for n in SCALARS if part[n][0] < max(part[n][1], part[n][2])]
        wrong += [n for n in SETS if not (part[n][0] == part[n][1] == part[n][2])]
        documents.append({"document": gold.name, "category": gold.category, "form": gold.form,
                          "wrong": wrong, "got": {n: _plain(got[n]) for n in SCALARS + SETS}})
    return {
        "documents": len(documents),
        "overall": scores(overall),
        "categories": {k: {"documents": sizes[("category", k)], **scores(v)} for k, v in sorted(by_category.items())},
        "forms": {k: {"documents": sizes[("form", k)], **scores(v)} for k, v in sorted(by_form.items())},
        "batches": {k: {"documents": sizes[("batch", k)], **scores(v)} for k, v in sorted(by_batch.items())},
        "per_document": documents,
    }


def _plain(value):
    return sorted(value) if isinstance(value, set) else list(value) if isinstance(value, tuple) else value


def table(title: str, rows: dict[str, dict]) -> list[str]:
    fields = SCALARS + SETS
    lines = [f"\n{title}", f"{'':28} {'docs':>4} " + " ".join(f"{n[:10]:>11}" for n in fields),
             f"{'':28} {'':>4} " + " ".join(f"{'P/R':>11}" for _ in fields)]
    for name, row in rows.items():
        cells = " ".join(f"{row[n]['precision']:.2f}/{row[n]['recall']:.2f}".rjust(11) for n in fields)
        lines.append(f"{name:28} {row['documents']:>4} {cells}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python3 bench/family.py --json > family.json")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--per-document", action="store_true", help="also list each document's wrong fields")
    args = parser.parse_args(argv)
    result = evaluate()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    overall = {"all": {"documents": result["documents"], **result["overall"]}}
    lines = table("by category", result["categories"]) + table("by form", result["forms"])
    lines += table("by batch (fresh = written after the extractor work on this corpus)", result["batches"])
    lines += table("overall", overall)
    for field, row in result["overall"].items():
        lines.append(f"  {field:11} precision {row['precision']:.3f} recall {row['recall']:.3f} "
                     f"({row['right']} right / {row['predicted']} given / {row['expected']} expected)")
    if args.per_document:
        lines.append("\nper document (fields not fully right)")
        lines += [f"  {d['document']:40} {', '.join(d['wrong']) or '-'}" for d in result["per_document"]]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
