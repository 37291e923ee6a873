"""Running the `wgkb` command line in-process for tests: exit status, stdout, stderr."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

from wgkb.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        """Problem lines on stderr: informational notices (``wgkb: <notice>``, e.g. a search index
        being rebuilt) are left out; ``wgkb: error: …`` lines and ``path: reason`` lines are kept."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        return [line for line in lines if not line.startswith("wgkb: ") or line.startswith("wgkb: error:")]


def wgkb(home: Path, *args: str | Path) -> Run:
    """``wgkb --home HOME ARGS…`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--home", str(home), *map(str, args)])
    return Run(code, out.getvalue(), err.getvalue())
