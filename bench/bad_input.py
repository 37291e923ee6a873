"""Hostile input against size: time (and peak memory of a whole `wgkb ingest`) for the inputs of
issue 14, at growing sizes, with the ratio between sizes (linear: ratio ≈ size ratio; quadratic: its
square).

    python3 bench/bad_input.py                  # all of it (about 5 minutes on a quiet 2-core box)
    python3 bench/bad_input.py --only growth    # one part: ingests, growth or steps

Steps timed in-process: snippet windows over a paragraph of matches, HTML cleaning of unclosed tags,
DOCX XML of unclosed paragraphs, similarity of a huge text against many paragraphs. Whole ingests
(``wgkb ingest`` into a new home in a fresh process, store write and index build included; peak RSS by
/usr/bin/time): a folder with a symbolic link loop, a .docx bomb and a 10 MB single line. Growth: ordinary
short paragraphs at 1, 2.5, 5 and 10 MB (the last is issue 14's case: a 10 MB text under 300 MB) with
each engine, time and peak memory against input size, then `wgkb reindex` of each home (time, peak).
The paragraphs are the seeds' own numbered,
preamble and operative paragraphs (cleaned and segmented by the pipeline), renumbered and repeated in
order under one document symbol: real sentences with their citations, mandates and entities, at the
seeds' paragraph lengths.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graphs.similarity import scorer  # noqa: E402
from index.snippets import snippet  # noqa: E402
from ingest.read import _docx_text, html_to_text  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def docx_of(xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def similarity_run(n: int) -> None:
    import networkx as nx

    graph = nx.MultiDiGraph()
    for k in range(2000):
        graph.add_node(f"p{k}", kind="paragraph", text=f"加强枪支标识第{k}段")
    score = scorer(graph, "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(n)))
    for k in range(2000):
        score(f"p{k}", f"加强枪支标识第{k}段")


STEPS = {
    "snippet, n matches": lambda n: snippet("标识" * n, ("标识",)),
    "HTML, n unclosed <p": lambda n: html_to_text("<p " * n),
    "HTML, n unclosed <script": lambda n: html_to_text("<script" * n),
    "DOCX, n unclosed <w:p": lambda n: _docx_text("x.docx", docx_of("<w:p><w:t>a</w:t></w:p>" + "<w:p " * n)),
    "similarity, n chars vs 2000 paragraphs": similarity_run,
}
SIZES = (50_000, 200_000, 800_000)


def steps() -> None:
    print(f"{'step':42} " + " ".join(f"{n:>10,}" for n in SIZES) + "   ratio last/first (size ×16)")
    for name, step in STEPS.items():
        times = [timed(lambda n=n, step=step: step(n)) for n in SIZES]
        print(f"{name:42} " + " ".join(f"{t:9.3f}s" for t in times) + f"   ×{times[-1] / max(times[0], 1e-4):.1f}")


def whole_ingests() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        loop = root / "loop" / "a" / "b"
        loop.mkdir(parents=True)
        (loop / "up").symlink_to("..")
        (loop / "top").symlink_to("../..")
        (root / "loop" / "a" / "x.txt").write_text("CTOC/COP/WG.6/2099/1\n\n1. 工作组建议加强标识。\n", encoding="utf-8")
        (root / "bomb.docx").write_bytes(docx_of("<w:p><w:t>a</w:t></w:p>" * 20_000_000))
        (root / "line.txt").write_text("CTOC/COP/WG.6/2099/2\n\n" + "工作组建议加强枪支标识，" * 290_000, encoding="utf-8")
        for name in ("loop", "bomb.docx", "line.txt"):
            size = sum(p.stat().st_size for p in (root / name).rglob("*") if p.is_file()) if (root / name).is_dir() \
                else (root / name).stat().st_size
            started = time.perf_counter()
            done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "wgkb.cli", "--home",
                                   str(root / "home"), "ingest", str(root / name)],
                                  capture_output=True, text=True, cwd=REPO, check=False)
            seconds = time.perf_counter() - started
            lines = done.stderr.strip().splitlines()
            peak = int(lines[-1]) // 1024
            print(f"ingest {name:10} ({size / 2**20:6.1f} MB on disk): {seconds:5.1f} s, peak {peak} MB, exit {done.returncode}")
            for line in lines[:-1]:
                print(f"    {line[-150:]}")


def seed_paragraphs() -> list[str]:
    """The seeds' numbered, preamble and operative paragraphs of 30-600 characters, in order."""
    from ingest.pipeline import build_document
    from ingest.read import read_file

    out = []
    for path in sorted((REPO / "corpus").glob("*.txt")):
        if path.name == "terms.txt":
            continue
        raw = read_file(path)
        document = build_document(raw, str(path), raw.sha256)
        out += [p.text for p in document.paragraphs
                if p.kind in ("numbered", "operative", "preamble") and 30 <= len(p.text) <= 600]
    return out


def short_paragraphs_text(megabytes: float, seeds: list[str]) -> str:
    """A document of ``megabytes`` (UTF-8) of numbered short paragraphs taken from ``seeds`` in turn."""
    lines, size, n = ["CTOC/COP/WG.6/2099/3", ""], 0, 0
    while size < megabytes * 2**20:
        line = f"{n + 1}. {seeds[n % len(seeds)]}"
        lines += [line, ""]
        size += len(line.encode("utf-8")) + 2
        n += 1
    return "\n".join(lines)


def ingest_measured(home: Path, target: Path, engine: str | None = None) -> tuple[float, int, int, list[str]]:
    """``wgkb ingest`` of ``target`` into ``home`` in a fresh process: (seconds, peak RSS MB, exit
    status, output lines: stdout's, then stderr's)."""
    return wgkb_measured(home, "ingest", str(target), *(["--engine", engine] if engine else []))


def wgkb_measured(home: Path, *args: str) -> tuple[float, int, int, list[str]]:
    """``wgkb --home HOME ARGS…`` in a fresh process: (seconds, peak RSS MB by /usr/bin/time, exit
    status, output lines: stdout's, then stderr's)."""
    command = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "wgkb.cli", "--home", str(home), *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    seconds = time.perf_counter() - started
    lines = done.stderr.strip().splitlines()
    return seconds, int(lines[-1]) // 1024, done.returncode, done.stdout.splitlines() + lines[:-1]


def short_paragraphs(sizes: tuple[float, ...]) -> None:
    """Ordinary short paragraphs at growing sizes, each engine: time and peak memory per input MB."""
    seeds = seed_paragraphs()
    print(f"short paragraphs (from {len(seeds)} seed paragraphs), `wgkb ingest` into a new home:")
    print(f"{'input':>9} {'engine':8} {'paragraphs':>10} {'seconds':>8} {'peak MB':>8} "
          f"{'MB per input MB above the first size':>37} {'reindex s':>9} {'reindex MB':>10}")
    first: dict[str, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in sizes:
            target = Path(tmp) / f"short-{megabytes}.txt"
            target.write_text(short_paragraphs_text(megabytes, seeds), encoding="utf-8")
            size = target.stat().st_size / 2**20
            for engine in ("whoosh", "tantivy"):
                home = Path(tmp) / f"home-{megabytes}-{engine}"
                seconds, peak, code, lines = ingest_measured(home, target, engine)
                counted = next((m.group(1) for m in map(re.compile(r"(\d+) paragraphs").search, lines) if m), "?")
                base_size, base_peak = first.setdefault(engine, (size, peak))
                growth = f"{(peak - base_peak) / (size - base_size):37.1f}" if size > base_size else f"{'—':>37}"
                again, again_peak, again_code, _ = wgkb_measured(home, "reindex")
                print(f"{size:7.1f}MB {engine:8} {counted:>10} {seconds:8.1f} {peak:8} {growth} {again:9.1f} "
                      f"{again_peak:10}" + ("" if code == 0 and again_code == 0 else f"   exit {code}/{again_code}: {lines[-1:]}"))
    print(f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("ingests", "growth", "steps"), help="run one part")
    parser.add_argument("--sizes", default="1,2.5,5,10", help="input sizes in MB of the growth part")
    args = parser.parse_args()
    if args.only in (None, "ingests"):
        whole_ingests()
    if args.only in (None, "growth"):
        short_paragraphs(tuple(float(x) for x in args.sizes.split(",")))
    if args.only in (None, "steps"):
        steps()
    print(f"(this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
