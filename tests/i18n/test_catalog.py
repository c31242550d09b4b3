"""Every marked string has a Spanish translation with the same placeholders, and the compiled
catalog matches its source.

Extraction uses Babel's own API with the mapping in babel.cfg and the keywords the Makefile
passes to ``pybabel extract``, so the test sees exactly what the extraction step sees.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from ccl_youth.core.roles import LANGUAGES as APP_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "ccl_youth" / "translations"
CATALOG_LANGUAGES = sorted(p.parents[1].name for p in CATALOGS.glob("*/LC_MESSAGES/messages.po"))
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None}

PRINTF = re.compile(r"%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACES = re.compile(r"(?<!\{)\{[A-Za-z_][\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}(?!\})")


@cache
def extracted() -> dict[str, tuple[str, ...]]:
    """Every marked message id (a plural entry keyed by its singular) and where it is."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, tuple[str, ...]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        if key:
            found[key] = (*found.get(key, ()), f"{filename}:{lineno}")
    return found


def catalog(language: str) -> Catalog:
    path = CATALOGS / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        return read_po(source, locale=language)


def placeholders(text: str) -> Counter[str]:
    return Counter(PRINTF.findall(text)) + Counter(BRACES.findall(text))


def test_every_language_of_the_app_has_a_catalog() -> None:
    assert set(APP_LANGUAGES) - {"en"} == set(CATALOG_LANGUAGES)


def test_extraction_finds_the_marked_strings() -> None:
    found = extracted()
    assert "Sign in" in found  # a template
    assert "Password or PIN" in found  # _l in a form
    assert "We could not find that page" in found  # N_ in the web layer
    assert "That username and password do not match. Check both and try again." in found  # N_


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_every_extracted_message_is_translated(language: str) -> None:
    messages = catalog(language)
    missing = []
    for msgid, where in sorted(extracted().items()):
        entry = messages.get(msgid)
        strings = entry.string if entry is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(s.strip() for s in strings):
            missing.append(f"{where[0]}: {msgid!r}")
    assert not missing, f"{len(missing)} message(s) without a {language} translation:\n" + (
        "\n".join(missing[:50])
    )


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for entry in catalog(language):
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for translated in strings:
            if not translated:
                continue  # untranslated: the test above reports it
            # A plural's singular form may say "one" instead of %(num)d; the plural keeps all.
            expected = placeholders(ids[-1])
            if placeholders(translated) != expected and not (
                len(ids) > 1
                and translated is strings[0]
                and placeholders(ids[0]) == placeholders(translated)
            ):
                wrong.append(f"{entry.id!r}: {translated!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong[:50])


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    """Run `make` (or `pybabel compile`) after editing a .po file."""
    compiled = BytesIO()
    write_mo(compiled, catalog(language))
    compiled.seek(0)
    mo_path = CATALOGS / language / "LC_MESSAGES" / "messages.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run make"
    with mo_path.open("rb") as committed:
        on_disk = read_mo(committed)
    fresh = read_mo(compiled)

    def pairs(messages: Catalog) -> dict[object, object]:
        def frozen(value: object) -> object:
            return tuple(value) if isinstance(value, (list, tuple)) else value

        return {(m.context, frozen(m.id)): frozen(m.string) for m in messages if m.id}

    assert pairs(on_disk) == pairs(fresh), f"{mo_path} is older than its .po: run make"
