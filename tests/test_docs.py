"""The README stays true: every CLI command is documented there, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wgkb.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 - argparse has no public API
    return sorted(action.choices)


def test_the_cli_has_all_commands_of_the_design() -> None:
    expected = {"ingest", "show", "export", "search", "lineage", "followup", "mandates",
                "recommendations", "graph", "serve"}
    assert expected <= set(_commands())


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_the_readme_table_and_examples(name: str) -> None:
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    assert f"`wgkb {name}" in table, f"`wgkb {name}` is missing from the README's command table"
    elsewhere = README.replace(table, "")  # the table's own `wgkb name [--option]` rows are no example
    assert re.search(rf"\$ wgkb {name}\b|wgkb {name}\b.*--", elsewhere), f"no example of `wgkb {name}` in README"


def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"\*\*Test it:\*\*\s*```\s*\n(.+?)\n```", README, re.S).group(1).strip()
    assert "pytest" in command
    test_part = command.split("&&")[-1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_part in ci, f"`.ci/run` does not run the README's test command {test_part!r}"


def test_readme_images_and_links_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|bench|tests)/[^)#\s]+)\)", README):
        assert (ROOT / target).exists(), f"README links to missing {target}"
