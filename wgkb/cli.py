"""The `wgkb` command line. Sub-commands live in wgkb/commands/*, each module registering its own."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ingest.errors import WgkbError

#: Modules that register sub-commands, in the order they appear in ``wgkb --help``.
COMMAND_MODULES = (
    "wgkb.commands.corpus",   # ingest, show, export
    "wgkb.commands.search",   # search
    "wgkb.commands.engine",   # reindex
    "wgkb.commands.graph",    # lineage, followup, mandates, recommendations, graph
    "wgkb.commands.edit",     # edit, remove, cite
    "wgkb.commands.serve",    # serve
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command whose module is present."""
    parser = argparse.ArgumentParser(
        prog="wgkb",
        description="Knowledge base of UN working-group documents (Chinese): ingest, search, cite, trace.",
        epilog="Example: wgkb ingest corpus/ && wgkb search 标识 --year 2014..2018",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--home", default=os.environ.get("WGKB_HOME", ".wgkb"),
                        help="knowledge-base directory (default: $WGKB_HOME or ./.wgkb)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``wgkb`` console script. Library errors become one line and exit status 1."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from wgkb.facade import KnowledgeBase

    try:
        kb = KnowledgeBase.open(args.home)
        return int(args.func(args, kb) or 0)
    except WgkbError as exc:
        print(f"wgkb: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("wgkb: interrupted (documents stored before the interruption are kept)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
