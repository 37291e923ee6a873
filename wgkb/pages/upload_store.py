"""Saving an uploaded file inside the home directory, and only there.

The browser sends a file name we do not trust (``../../etc/passwd.txt``, ``C:\\x\\a.pdf``, control
characters, 300 characters of 《…》). ``safe_name`` reduces it to a plain base name; ``save_upload``
writes below ``<home>/uploads/`` and never overwrites another file's content.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ingest.errors import IngestError

#: File types the upload page accepts (the ingest pipeline reads these).
UPLOAD_TYPES = ("pdf", "txt")
#: Largest upload accepted, in bytes (50 MB, as the page says).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Folder below the home directory where uploads are kept (the store refers to them as sources).
UPLOAD_DIR = "uploads"
#: Characters kept in a file name: letters and digits of any script (CJK too), ``.``, ``-``, ``_``.
#: Everything else (``/``, ``\``, ``:``, spaces, control characters) becomes ``_``; e.g.
#: ``"../报告 2019/CTOC:COP.pdf"`` -> ``"CTOC_COP.pdf"`` after the directory part is dropped.
UNSAFE_NAME_CHARS = re.compile(r"[^\w.\-]+")
#: Longest stem kept (file systems allow 255 bytes; CJK takes 3 bytes per character in UTF-8).
MAX_STEM_CHARS = 60


def safe_name(raw: str) -> str:
    """A safe base name for an uploaded file, keeping its (lower-cased) extension.

    Raises IngestError when the extension is not one of ``UPLOAD_TYPES``.
    """
    base = unicodedata.normalize("NFKC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = ext, ""
    ext = ext.lower()
    if ext not in UPLOAD_TYPES:
        shown = f".{ext}" if ext else "(no extension)"
        raise IngestError(raw, f"unsupported file type {shown!r} (upload a {' or '.join(UPLOAD_TYPES)} file)")
    stem = UNSAFE_NAME_CHARS.sub("_", stem).strip("._-")[:MAX_STEM_CHARS] or "upload"
    return f"{stem}.{ext}"


def save_upload(home: Path, raw_name: str, data: bytes) -> tuple[Path, bool]:
    """Write ``data`` to ``<home>/uploads/<safe name>``; return the path and whether it was created
    now (False: the same bytes were already there).

    An existing file with the same name and other content is kept; the new one gets the first
    8 hex digits of its sha256 added to its name. Raises IngestError for a bad name, an empty or
    oversized file.
    """
    name = safe_name(raw_name)
    if not data:
        raise IngestError(raw_name, "empty file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise IngestError(raw_name, f"file too large ({len(data) / 2**20:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB)")
    folder = (home / UPLOAD_DIR).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    path = (folder / name).resolve()
    if path.parent != folder:  # cannot happen after safe_name; checked anyway: never write outside
        raise IngestError(raw_name, "file name leads outside the upload folder")
    if path.exists() and path.read_bytes() != data:
        digest = hashlib.sha256(data).hexdigest()[:8]
        path = path.with_name(f"{path.stem}-{digest}{path.suffix}")
    if path.exists():
        return path, False
    path.write_bytes(data)
    return path, True
