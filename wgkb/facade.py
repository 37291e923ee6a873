"""The application layer: the one facade the CLI and the Streamlit pages talk to.

Data flows one way: ingest (file -> records) -> index (store, search) -> graphs -> this facade.
Sections of this class are owned by the module they delegate to; keep each method a thin delegation.
"""

from __future__ import annotations

from pathlib import Path

#: The bundled corpus (documents, manifest.toml, aliases.toml, glossary.toml).
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


class KnowledgeBase:
    """A knowledge base living in one home directory (``WGKB_HOME``, default ``./.wgkb``).

    >>> kb = KnowledgeBase.open("path/to/home")   # creates the home if missing
    >>> report = kb.ingest(["corpus/"])
    >>> kb.search("标识", limit=10)
    """

    # ---- core: open, ingest, documents, export (store: index/store.py) -----------------------
    @classmethod
    def open(cls, home: str | Path | None = None) -> KnowledgeBase:
        raise NotImplementedError

    # ---- search (index/search.py) ------------------------------------------------------------

    # ---- graphs: lineage, follow-up, registries, measures, exports (graphs/) -----------------
