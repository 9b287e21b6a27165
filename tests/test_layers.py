"""Dependencies point one way: ui, cli -> services -> feature packages -> providers / db.
Only ui/ imports streamlit; db imports no feature."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import channelwise

SRC = Path(channelwise.__file__).parent
FEATURES = ("chat", "knowledge", "stats", "plans", "providers", "db")


def imports(package: str) -> dict[str, set[str]]:
    """Module path -> the modules it imports (also inside functions and TYPE_CHECKING)."""
    found: dict[str, set[str]] = {}
    for path in sorted((SRC / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[str(path.relative_to(SRC))] = names
    return found


def offenders(packages: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {name}"
        for package in packages
        for module, names in imports(package).items()
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


def test_feature_packages_never_import_the_layers_above() -> None:
    above = ("channelwise.services", "channelwise.cli", "channelwise.ui")
    assert offenders(FEATURES, above) == []


def test_services_never_import_the_app_or_the_command_line() -> None:
    assert offenders(("services",), ("channelwise.cli", "channelwise.ui")) == []


def test_only_the_ui_imports_streamlit() -> None:
    packages = (*FEATURES, "services", "cli")
    assert offenders(packages, ("streamlit",)) == []
    top_level = [p.stem for p in SRC.glob("*.py")]
    assert offenders_in_files(top_level) == []


def offenders_in_files(stems: list[str]) -> list[str]:
    out = []
    for stem in stems:
        tree = ast.parse((SRC / f"{stem}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if (module or "").startswith("streamlit") or any(
                n.startswith("streamlit") for n in names
            ):
                out.append(stem)
    return out


def test_pages_reach_the_store_only_through_use_cases() -> None:
    """The use cases apply the acting user (issue 12); a page that used ``services.store``
    directly would read and write every user's rows."""
    paths = [*sorted((SRC / "ui").rglob("*.py")), SRC.parents[1] / "app.py"]
    offending = [
        f"{path.name}:{node.lineno}"
        for path in paths
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr == "store"
    ]
    assert offending == []


ABOVE_THE_DATABASE = (
    "chat",
    "grounding",
    "knowledge",
    "plans",
    "providers",
    "stats",
    "services",
    "ui",
    "cli",
)


def test_the_database_imports_no_feature() -> None:
    """db is the bottom layer: it stores plain data and imports only the core modules
    (errors, i18n, access, config), also inside functions and TYPE_CHECKING."""
    assert offenders(("db",), tuple(f"channelwise.{p}" for p in ABOVE_THE_DATABASE)) == []


def test_importing_the_database_loads_no_feature() -> None:
    """Not even through a package's ``__init__`` (plans used to pull in chat, knowledge and
    providers through the store)."""
    probe = (
        "import sys, channelwise.db; "
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('channelwise.')}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(out.stdout.strip())
    assert [name for name in loaded if name in ABOVE_THE_DATABASE] == []
    assert "db" in loaded
