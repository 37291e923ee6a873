"""CPU seconds per ingest stage in one process, against bare ``jieba.lcut`` over the same texts.

Ingests a folder into a new home with the parsing workers off (``WGKB_INGEST_WORKERS=0``: every
stage runs in this process), each stage function wrapped by a CPU timer, then times bare
``jieba.lcut`` over the stored document texts (the floor of ``bench/scale.py``, dictionary loaded
before). Prints the whole ingest's CPU against the floor and each stage's, most costly first.
jieba's, wgkb's and spaCy's dictionaries are loaded before the clock starts (``bench/scale.py``
counts them: it measures a fresh process).

    python3 bench/corpus_replica.py /tmp/r10 --copies 10
    python3 bench/ingest_stages.py /tmp/r10 /tmp/stages-home --engine tantivy
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

#: (module, function) pairs timed, by the name the caller looks them up under.
STAGES = (
    ("ingest.pipeline", ("read_file", "clean_pages", "build_blocks", "attach_markers", "detect_metadata",
                         "classify", "assemble")),
    ("ingest.annotate", ("tokenize", "tag_paragraphs", "cite_document", "assign_roles")),
)


def timed(spent: Counter, name: str, function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started
    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a folder of documents (e.g. a replica)")
    parser.add_argument("home", type=Path, help="a new home (deleted first if it exists)")
    parser.add_argument("--engine", choices=("whoosh", "tantivy"), default="whoosh")
    args = parser.parse_args(argv)
    os.environ["WGKB_INGEST_WORKERS"] = "0"
    shutil.rmtree(args.home, ignore_errors=True)

    import importlib

    import jieba

    from index.store import Store
    from ingest.entities import pipeline
    from ingest.tokens import tokenizer
    from wgkb.facade import KnowledgeBase

    tokenizer()
    pipeline()
    jieba.initialize()
    spent: Counter = Counter()
    for module_name, names in STAGES:
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, timed(spent, name, getattr(module, name)))
    Store.put_document = timed(spent, "put_document", Store.put_document)
    KnowledgeBase._on_documents_changed = timed(spent, "index", KnowledgeBase._on_documents_changed)

    kb = KnowledgeBase.open(args.home)
    kb.use_engine(args.engine)
    started = time.process_time()
    kb.ingest([str(args.corpus)])
    total = time.process_time() - started
    texts = [d.text for d in kb.store.iter_documents()]
    started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    floor = time.process_time() - started
    kb.close()
    print(f"{args.engine}: ingest {total:.2f} CPU-s, bare jieba.lcut {floor:.2f} CPU-s, ratio {total / floor:.2f}x")
    for name, seconds in spent.most_common():
        print(f"  {name:16s} {seconds:6.2f}  {seconds / floor:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
