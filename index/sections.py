"""The heading path of each paragraph: the titles of the sections it stands in.

A paragraph records its section as printed labels (``("二.", "A.")``); what a reader (and the
section field of the search index) wants is the titles: ``二. 非法贩运枪支… > A. 通过适当的立法框架
方面的挑战 > 刑事定罪``. Numbered headings open their level; an unnumbered heading (``刑事定罪``,
``需要采取进一步行动的优先领域``) is a sub-title of the section it stands in and lasts until the next
heading of that section or above. Headings before the first numbered section (the cover page) are
no section of anything.
"""

from __future__ import annotations

from ingest.records import Document

#: Separator of the titles of a section path when joined into one string.
PATH_SEP = " > "


def section_paths(document: Document) -> dict[str, tuple[str, ...]]:
    """Paragraph key -> the titles of the headings it stands under (outermost first). A heading's own
    path ends with its parent's titles (not its own)."""
    numbered: dict[tuple[str, ...], str] = {}  # section labels -> title of the heading opening it
    subtitle: tuple[tuple[str, ...], str] | None = None
    paths: dict[str, tuple[str, ...]] = {}
    for paragraph in document.paragraphs:
        section = tuple(paragraph.section)
        titles = tuple(numbered[section[:i]] for i in range(1, len(section) + 1) if section[:i] in numbered)
        if subtitle is not None and subtitle[0] == section:
            titles += (subtitle[1],)
        if paragraph.kind != "heading":
            paths[paragraph.key] = titles
            continue
        paths[paragraph.key] = _parent(titles, section, numbered)
        if not section:
            continue
        if section not in numbered and paragraph.text.strip().startswith(section[-1].rstrip(".")):
            for key in [k for k in numbered if k[:len(section)] == section or len(k) > len(section)]:
                numbered.pop(key)
            numbered[section] = paragraph.text.strip()
            subtitle = None
        else:
            subtitle = (section, paragraph.text.strip())
    return paths


def _parent(titles: tuple[str, ...], section: tuple[str, ...], numbered: dict) -> tuple[str, ...]:
    """A heading's path: the titles above it (its own section's title only when it is a sub-title)."""
    if section and section not in numbered:
        return tuple(numbered[section[:i]] for i in range(1, len(section)) if section[:i] in numbered)
    return tuple(numbered[section[:i]] for i in range(1, len(section) + 1) if section[:i] in numbered)
