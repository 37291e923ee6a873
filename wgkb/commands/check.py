"""`wgkb check`: verify the store and the search index, and say what to do."""

from __future__ import annotations

import argparse
from pathlib import Path

from wgkb.check import check_home

CHECK_EXAMPLE = """\
example:
  wgkb check
prints one line per check, e.g.
  ok: SQLite integrity check
  ok: foreign keys: 0 rows point to no document
  ok: paragraph rows: 0 documents with missing rows
  ok: search index: 0 documents with other paragraph counts than the store
and `PROBLEM: … — what to do` for each problem (exit status 1 then)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``check`` to the ``wgkb`` parser."""
    parser = subparsers.add_parser(
        "check", help="verify the store (SQLite integrity, foreign keys, paragraph counts) and the index",
        description="Check the knowledge base: SQLite integrity check, foreign keys, every document's "
        "paragraph rows, and the search index's paragraph counts against the store.",
        epilog=CHECK_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(func=run_check, opens_itself=True)


def run_check(args: argparse.Namespace, kb: object) -> int:
    """Print the findings; exit status 1 when any is a problem."""
    from wgkb.facade import KnowledgeBase

    findings = check_home(Path(args.home), KnowledgeBase.STORE_FILE)
    for finding in findings:
        print(finding.line)
    return 0 if all(f.ok for f in findings) else 1
