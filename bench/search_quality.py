"""Search quality: the judged queries (tests/judged_queries.toml) through three engines over the same
paragraphs — wgkb search, SQLite FTS5 with the trigram tokenizer, and plain substring matching
(bench/baselines.py) — printing nDCG@10 and MRR per kind of query and overall, side by side, from
one run (and per query with --per-query).

    python3 bench/search_quality.py [--home DIR] [--judged FILE] [--per-query]

Queries whose passages were all graded 0 are left out of the means (nDCG is undefined for them)
and counted in the first line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.baselines import engines, open_kb  # noqa: E402
from index.evaluation import K, Score, answerable, evaluate, load_judged, mean, resolve  # noqa: E402

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "judged_queries.toml"


def table(judged, results: dict[str, list[Score]]) -> list[str]:
    """Rows: per kind and overall, nDCG@10 and MRR of each engine."""
    kinds = sorted({j.kind for j in judged})
    names = list(results)
    lines = [f"{'kind':<12} {'n':>4}  " + "  ".join(f"{n + ' nDCG':>18} {'MRR':>5}" for n in names)]
    for kind in [*kinds, "overall"]:
        rows = [i for i, j in enumerate(judged) if kind in ("overall", j.kind)]
        cells = "  ".join(f"{mean(results[n][i].ndcg for i in rows):>18.3f} {mean(results[n][i].rr for i in rows):>5.3f}"
                          for n in names)
        lines.append(f"{kind:<12} {len(rows):>4}  {cells}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", help="an existing knowledge base (default: a fresh one with corpus/)")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="the judged set (default: %(default)s)")
    parser.add_argument("--per-query", action="store_true", help="print nDCG@10 per query and engine")
    args = parser.parse_args(argv)
    kb = open_kb(args.home)
    documents = list(kb.store.iter_documents())
    every = resolve(load_judged(args.judged), documents)
    judged = answerable(every)
    runs = engines(kb)
    results = {name: evaluate(search, judged, K) for name, search in runs.items()}
    print(f"{len(judged)} judged queries ({len(every) - len(judged)} with nothing relevant left out), "
          f"{sum(len(d.paragraphs) for d in documents)} paragraphs of {len(documents)} documents\n")
    print("\n".join(table(judged, results)))
    if args.per_query:
        print("\nnDCG@10 per query: " + " | ".join(runs))
        for i, item in enumerate(judged):
            row = "  ".join(f"{results[name][i].ndcg:5.2f}" for name in runs)
            print(f"  {row}   {item.id or ''} {item.q}  ({item.kind}{' ' + str(item.filters) if item.filters else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
