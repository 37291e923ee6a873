"""The Streamlit pages of the wgkb app (started by ``app.py``/``wgkb serve``).

Page scripts (search, reader, registers, lineage, explorer, upload) run under ``st.navigation``;
``state`` holds what they share (the knowledge base, deep links), ``render`` builds every piece of
HTML from escaped text, ``netview`` draws the interactive citation network.
"""

import traceback

#: Environment variable naming the home directory (as for the CLI); default ``./.wgkb``.
HOME_ENV = "WGKB_HOME"

#: Searched once in the background when a knowledge base is opened for the app: loading the
#: segmenter's dictionary and the index takes ~2 s on the first search of a process, better spent
#: while the user is still typing than after Enter.
WARM_UP_QUERY = "标识"


def warm_up(kb) -> None:
    """One throw-away search, so the first real one is fast (the segmenter's dictionary and the index
    are process-wide). Best effort: a failure only goes to the log."""
    try:
        if kb.documents():
            kb.search(WARM_UP_QUERY, limit=1)
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first search its speed
        traceback.print_exc()
