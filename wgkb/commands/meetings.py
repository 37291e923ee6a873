"""`wgkb meetings`: the registry of meetings and sessions, from the documents and corpus/meetings.toml."""

from __future__ import annotations

import argparse
import json
from typing import Any

MEETINGS_EXAMPLE = """\
examples:
  wgkb meetings
  wgkb meetings --json

One line per meeting: id, number, dates, place, report symbol ("report ?" when not known) and how many
sources state it. Sources are the documents' meeting lines and paragraphs (document:…¶10) and the curated
entries of corpus/meetings.toml, each naming its source; --json lists them all. A recommendation named by
its meeting (工作组第五次会议提出的建议 20) is followed as CTOC/COP/WG.6/2017/4#20 once the report of that
meeting is known here, and as CTOC/COP/WG.6@5#20 until then."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``meetings`` to the ``wgkb`` parser."""
    parser = subparsers.add_parser("meetings", help="registry of meetings and sessions (number, dates, place, report)",
                                   description="The meetings registry: what the ingested documents state about "
                                   "meetings, merged with corpus/meetings.toml.", epilog=MEETINGS_EXAMPLE,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print JSON (one object per meeting, with its sources)")
    parser.set_defaults(func=run_meetings)


def run_meetings(args: argparse.Namespace, kb: Any) -> int:
    meetings = kb.meetings()
    if args.json:
        print(json.dumps([m.to_dict() for m in meetings], ensure_ascii=False, indent=2))
        return 0
    for m in meetings:
        dates = m.start or "date ?"
        if m.end:
            dates += f"..{m.end}"
        number = f"no. {m.number}" if m.number else "no. ?"
        extra = f"  CONFLICT {'; '.join(m.conflicts)}" if m.conflicts else ""
        print(f"{m.id:<34} {number:<8} {dates:<23} {m.place or '—':<6} report {m.report or '?':<22} "
              f"{len(m.sources)} source{'s' if len(m.sources) != 1 else ''}{extra}")
    print(f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''}")
    return 0
