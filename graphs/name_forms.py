"""The alias table applied to what users type in filters: addressee, body and text filters of the CLI
and the app all go through here, so ``UNODC`` = ``毒品和犯罪问题办公室`` = ``联合国毒品和犯罪问题办公室``
everywhere, while ``各国``, ``缔约国`` and ``会员国`` stay three different addressees.

- ``canonical_addressee("UNODC")`` -> ``毒品和犯罪问题办公室`` (the ``[addressees]`` table of
  corpus/aliases.toml, reached directly or through an entity's names); None when the text names no
  known addressee (the filter then matches the text as a substring, as before).
- ``canonical_body("枪支问题工作组")`` -> ``CTOC/COP/WG.6`` (the ``[[body]]`` names of corpus/meetings.toml).
- ``text_forms("UNODC")`` -> every name of that entity, for "text contains" filters.
"""

from __future__ import annotations

from functools import lru_cache

from ingest.aliases import load_aliases, synonyms
from ingest.meeting_refs import body_names


@lru_cache(maxsize=256)
def canonical_addressee(text: str | None) -> str | None:
    """The canonical addressee ``text`` names (itself, one of its phrases, or another name of the
    same entity), or None."""
    wanted = (text or "").strip()
    if not wanted:
        return None
    table = load_aliases().addressees
    folded = {phrase.casefold(): canonical for phrase, canonical in table.items()}
    for form in (wanted, *synonyms(wanted)):
        if form.casefold() in folded:
            return folded[form.casefold()]
    return None


def addressee_matches(value: str | None, wanted: str | None) -> bool:
    """Whether a row's addressee ``value`` passes the filter ``wanted``: the same canonical addressee
    when ``wanted`` names one, else ``wanted`` as a substring (case-insensitive)."""
    if not wanted:
        return True
    if value is None:
        return False
    canonical = canonical_addressee(wanted)
    if canonical is not None:
        return value == canonical
    return wanted.casefold() in value.casefold()


@lru_cache(maxsize=256)
def canonical_body(text: str | None) -> str | None:
    """The body id ``text`` names (``枪支问题工作组``, ``Working Group on Firearms`` -> ``CTOC/COP/WG.6``);
    ``text`` itself when it names none."""
    wanted = (text or "").strip()
    for name, body in body_names():
        if name.casefold() == wanted.casefold():
            return body
    return wanted or None


@lru_cache(maxsize=256)
def text_forms(text: str) -> tuple[str, ...]:
    """``text`` and every other name of the entity it names (``UNODC`` -> ``UNODC``,
    ``联合国毒品和犯罪问题办公室``, ``毒品和犯罪问题办公室`` …)."""
    wanted = text.strip()
    return tuple(dict.fromkeys((wanted, *synonyms(wanted)))) if wanted else ()


def text_matches(haystack: str, needle: str | None) -> bool:
    """Whether ``haystack`` contains ``needle`` or another name of what it names (case-insensitive)."""
    if not needle or not needle.strip():
        return True
    folded = haystack.casefold()
    return any(form.casefold() in folded for form in text_forms(needle))
