"""Replicate a corpus folder N times with DISTINCT symbols and ids per copy (for the benches and the
interrupted-ingest test).

Copy k (1-based) goes to ``OUT/copy<k>/`` with its own ``manifest.toml``:
- a document symbol ``CTOC/COP/WG.6/2014/2`` becomes ``CTOC/COP/WG.6/2014/<2 + 1000·k>`` in the
  manifest, in the text (also where a line break or space splits it after a slash) and in the file name
  (``CTOC_COP_WG.6_2014_1002.txt``);
- a resolution ``COP 11/6`` becomes ``COP 11/<6 + 1000·k>`` (manifest and text "第 11/6 号决议");
- a document with neither gets one closing line naming the copy, so its content-hash id differs.
Everything else (the body text, footnotes, citations of other documents) is kept, so parsing work per
copy is the same as for the original.

    python3 bench/corpus_replica.py OUT --copies 50 [--corpus corpus/]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tomllib
from pathlib import Path

#: Serial offset per copy: large enough never to collide with a real serial in the seeds.
SERIAL_STEP = 1000
#: A resolution number as printed or in the manifest: "COP 11/6", "11/6".
RESOLUTION_NUMBER = re.compile(r"(\d+)/(\d+)$")


def replicate(corpus: Path, out: Path, copies: int) -> list[Path]:
    """Write ``copies`` copies of the documents listed in ``corpus/manifest.toml`` (plus unlisted .txt/.pdf
    files) under ``out``; return the copy folders."""
    manifest = tomllib.loads((corpus / "manifest.toml").read_text(encoding="utf-8"))
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".pdf") and p.name in manifest)
    folders = []
    for k in range(1, copies + 1):
        folder = out / f"copy{k:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        entries = {}
        for path in files:
            name, entry = _copy_one(path, dict(manifest.get(path.name, {})), folder, k)
            entries[name] = entry
        (folder / "manifest.toml").write_text(_toml(entries), encoding="utf-8")
        folders.append(folder)
    return folders


def _copy_one(path: Path, entry: dict, folder: Path, k: int) -> tuple[str, dict]:
    symbol, resolution = entry.get("symbol"), entry.get("resolution")
    name = path.name
    if path.suffix == ".pdf":
        if symbol:
            entry["symbol"] = _shift_serial(symbol, k)
            name = _shift_name(name, symbol, k)
        shutil.copyfile(path, folder / name)
        return name, entry
    text = path.read_text(encoding="utf-8-sig")
    if symbol:
        new = _shift_serial(symbol, k)
        text = _symbol_pattern(symbol).sub(new, text)
        entry["symbol"], name = new, _shift_name(name, symbol, k)
    if resolution:
        match = RESOLUTION_NUMBER.search(resolution)
        session, serial = match.group(1), match.group(2)
        shifted = str(int(serial) + SERIAL_STEP * k)
        entry["resolution"] = resolution[:match.start()] + f"{session}/{shifted}"
        text = re.sub(rf"(?<![\d/]){session}/{serial}(?![\d/])", f"{session}/{shifted}", text)
    if not symbol and not resolution:
        text = text.rstrip("\n") + f"\n\n（基准测试副本 {k}）\n"
    (folder / name).write_text(text, encoding="utf-8")
    return name, entry


def _shift_serial(symbol: str, k: int) -> str:
    head, _, serial = symbol.rpartition("/")
    return f"{head}/{int(serial) + SERIAL_STEP * k}" if serial.isdigit() else f"{symbol}-{k}"


def _shift_name(name: str, symbol: str, k: int) -> str:
    serial = symbol.rpartition("/")[2]
    stem, dot, ext = name.rpartition(".")
    if stem.endswith("_" + serial):
        return f"{stem[: -len(serial)]}{int(serial) + SERIAL_STEP * k}{dot}{ext}"
    return f"copy{k:03d}_{name}"


def _symbol_pattern(symbol: str) -> re.Pattern[str]:
    """The symbol as printed, also split by a space or line break after a slash (PDF extraction)."""
    parts = [re.escape(p) for p in symbol.split("/")]
    return re.compile(r"/\s*".join(parts) + r"(?![\d])")


def _toml(entries: dict[str, dict]) -> str:
    lines = []
    for name, entry in entries.items():
        lines.append(f'["{name}"]')
        for key, value in entry.items():
            escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'{key} = "{escaped}"')
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="example: python3 bench/corpus_replica.py /tmp/corpus50 --copies 50")
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    args = parser.parse_args(argv)
    folders = replicate(args.corpus, args.out, args.copies)
    print(f"{len(folders)} copies of {args.corpus} in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
