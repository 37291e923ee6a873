"""`wgkb ingest`, `wgkb show`, `wgkb export` and the help of every command."""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_run import wgkb

from wgkb.cli import build_parser
from wgkb.commands import corpus as corpus_commands
from wgkb.facade import KnowledgeBase
from wgkb.ingest_report import FileResult

SUMMARY = re.compile(r"^(\d+) documents \((\d+) stored, (\d+) unchanged\), (\d+) paragraphs, "
                     r"(\d+) footnotes in \d+\.\d\d s$")


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A home with the bundled corpus ingested through the CLI's default path."""
    home = tmp_path_factory.mktemp("cli_home")
    run = wgkb(home, "ingest")
    assert run.code == 0, run.err
    return home


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_default_ingest_prints_one_summary_line(cli_home: Path, corpus_dir: Path) -> None:
    run = wgkb(cli_home, "ingest")
    assert run.code == 0 and run.err_lines == []
    assert "skipped" not in run.err, run.err  # the corpus's own data files (*.toml, terms.txt) are not documents
    [line] = run.out.splitlines()
    documents, stored, unchanged, paragraphs, footnotes = map(int, SUMMARY.match(line).groups())
    assert (stored, unchanged) == (0, documents) and documents >= 5 and paragraphs > footnotes > 0


def test_ingest_json_report(cli_home: Path) -> None:
    run = wgkb(cli_home, "ingest", "--json")
    report = json.loads(run.out)
    assert {f["status"] for f in report["files"]} == {"unchanged"}
    assert report["failed"] == 0 and report["documents"] == len(report["files"])


def test_progress_bar_only_on_a_terminal(tmp_path: Path, corpus_dir: Path, monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    args = argparse.Namespace(paths=[corpus_dir / "COP_resolution_11_6.txt"], json=False, force=False,
                              engine=None)
    from wgkb.facade import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path / "home")
    assert corpus_commands.run_ingest(args, kb) == 0
    assert "[" + "#" * corpus_commands.BAR_WIDTH + "] 1/1 COP_resolution_11_6.txt" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")


def test_progress_bar_draws_partial_progress() -> None:
    stream = io.StringIO()
    bar = corpus_commands.ProgressBar(stream)
    bar(1, 3, FileResult("a/b.txt", "ok", "document:X/1"))
    assert stream.getvalue() == "\r\033[K[" + "#" * 10 + "." * 20 + "] 1/3 b.txt"


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path, corpus_dir: Path) -> None:
    run = wgkb(tmp_path, "ingest", corpus_dir / "COP_resolution_11_6.txt")
    assert run.err_lines == [] and "\r" not in run.out + run.err


def test_show_prints_header_and_paragraphs(cli_home: Path) -> None:
    run = wgkb(cli_home, "show", "11/6")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0] == "resolution 11/6  [resolution:COP 11/6]"
    assert "type: resolution" in lines
    assert any(line.startswith("[PP1] (") for line in lines)
    assert any(line.startswith("[1] (") and "operative" in line for line in lines)
    assert any(line.startswith("[fn") and "footnote" in line for line in lines)


def test_show_citations(cli_home: Path) -> None:
    run = wgkb(cli_home, "show", "CTOC/COP/WG.6/2018/3", "--citations")
    arrows = [line for line in run.out.splitlines() if line.startswith("    -> ")]
    assert arrows and all("«" in line for line in arrows)
    assert any("recommendation:CTOC/COP/WG.6/2017/4#" in line for line in arrows)


def test_show_json_is_the_export_shape_of_one_document(cli_home: Path) -> None:
    run = wgkb(cli_home, "show", "CTOC_COP_WG.6_2016_1.txt", "--json")
    shown = json.loads(run.out)
    exported = json.loads(wgkb(cli_home, "export", "--json").out)
    assert shown in exported["documents"]


def test_show_unknown_document_is_one_line_and_status_1(cli_home: Path) -> None:
    run = wgkb(cli_home, "show", "CTOC/COP/WG.6/2099/9")
    assert run.code == 1 and run.out == ""
    assert len(run.err_lines) == 1 and "CTOC/COP/WG.6/2099/9" in run.err


def test_export_to_file_matches_stdout(cli_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "kb.json"
    run = wgkb(cli_home, "export", "--json", "-o", target)
    assert run.code == 0 and run.out == ""
    text = target.read_text(encoding="utf-8")
    assert "枪支" in text  # Chinese kept, not \\u escapes
    assert json.loads(text) == json.loads(wgkb(cli_home, "export", "--json").out)


def test_export_to_unwritable_file_is_one_line(cli_home: Path, tmp_path: Path) -> None:
    run = wgkb(cli_home, "export", "--json", "-o", tmp_path / "missing" / "kb.json")
    assert run.code == 1 and len(run.err_lines) == 1 and "cannot write" in run.err


def test_export_requires_json(cli_home: Path) -> None:
    with pytest.raises(SystemExit):
        wgkb(cli_home, "export")


def test_a_read_command_on_a_missing_or_empty_home_says_so_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    run = wgkb(missing, "export", "--json")
    assert run.code == 1 and run.out == ""
    assert run.err_lines == [f"wgkb: error: empty knowledge base at {missing}: run 'wgkb ingest' first"]
    assert not missing.exists()
    KnowledgeBase.open(tmp_path / "empty").close()
    run = wgkb(tmp_path / "empty", "search", "标识")
    assert run.code == 1 and "empty knowledge base at" in run.err


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_help_has_an_example(name: str) -> None:
    text = subcommands()[name].format_help()
    assert re.search(r"(?im)^examples?:", text), f"`wgkb {name} --help` has no example"
    assert f"wgkb {name}" in text.split("xample", 1)[1]


def test_console_script_runs(tmp_path: Path) -> None:
    wgkb_bin = shutil.which("wgkb")
    if wgkb_bin is None:
        pytest.skip("the wgkb console script is not installed (pip install -e .)")
    import subprocess

    done = subprocess.run([wgkb_bin, "--home", str(tmp_path), "ingest", "--help"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "wgkb ingest" in done.stdout


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from wgkb import cli
    from wgkb.facade import KnowledgeBase

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(KnowledgeBase, "ingest", interrupted)
    assert cli.main(["--home", str(tmp_path), "ingest", str(tmp_path)]) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["wgkb: interrupted (documents stored before the interruption are kept)"]
