"""Query latency per case at one existing home, over ``bench/scale.py``'s fixed query set (every query
unfiltered and under each filter): the slowest cases, p50 / p95 / max, and the first (cold) run of each
unfiltered query in this process. With ``--profile QUERY`` a cProfile of that query instead.

The home is searched with the code of the tree this script lies in, so a before/after comparison runs
the same script from two trees, one after the other, on the same home (e.g. a ``git archive`` of the
older commit with this file copied into its bench/):

    python3 bench/query_cases.py /tmp/h100                       # grown by bench/scale.py --grow
    python3 bench/query_cases.py /tmp/h100 --profile "非法贩运 枪支" --filter year=2014..2018
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from scale import FILTERS, QUERIES, REPEAT, percentile  # noqa: E402

from wgkb.facade import KnowledgeBase  # noqa: E402


def timed(kb: KnowledgeBase, query: str, filters: dict) -> float:
    started = time.perf_counter()
    kb.search(query, **filters)
    return time.perf_counter() - started


def report(kb: KnowledgeBase, slowest: int) -> None:
    cold = [(timed(kb, q, {}), q) for q in QUERIES]
    cases = [(q, {}) for q in QUERIES] + [(q, f) for q in QUERIES for f in FILTERS]
    for q, f in cases:  # warm-up pass, as bench/scale.py
        kb.search(q, **f)
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(REPEAT):
        for q, f in cases:
            times.setdefault((q, json.dumps(f, ensure_ascii=False)), []).append(timed(kb, q, f))
    print("  max ms   min ms  case")
    for (q, f), values in sorted(times.items(), key=lambda kv: -max(kv[1]))[:slowest]:
        print(f"{max(values) * 1e3:8.1f} {min(values) * 1e3:8.1f}  {q} {f}")
    every = [v for values in times.values() for v in values]
    plain = [v for (_, f), values in times.items() if f == "{}" for v in values]
    for name, values in (("all", every), ("unfiltered", plain)):
        print(f"{name}: p50 {percentile(values, .5) * 1e3:.1f} ms, p95 {percentile(values, .95) * 1e3:.1f} ms, "
              f"max {max(values) * 1e3:.1f} ms ({len(values)} runs)")
    print("cold (first run, unfiltered): " + ", ".join(f"{q} {t * 1e3:.0f}" for t, q in cold) + " ms")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("home", type=Path, help="an existing home (e.g. grown by bench/scale.py --grow)")
    parser.add_argument("--slowest", type=int, default=10, help="how many of the slowest cases to list")
    parser.add_argument("--profile", metavar="QUERY", help="profile this query (3 runs after one) instead")
    parser.add_argument("--filter", action="append", default=[], metavar="NAME=VALUE",
                        help="a filter of the profiled query (role=mandate, year=2014..2018)")
    args = parser.parse_args(argv)
    if not (args.home / "wgkb.sqlite").is_file():
        parser.error(f"{args.home}: no wgkb.sqlite there (not a home)")
    kb = KnowledgeBase.open(args.home)
    kb.search_index.notify = lambda message: None
    started = time.perf_counter()
    kb.search("枪支")  # open the searcher (rebuilds a stale index first)
    print(f"first search (opens the searcher): {(time.perf_counter() - started) * 1e3:.0f} ms")
    if args.profile:
        filters = dict(f.split("=", 1) for f in args.filter)
        kb.search(args.profile, **filters)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(3):
            kb.search(args.profile, **filters)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    else:
        report(kb, args.slowest)
    kb.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
