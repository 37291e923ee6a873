"""`wgkb watch add|list|remove|news`: follow resolutions, paragraphs, recommendations, documents and saved
searches; every ingest reports what is new for them and writes the Atom feed <home>/watch.atom."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ingest.errors import WgkbError

WATCH_EXAMPLE = """\
examples:
  wgkb watch add 11/6                          # a resolution: paragraphs citing it
  wgkb watch add "11/6¶27"                     # one operative paragraph
  wgkb watch add 'CTOC/COP/WG.6/2017/4#20'     # a recommendation
  wgkb watch add --query "3D 打印枪支"           # a saved search: paragraphs matching it
  wgkb watch list
  wgkb watch remove 2                          # by the number `watch list` shows (or the target/query)
  wgkb watch news --since 2026-11-01 --json

What cites or matches an item when it is added is the baseline. Every `wgkb ingest` (and upload in the app)
that brings new citing or matching paragraphs ends with one line per item, e.g.
  watched: resolution 11/6 — 2 new citing paragraphs (CTOC/COP/WG.6/2025/2, paras. 3, 17)
and adds an entry to the Atom feed <home>/watch.atom (follow it in any feed reader)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``watch`` to the ``wgkb`` parser."""
    parser = subparsers.add_parser("watch", help="watch list and alerts: add, list, remove, news",
                                   description="Follow items; each ingest reports new citing/matching paragraphs.",
                                   epilog=WATCH_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("add", "list", "remove", "news"), metavar="add|list|remove|news")
    parser.add_argument("target", nargs="?", metavar="TARGET",
                        help="add: resolution, paragraph, recommendation or document; remove: its number or name")
    parser.add_argument("--query", help="add: a saved search instead of TARGET")
    parser.add_argument("--since", metavar="DATE", help="news: only since DATE (YYYY-MM-DD or ISO time)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_watch)


def run_watch(args: argparse.Namespace, kb: Any) -> int:
    if args.action == "add":
        watch, new = kb.watch(args.target, args.query)
        print(f"{'watching' if new else 'already watching'} [{watch.id}] {watch.label}")
    elif args.action == "remove":
        if not args.target:
            raise WgkbError("watch remove: give the number (see `wgkb watch list`), the target or the query")
        watch = kb.unwatch(args.target)
        print(f"no longer watching [{watch.id}] {watch.label}")
    elif args.action == "list":
        watches = kb.watches()
        if args.json:
            print(json.dumps([w.to_dict() for w in watches], ensure_ascii=False, indent=2))
            return 0
        for w in watches:
            print(f"[{w.id}] {w.label}  ({w.kind}: {w.target}; since {w.created_at[:10]})")
        print(f"{len(watches)} watched item{'s' if len(watches) != 1 else ''}")
    else:
        return _news(kb, args)
    return 0


def _news(kb: Any, args: argparse.Namespace) -> int:
    since = (args.since or "").strip() or None
    if since and not (len(since) >= 10 and since[:4].isdigit() and since[4] == "-" and since[7] == "-"):
        raise WgkbError(f"--since {since!r}: give a date YYYY-MM-DD (or an ISO time)")
    news = kb.news(since)
    if args.json:
        print(json.dumps([n.to_dict() for n in news], ensure_ascii=False, indent=2))
        return 0
    for n in news:
        print(f"{n.created_at}  {n.line}")
    print(f"{len(news)} news item{'s' if len(news) != 1 else ''}" + (f" since {since}" if since else ""))
    return 0
