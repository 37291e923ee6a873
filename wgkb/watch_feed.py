"""The Atom feed of a home's watch list, ``<home>/watch.atom`` (RFC 4287): one entry per piece of news,
newest first, rewritten after every ingest that brought news (and when a watch is added or removed),
so any feed reader can follow it."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from index.store import utc_now
from index.watch import News

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "watch.atom"
#: The most entries a feed keeps.
MAX_ENTRIES = 200


def feed_xml(news: Sequence[News], feed_id: str, home: Path) -> bytes:
    """The feed document (UTF-8 XML) for ``news`` (newest first)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", feed_id)
    _text(feed, "title", f"wgkb watch list — {home}")
    _text(feed, "updated", news[0].created_at if news else utc_now())
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "wgkb")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=(home / FEED_FILE).resolve().as_uri())
    for item in news[:MAX_ENTRIES]:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"{feed_id}:news:{item.id}")
        _text(entry, "title", item.line.removeprefix("watched: "))
        _text(entry, "updated", item.created_at)
        _text(entry, "summary", "\n".join(f"{p['label']}" for p in item.paragraphs))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def write_feed(home: Path, news: Sequence[News], identity: str | None) -> Path:
    """Write ``<home>/watch.atom`` atomically (a reader never sees half a feed)."""
    path = home / FEED_FILE
    feed_id = f"urn:wgkb:{identity or 'home'}:watch"
    tmp = path.with_suffix(".atom.tmp")
    tmp.write_bytes(feed_xml(news, feed_id, home))
    os.replace(tmp, path)
    return path
