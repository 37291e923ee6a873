"""The Streamlit pages of the wgkb app (started by ``app.py``/``wgkb serve``).

Page scripts (search, reader, registers, lineage, explorer, upload) run under ``st.navigation``;
``state`` holds what they share (the knowledge base, deep links), ``render`` builds every piece of
HTML from escaped text, ``netview`` draws the interactive citation network.
"""
