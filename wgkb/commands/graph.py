"""`wgkb lineage`, `wgkb followup`, `wgkb mandates`, `wgkb recommendations`, `wgkb graph`: the citation
graph, resolution lineage, follow-up tracking, registries, measures and exports."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wgkb.labels import english

#: Export formats and scopes of ``wgkb graph`` (``graphs.export.FORMATS``/``SCOPES``, equal by
#: tests/test_cli_imports.py): written here so that building the parser does not import networkx
#: (~13 MB) for every command; the graph modules are imported when a graph command runs.
FORMATS = ("graphml", "gexf", "json", "csv")
SCOPES = ("paragraphs", "documents")

LINEAGE_EXAMPLE = """\
examples:
  wgkb lineage 11/6
  wgkb lineage "第 11/6 号决议" --depth 1
  wgkb lineage "resolution:COP 5/4" --json

RES is a resolution or decision (11/6, resolution:COP 11/6, 第 11/6 号决议, 大会第 70/1 号决议) or a
document symbol. Output: what it builds on (ancestors) and what cites it (descendants), oldest first,
each with date, relation, depth and whether it is in the corpus ("cited only" when known only from
how other documents cite it)."""

FOLLOWUP_EXAMPLE = """\
examples:
  wgkb followup CTOC/COP/WG.6/2017/4#23     # a working-group recommendation
  wgkb followup "11/6¶17"                    # one operative paragraph of resolution 11/6
  wgkb followup 11/6 --json
  wgkb followup 'CTOC/COP/WG.6@8#15'           # recommendation 15 of the eighth meeting (report not known yet)

Cited follow-up (paragraphs that cite the target) and suggested follow-up (later paragraphs that are
textually close but do not cite it) are listed apart; status: cited / suggested only / none. Human reviews
(`wgkb review`) are shown apart: "Reviewed status: …", "[confirmed by …, date]", "Added by reviewers"."""

MANDATES_EXAMPLE = """\
examples:
  wgkb mandates --addressee 毒品和犯罪问题办公室
  wgkb mandates --addressee UNODC --json          # aliases apply: the same rows
  wgkb mandates --resolution 11/6 --csv mandates.csv

--csv writes UTF-8 with a BOM (opens in a spreadsheet with the Chinese intact); without FILE, to stdout."""

RECOMMENDATIONS_EXAMPLE = """\
examples:
  wgkb recommendations --year 2014..2018
  wgkb recommendations --addressee UNODC --json            # = --addressee 毒品和犯罪问题办公室
  wgkb recommendations --kind proposed                     # the Secretariat's points for discussion
  wgkb recommendations --addressee 缔约国 --csv recommendations.csv

kind: adopted (in a working group's report), reported (a later document saying the group recommended it),
proposed (a Secretariat point for discussion: 不妨考虑 / 不妨讨论 / 可审议); default adopted and reported."""

GRAPH_EXAMPLE = """\
examples:
  wgkb graph stats
  wgkb graph stats --json
  wgkb graph --format graphml -o wgkb.graphml              # open in Gephi
  wgkb graph --format gexf -o wgkb.gexf --scope documents   # documents only, paragraphs collapsed
  wgkb graph --format csv -o wgkb                           # wgkb.nodes.csv + wgkb.edges.csv
  wgkb graph --format csv -o out/                           # out/wgkb.nodes.csv + out/wgkb.edges.csv
  wgkb graph --format json -o wgkb.json                     # networkx node-link JSON"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add lineage, followup, mandates, recommendations and graph to the ``wgkb`` parser."""
    raw = argparse.RawDescriptionHelpFormatter
    lin = subparsers.add_parser("lineage", help="what a resolution builds on and what cites it (timeline)",
                                description="Resolution lineage: ancestors and descendants in the citation "
                                "graph, ordered as a timeline.", epilog=LINEAGE_EXAMPLE, formatter_class=raw)
    lin.add_argument("res", metavar="RES", help="11/6, resolution:COP 11/6, 第 11/6 号决议, or a symbol")
    lin.add_argument("--depth", type=_positive, default=None, help="links away to follow (default: all)")
    lin.add_argument("--json", action="store_true", help="print JSON (root, ancestors, descendants, timeline)")
    lin.set_defaults(func=run_lineage)
    _register_followup(subparsers, raw)
    _register_registries(subparsers, raw)
    _register_graph(subparsers, raw)


def _register_followup(subparsers: argparse._SubParsersAction, raw: type) -> None:
    fol = subparsers.add_parser("followup", help="later paragraphs acting on a mandate or recommendation",
                                description="Follow-up of a resolution, a paragraph (11/6¶27), a recommendation "
                                "(SYMBOL#n) or a document.", epilog=FOLLOWUP_EXAMPLE, formatter_class=raw)
    fol.add_argument("target", metavar="TARGET", help="11/6, 11/6¶27, CTOC/COP/WG.6/2017/4#23 or a symbol")
    fol.add_argument("--limit", type=_positive, default=10, help="most suggestions to list (default 10)")
    fol.add_argument("--json", action="store_true", help="print JSON")
    fol.set_defaults(func=run_followup)


def _register_registries(subparsers: argparse._SubParsersAction, raw: type) -> None:
    man = subparsers.add_parser("mandates", help="registry of mandates with follow-up status",
                                description="One row per mandate (operative paragraph addressing someone).",
                                epilog=MANDATES_EXAMPLE, formatter_class=raw)
    man.add_argument("--addressee", help="only mandates to this addressee (aliases apply: UNODC = 毒品和犯罪问题办公室)")
    man.add_argument("--resolution", metavar="RES", help="only mandates of this resolution or document")
    _registry_outputs(man)
    man.set_defaults(func=run_mandates)

    rec = subparsers.add_parser("recommendations", help="registry of recommendations with follow-up status",
                                description="One row per recommendation paragraph or cited numbered "
                                "recommendation.", epilog=RECOMMENDATIONS_EXAMPLE, formatter_class=raw)
    rec.add_argument("--year", help="YYYY or YYYY..YYYY")
    rec.add_argument("--addressee", help="only recommendations to this addressee (aliases apply: UNODC = 毒品和犯罪问题办公室)")
    rec.add_argument("--kind", action="append", metavar="KIND",
                     help="adopted, reported, proposed or all (repeat or comma-separate; default adopted,reported)")
    _registry_outputs(rec)
    rec.set_defaults(func=run_recommendations)


def _register_graph(subparsers: argparse._SubParsersAction, raw: type) -> None:
    gra = subparsers.add_parser("graph", help="citation-graph measures (stats) or export (--format, -o)",
                                description="`wgkb graph stats` prints counts and the most-cited targets; "
                                "`wgkb graph --format F -o FILE` exports the graph.",
                                epilog=GRAPH_EXAMPLE, formatter_class=raw)
    gra.add_argument("action", nargs="?", choices=("stats",), metavar="stats", help="counts and measures (omit to export)")
    gra.add_argument("--format", choices=FORMATS, help="export format")
    gra.add_argument("-o", "--output", metavar="FILE", help="export file (csv: FILE.nodes.csv, FILE.edges.csv)")
    gra.add_argument("--scope", choices=SCOPES, default="paragraphs",
                     help="paragraphs (default) or documents (paragraphs collapsed into their documents)")
    gra.add_argument("--top", type=_positive, default=20, help="most-cited targets to list (stats)")
    gra.add_argument("--json", action="store_true", help="stats as JSON")
    gra.set_defaults(func=run_graph)


def _registry_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--csv", nargs="?", const="-", metavar="FILE",
                        help="CSV (UTF-8 with BOM) to FILE, or to stdout without FILE")
    parser.add_argument("--json", action="store_true", help="print JSON rows")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return value


def one_line_errors(func: Callable[[argparse.Namespace, Any], int]) -> Callable[[argparse.Namespace, Any], int]:
    """Bad input (ValueError) becomes ``wgkb: error: …`` on stderr and exit status 1, as WgkbError does."""
    @functools.wraps(func)
    def wrapper(args: argparse.Namespace, kb: Any) -> int:
        try:
            return func(args, kb)
        except ValueError as exc:
            print(f"wgkb: error: {exc}", file=sys.stderr)
            return 1
    return wrapper


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


@one_line_errors
def run_lineage(args: argparse.Namespace, kb: Any) -> int:
    result = kb.lineage(args.res, depth=args.depth)
    if args.json:
        _print_json(result.to_dict())
        return 0
    root = result.root
    print(f"{root.label}{_title(root.title)} ({root.date or root.year or 'undated'}, "
          f"{'in corpus' if root.in_corpus else 'cited only'})")
    for heading, entries in (("Builds on (ancestors), oldest first:", result.ancestors),
                             ("Cited by (descendants), oldest first:", result.descendants)):
        print(heading if entries else heading.split(",")[0] + ": none")
        for e in entries:
            where = "in corpus" if e.in_corpus else "cited only"
            via = "" if e.depth == 1 else f" via {e.via}"
            relations = ", ".join(english("relation", r) for r in e.relations)
            print(f"  {e.date or e.year or '—':<10}  {_short(e.label, 28):<28} {relations:<20} "
                  f"depth {e.depth}  {where}{via}{_title(e.title)}")
    return 0


def _title(title: str | None, width: int = 40) -> str:
    return f"  “{_short(title, width)}”" if title else ""


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


@one_line_errors
def run_followup(args: argparse.Namespace, kb: Any) -> int:
    result = kb.followup(args.target, limit=args.limit)
    if args.json:
        _print_json(result.to_dict())
        return 0
    print(f"{result.label}{_title(result.title)} — status: {result.status} "
          f"({_count(result.cited_count, 'citing paragraph')}, {_count(len(result.suggested), 'suggestion')})")
    if result.text:
        print(f"  {_short(result.text, 80)}")
    if result.review:
        print(f"Reviewed status: {result.review['status']}{_reviewed(result.review)}")
    print("Cited follow-up:" if result.cited else "Cited follow-up: none")
    for group in result.cited:
        print(f"  {group.year or '—'}  {group.document_label}")
        for item in group.items:
            to = f" (to para. {item.anchor.rpartition('¶')[2]})" if item.anchor else ""
            relation = english("relation", item.relation)
            print(f"    {item.label}{to} [{relation}{', ' + item.pinpoint if item.pinpoint else ''}]: "
                  f"{item.snippet}{_decision(item.review)}")
    print("Suggested follow-up (textually close, does NOT cite it — check before relying on it):"
          if result.suggested else "Suggested follow-up: none")
    for s in result.suggested:
        print(f"  {s.similarity:.2f}  {s.label}: {s.snippet}{_decision(s.review)}")
    if result.added:
        print("Added by reviewers:")
        for a in result.added:
            print(f"  {a.label}: {a.snippet}{_decision(a.review)}")
    return 0


def _reviewed(review: dict) -> str:
    """`` by Li Wei, 2026-11-30 — “note”`` for a review shown beside computed output."""
    note = f" — “{review['note']}”" if review.get("note") else ""
    return f" by {review.get('reviewer') or '?'}, {(review.get('at') or '')[:10]}{note}"


def _decision(review: dict | None) -> str:
    return f"  [{review['decision']}{_reviewed(review)}]" if review else ""


@one_line_errors
def run_mandates(args: argparse.Namespace, kb: Any) -> int:
    return _print_rows(kb.mandates(addressee=args.addressee, resolution=args.resolution), args)


@one_line_errors
def run_recommendations(args: argparse.Namespace, kb: Any) -> int:
    return _print_rows(kb.recommendations(year=args.year, addressee=args.addressee, kinds=args.kind), args)


def _print_rows(rows: list[Any], args: argparse.Namespace) -> int:
    """A registry as CSV (file or stdout), JSON or a table with one line per row."""
    from graphs.registries import rows_to_csv

    if args.csv and args.csv != "-":
        rows_to_csv(rows, args.csv)
        print(f"{_count(len(rows), 'row')} written to {args.csv}")
    elif args.csv:
        text = rows_to_csv(rows)
        sys.stdout.write(text if sys.stdout.isatty() else "\ufeff" + text)
    elif args.json:
        _print_json([r.to_dict() for r in rows])
    else:
        for r in rows:
            kind = f"[{r.kind}] " if r.kind else ""
            review = f"  reviewed: {r.review_status} by {r.reviewer or '?'}, {(r.reviewed_at or '')[:10]}" \
                if r.review_status else ""
            print(f"{r.label:<44} {kind}{r.addressee or '—'}  {r.verb or '—'}  {r.status} ({r.followups})  "
                  f"{_short(r.text, 40)}{review}")
        print(_count(len(rows), "row"))
    return 0


@one_line_errors
def run_graph(args: argparse.Namespace, kb: Any) -> int:
    if args.action == "stats":
        if args.format or args.output:
            raise ValueError("`graph stats` takes no --format/-o; export with `wgkb graph --format F -o FILE`")
        return _print_stats(kb.graph_stats(args.top), args.json)
    if not args.format or not args.output:
        raise ValueError("give `stats`, or both --format (graphml, gexf, json, csv) and -o FILE")
    written = kb.export_graph(args.format, export_path(args.output, args.format), scope=args.scope)
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def _print_stats(stats: Any, as_json: bool) -> int:
    if as_json:
        _print_json(stats.to_dict())
        return 0
    print("nodes: " + ", ".join(f"{k} {v}" for k, v in stats.nodes.items()))
    print(f"documents in corpus: {stats.documents_in_corpus}, cited only (stubs): {stats.stubs}, "
          f"citations: {stats.citations}, unresolved: {stats.unresolved}")
    print("most cited (citing paragraphs, documents, PageRank):")
    for c in stats.most_cited:
        print(f"  {c.citations:>4} {c.documents:>3}  {c.pagerank:.4f}  {c.label}{'' if c.in_corpus else '  (cited only)'}")
    for name, counts in (("per year", stats.per_year), ("per body", stats.per_body),
                         ("per relation", stats.per_relation)):
        print(f"citations {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def export_path(output: str, fmt: str) -> Path:
    """``-o`` as given, or inside it when it names a folder (``-o out/`` -> ``out/wgkb.graphml``,
    ``out/wgkb.nodes.csv`` + ``out/wgkb.edges.csv``)."""
    path = Path(output)
    if path.is_dir() or output.endswith(("/", os.sep)):
        return path / ("wgkb" if fmt == "csv" else f"wgkb.{fmt}")
    return path
