"""The one text catalog and the bilingual errors: complete, consistent, checked by code."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import channelwise
from channelwise.errors import ChannelwiseError
from channelwise.i18n import Bilingual, catalog, pick, register, t

SRC = Path(channelwise.__file__).parent


def _import_everything() -> None:
    """Import every module, so every catalog entry is registered and every error is known."""
    for module in pkgutil.walk_packages(channelwise.__path__, "channelwise."):
        importlib.import_module(module.name)


def _calls(name_matches: set[str]) -> Iterator[tuple[Path, ast.Call, str]]:
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in name_matches:
                yield path, node, name


def _error_classes(base: type[ChannelwiseError] = ChannelwiseError) -> set[type]:
    found: set[type] = {base}
    for sub in base.__subclasses__():
        found |= _error_classes(sub)
    return found


def test_every_entry_has_german_and_english_with_the_same_placeholders() -> None:
    _import_everything()
    entries = catalog()
    assert len(entries) > 200
    formatter = string.Formatter()
    for key, texts in entries.items():
        assert set(texts) == {"de", "en"}, key
        assert texts["de"].strip() and texts["en"].strip(), key
        fields = [{f for _, f, _, _ in formatter.parse(texts[lang]) if f} for lang in ("de", "en")]
        assert fields[0] == fields[1], key


def test_every_key_used_in_the_code_is_in_the_catalog() -> None:
    _import_everything()
    used = {
        (path.relative_to(SRC), call.args[0].value)
        for path, call, _ in _calls({"t"})
        if call.args
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    }
    assert len(used) > 100
    missing = sorted(f"{path}: {key}" for path, key in used if key not in catalog())
    assert missing == []


def test_every_error_the_code_raises_has_a_german_text() -> None:
    _import_everything()
    names = {cls.__name__ for cls in _error_classes()}
    english_only = [
        f"{path.relative_to(SRC)}:{call.lineno} {name}"
        for path, call, name in _calls(names)
        if len(call.args) < 2 and not any(k.arg == "message_de" for k in call.keywords)
    ]
    assert english_only == []


def test_an_error_speaks_both_languages() -> None:
    err = ChannelwiseError("The index is missing.", "Der Index fehlt.")
    assert str(err) == "The index is missing."
    assert (err.localized("en"), err.localized("de")) == (
        "The index is missing.",
        "Der Index fehlt.",
    )


def test_lookup_fills_placeholders_and_a_missing_key_is_an_error() -> None:
    register({"test.greeting": {"en": "Hello {name}", "de": "Hallo {name}"}})
    assert t("test.greeting", "de", name="Ada") == "Hallo Ada"
    assert t("test.greeting", "en", name="{x}") == "Hello {x}"  # values are not re-read
    with pytest.raises(KeyError, match=r"no text 'test\.nothing'"):
        t("test.nothing", "en")
    assert pick("de", "en text", "de text") == "de text"


def test_register_refuses_half_entries_and_conflicting_duplicates() -> None:
    with pytest.raises(ValueError, match="German and an English"):
        register({"test.half": {"en": "only English"}})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="German and an English"):
        register({"test.empty": {"en": "English", "de": ""}})
    register({"test.same": {"en": "A", "de": "B"}})
    register({"test.same": {"en": "A", "de": "B"}})  # re-registering the same text is fine
    with pytest.raises(ValueError, match="registered twice"):
        register({"test.same": {"en": "A", "de": "C"}})


def test_bilingual_data_reads_its_language() -> None:
    label = Bilingual("Followers", "Follower")
    assert (label.get("en"), label.get("de")) == ("Followers", "Follower")


#: Dicts keyed by language that are not texts of the code.
LANGUAGE_KEYED = {
    "db/repository.py": 'a stored figures summary keeps its JSON shape {"en": ..., "de": ...}',
    "knowledge/text_analysis.py": "the Snowball stemmer's name per language",
}


def test_bilingual_text_has_one_shape_each() -> None:
    """Code texts are registered, data carries a ``Bilingual``: no ``{"en", "de"}`` dict
    outside ``register(...)`` and no record with ``x_en`` / ``x_de`` fields (messages, which
    take (en, de) like the errors, are the exception)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = str(path.relative_to(SRC))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registered = {
            id(inner)
            for call in ast.walk(tree)
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "register"
            for inner in ast.walk(call)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict) and id(node) not in registered:
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                texts = all(
                    isinstance(v, ast.Constant | ast.JoinedStr | ast.Attribute) for v in node.values
                )
                if {"en", "de"} <= keys and texts and name not in LANGUAGE_KEYED:
                    found.append(f"{name}:{node.lineno} dict")
            if isinstance(node, ast.ClassDef):
                fields = {
                    s.target.id
                    for s in node.body
                    if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
                }
                found += [
                    f"{name}: {node.name}.{f}"
                    for f in sorted(fields)
                    if f.endswith("_en") and f[:-3] + "_de" in fields and f != "message_en"
                ]
    assert found == []
