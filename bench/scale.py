"""Scale: ingest, index build, query latency, home size and peak memory at 1×, 10×, 100× and 1,000× the
bundled corpus (``bench/corpus_replica.py``), per search engine, each run in its own process.

Per size and engine: ``ingest`` (parse + store + index, as ``wgkb ingest --engine E`` does, parsing
workers on), bare ``jieba.lcut`` over the same document texts (the floor; sizes up to 100×), ``index``
(``wgkb reindex``: the whole index rebuilt from the store), p50 / p95 / max latency of a fixed mixed
query set unfiltered and under four filters (searcher open, one warm-up pass), one filtered query
against the same query unfiltered, the home's size per MB of text, the process's peak RSS.
whoosh gets ``--whoosh-limit`` seconds per size (10 minutes by default); a run that does not finish
is recorded as such. Results are appended to a JSON-lines file as each run ends, so a long run can
be reported while it goes on; ``--report`` writes the markdown table and the log-log PNG.

    python3 bench/scale.py --sizes 1 10 100 --engines whoosh tantivy
    python3 bench/scale.py --sizes 1000 --engines tantivy
    python3 bench/scale.py --report            # table + docs/scale.png from bench/results/scale.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "results" / "scale.jsonl"
PLOT = REPO / "docs" / "scale.png"
#: The fixed mixed query set: words, a 2-character word, phrases, citations, boolean, English, alias,
#: a question, traditional characters.
QUERIES = ("枪支", "标识", "记录保存", "非法贩运 枪支", '"记录保存"', '"建议 23"', "建议 23", "11/6",
           "CTOC/COP/WG.6/2014/4", "标识 AND 记录", "标识 NOT 进口", "UNODC", "record-keeping", "dark web",
           "工作组关于标识有何建议？", "記錄保存")
FILTERS = ({"role": "mandate"}, {"year": "2014..2018"}, {"doc_type": "resolution"},
           {"role": "recommendation", "year": "2014..2018"})
#: Passes over the query set after the warm-up pass.
REPEAT = 3
#: Sizes up to which bare jieba.lcut is timed in the same run (beyond, it alone takes minutes).
JIEBA_UP_TO = 100


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def child(engine: str, corpus: str, home: str, copies: int) -> dict:
    """One size with one engine, in this process (``--child``)."""
    from wgkb.facade import KnowledgeBase

    kb = KnowledgeBase.open(home)
    kb.search_index.notify = lambda message: None
    ingest_s, documents = None, len(kb.store.document_ids())
    if corpus != "-":  # "-": a home grown by --grow, measured from its store (no ingest)
        kb.use_engine(engine)
        started = time.perf_counter()
        report = kb.ingest([corpus])
        ingest_s = time.perf_counter() - started
        assert report.ok, [r.line for r in report.errors][:3]
        documents = len(report.results)
    else:
        kb.store.set_setting("engine", engine)
    texts = [d.text for d in kb.store.iter_documents()]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    jieba_s = _jieba_seconds(texts) if copies <= JIEBA_UP_TO else None
    del texts
    started = time.perf_counter()
    kb.reindex()
    index_s = time.perf_counter() - started
    kb.search("枪支")  # open the searcher
    plain = _latencies(kb, [(q, {}) for q in QUERIES])
    filtered = _latencies(kb, [(q, f) for q in QUERIES for f in FILTERS])
    one = {name: min(_latencies(kb, [("枪支", f)], repeat=5)) for name, f in
           (("unfiltered", {}), ("role=mandate", {"role": "mandate"}))}
    kb.close()  # at rest: the write-ahead log folded back into the store
    home_mb = sum(p.stat().st_size for p in Path(home).rglob("*") if p.is_file()) / 1e6
    stats = lambda xs: {"p50_ms": percentile(xs, .5) * 1e3, "p95_ms": percentile(xs, .95) * 1e3,  # noqa: E731
                        "max_ms": max(xs) * 1e3}
    return {"engine": engine, "copies": copies, "documents": documents, "text_mb": text_mb,
            "ingest_s": ingest_s, "jieba_s": jieba_s, "index_s": index_s, "home_mb": home_mb,
            "home_per_text_mb": home_mb / text_mb, "plain": stats(plain), "filtered": stats(filtered),
            "all": stats(plain + filtered), "one_query_ms": {k: v * 1e3 for k, v in one.items()},
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def grow(source: Path, home: Path, documents: int) -> None:
    """A home of ``documents`` documents made from ``source``'s stored ones, each copy's ids suffixed
    ``~<k>`` (no parsing: what an ingest of more replicas would store, for index and query figures at
    a size whose ingest does not fit the time at hand)."""
    from dataclasses import replace

    from index.store import Store

    with Store(source / "wgkb.sqlite") as store:
        ids = store.document_ids()
        with Store(home / "wgkb.sqlite") as out:
            for n in range(documents):
                document = store.get_document(ids[n % len(ids)])
                copy = n // len(ids)
                if copy:
                    document = replace(document, id=f"{document.id}~{copy}", source=f"{document.source}~{copy}")
                out.put_document(document)


def _latencies(kb, cases: list[tuple[str, dict]], repeat: int = REPEAT) -> list[float]:
    for q, f in cases:
        kb.search(q, **f)
    out = []
    for _ in range(repeat):
        for q, f in cases:
            started = time.perf_counter()
            kb.search(q, **f)
            out.append(time.perf_counter() - started)
    return out


def _jieba_seconds(texts: list[str]) -> float:
    import jieba

    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started


def run(sizes: list[int], engines: list[str], whoosh_limit: float, workdir: Path, results: Path) -> None:
    results.parent.mkdir(parents=True, exist_ok=True)
    for copies in sizes:
        corpus = workdir / f"r{copies}"
        if not corpus.exists():
            subprocess.run([sys.executable, str(REPO / "bench" / "corpus_replica.py"), str(corpus),
                            "--copies", str(copies)], check=True, stdout=subprocess.DEVNULL)
        for engine in engines:
            home = workdir / f"h{copies}-{engine}"
            shutil.rmtree(home, ignore_errors=True)
            limit = whoosh_limit if engine == "whoosh" else None
            row = _run_child(engine, corpus, home, copies, limit)
            row.update(machine=f"{platform.machine()}, {os.cpu_count()} cores", when=time.strftime("%Y-%m-%d %H:%M"))
            with results.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)
            shutil.rmtree(home, ignore_errors=True)


def _run_child(engine: str, corpus: Path, home: Path, copies: int, limit: float | None) -> dict:
    command = [sys.executable, __file__, "--child", engine, str(corpus), str(home), str(copies)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, cwd=REPO)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "copies": copies, "unfinished": f"did not finish in {limit:.0f} s"}
    if done.returncode != 0:
        return {"engine": engine, "copies": copies, "unfinished": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: Path, plot: Path) -> str:
    """The markdown table of the latest run per (engine, size), and the log-log PNG."""
    rows: dict[tuple[str, int], dict] = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[(row["engine"], row["copies"])] = row
    lines = ["| engine | size | docs | text MB | ingest s | ÷ jieba | index s | p50 / p95 / max ms unfiltered | "
             "p50 / p95 / max ms filtered | 枪支 vs role=mandate ms | home MB (per MB text) | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (engine, copies), r in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if "unfinished" in r:
            lines.append(f"| {engine} | {copies}× | | | {r['unfinished']} | | | | | | | |")
            continue
        ratio = f"{r['ingest_s'] / r['jieba_s']:.2f}×" if r.get("jieba_s") and r.get("ingest_s") else "–"
        ingest = f"{r['ingest_s']:.1f}" if r.get("ingest_s") else "(grown, no ingest)"
        p, f = r["plain"], r["filtered"]
        lines.append(
            f"| {engine} | {copies}× | {r['documents']} | {r['text_mb']:.1f} | {ingest} | {ratio} | "
            f"{r['index_s']:.1f} | {p['p50_ms']:.1f} / {p['p95_ms']:.1f} / {p['max_ms']:.0f} | "
            f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} / {f['max_ms']:.0f} | "
            f"{r['one_query_ms']['unfiltered']:.1f} vs {r['one_query_ms']['role=mandate']:.1f} | "
            f"{r['home_mb']:.0f} ({r['home_per_text_mb']:.1f}) | {r['peak_rss_mb']:.0f} |")
    _plot(rows, plot)
    return "\n".join(lines)


def _plot(rows: dict[tuple[str, int], dict], plot: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for engine, style in (("whoosh", "o-"), ("tantivy", "s-")):
        done = sorted((c, r) for (e, c), r in rows.items() if e == engine and "unfinished" not in r)
        if not done:
            continue
        mb = [r["text_mb"] for _, r in done]
        ingested = [(r["text_mb"], r["ingest_s"]) for _, r in done if r.get("ingest_s")]
        if ingested:
            axes[0].loglog(*zip(*ingested, strict=True), style, label=f"{engine}: ingest + index")
        axes[0].loglog(mb, [r["index_s"] for _, r in done], style, alpha=.5, label=f"{engine}: index rebuild")
        axes[1].loglog(mb, [r["all"]["p95_ms"] for _, r in done], style, label=f"{engine}: p95")
        axes[1].loglog(mb, [r["all"]["max_ms"] for _, r in done], style, alpha=.5, label=f"{engine}: max")
    axes[0].set(xlabel="text (MB)", ylabel="seconds", title="ingest and index build")
    axes[1].set(xlabel="text (MB)", ylabel="ms per query", title="query latency (filtered included)")
    for ax in axes:
        ax.grid(True, which="both", alpha=.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    plot.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(plot, dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--engines", nargs="+", default=["whoosh", "tantivy"], choices=["whoosh", "tantivy"])
    parser.add_argument("--whoosh-limit", type=float, default=600.0, help="seconds whoosh gets per size")
    parser.add_argument("--workdir", type=Path, default=None, help="where replicas and homes go (default: a temp dir)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--report", action="store_true", help="print the table of --results and write the PNG")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--grow", nargs=3, metavar=("SOURCE_HOME", "HOME", "DOCUMENTS"),
                        help="make HOME of DOCUMENTS documents from SOURCE_HOME's store (ids suffixed), "
                        "then measure it per engine without ingest (with --sizes N naming its size)")
    args = parser.parse_args(argv)
    if args.grow:
        source, home, count = Path(args.grow[0]), Path(args.grow[1]), int(args.grow[2])
        if not (home / "wgkb.sqlite").exists():
            home.mkdir(parents=True, exist_ok=True)
            grow(source, home, count)
        for engine in args.engines:
            row = _run_child(engine, Path("-"), home, args.sizes[0], None)
            row.update(grown_from=str(source), machine=f"{platform.machine()}, {os.cpu_count()} cores",
                       when=time.strftime("%Y-%m-%d %H:%M"))
            with args.results.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)
        return 0
    if args.child:
        engine, corpus, home, copies = args.child
        print(json.dumps(child(engine, corpus, home, int(copies))))
        return 0
    if args.report:
        print(report(args.results, PLOT))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wgkb-scale-"))
    run(args.sizes, args.engines, args.whoosh_limit, workdir, args.results)
    print(report(args.results, PLOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
