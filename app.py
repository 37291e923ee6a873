"""The wgkb Streamlit app: a navigation frame around the pages in wgkb/pages/.

Run with ``wgkb serve`` or ``streamlit run app.py``; the knowledge base lives in ``$WGKB_HOME``
(default ``./.wgkb``) and is built from the bundled corpus on first start.

Every page has its own path that works typed, bookmarked or shared: ``/search?q=标识``,
``/reader?doc=CTOC/COP/WG.6/2014/2&p=85``, ``/lineage?res=11/6``, ``/reader?ref=resolution:COP 5/4``,
``/registers?target=CTOC/COP/WG.6/2017/4%236``. The bare root forwards its parameters to the page they
belong to (``/?q=…`` to search, ``/?doc=…`` to the reader …), so older links keep working.
Nothing is fetched from the internet: the page icon is a local file.
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
#: The page icon, served by the app itself (an emoji or ``:material/…:`` icon would make the browser
#: fetch an image or font from the internet).
ICON = PAGES_DIR / "static" / "icon.png"

#: Which page a bare deep link (``/?doc=…``) belongs to: the first parameter present wins.
ROUTES = (("doc", state.READER), ("ref", state.READER), ("res", state.LINEAGE), ("target", state.REGISTERS),
          ("q", state.SEARCH))
#: The url path of the hidden start page (the bare root), which forwards to a real page.
HOME = "home"


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
        (state.WATCH, "watch.py", "Watch · 关注", ":material/notifications:"),
    )
    pages = {path: st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=path) for path, file, title, icon in spec}
    pages[HOME] = st.Page(forward_home, title="wgkb", url_path=HOME, default=True, visibility="hidden")
    return pages


def forward_home() -> None:
    """The bare root: go to the page the deep link's parameters belong to, else to search."""
    pages = st.session_state["_wgkb_pages"]
    target = next((path for name, path in ROUTES if st.query_params.get(name)), state.SEARCH)
    st.switch_page(pages[target], query_params=dict(st.query_params))


def main() -> None:
    """Configure, open the knowledge base (first start ingests the corpus), route deep links, run."""
    st.set_page_config(page_title="wgkb · 枪支问题工作组文献库", page_icon=str(ICON), layout="wide")
    pages = build_pages()
    st.session_state["_wgkb_pages"] = pages
    current = st.navigation(list(pages.values()))
    st.html(STYLE)
    state.knowledge_base()
    st.sidebar.caption("Home: " + markdown_literal(str(state.home_dir())))
    current.run()


main()
