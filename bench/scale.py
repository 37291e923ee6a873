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

Conditions (each a run of its own, labelled in the results and the table): ``--workers on off``
ingests with the parsing workers (the default) and with ``WGKB_INGEST_WORKERS=0`` (one process);
``--load free busy`` runs as is and with the other core kept busy by a spinning child process
during the ingest *and* during the jieba floor, so their ratio compares like with like. The load
average (1 min) at the start and end of each run is recorded, and beside the wall-clock seconds the
CPU seconds of the ingest (this process and its parsing workers) and of the floor: on a shared
machine their ratio says how much work the ingest does above the floor whatever the others run.
``--ingest-only`` skips the index rebuild and the query passes (ingest, floor, home size, memory).

    python3 bench/scale.py --sizes 1 10 100 --engines whoosh tantivy
    python3 bench/scale.py --sizes 100 --engines tantivy whoosh --workers on off --load free busy --ingest-only
    python3 bench/scale.py --sizes 1000 --engines tantivy
    python3 bench/scale.py --report            # table + docs/scale.png from bench/results/scale.jsonl
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
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
#: ``--workers`` choices -> the ``WGKB_INGEST_WORKERS`` of the child (None: unset, the default).
WORKERS = {"on": None, "off": "0"}
#: ``--load`` choices: as is, or the other core kept busy (:func:`busy_core`).
LOADS = ("free", "busy")
#: The busy core's program: spins until stopped, or until its parent is gone (a child killed by
#: ``--whoosh-limit`` leaves no spinner behind).
SPINNER = "import os\nparent = os.getppid()\nwhile os.getppid() == parent:\n    pass"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def child(engine: str, corpus: str, home: str, copies: int, load: str = "free", ingest_only: bool = False) -> dict:
    """One size with one engine, in this process (``--child``); ``load`` "busy": the other core is
    kept busy during the ingest and the jieba floor."""
    from wgkb.facade import KnowledgeBase

    kb = KnowledgeBase.open(home)
    kb.search_index.notify = lambda message: None
    ingest_s = ingest_cpu_s = jieba_s = jieba_cpu_s = None
    documents, hook = len(kb.store.document_ids()), [0.0, 0.0]
    loadavg = [os.getloadavg()[0]]
    if corpus != "-":  # "-": a home grown by --grow, measured from its store (no ingest)
        kb.use_engine(engine)
        _time_index_hook(kb, hook)
        with busy_core(load == "busy"):
            started, cpu = time.perf_counter(), _cpu_seconds()
            report = kb.ingest([corpus])  # the parsing workers have ended (and been counted) here
            ingest_s, ingest_cpu_s = time.perf_counter() - started, _cpu_seconds() - cpu
        assert report.ok, [r.line for r in report.errors][:3]
        documents = len(report.results)
    else:
        kb.store.set_setting("engine", engine)
    texts = [d.text for d in kb.store.iter_documents()]
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    if copies <= JIEBA_UP_TO:
        with busy_core(load == "busy"):
            jieba_s, jieba_cpu_s = _jieba_seconds(texts)
    del texts
    loadavg.append(os.getloadavg()[0])
    common = {"engine": engine, "copies": copies, "documents": documents, "text_mb": text_mb,
              "ingest_s": ingest_s, "index_hook_s": hook[0] if ingest_s else None, "jieba_s": jieba_s,
              "ingest_cpu_s": ingest_cpu_s, "index_hook_cpu_s": hook[1] if ingest_s else None,
              "jieba_cpu_s": jieba_cpu_s, "load": load, "loadavg_1min": loadavg}
    if ingest_only:
        kb.close()
        return {**common, **_home_size(home, text_mb),
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    started = time.perf_counter()
    kb.reindex()
    index_s = time.perf_counter() - started
    kb.search("枪支")  # open the searcher
    plain = _latencies(kb, [(q, {}) for q in QUERIES])
    filtered = _latencies(kb, [(q, f) for q in QUERIES for f in FILTERS])
    one = {name: min(_latencies(kb, [("枪支", f)], repeat=5)) for name, f in
           (("unfiltered", {}), ("role=mandate", {"role": "mandate"}))}
    kb.close()  # at rest: the write-ahead log folded back into the store
    stats = lambda xs: {"p50_ms": percentile(xs, .5) * 1e3, "p95_ms": percentile(xs, .95) * 1e3,  # noqa: E731
                        "max_ms": max(xs) * 1e3}
    return {**common, "index_s": index_s, **_home_size(home, text_mb), "plain": stats(plain),
            "filtered": stats(filtered), "all": stats(plain + filtered),
            "one_query_ms": {k: v * 1e3 for k, v in one.items()}, "loadavg_1min": loadavg + [os.getloadavg()[0]],
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _home_size(home: str, text_mb: float) -> dict:
    home_mb = sum(p.stat().st_size for p in Path(home).rglob("*") if p.is_file()) / 1e6
    return {"home_mb": home_mb, "home_per_text_mb": home_mb / text_mb}


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _time_index_hook(kb, total: list[float]) -> None:
    """Add the seconds (wall, CPU of this process) the ingest spends updating the search index to
    ``total[0]``, ``total[1]``."""
    follow = kb._on_documents_changed

    def timed(changed, removed_ids):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            follow(changed, removed_ids)
        finally:
            total[0] += time.perf_counter() - started
            total[1] += time.process_time() - cpu

    kb._on_documents_changed = timed


@contextlib.contextmanager
def busy_core(busy: bool):
    """While the block runs, a child process spinning on one core (``busy``), stopped after."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", SPINNER])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


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


def _jieba_seconds(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of bare ``jieba.lcut`` over ``texts`` (dictionary loaded before)."""
    import jieba

    jieba.initialize()
    started, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started, time.process_time() - cpu


@dataclasses.dataclass(frozen=True)
class Condition:
    """How a run is made: parsing workers ``on``/``off``, the other core ``free``/``busy``, and
    whether only the ingest is measured."""

    workers: str = "on"
    load: str = "free"
    ingest_only: bool = False


def run(sizes: list[int], engines: list[str], whoosh_limit: float, workdir: Path, results: Path,
        conditions: list[Condition] | None = None) -> None:
    results.parent.mkdir(parents=True, exist_ok=True)
    for copies in sizes:
        corpus = workdir / f"r{copies}"
        if not corpus.exists():
            subprocess.run([sys.executable, str(REPO / "bench" / "corpus_replica.py"), str(corpus),
                            "--copies", str(copies)], check=True, stdout=subprocess.DEVNULL)
        for engine in engines:
            for condition in conditions or [Condition()]:
                home = workdir / f"h{copies}-{engine}-{os.getpid()}"
                shutil.rmtree(home, ignore_errors=True)
                limit = whoosh_limit if engine == "whoosh" else None
                row = _run_child(engine, corpus, home, copies, limit, condition)
                _record(row, results)
                shutil.rmtree(home, ignore_errors=True)


def _record(row: dict, results: Path, **extra) -> None:
    row.update(extra, machine=f"{platform.machine()}, {os.cpu_count()} cores", when=time.strftime("%Y-%m-%d %H:%M"))
    with results.open("a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(json.dumps(row, ensure_ascii=False), flush=True)


def _run_child(engine: str, corpus: Path, home: Path, copies: int, limit: float | None,
               condition: Condition = Condition()) -> dict:
    command = [sys.executable, __file__, "--child", engine, str(corpus), str(home), str(copies),
               "--load", condition.load] + (["--ingest-only"] if condition.ingest_only else [])
    environment = dict(os.environ)
    environment.pop("WGKB_INGEST_WORKERS", None)
    if WORKERS[condition.workers] is not None:
        environment["WGKB_INGEST_WORKERS"] = WORKERS[condition.workers]
    labels = {"engine": engine, "copies": copies, "workers": condition.workers, "load": condition.load}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, cwd=REPO, env=environment)
    except subprocess.TimeoutExpired:
        return {**labels, "unfinished": f"did not finish in {limit:.0f} s", "loadavg_1min": [os.getloadavg()[0]]}
    if done.returncode != 0:
        return {**labels, "unfinished": done.stderr.strip().splitlines()[-1:]}
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "workers": condition.workers}


def report(results: Path, plot: Path | None) -> str:
    """The markdown table of the latest run per (engine, size, workers, load), and the log-log PNG
    (of the full runs: workers on, other core free) when ``plot`` names where."""
    rows: dict[tuple[str, int, str, str], dict] = {}
    for line in results.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[(row["engine"], row["copies"], row.get("workers", "on"), row.get("load", "free"))] = row
    if rows and all("all" not in r and "unfinished" not in r for r in rows.values()):  # --ingest-only runs
        return "\n".join(_ingest_table(rows))
    lines = ["| engine | size | workers | other core | load avg | docs | text MB | ingest s (index hook) | ÷ jieba (CPU s ÷ CPU s) | "
             "index s | p50 / p95 / max ms unfiltered | p50 / p95 / max ms filtered | 枪支 vs role=mandate ms | "
             "home MB (per MB text) | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key, r in sorted(rows.items()):
        lines.append(_table_line(key, r))
    if plot is not None:
        _plot({(e, c): r for (e, c, w, ld), r in rows.items()
               if w == "on" and ld == "free" and "unfinished" not in r and "all" in r}, plot)
    return "\n".join(lines)


def _ingest_table(rows: dict[tuple[str, int, str, str], dict]) -> list[str]:
    """The table of ``--ingest-only`` runs: ingest against the jieba floor, wall clock and CPU."""
    lines = ["| engine | size | workers | other core | load avg (start–end) | ingest s | of which index s (CPU s) | "
             "jieba floor s | ÷ jieba | ingest CPU s ÷ floor CPU s | home MB per MB text | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (engine, copies, workers, load), r in sorted(rows.items()):
        averages = r.get("loadavg_1min") or [float("nan")]
        cpu = (f"{r['ingest_cpu_s']:.1f} ÷ {r['jieba_cpu_s']:.1f} = {r['ingest_cpu_s'] / r['jieba_cpu_s']:.2f}×"
               if r.get("ingest_cpu_s") and r.get("jieba_cpu_s") else "–")
        ratio = f"**{r['ingest_s'] / r['jieba_s']:.2f}×**" if r.get("jieba_s") else "–"
        floor = f"{r['jieba_s']:.1f}" if r.get("jieba_s") else "–"
        hook_cpu = f" ({r['index_hook_cpu_s']:.1f})" if r.get("index_hook_cpu_s") is not None else ""
        lines.append(f"| {engine} | {copies}× | {workers} | {load} | {averages[0]:.1f}–{averages[-1]:.1f} | "
                     f"{r['ingest_s']:.1f} | {r['index_hook_s']:.1f}{hook_cpu} | {floor} | {ratio} | {cpu} | "
                     f"{r['home_per_text_mb']:.1f} | {r['peak_rss_mb']:.0f} |")
    return lines


def _table_line(key: tuple[str, int, str, str], r: dict) -> str:
    engine, copies, workers, load = key
    averages = r.get("loadavg_1min") or []
    head = (f"| {engine} | {copies}× | {workers} | {load} | "
            f"{'–'.join(f'{a:.1f}' for a in (min(averages), max(averages)))  if averages else ''} |")
    if "unfinished" in r:
        return f"{head} | | {r['unfinished']} | | | | | | | |"
    ratio = f"{r['ingest_s'] / r['jieba_s']:.2f}×" if r.get("jieba_s") and r.get("ingest_s") else "–"
    if r.get("jieba_cpu_s") and r.get("ingest_cpu_s"):
        ratio += f" ({r['ingest_cpu_s'] / r['jieba_cpu_s']:.2f}× CPU)"
    ingest = f"{r['ingest_s']:.1f}" if r.get("ingest_s") else "(grown, no ingest)"
    if r.get("index_hook_s") is not None:
        ingest += f" ({r['index_hook_s']:.1f})"
    size = f"{r['home_mb']:.0f} ({r['home_per_text_mb']:.1f})"
    if "all" not in r:  # --ingest-only
        return (f"{head} {r['documents']} | {r['text_mb']:.1f} | {ingest} | {ratio} | – | – | – | – | {size} | "
                f"{r['peak_rss_mb']:.0f} |")
    p, f = r["plain"], r["filtered"]
    return (f"{head} {r['documents']} | {r['text_mb']:.1f} | {ingest} | {ratio} | {r['index_s']:.1f} | "
            f"{p['p50_ms']:.1f} / {p['p95_ms']:.1f} / {p['max_ms']:.0f} | "
            f"{f['p50_ms']:.1f} / {f['p95_ms']:.1f} / {f['max_ms']:.0f} | "
            f"{r['one_query_ms']['unfiltered']:.1f} vs {r['one_query_ms']['role=mandate']:.1f} | {size} | "
            f"{r['peak_rss_mb']:.0f} |")


def _plot(rows: dict[tuple[str, int], dict], plot: Path) -> None:
    if not rows:  # only ingest-only or unfinished runs: nothing to draw, the old plot stays
        return
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
    parser.add_argument("--plot", type=Path, default=None,
                        help=f"where the PNG goes (--report: {PLOT.relative_to(REPO)} unless given; a run: only when given)")
    parser.add_argument("--report", action="store_true", help="print the table of --results and write the PNG")
    parser.add_argument("--workers", nargs="+", default=["on"], choices=list(WORKERS),
                        help="ingest with the parsing workers (on) and/or in one process (off: WGKB_INGEST_WORKERS=0)")
    parser.add_argument("--load", nargs="+", default=["free"], choices=LOADS,
                        help="busy: the other core spins during the ingest and the jieba floor")
    parser.add_argument("--ingest-only", action="store_true",
                        help="measure the ingest, the jieba floor, home size and memory only (no rebuild, no queries)")
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
            _record(_run_child(engine, Path("-"), home, args.sizes[0], None), args.results, grown_from=str(source))
        return 0
    if args.child:
        engine, corpus, home, copies = args.child
        print(json.dumps(child(engine, corpus, home, int(copies), args.load[0], args.ingest_only)))
        return 0
    if args.report:
        print(report(args.results, args.plot or PLOT))
        return 0
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="wgkb-scale-"))
    conditions = [Condition(w, ld, args.ingest_only) for w in args.workers for ld in args.load]
    run(args.sizes, args.engines, args.whoosh_limit, workdir, args.results, conditions)
    print(report(args.results, args.plot))
    return 0


if __name__ == "__main__":
    sys.exit(main())
