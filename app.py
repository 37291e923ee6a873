"""The wgkb Streamlit app: a navigation frame around the pages in wgkb/pages/.

Run with ``wgkb serve`` or ``streamlit run app.py``; the knowledge base lives in ``$WGKB_HOME``
(default ``./.wgkb``) and is built from the bundled corpus on first start.

Deep links: ``?q=标识`` opens search, ``?doc=CTOC/COP/WG.6/2014/2&p=85`` the reader at paragraph 85,
``?res=11/6`` the lineage of resolution 11/6, ``?ref=resolution:COP 5/4`` what is known of a cited
document that is not in the corpus.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run app.py` from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from wgkb.pages import state  # noqa: E402
from wgkb.pages.render import STYLE, markdown_literal  # noqa: E402

PAGES_DIR = ROOT / "wgkb" / "pages"

#: Which page a bare deep link (``/?doc=…``) belongs to: the first parameter present wins.
ROUTES = (("doc", state.READER), ("ref", state.READER), ("res", state.LINEAGE), ("target", state.REGISTERS))


def build_pages() -> dict[str, st.Page]:
    """The pages by url path, search first (the default page)."""
    spec = (
        (state.SEARCH, "search.py", "Search · 检索", ":material/search:"),
        (state.LIBRARY, "library.py", "Documents · 文件", ":material/folder_open:"),
        (state.READER, "reader.py", "Reader · 阅读", ":material/article:"),
        (state.REGISTERS, "registers.py", "Mandates & recommendations · 任务与建议", ":material/checklist:"),
        (state.LINEAGE, "lineage.py", "Lineage · 决议沿革", ":material/account_tree:"),
        (state.EXPLORER, "explorer.py", "Citation graph · 引用网络", ":material/hub:"),
        (state.UPLOAD, "upload.py", "Upload · 上传", ":material/upload_file:"),
    )
    return {path: st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=path, default=path == state.SEARCH)
            for path, file, title, icon in spec}


def main() -> None:
    """Configure, open the knowledge base (first start ingests the corpus), route deep links, run."""
    st.set_page_config(page_title="wgkb · 枪支问题工作组文献库", page_icon=":material/library_books:",
                       layout="wide")
    pages = build_pages()
    current = st.navigation(list(pages.values()))
    st.html(STYLE)
    state.knowledge_base()
    if current.url_path in ("", state.SEARCH) and not st.query_params.get("q"):
        for name, path in ROUTES:
            if st.query_params.get(name):
                st.switch_page(pages[path], query_params=dict(st.query_params))
    st.sidebar.caption("Home: " + markdown_literal(str(state.home_dir())))
    current.run()


main()
