"""`wgkb edit`, `wgkb remove`, `wgkb cite`: correcting a document's metadata, removing a document, and
citing a document or paragraph in UN style (Chinese and English, with the official link)."""

from __future__ import annotations

import argparse
import json

from index.overrides import DOC_TYPES

EDIT_EXAMPLE = """\
examples:
  wgkb edit CTOC_COP_WG.6_2019_2.pdf --title "关于标识的背景文件" --date 2019-03-04
  wgkb edit "document:sha256:bc85347f6850f375" --symbol CTOC/COP/WG.6/2023/2 --type background_paper
  wgkb edit CTOC/COP/WG.6/2023/2 --date ""          # undo the date correction

Corrections are kept in their own table: `wgkb ingest` and `wgkb ingest --force` do not undo them.
--type is one of: """ + ", ".join(DOC_TYPES)

REMOVE_EXAMPLE = """\
examples:
  wgkb remove CTOC_COP_WG.6_2019_2.pdf          # asks for confirmation on a terminal
  wgkb remove "document:sha256:bc85347f6850f375" --yes

Removes the document, its corrections and, when it was uploaded, its file under <home>/uploads/.
A file of the bundled corpus comes back with the next `wgkb ingest`."""

CITE_EXAMPLE = """\
examples:
  wgkb cite "CTOC/COP/WG.6/2014/2¶85"
  wgkb cite "11/6¶PP3" --json
  wgkb cite CTOC/COP/WG.6/2018/3

prints the citable label, the reference in Chinese and in English, and the official record's address
(built from the symbol, e.g. https://undocs.org/zh/CTOC/COP/WG.6/2014/2; nothing is fetched)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``edit``, ``remove`` and ``cite`` to the ``wgkb`` parser."""
    raw = argparse.RawDescriptionHelpFormatter
    edit = subparsers.add_parser("edit", help="correct a document's title, date, symbol or type",
                                 description="Correct a document's metadata (DOC as for `wgkb show`).",
                                 epilog=EDIT_EXAMPLE, formatter_class=raw)
    edit.add_argument("doc", metavar="DOC", help="symbol, id, resolution number or file name")
    edit.add_argument("--title", help="the title as printed")
    edit.add_argument("--date", help="ISO date: 2018, 2018-02 or 2018-02-21")
    edit.add_argument("--symbol", help="the document symbol, e.g. CTOC/COP/WG.6/2019/2")
    edit.add_argument("--type", dest="doc_type", metavar="TYPE", help="document type: " + ", ".join(DOC_TYPES))
    edit.set_defaults(func=run_edit)

    remove = subparsers.add_parser("remove", help="delete a document (and its uploaded file)",
                                   description="Delete a document from the knowledge base.",
                                   epilog=REMOVE_EXAMPLE, formatter_class=raw)
    remove.add_argument("doc", metavar="DOC", help="symbol, id, resolution number or file name")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(func=run_remove)

    cite = subparsers.add_parser("cite", help="UN-style reference to a document or paragraph (zh, en, link)",
                                 description="Cite a document (DOC) or one paragraph (DOC¶KEY).",
                                 epilog=CITE_EXAMPLE, formatter_class=raw)
    cite.add_argument("ref", metavar="REF", help="DOC or DOC¶KEY (KEY: 85, PP3, fn4, t5, h12)")
    cite.add_argument("--json", action="store_true", help='{"label", "zh", "en", "url"}')
    cite.set_defaults(func=run_cite)


def run_edit(args: argparse.Namespace, kb) -> int:
    """Store the corrections and print the corrected metadata."""
    doc = kb.edit(args.doc, title=args.title, date=args.date, symbol=args.symbol, doc_type=args.doc_type)
    print(f"corrected {doc.id}: symbol {doc.symbol or '—'}; title {doc.title or '—'}; "
          f"date {doc.date or '—'}; type {doc.doc_type or '—'}")
    return 0


def run_remove(args: argparse.Namespace, kb) -> int:
    """Remove after confirmation (``--yes`` or an answer ``y`` on a terminal)."""
    import sys

    doc = kb.document(args.doc)
    if not args.yes:
        if not sys.stdin.isatty():
            print(f"wgkb: error: removing {doc.name()} needs --yes (no terminal to confirm on)", file=sys.stderr)
            return 1
        answer = input(f"Remove {doc.name()} ({doc.id}) and its corrections? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("nothing removed")
            return 1
    removed = kb.remove(doc.id)
    print(f"removed {removed.name} ({removed.document_id})" + (f"; deleted {removed.file}" if removed.file else ""))
    return 0


def run_cite(args: argparse.Namespace, kb) -> int:
    """Print the reference."""
    ref = kb.cite(args.ref)
    if args.json:
        print(json.dumps(ref.to_dict(), ensure_ascii=False))
        return 0
    print(ref.label)
    print(f"zh: {ref.zh}")
    print(f"en: {ref.en}")
    print(f"official record: {ref.url or '— (no symbol: cite by title and date)'}")
    return 0
