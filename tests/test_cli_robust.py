"""The command line on hostile ground: where the home is, one-line errors for every refused value,
a damaged store, `wgkb check`, and document text that must not drive the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_run import wgkb

from wgkb.cli import main
from wgkb.homes import nearest_home, resolve_home
from wgkb.inert import inert

ESCAPED = "CTOC/COP/WG.6/2098/1\n\n1. 工作组\x1b]0;pwned\x07建议\x1b[2J加强标识\u009b31m。\n"


@pytest.fixture(scope="module")
def small_home(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    home = tmp_path_factory.mktemp("robust") / "home"
    source = home.parent / "CTOC_COP_WG.6_2098_1.txt"
    source.write_text(ESCAPED, encoding="utf-8")
    assert wgkb(home, "ingest", corpus_dir / "COP_resolution_11_6.txt", source).code == 0
    return home


def test_home_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "proj" / ".wgkb").mkdir(parents=True)
    deep = tmp_path / "proj" / "a" / "b"
    deep.mkdir(parents=True)
    assert nearest_home(deep) == tmp_path / "proj" / ".wgkb"
    assert nearest_home(tmp_path) == Path(".wgkb")
    assert resolve_home(None, {}, deep) == tmp_path / "proj" / ".wgkb"
    assert resolve_home(None, {"WGKB_HOME": "/x"}, deep) == Path("/x")
    assert resolve_home("y", {"WGKB_HOME": "/x"}, deep) == Path("y")
    for flag, env in (("", {}), ("  ", {}), (None, {"WGKB_HOME": ""})):
        with pytest.raises(Exception, match="empty"):
            resolve_home(flag, env, deep)


def test_nearest_home_is_used_from_a_subfolder(small_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture) -> None:
    shutil.copytree(small_home, tmp_path / ".wgkb")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    monkeypatch.delenv("WGKB_HOME", raising=False)
    assert main(["search", "标识", "--limit", "1"]) == 0
    assert "paragraphs match" in capsys.readouterr().out
    assert not (tmp_path / "a" / "b" / ".wgkb").exists()


@pytest.mark.parametrize(("args", "needle"), [
    (["serve", "--port", "-1"], "port -1 is out of range: give 1-65535"),
    (["serve", "--port", "http"], "port 'http' is not a whole number"),
    (["search"], "the following arguments are required: QUERY"),
    (["--bogus", "search", "x"], "unrecognized arguments: --bogus"),
    (["search", "x", "--role", "boss"], "invalid choice: 'boss'"),
    (["--home", "", "search", "x"], "--home is empty"),
])
def test_refused_values_are_one_line_and_exit_1(args: list[str], needle: str, capsys: pytest.CaptureFixture) -> None:
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("wgkb: error: ") and needle in err, err


def test_document_text_cannot_drive_the_terminal(small_home: Path) -> None:
    for args in (["show", "CTOC/COP/WG.6/2098/1"], ["search", "标识"], ["recommendations"]):
        run = wgkb(small_home, *args)
        assert run.code == 0, run.err
        assert not any(ch in run.out for ch in "\x1b\x07\u009b"), args
    assert "␛]0;pwned␇" in wgkb(small_home, "show", "CTOC/COP/WG.6/2098/1").out
    assert inert("a\tb\nc\r\x00") == "a\tb\nc␍␀"


def test_check_on_a_sound_and_on_a_damaged_store(small_home: Path, tmp_path: Path) -> None:
    run = wgkb(small_home, "check")
    assert run.code == 0, run.out
    assert "ok: SQLite integrity check" in run.out and "PROBLEM" not in run.out
    import sqlite3

    with sqlite3.connect(small_home / "wgkb.sqlite") as db:  # everything into the main file first
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = tmp_path / "damaged"
    shutil.copytree(small_home, damaged)
    for extra in damaged.glob("wgkb.sqlite-*"):
        extra.unlink()
    store = damaged / "wgkb.sqlite"
    data = bytearray(store.read_bytes())
    for offset in range(8192, min(len(data), 8192 * 8), 4096):
        data[offset:offset + 400] = b"\xde\xad" * 200
    store.write_bytes(bytes(data))
    run = wgkb(damaged, "check")
    assert run.code == 1 and "PROBLEM: store damaged" in run.out and "re-ingest" in run.out
    run = wgkb(damaged, "show", "11/6")
    assert run.code == 1 and "Traceback" not in run.err
    [line] = run.err_lines
    assert line.startswith("wgkb: error: store damaged") and "wgkb check" in line
    assert wgkb(tmp_path / "none", "check").code == 1 and not (tmp_path / "none").exists()


def test_streamlit_gets_the_safe_defaults_of_serve() -> None:
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False


def test_a_read_only_home_serves_reads(small_home: Path, tmp_path: Path) -> None:
    """Opened through a read-only connection when the store cannot be written (here: the read-only
    path taken directly, as a read-only mount or another user's home would force it)."""
    import sqlite3

    from index.store import Store, connect

    with sqlite3.connect(small_home / "wgkb.sqlite") as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "ro"
    shutil.copytree(small_home, copy)
    for extra in copy.glob("wgkb.sqlite-*"):
        extra.unlink()
    import index.store as store_module

    def read_only(path: Path):
        uri = f"file:{path.absolute()}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None), True

    original = store_module.connect
    store_module.connect = read_only
    try:
        with Store(copy / "wgkb.sqlite") as store:
            assert store.read_only and store.counts()["documents"] == 2
        run = wgkb(copy, "search", "标识")
        assert run.code == 0 and "paragraphs match" in run.out, run.err
        assert wgkb(copy, "show", "11/6").code == 0
        # user-data tables the read-only file may lack answer "none" instead of failing …
        for args in (("recommendations",), ("mandates", "--json"), ("watch", "list"), ("review", "--list"),
                     ("followup", "11/6")):
            run = wgkb(copy, *args)
            assert run.code == 0 and not run.err_lines, (args, run.err)
        # … and a write is refused in one line naming the read-only home, storing nothing
        run = wgkb(copy, "review", "11/6", "--status", "implemented", "--by", "tester")
        assert run.code == 1 and len(run.err_lines) == 1 and "read-only" in run.err, run.err
    finally:
        store_module.connect = original
    assert connect is original
