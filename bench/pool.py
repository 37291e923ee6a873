"""Pooling for blind relevance judgements, and folding the grades into the judged set.

    python3 bench/pool.py pool QUERIES.toml [-o bench/out/pool.toml] [--depth 20] [--home DIR]
                               [--judged tests/judged_queries.toml]
    python3 bench/pool.py merge bench/out/pool.toml [--into tests/judged_queries.toml] [--allow-ungraded]

``pool`` runs every query of QUERIES.toml (``[[query]]`` tables: ``id``, ``kind`` — keyword,
question, english, traditional, alias, citation or filters — ``q``, the query as typed, and
optionally ``filters = { year = "2014..2018", role = "recommendation", doc_type = …, body = …,
addressee = …, doc = …, kind = … }``) through wgkb, SQLite FTS5 trigram and plain substring
matching over the bundled corpus (or --home), takes the top ``--depth`` of each, and writes per
query the union in a shuffled order (fixed per query id), with nothing telling which engine returned
a passage: its reference, the kind of paragraph, its section path, its citable label and its text,
and a ``grade = -1`` slot to set to 0, 1 or 2. With --judged, passages already graded there are
left out (re-pooling after the engines changed asks only for the new ones).

``merge`` folds a graded pool into the judged set (every graded passage kept, grade 0 included; no
cap; passages never graded count 0 when measured). Queries already in the judged set (same id) keep
their grades, new grades added; judged queries of the older format (no id) are dropped.
Grades still -1 are an error naming them, unless --allow-ungraded (then they are left out).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tomllib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.baselines import engines, open_kb  # noqa: E402
from index.evaluation import anchor  # noqa: E402
from index.sections import PATH_SEP, section_paths  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "tests" / "judged_queries.toml"
KINDS = ("keyword", "question", "english", "traditional", "alias", "citation", "filters")
FILTERS = ("year", "doc_type", "body", "role", "addressee", "doc", "kind")
GRADES = (0, 1, 2)
HEADER = """\
# Judged queries (tests/test_search_relevance.py, bench/search_quality.py), written blind and graded
# by pooling the top 20 of wgkb, SQLite FTS5 trigram and plain substring matching
# (bench/pool.py). Grades: 2 = what a user wants at rank 1-3, 1 = substantively mentions or partly
# answers, 0 = not relevant or a passing mention (headings and purely bibliographic footnotes 0
# unless the query asks for that section). Every graded passage is kept; passages never graded
# count 0. Paragraph references: `<document id>¶<key>`, or `<document id>@<start of the text>` for
# headings and text blocks (index/evaluation.py `anchor`).
"""


def load_queries(path: Path) -> list[dict[str, Any]]:
    """The queries of a queries file; ValueError naming the entry when one is malformed."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out, seen = [], set()
    for n, entry in enumerate(data.get("query", []), 1):
        q = entry.get("q", entry.get("query"))
        qid = str(entry.get("id") or f"q{n:03d}")
        kind = str(entry.get("kind", "")).lower()
        filters = dict(entry.get("filters", {}))
        problem = ("no query text (q)" if not isinstance(q, str) or not q.strip() else
                   f"kind {kind!r}: choose one of {', '.join(KINDS)}" if kind not in KINDS else
                   f"id {qid!r} given twice" if qid in seen else
                   f"filters {sorted(set(filters) - set(FILTERS))}: choose among {', '.join(FILTERS)}"
                   if set(filters) - set(FILTERS) else None)
        if problem:
            raise ValueError(f"{path}: query {n}: {problem}")
        seen.add(qid)
        out.append({"id": qid, "kind": kind, "q": q, "filters": filters})
    return out


def already_graded(path: Path | None) -> dict[str, set[str]]:
    """Query id -> the references already graded in a judged set (empty when none is given)."""
    if path is None or not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {str(e["id"]): set(e.get("judged", {})) for e in data.get("query", []) if "id" in e}


def pool(queries: list[dict[str, Any]], kb, depth: int, graded: dict[str, set[str]]) -> list[dict]:
    """Per query: the shuffled union of every engine's top ``depth`` (passages already graded left
    out). An engine failing on a query is reported and the others go on."""
    documents = {d.id: d for d in kb.store.iter_documents()}
    info = {}
    for document in documents.values():
        paths = section_paths(document)
        for p in document.paragraphs:
            info[document.paragraph_id(p.key)] = {
                "ref": anchor(document, p.key), "paragraph_kind": p.kind,
                "section": PATH_SEP.join(paths.get(p.key, ())), "label": document.label(p), "text": p.text}
    runs = engines(kb)
    out = []
    for query in queries:
        found: set[str] = set()
        for name, search in runs.items():
            try:
                found.update(search(query["q"], depth, **query["filters"]))
            except Exception as exc:  # noqa: BLE001 - one engine's failure must not stop the pool
                print(f"query {query['id']} ({query['q']!r}): {name} failed: {exc}", file=sys.stderr)
        skip = graded.get(query["id"], set())
        passages = sorted((info[pid] for pid in found if info[pid]["ref"] not in skip), key=lambda x: x["ref"])
        random.Random(query["id"]).shuffle(passages)
        out.append({**query, "passages": passages})
    return out


def toml_string(text: str) -> str:
    """A TOML string for ``text``: a multi-line literal when it can be one, else a basic string."""
    if "'''" not in text and not any(ord(c) < 32 and c not in "\n\t" for c in text) and "\n" in text:
        return "'''\n" + text + "'''"
    return json.dumps(text, ensure_ascii=False)


def inline(mapping: dict[str, Any]) -> str:
    """A TOML inline table of strings and numbers."""
    parts = [f"{json.dumps(str(k), ensure_ascii=False)} = "
             f"{v if isinstance(v, int) else json.dumps(str(v), ensure_ascii=False)}" for k, v in mapping.items()]
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def query_head(query: dict[str, Any]) -> list[str]:
    lines = ["[[query]]", f"id = {json.dumps(query['id'])}", f"kind = {json.dumps(query['kind'])}",
             f"q = {toml_string(query['q'])}"]
    if query.get("filters"):
        lines.append(f"filters = {inline(query['filters'])}")
    return lines


def write_pool(pooled: list[dict], path: Path, depth: int) -> None:
    lines = [f"# Pool of the top {depth} of several engines per query, shuffled. Set each grade to 2 (what",
             "# a user wants at rank 1-3), 1 (substantively mentions or partly answers) or 0 (not relevant",
             "# or a passing mention; headings and bibliographic footnotes 0 unless the query asks for",
             "# that section). Then: python3 bench/pool.py merge " + str(path), ""]
    for query in pooled:
        lines += query_head(query) + [""]
        for p in query["passages"]:
            lines += ["[[query.passage]]", f"ref = {json.dumps(p['ref'], ensure_ascii=False)}",
                      f"paragraph_kind = {json.dumps(p['paragraph_kind'])}",
                      f"section = {json.dumps(p['section'], ensure_ascii=False)}",
                      f"label = {json.dumps(p['label'], ensure_ascii=False)}",
                      f"text = {toml_string(p['text'])}", "grade = -1", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def merge(pool_path: Path, into: Path, allow_ungraded: bool) -> tuple[int, int]:
    """Fold the grades of ``pool_path`` into ``into``; returns (queries, graded passages) written."""
    data = tomllib.loads(pool_path.read_text(encoding="utf-8"))
    existing = tomllib.loads(into.read_text(encoding="utf-8")) if into.is_file() else {}
    kept = {str(e["id"]): e for e in existing.get("query", []) if "id" in e}
    dropped = len(existing.get("query", [])) - len(kept)
    ungraded, bad = [], []
    for entry in data.get("query", []):
        target = kept.setdefault(str(entry["id"]), {k: entry[k] for k in ("id", "kind", "q", "filters")
                                                    if k in entry})
        grades = dict(target.get("judged", {}))
        for p in entry.get("passage", []):
            grade = p.get("grade", -1)
            if grade == -1:
                ungraded.append(f"{entry['id']}: {p['ref']}")
            elif grade not in GRADES:
                bad.append(f"{entry['id']}: {p['ref']} = {grade!r}")
            else:
                grades[p["ref"]] = grade
        target["judged"] = grades
    if bad:
        raise ValueError(f"{pool_path}: grades must be 0, 1 or 2: {'; '.join(bad[:5])}")
    if ungraded and not allow_ungraded:
        raise ValueError(f"{pool_path}: {len(ungraded)} passages not graded (grade = -1), e.g. "
                         f"{'; '.join(ungraded[:3])} (--allow-ungraded leaves them out)")
    lines = [HEADER]
    for query in kept.values():
        lines += query_head(query) + [f"judged = {inline(query.get('judged', {}))}", ""]
    into.write_text("\n".join(lines), encoding="utf-8")
    if dropped:
        print(f"{into}: {dropped} judged queries of the older format (no id) dropped", file=sys.stderr)
    return len(kept), sum(len(q.get("judged", {})) for q in kept.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pool", help="pool the engines' results for judging")
    p.add_argument("queries", type=Path)
    p.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "out" / "pool.toml")
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--home", help="an existing knowledge base (default: a fresh one with corpus/)")
    p.add_argument("--judged", type=Path, help="leave out passages already graded in this judged set")
    m = sub.add_parser("merge", help="fold a graded pool into the judged set")
    m.add_argument("pool", type=Path)
    m.add_argument("--into", type=Path, default=JUDGED)
    m.add_argument("--allow-ungraded", action="store_true")
    args = parser.parse_args(argv)
    try:
        if args.command == "pool":
            queries = load_queries(args.queries)
            pooled = pool(queries, open_kb(args.home), args.depth, already_graded(args.judged))
            write_pool(pooled, args.output, args.depth)
            print(f"{args.output}: {len(pooled)} queries, {sum(len(q['passages']) for q in pooled)} passages to grade")
        else:
            queries, passages = merge(args.pool, args.into, args.allow_ungraded)
            print(f"{args.into}: {queries} queries, {passages} graded passages")
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        print(f"pool: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
