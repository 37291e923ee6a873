"""Ingest throughput, cold and warm, on the corpus and on the corpus replicated N times; peak memory;
and how cleaning + segmentation scale with the length of a text. A script, not a test.

    python3 bench/ingest_speed.py [--copies 50] [--repeat 3]

Each ingest scenario runs in a fresh child process (so its peak RSS is its own) through the facade,
exactly as ``wgkb ingest`` does (parse, annotate, store, search-index hook):
- cold: empty home, new process (one-time loading of jieba/spaCy/CLDR data included);
- cold, models preloaded: the same, with that loading done before the clock starts;
- warm: the same files again, unchanged (nothing parsed).
Cleaning + segmentation (``ingest.pipeline.build_document``: clean, segment, metadata; no annotation)
is timed on each seed as is (1x) and on each seed's text repeated N times as ONE document (Nx): a
super-linear step would show as a lower characters/s at Nx. Targets: warm re-ingest of the corpus
< 1 s; Nx clean+segment characters/s >= 80% of 1x.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus_replica import replicate  # noqa: E402

from wgkb.facade import CORPUS_DIR, KnowledgeBase  # noqa: E402

#: Targets from issue 2.
WARM_TARGET_SECONDS = 1.0
LINEARITY_TARGET = 0.80


def machine() -> str:
    """``nproc``, CPU model and Python version of this machine."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}, {platform.system()}"


# ---- child: one ingest in a fresh process ----------------------------------------------------
def child_ingest(home: str, paths: list[str], preload: bool = False) -> dict:
    """Ingest in this process and return the figures as a dict (printed as JSON by ``--child``).
    ``preload`` first annotates a tiny document, so one-time loading (jieba dictionary, spaCy
    pipeline, country names) is not timed."""
    if preload:
        _preload()
    kb = KnowledgeBase.open(home)
    started = time.perf_counter()
    report = kb.ingest(paths)
    seconds = time.perf_counter() - started
    kb.close()
    totals = report.totals()
    return {"seconds": seconds, "documents": totals["documents"], "characters": totals["characters"],
            "stored": len(report.stored), "unchanged": len(report.unchanged), "failed": len(report.errors),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            # the largest parsing worker (wgkb/ingest_pool.py), 0 when the run parsed in-process
            "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _preload() -> None:
    from ingest.annotate import annotate
    from ingest.pipeline import build_document
    from ingest.read import RawText

    text = "1. 工作组建议毒品和犯罪问题办公室继续协助各国执行第 9/2 号决议。"
    annotate(build_document(RawText(pages=((None, text),), kind="txt"), "preload.txt", "0" * 64))


def run_child(home: Path, paths: list[Path], preload: bool = False) -> dict:
    flag = ["--preload"] if preload else []
    out = subprocess.run([sys.executable, __file__, *flag, "--child", str(home), *map(str, paths)], check=True,
                         capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ingest_scenarios(label: str, paths: list[Path], workdir: Path, repeat: int) -> list[dict]:
    """Cold (with and without one-time model loading) then warm ingest of ``paths`` into a new home,
    ``repeat`` times; medians."""
    colds, preloaded, warms = [], [], []
    for n in range(repeat):
        home = workdir / f"home-{label}-{n}"
        colds.append(run_child(home, paths))
        warms.append(run_child(home, paths))
        preloaded.append(run_child(workdir / f"home-{label}-{n}-preloaded", paths, preload=True))
    return [_median(f"{label} cold", colds), _median(f"{label} cold, models preloaded", preloaded),
            _median(f"{label} warm", warms)]


def _median(name: str, runs: list[dict]) -> dict:
    seconds = statistics.median(r["seconds"] for r in runs)
    first = runs[0]
    return {"scenario": name, "seconds": seconds, "documents": first["documents"],
            "characters": first["characters"], "docs_per_s": first["documents"] / seconds,
            "chars_per_s": first["characters"] / seconds, "stored": first["stored"],
            "unchanged": first["unchanged"], "failed": first["failed"],
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
            "worker_rss_mb": max(r.get("worker_rss_mb", 0) for r in runs)}


# ---- clean + segment scaling -----------------------------------------------------------------
def clean_segment_rate(texts: list[str], repeat: int) -> float:
    """Characters per second of ``build_document`` (clean, segment, metadata) over ``texts``; best of
    ``repeat`` runs."""
    from ingest.pipeline import build_document
    from ingest.read import RawText

    total = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for n, text in enumerate(texts):
            build_document(RawText(pages=((None, text),), kind="txt"), f"bench{n}.txt", "0" * 64)
        best = min(best, time.perf_counter() - started)
    return total / best


def scaling(copies: int, repeat: int) -> dict:
    seeds = [p.read_text(encoding="utf-8-sig") for p in sorted(CORPUS_DIR.glob("*.txt")) if p.name != "terms.txt"]
    clean_segment_rate(seeds, 1)  # warm-up: imports, compiled patterns
    one = clean_segment_rate(seeds, max(repeat, 5))
    many = clean_segment_rate(["\n\n".join([s] * copies) for s in seeds], max(1, repeat // 2))
    return {"chars_1x": sum(map(len, seeds)), "rate_1x": one, "rate_nx": many, "ratio": many / one}


# ---- report ----------------------------------------------------------------------------------
def markdown(rows: list[dict], scale: dict, copies: int, seconds: float) -> str:
    lines = [f"Machine: {machine()}.", "",
             f"Command: `python3 bench/ingest_speed.py --copies {copies}` (total {seconds:.0f} s).", "",
             "| scenario | documents | characters | seconds | documents/s | characters/s | peak RSS "
             "| largest worker |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['scenario']} | {r['documents']} | {r['characters']:,} | {r['seconds']:.2f} | "
                     f"{r['docs_per_s']:.1f} | {r['chars_per_s']:,.0f} | {r['peak_rss_mb']:.0f} MB | "
                     f"{r['worker_rss_mb']:.0f} MB |")
    warm = next(r for r in rows if r["scenario"] == "corpus warm")
    lines += ["", f"Warm re-ingest of the corpus: {warm['seconds']:.3f} s (target < {WARM_TARGET_SECONDS:.0f} s: "
              f"{'met' if warm['seconds'] < WARM_TARGET_SECONDS else 'NOT met'}).", "",
              f"Cleaning + segmentation (`build_document`, no annotation), each seed as one document: "
              f"1x {scale['rate_1x']:,.0f} chars/s, {copies}x (each seed's text repeated {copies} times) "
              f"{scale['rate_nx']:,.0f} chars/s, ratio {scale['ratio']:.2f} (target >= {LINEARITY_TARGET:.2f}: "
              f"{'met' if scale['ratio'] >= LINEARITY_TARGET else 'NOT met'})."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="example: python3 bench/ingest_speed.py --copies 50 --repeat 3")
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs per scenario (median reported)")
    parser.add_argument("--child", nargs="+", metavar=("HOME", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--preload", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child_ingest(args.child[0], args.child[1:], args.preload)))
        return 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="wgkb-bench-") as tmp:
        work = Path(tmp)
        replicate(CORPUS_DIR, work / "replica", args.copies)
        rows = ingest_scenarios("corpus", [CORPUS_DIR], work, args.repeat)
        rows += ingest_scenarios(f"corpus x{args.copies}", [work / "replica"], work, max(1, args.repeat // 2))
    scale = scaling(args.copies, args.repeat)
    for row in rows:
        if row["failed"]:
            print(f"warning: {row['scenario']}: {row['failed']} files failed", file=sys.stderr)
    print(markdown(rows, scale, args.copies, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
