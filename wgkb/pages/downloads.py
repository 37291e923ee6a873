"""Files the app offers for download: registry rows as CSV (UTF-8 with BOM) and the citation graph in
GraphML, GEXF, JSON or CSV through the facade's ``export_graph``."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

#: Graph download formats: facade format name -> (file name, MIME type). CSV is a node list and an
#: edge list, delivered together as one zip.
GRAPH_FORMATS = {
    "graphml": ("wgkb-graph.graphml", "application/xml"),
    "gexf": ("wgkb-graph.gexf", "application/xml"),
    "json": ("wgkb-graph.json", "application/json"),
    "csv": ("wgkb-graph-csv.zip", "application/zip"),
}
#: Folder below the home directory where exports are written before they are read back.
EXPORT_DIR = "exports"


def rows_csv(rows: list[dict]) -> bytes:
    """Rows as CSV in UTF-8 with a BOM, so spreadsheet programs open the Chinese text intact."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def graph_bytes(kb, fmt: str) -> bytes:
    """The whole citation graph in ``fmt`` (written by ``kb.export_graph`` into a temporary folder
    inside the home, then read back); several files come as one zip."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(GRAPH_FORMATS)}")
    folder = Path(kb.home) / EXPORT_DIR
    folder.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        written = kb.export_graph(fmt, Path(tmp) / f"wgkb-graph.{fmt}")
        files = sorted(Path(p) for p in written)
        if len(files) == 1:
            return files[0].read_bytes()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for file in files:
                archive.write(file, file.name)
        return buffer.getvalue()
