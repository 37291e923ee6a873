"""`wgkb serve`: run the Streamlit app (``streamlit run app.py``) headless on a port, in this process."""

from __future__ import annotations

import argparse
import os
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from ingest.errors import WgkbError
from wgkb.pages import HOME_ENV, warm_up
from wgkb.pages.upload_store import MAX_UPLOAD_BYTES

#: The app's entry point, at the root of the checkout (next to the ``wgkb`` package).
APP_PATH = Path(__file__).resolve().parents[2] / "app.py"
#: Largest upload the server accepts, in MB: the upload page's limit.
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 2**20


def streamlit_args(port: int, address: str, app: Path = APP_PATH) -> list[str]:
    """The ``streamlit run`` arguments: headless, no usage statistics, no file watcher, viewer toolbar."""
    return ["run", str(app),
            "--server.headless", "true", "--server.port", str(port), "--server.address", address,
            "--server.maxUploadSize", str(MAX_UPLOAD_MB), "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
            "--client.toolbarMode", "viewer"]


def warm_up_when_up(kb: Any, health_url: str | None = None, wait: float = 60.0) -> None:
    """``wgkb.pages.warm_up`` once the server answers ``health_url``, so the warm-up does not slow the
    server's own start (the dictionary and index it loads are process-wide: the app's own
    KnowledgeBase then finds them warm)."""
    deadline = time.monotonic() + wait
    while health_url and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(health_url, timeout=1):
                break
        except OSError:
            time.sleep(0.1)
    warm_up(kb)


def run_serve(args: argparse.Namespace, kb: Any) -> int:
    """Run the app in this process until interrupted; the app opens the same home."""
    if not APP_PATH.is_file():
        raise WgkbError(f"{APP_PATH}: app.py not found (install wgkb from a checkout: pip install -e .)")
    os.environ[HOME_ENV] = str(Path(args.home).resolve())
    print(f"wgkb: serving {os.environ[HOME_ENV]} on http://{args.address}:{args.port}", flush=True)
    host = "127.0.0.1" if args.address in ("0.0.0.0", "::", "") else args.address
    health = f"http://{host}:{args.port}/_stcore/health"
    threading.Thread(target=warm_up_when_up, args=(kb, health), name="wgkb-warm-up", daemon=True).start()
    from streamlit.web import cli as streamlit_cli

    try:
        streamlit_cli.main(args=streamlit_args(args.port, args.address), prog_name="streamlit",
                           standalone_mode=False)
    except KeyboardInterrupt:
        pass
    return 0


def port_number(value: str) -> int:
    """A TCP port (1-65535), for argparse: anything else is a one-line error naming the value."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port {value!r} is not a whole number") from None
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"port {number} is out of range: give 1-65535")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``serve`` to the CLI."""
    parser = subparsers.add_parser(
        "serve", help="start the web app (Streamlit) on the knowledge base",
        description="Start the wgkb web app: search, reader, mandates and recommendations, lineage, "
                    "citation graph, upload. On first start with an empty home it ingests the bundled "
                    "corpus.",
        epilog="Example: wgkb serve --port 8501 --address 127.0.0.1   (then open http://127.0.0.1:8501)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=port_number, default=8501, help="port to listen on, 1-65535 (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; 0.0.0.0 for every interface)")
    parser.set_defaults(func=run_serve)
