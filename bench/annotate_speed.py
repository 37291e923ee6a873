"""Annotation speed: citations + roles + entities vs plain jieba, on the corpus replicated N times.
A script, not a test.

    python3 bench/annotate_speed.py [--copies 50] [--runs 5]

The corpus is replicated with ``bench/corpus_replica.py`` (distinct symbols per copy), each file is
read, cleaned and segmented once with ``ingest.pipeline.build_document`` (not timed), then, over the
same paragraphs, in the same process, each step is timed ``--runs`` times, the steps interleaved
within each run (a, t, b, …, then again), and the MEDIAN reported, both as CPU time of this process
(``time.process_time``: what the work costs, insensitive to other processes on a shared machine) and
as wall time. The ratio is computed per run and its median reported:

(a) ``jieba.lcut(text)`` on every paragraph text: the global jieba, default dictionary, default
    HMM on: what "plain jieba" costs;
(t) ``ingest.tokens.tokenize`` on every paragraph: wgkb's segmentation (user dictionary, HMM off),
    done once per paragraph at annotation and reused;
(b) citation extraction (``cite_document``) + roles (``assign_roles``) + entity recognition
    (``tag_entities``) on documents whose ``Paragraph.tokens`` are already set.

Target (issue 3, item 7): b <= a, i.e. ratio b/a <= 1.0. Dictionaries are loaded and the spaCy
pipeline built before timing (one-off start-up costs, printed separately).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus_replica import replicate  # noqa: E402

from ingest.annotate import add_tokens  # noqa: E402
from ingest.entities import pipeline, tag_entities  # noqa: E402
from ingest.pipeline import build_document, load_manifest  # noqa: E402
from ingest.read import file_sha256, read_file  # noqa: E402
from ingest.records import Document  # noqa: E402
from ingest.references import cite_document  # noqa: E402
from ingest.roles import assign_roles  # noqa: E402
from ingest.tokens import tokenize, tokenizer  # noqa: E402

CORPUS = REPO / "corpus"
TARGET_RATIO = 1.0


def load_documents(copies: int) -> list[Document]:
    """The corpus replicated ``copies`` times, cleaned and segmented (not annotated)."""
    with tempfile.TemporaryDirectory() as tmp:
        docs = []
        for folder in replicate(CORPUS, Path(tmp), copies):
            manifest = load_manifest(folder)
            for name, entry in sorted(manifest.items()):
                path = folder / name
                docs.append(build_document(read_file(path), str(path), file_sha256(path), entry))
        return docs


def timed(step: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call of ``step``."""
    cpu, wall = time.process_time(), time.perf_counter()
    step()
    return time.process_time() - cpu, time.perf_counter() - wall


def run_interleaved(steps: dict[str, Callable[[], object]], runs: int) -> dict[str, list[tuple[float, float]]]:
    """``runs`` rounds, each timing every step once in order."""
    out: dict[str, list[tuple[float, float]]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            out[name].append(timed(step))
    return out


def start_up() -> dict[str, float]:
    """One-off costs: loading jieba's global dictionary, building wgkb's tokenizer and spaCy pipeline."""
    import jieba

    jieba.setLogLevel(60)
    out = {}
    for name, step in (("jieba global dictionary", jieba.initialize), ("wgkb tokenizer", tokenizer),
                       ("spaCy pipeline + patterns", pipeline)):
        start = time.perf_counter()
        step()
        out[name] = time.perf_counter() - start
    return out


def annotate_without_tokens(docs: list[Document]) -> None:
    """(b): citations, roles, entities, reusing the tokens already on the paragraphs."""
    for doc in docs:
        tag_entities(assign_roles(cite_document(doc)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    import jieba

    startup = start_up()
    docs = load_documents(args.copies)
    texts = [p.text for d in docs for p in d.paragraphs]
    chars = sum(map(len, texts))
    tokenized = [add_tokens(d) for d in docs]
    steps = {
        "(a) jieba.lcut, plain": lambda: [jieba.lcut(t) for t in texts],
        "(t) wgkb tokenize (user dict, HMM off)": lambda: [tokenize(t) for t in texts],
        "(b) citations + roles + entities": lambda: annotate_without_tokens(tokenized),
        "    of which citations": lambda: [cite_document(d) for d in tokenized],
        "    of which roles": lambda: [assign_roles(d) for d in tokenized],
        "    of which entities": lambda: [tag_entities(d) for d in tokenized],
    }
    results = run_interleaved(steps, args.runs)
    report(args, startup, len(docs), len(texts), chars, results)
    return 0


def report(args: argparse.Namespace, startup: dict[str, float], n_docs: int, n_paras: int, chars: int,
           results: dict[str, list[tuple[float, float]]]) -> None:
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"corpus x{args.copies}: {n_docs} documents, {n_paras} paragraphs, {chars:,} characters; "
          f"median of {args.runs} interleaved runs")
    for name, seconds in startup.items():
        print(f"start-up, {name}: {seconds:.2f} s")
    print(f"{'step':42} {'CPU s':>7} {'chars/s (CPU)':>14} {'wall s':>7}   CPU s per run")
    for name, times in results.items():
        cpu = statistics.median(c for c, _ in times)
        wall = statistics.median(w for _, w in times)
        runs = " ".join(f"{c:.2f}" for c, _ in times)
        print(f"{name:42} {cpu:7.2f} {chars / cpu:14,.0f} {wall:7.2f}   {runs}")
    a = results["(a) jieba.lcut, plain"]
    b = results["(b) citations + roles + entities"]
    t = results["(t) wgkb tokenize (user dict, HMM off)"]
    ratio = statistics.median(bb[0] / aa[0] for aa, bb in zip(a, b, strict=True))
    wall_ratio = statistics.median(bb[1] / aa[1] for aa, bb in zip(a, b, strict=True))
    tok = statistics.median(tt[0] / aa[0] for aa, tt in zip(a, t, strict=True))
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"ratio b/a = {ratio:.2f} CPU, {wall_ratio:.2f} wall (target <= {TARGET_RATIO:.1f}: {verdict}); "
          f"tokenize/a = {tok:.2f}; (t + b)/a = {tok + ratio:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
