"""Hostile input against size: time (and peak memory of a whole `wgkb ingest`) for the inputs of
issue 14, at growing sizes, with the ratio between sizes (linear: ratio ≈ size ratio; quadratic: its
square).

    python3 bench/bad_input.py            # in-process steps, then three whole ingests in a subprocess

Steps timed in-process: snippet windows over a paragraph of matches, HTML cleaning of unclosed tags,
DOCX XML of unclosed paragraphs, similarity of a huge text against many paragraphs. Whole ingests
(peak RSS by /usr/bin/time): a folder with a symbolic link loop, a .docx bomb and a
10 MB single line.
"""

from __future__ import annotations

import io
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


if __name__ == "__main__":
    whole_ingests()
    steps()
    print(f"(this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
