"""The `wgkb` command line. Sub-commands live in wgkb/commands/*, each module registering its own."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from typing import NoReturn

from ingest.errors import StoreError, WgkbError
from wgkb.inert import InertStream

#: Modules that register sub-commands, in the order they appear in ``wgkb --help``.
COMMAND_MODULES = (
    "wgkb.commands.corpus",   # ingest, show, export
    "wgkb.commands.search",   # search
    "wgkb.commands.engine",   # reindex
    "wgkb.commands.graph",    # lineage, followup, mandates, recommendations, graph
    "wgkb.commands.edit",     # edit, remove, cite
    "wgkb.commands.serve",    # serve
    "wgkb.commands.check",    # check
    "wgkb.commands.meetings",  # meetings
    "wgkb.commands.review",   # review
    "wgkb.commands.watch",    # watch
)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``wgkb: error: …``) and exit status 1, as every
    other refused value (README)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("wgkb").strip()
        hint = f"wgkb {command} --help" if command else "wgkb --help"
        self.exit(1, f"wgkb: error: {' '.join(message.split())} (see {hint})\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command whose module is present."""
    parser = OneLineParser(
        prog="wgkb",
        description="Knowledge base of UN working-group documents (Chinese): ingest, search, cite, trace.",
        epilog="Example: wgkb ingest corpus/ && wgkb search 标识 --year 2014..2018",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--home", default=None,
                        help="knowledge-base directory (default: $WGKB_HOME, else the nearest .wgkb "
                        "in this directory or above, else ./.wgkb)")
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
    stdout, kb = sys.stdout, None
    try:
        kb = _open(args)
        sys.stdout = InertStream(stdout)  # document text never drives the terminal (wgkb.inert)
        return int(args.func(args, kb) or 0)
    except StoreError as exc:
        print(f"wgkb: error: {_store_message(exc)}", file=sys.stderr)
        return 1
    except WgkbError as exc:
        print(f"wgkb: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except sqlite3.DatabaseError as exc:
        print(f"wgkb: error: store damaged: {_one_line(exc)}: run `wgkb check`", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"wgkb: error: {exc.filename + ': ' if exc.filename else ''}{exc.strerror or _one_line(exc)}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wgkb: interrupted (documents stored before the interruption are kept)", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: one line, never a traceback (WGKB_DEBUG=1 shows it)
        if os.environ.get("WGKB_DEBUG"):
            raise
        print(f"wgkb: error: internal error ({type(exc).__name__}: {_one_line(exc)}); if it persists run "
              f"`wgkb check` (WGKB_DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1
    finally:
        sys.stdout = stdout
        _close(kb)


def _close(kb) -> None:
    """Close the knowledge base after a command (its store's write-ahead log is folded back in)."""
    if kb is None:
        return
    try:
        kb.close()
    except Exception:  # noqa: BLE001 - the command's own outcome stands
        pass


def _open(args: argparse.Namespace):
    """The knowledge base of ``--home`` (see wgkb.homes); a command that only reads never creates a
    home and refuses an empty one."""
    from wgkb.facade import KnowledgeBase
    from wgkb.homes import CREATING_COMMANDS, empty_message, require_content, resolve_home

    home = resolve_home(args.home)
    args.home = str(home)
    if getattr(args, "opens_itself", False):  # `wgkb check` reads even a store that cannot be opened
        return None
    if args.command in CREATING_COMMANDS:
        return KnowledgeBase.open(home)
    require_content(home, KnowledgeBase.STORE_FILE)
    kb = KnowledgeBase.open(home)
    if not kb.store.counts()["documents"]:
        sound = kb.store.integrity_check()  # no documents: empty, or their pages are damaged?
        kb.close()
        if sound != "ok":
            raise WgkbError(f"store damaged: {kb.store.path}: {' '.join(sound.split()[:12])}…: run `wgkb check`")
        raise WgkbError(empty_message(home))
    return kb


def _store_message(exc: StoreError) -> str:
    text = str(exc)
    damaged = ("malformed", "not a database", "disk I/O error", "database corrupt")
    if any(word in text for word in damaged):
        return f"store damaged: {text}: run `wgkb check`"
    return text


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
