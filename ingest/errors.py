"""The few named exceptions of wgkb. The CLI turns each into a one-line message and exit status 1."""

from __future__ import annotations


class WgkbError(Exception):
    """Base of every error wgkb raises on purpose (bad input, not found); never a bug."""


class IngestError(WgkbError):
    """A file could not be ingested. ``str()`` is one line: ``<path>: <reason>``."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotFoundError(WgkbError):
    """A document, resolution, recommendation or paragraph asked for is not in the knowledge base."""


class StoreError(WgkbError):
    """The store cannot be opened or written (corrupt file, newer schema, unwritable home)."""


class CollisionError(WgkbError):
    """A document's id is already stored from another source file (with other content): not stored
    over it unless asked to replace. ``other_source`` is that file, ``other_language`` its language."""

    def __init__(self, document_id: str, other_source: str, other_language: str | None) -> None:
        self.document_id = document_id
        self.other_source = other_source
        self.other_language = other_language
        super().__init__(f"{document_id} is already stored from {other_source}")
