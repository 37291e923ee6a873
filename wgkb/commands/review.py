"""`wgkb review`: confirm, reject or add a follow-up link, set the implementation status of a
recommendation or mandate, or restore reviews from an export."""

from __future__ import annotations

import argparse
import json
from typing import Any

from index.reviews import STATUSES
from ingest.errors import WgkbError

REVIEW_EXAMPLE = """\
examples:
  wgkb review 'CTOC/COP/WG.6/2017/4#20' --paragraph 'CTOC/COP/WG.6/2018/3¶65' --confirm --by "Li Wei"
  wgkb review '11/6¶27' --paragraph 'CTOC/COP/WG.6/2018/3¶9' --add --note "reports on the mandate"
  wgkb review 'CTOC/COP/WG.6/2017/4#6' --paragraph 'CTOC/COP/WG.6/2018/3¶28' --reject
  wgkb review 'CTOC/COP/WG.6/2017/4#20' --status in_progress --note "training under way" --by "Li Wei"
  wgkb review --list
  wgkb review --import kb.json          # the "reviews" of `wgkb export --json -o kb.json` from another home

TARGET is what `wgkb followup` takes (11/6, 11/6¶27, CTOC/COP/WG.6/2017/4#23, CTOC/COP/WG.6@8#15, a
symbol). Reviews are kept in their own table with the time and the reviewer (--by, default $WGKB_USER
or the login name); re-ingest, `ingest --force`, index rebuilds and schema migrations never touch them.
They are shown apart from the computed status: `wgkb followup TARGET` prints "confirmed by …, date".
Status: not_started, in_progress, implemented, superseded, unknown."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``review`` to the ``wgkb`` parser."""
    parser = subparsers.add_parser("review", help="confirm/reject/add follow-up, set implementation status",
                                   description="Human review of follow-up: a link between TARGET and a paragraph "
                                   "(--confirm, --reject, --add) or TARGET's implementation --status.",
                                   epilog=REVIEW_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", metavar="TARGET", nargs="?", help="recommendation, mandate paragraph, resolution …")
    parser.add_argument("--paragraph", metavar="PARAGRAPH_ID", help="the follow-up paragraph, e.g. CTOC/COP/WG.6/2018/3¶65")
    action = parser.add_mutually_exclusive_group()
    for name, text in (("confirm", "confirm PARAGRAPH as follow-up of TARGET"),
                       ("reject", "reject it (a wrong suggestion or citation)"),
                       ("add", "add it (a follow-up the extractor missed)")):
        action.add_argument(f"--{name}", dest="action", action="store_const", const=name, help=text)
    action.add_argument("--status", choices=STATUSES, help="implementation status of TARGET")
    action.add_argument("--import", dest="import_file", metavar="FILE",
                        help="restore the reviews of a `wgkb export --json` file")
    action.add_argument("--list", action="store_true", help="list every review, oldest first")
    parser.add_argument("--note", help="a note kept with the review")
    parser.add_argument("--by", metavar="NAME", help="who reviews (default $WGKB_USER or the login name)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_review)


def run_review(args: argparse.Namespace, kb: Any) -> int:
    if args.import_file:
        new, total = kb.import_reviews(args.import_file)
        print(f"{new} review{'s' if new != 1 else ''} imported ({total - new} already here) from {args.import_file}")
        return 0
    if args.list:
        return _print_reviews(kb.reviews(), args.json)
    if not args.target or not (args.action or args.status):
        raise WgkbError("review: give TARGET with --paragraph P --confirm|--reject|--add, or --status S "
                         "(or --list, --import FILE); see `wgkb review --help`")
    action = "status" if args.status else args.action
    stored = kb.review(args.target, action, paragraph=args.paragraph, status=args.status, note=args.note,
                       by=args.by)
    if args.json:
        print(json.dumps(stored.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"reviewed: {describe(stored)}")
    return 0


def describe(review: Any) -> str:
    """``recommendation:… — in_progress by Li Wei, 2026-11-30`` / ``… ¶65 confirmed by …``."""
    what = f"status {review.status}" if review.action == "status" else \
        f"{review.paragraph} {dict(confirm='confirmed', reject='rejected', add='added')[review.action]}"
    note = f" — “{review.note}”" if review.note else ""
    return f"{review.target}: {what} by {review.reviewer or '?'}, {review.created_at[:10]}{note}"


def _print_reviews(reviews: list[Any], as_json: bool) -> int:
    if as_json:
        print(json.dumps([r.to_dict() for r in reviews], ensure_ascii=False, indent=2))
        return 0
    for review in reviews:
        print(f"{review.created_at}  {describe(review)}")
    print(f"{len(reviews)} review{'s' if len(reviews) != 1 else ''}")
    return 0
