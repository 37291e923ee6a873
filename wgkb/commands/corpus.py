"""`wgkb ingest`, `wgkb show`, `wgkb export`: building the knowledge base and reading it back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from ingest.errors import WgkbError
from ingest.records import Document, Paragraph
from wgkb.export import export_document
from wgkb.facade import CORPUS_DIR, KnowledgeBase
from wgkb.ingest_report import FileResult

#: Width of the progress bar drawn on a terminal, in cells.
BAR_WIDTH = 30

INGEST_EXAMPLE = """\
examples:
  wgkb ingest                       # the bundled corpus
  wgkb ingest corpus/ new/CTOC_COP_WG.6_2019_2.pdf
  WGKB_HOME=/tmp/kb wgkb ingest ~/docs --force
  wgkb ingest --replace revised/CTOC_COP_WG.6_2014_2.txt   # replace the stored 2014/2 on purpose
  wgkb --home big ingest ~/all-docs --engine tantivy    # a new home searched by tantivy

prints one summary line, e.g.
  5 documents (5 stored, 0 unchanged), 554 paragraphs, 73 footnotes in 2.09 s
and one line `path: reason` on stderr per file that failed (exit status 1 then)."""

SHOW_EXAMPLE = """\
examples:
  wgkb show CTOC/COP/WG.6/2014/2
  wgkb show 11/6 --citations
  wgkb show CTOC_COP_WG.6_2016_1.txt --json"""

EXPORT_EXAMPLE = """\
examples:
  wgkb export --json > kb.json
  wgkb export --json -o kb.json

shape: {"documents": [{"id", "symbol", "title", "doc_type", "date", "language", "source", "sha256",
  "paragraphs": [{"key", "kind", "section", "page", "text", "roles", "addressee", "verb",
  "citations": [{"target", "surface", "relation", "pinpoint", "start", "end"}]}]}]}"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ingest``, ``show`` and ``export`` to the ``wgkb`` parser."""
    raw = argparse.RawDescriptionHelpFormatter
    ingest = subparsers.add_parser("ingest", help="ingest TXT/PDF files and folders into the knowledge base",
                                   description="Ingest files (folders recurse). Unchanged files are skipped "
                                   "without parsing; a changed file replaces its document.",
                                   epilog=INGEST_EXAMPLE, formatter_class=raw)
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled corpus)")
    ingest.add_argument("--force", action="store_true", help="re-parse files even when unchanged")
    ingest.add_argument("--replace", action="store_true",
                        help="store a file even when its document (same symbol or resolution) is "
                        "already stored from another file, replacing that one")
    ingest.add_argument("--json", action="store_true", help="print the per-file report as JSON")
    ingest.add_argument("--engine", choices=("whoosh", "tantivy"),
                        help="search engine of a new home (default whoosh; `wgkb reindex --engine` "
                        "converts an existing one)")
    ingest.set_defaults(func=run_ingest)

    show = subparsers.add_parser("show", help="show one document with its paragraphs and footnotes",
                                 description="Show a document: DOC is a symbol, an id, a resolution number "
                                 "(11/6) or a file name.", epilog=SHOW_EXAMPLE, formatter_class=raw)
    show.add_argument("doc", metavar="DOC", help="symbol, id, resolution number or file name")
    show.add_argument("--json", action="store_true", help="the document in the `export --json` shape")
    show.add_argument("--citations", action="store_true", help="list each paragraph's citations")
    show.set_defaults(func=run_show)

    export = subparsers.add_parser("export", help="export every document and paragraph as JSON",
                                   description="Export the knowledge base in the stable JSON shape of "
                                   "DESIGN.md.", epilog=EXPORT_EXAMPLE, formatter_class=raw)
    export.add_argument("--json", action="store_true", required=True, help="JSON output (the only format)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(func=run_export)


# ---- ingest ----------------------------------------------------------------------------------
def run_ingest(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Ingest; errors one line each on stderr, the summary line always on stdout."""
    paths = args.paths or [CORPUS_DIR]
    if args.engine:
        kb.use_engine(args.engine)
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() and not args.json else None
    report = kb.ingest(paths, progress=bar, force=args.force,
                       replace=getattr(args, "replace", False))
    if bar:
        bar.finish()
    for result in report.errors:
        print(result.line, file=sys.stderr)
    if report.skipped_line():
        print(f"wgkb: {report.skipped_line()}", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.summary())
        for news in kb.watch_news:      # one `watched: …` line per watched item with news
            print(news.line)
    return 0 if report.ok else 1


class ProgressBar:
    """A one-line progress bar redrawn in place on a terminal: ``[#####.....] 3/5 file``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False

    def __call__(self, done: int, total: int, result: FileResult) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        name = Path(result.path).name[:40]
        self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} {name}")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        """Clear the bar so the summary starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()


# ---- show ------------------------------------------------------------------------------------
def run_show(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Print one document: header, then every paragraph (footnotes last) with its citable key."""
    document = kb.document(args.doc)
    if args.json:
        print(json.dumps(export_document(document), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(document_header(document)))
    for paragraph in document.paragraphs:
        print()
        print(paragraph_block(paragraph))
        if args.citations:
            for citation in paragraph.citations:
                extra = ", ".join(x for x in (citation.relation, citation.pinpoint) if x)
                print(f"    -> {citation.target}  «{citation.surface}»" + (f" ({extra})" if extra else ""))
    return 0


def document_header(document: Document) -> list[str]:
    """The lines above a document's paragraphs in ``wgkb show``."""
    footnotes = sum(1 for p in document.paragraphs if p.kind == "footnote")
    lines = [f"{document.name()}  [{document.id}]"]
    for label, value in (("title", document.title), ("type", document.doc_type), ("date", document.date),
                         ("meeting", document.meeting), ("source", document.source)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(f"paragraphs: {len(document.paragraphs) - footnotes}, footnotes: {footnotes}, "
                 f"characters: {len(document.text)}, sha256: {document.sha256[:12]}…")
    return lines


def paragraph_block(paragraph: Paragraph) -> str:
    """One paragraph as ``[key] (section; kind; roles) text``."""
    tags = [" ".join(paragraph.section)] if paragraph.section else []
    tags.append(paragraph.kind)
    tags.extend(paragraph.roles)
    if paragraph.addressee:
        tags.append(f"-> {paragraph.addressee}")
    return f"[{paragraph.key}] ({'; '.join(tags)}) {paragraph.text}"


# ---- export ----------------------------------------------------------------------------------
def run_export(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Write the export JSON to stdout or ``-o FILE`` (UTF-8, Chinese kept as is)."""
    text = json.dumps(kb.export(), ensure_ascii=False, indent=2)
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise WgkbError(f"{args.output}: cannot write: {exc.strerror or exc}") from None
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text)
    return 0
