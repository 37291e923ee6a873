"""Memory (issue 14: a 10 MB text under 300 MB): a command imports only what it uses. networkx (~13 MB
of memory) comes with the graph commands, whoosh (~9 MB) only with a whoosh home; each is checked in a
fresh interpreter, through ``sys.modules`` after the command ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graphs.export import FORMATS, SCOPES
from wgkb.commands import graph as graph_command

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("networkx", "whoosh", "tantivy", "spacy", "jieba")


def loaded_after(*args: str) -> set[str]:
    """The HEAVY packages imported by ``wgkb ARGS…`` run in a fresh interpreter."""
    code = ("import sys, json\nfrom wgkb.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
            "    pass\nsys.stdout = sys.__stdout__\n"
            f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                          check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_no_engine_graph_or_nlp():
    assert loaded_after("ingest", "--help") == set()
    assert loaded_after("--help") == set()


def test_ingest_into_a_tantivy_home_imports_neither_whoosh_nor_networkx(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("CTOC/COP/WG.6/2099/1\n\n1. 工作组建议加强枪支标识。\n", encoding="utf-8")
    loaded = loaded_after("--home", str(tmp_path / "home"), "ingest", str(doc), "--engine", "tantivy")
    assert loaded == {"tantivy", "spacy", "jieba"}
    loaded = loaded_after("--home", str(tmp_path / "home"), "reindex")
    assert "whoosh" not in loaded and "networkx" not in loaded and "tantivy" in loaded


def test_ingest_into_a_whoosh_home_imports_no_tantivy(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("CTOC/COP/WG.6/2099/1\n\n1. 工作组建议加强枪支标识。\n", encoding="utf-8")
    loaded = loaded_after("--home", str(tmp_path / "home"), "ingest", str(doc))
    assert loaded == {"whoosh", "spacy", "jieba"}


def test_graph_command_choices_are_the_exporters():
    """The CLI keeps the export formats and scopes without importing graphs/ (networkx)."""
    assert graph_command.FORMATS == FORMATS
    assert graph_command.SCOPES == SCOPES
