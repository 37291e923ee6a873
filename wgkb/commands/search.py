"""`wgkb search`: full-text search over paragraphs, with filters, facets and citable labels."""

from __future__ import annotations

import argparse
import json
import shutil

from ingest.records import ROLES
from wgkb.facade import KnowledgeBase
from wgkb.labels import english

SEARCH_EXAMPLE = """\
query syntax:
  标识 记录保存            words (any may match; paragraphs matching more rank first)
  "枪支议定书的实施"        a quoted phrase: exactly the paragraphs containing that string
  标识 AND 追查, 标识 OR 标记, 标识 NOT 弹药, -弹药, (标识 OR 标记) AND 追查
  UNODC, INTERPOL, SDG 16.4 aliases expand to every name (毒品和犯罪问题办公室 …)
  槍支 標識                 traditional characters are converted to simplified
  record-keeping            English terms expand through corpus/glossary.toml
  11/6, 第 11/6 号决议, CTOC/COP/WG.6/2014/4, 建议 23   paragraphs citing that document
  Malformed syntax (a lone quote or bracket, `*`, `AND OR`) is searched as plain words.

examples:
  wgkb search 标识
  wgkb search "single point of contact" --year 2014..2023 --limit 5
  wgkb search 毒品和犯罪问题办公室 --role mandate --doc 11/6
  wgkb search 追查 --type background_paper --json

output: one block per hit: rank, citable label, score, roles, the section it stands in (§), then
the snippet with matches in 【】; "not understood: …" naming English words that no glossary entry
and no paragraph knows; a last line with the total and facet counts. --json prints
  {"query", "total", "offset", "limit", "fallback", "not_understood": [words],
   "facets": {"doc_type": {…}, "year": {…}, "body", "role", "addressee", "document", "kind"},
   "hits": [{"paragraph_id", "document_id", "key", "label", "score", "snippet", "text", "roles",
             "kind", "doc_type", "year", "body", "addressee", "page", "section", "pinpoint"}]}"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``search`` to the ``wgkb`` parser."""
    parser = subparsers.add_parser(
        "search", help="search paragraphs (words, phrases, aliases, English, citations) with filters",
        description="Search the paragraphs of the knowledge base. Each hit is citable "
        "(\"CTOC/COP/WG.6/2014/2, para. 85\").", epilog=SEARCH_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("query", metavar="QUERY", nargs="+", help="what to look for (see syntax below)")
    parser.add_argument("--type", dest="doc_type", metavar="TYPE",
                        help="document type: resolution, background_paper, agenda, report, …")
    parser.add_argument("--year", metavar="YEAR", help="a year (2016) or a range (2014..2018, 2014.., ..2016)")
    parser.add_argument("--body", metavar="BODY", help="issuing body, e.g. COP or CTOC/COP/WG.6")
    parser.add_argument("--role", choices=ROLES, help="paragraph role")
    parser.add_argument("--addressee", metavar="WHO", help="addressee of a mandate, e.g. 缔约国, 秘书处")
    parser.add_argument("--doc", metavar="DOC", help="only this document (symbol, id, 11/6, file name)")
    parser.add_argument("--kind", metavar="KIND", help="paragraph kind: numbered, operative, footnote, …")
    parser.add_argument("--limit", type=_positive, default=10, metavar="N", help="hits to show (default 10)")
    parser.add_argument("--offset", type=_positive, default=0, metavar="N", help="hits to skip (paging)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON (shape below)")
    parser.set_defaults(func=run_search)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return number


def run_search(args: argparse.Namespace, kb: KnowledgeBase) -> int:
    """Search and print the hits (terminal blocks or JSON)."""
    results = kb.search(" ".join(args.query), limit=args.limit, offset=args.offset,
                        doc_type=args.doc_type, year=args.year, body=args.body, role=args.role,
                        addressee=args.addressee, doc=args.doc, kind=args.kind)
    if args.json:
        print(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return 0
    width = min(shutil.get_terminal_size((100, 20)).columns, 120)
    for rank, hit in enumerate(results.hits, results.offset + 1):
        roles = f"  [{', '.join(english('role', r) for r in hit.roles)}]" if hit.roles else ""
        print(f"{rank}. {hit.label}  (score {hit.score:.2f}){roles}")
        if hit.section:
            print(f"   § {hit.section}"[:width])
        print(f"   {hit.snippet}"[: width * 3])
    if results.not_understood:
        print(f"not understood: {', '.join(results.not_understood)} (no glossary entry, in no paragraph)")
    shown = f"{results.offset + 1}-{results.offset + len(results.hits)}" if results.hits else "0"
    print(f"{results.total} paragraphs match; showing {shown}." + _facet_line(results.facets))
    return 0


def _facet_line(facets: dict[str, dict[str, int]]) -> str:
    parts = []
    for name, field, title in (("year", None, "year"), ("doc_type", "doc_type", "type"), ("role", "role", "role")):
        counts = facets.get(name) or {}
        if counts:
            parts.append(f"{title}: " + ", ".join(f"{english(field, k) if field else k} {v}"
                                                  for k, v in list(counts.items())[:6]))
    return (" " + "; ".join(parts)) if parts else ""
