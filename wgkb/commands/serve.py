"""`wgkb serve`: start the Streamlit app (``streamlit run app.py``) headless on a port."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from ingest.errors import WgkbError

#: The app's entry point, at the root of the checkout (next to the ``wgkb`` package).
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
#: Largest upload the server accepts, in MB (the upload page says 50 MB).
MAX_UPLOAD_MB = 50


def streamlit_command(port: int, address: str, app: Path = APP_PATH) -> list[str]:
    """The ``streamlit run`` command line: headless, no usage statistics, no file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.headless", "true", "--server.port", str(port), "--server.address", address,
            "--server.maxUploadSize", str(MAX_UPLOAD_MB), "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
            "--client.toolbarMode", "viewer"]


def run_serve(args: argparse.Namespace, kb: object) -> int:
    """Run the app until interrupted; the app opens the same home (``--home``/``WGKB_HOME``)."""
    if not APP_PATH.is_file():
        raise WgkbError(f"{APP_PATH}: app.py not found (install wgkb from a checkout: pip install -e .)")
    env = dict(os.environ, WGKB_HOME=str(Path(args.home).resolve()))
    print(f"wgkb: serving {env['WGKB_HOME']} on http://{args.address}:{args.port}", flush=True)
    try:
        return subprocess.call(streamlit_command(args.port, args.address), env=env, cwd=APP_PATH.parent)
    except KeyboardInterrupt:
        return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the CLI."""
    parser = subparsers.add_parser(
        "serve", help="start the web app (Streamlit) on the knowledge base",
        description="Start the wgkb web app: search, reader, mandates and recommendations, lineage, "
                    "citation graph, upload. On first start with an empty home it ingests the bundled "
                    "corpus.",
        epilog="Example: wgkb serve --port 8501 --address 127.0.0.1   (then open http://127.0.0.1:8501)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8501, help="port to listen on (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; 0.0.0.0 for every interface)")
    parser.set_defaults(func=run_serve)
