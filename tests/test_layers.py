"""Dependencies point one way: ui, cli -> services -> feature packages -> providers / db.
Only ui/ imports streamlit; db imports no feature."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import channelwise

SRC = Path(channelwise.__file__).parent
FEATURES = ("chat", "grounding", "knowledge", "stats", "plans", "providers", "db")


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


LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "i18n", "config", "access", "sanitize", "tokens"}),
    frozenset({"db", "knowledge", "providers", "stats"}),
    frozenset({"grounding"}),
    frozenset({"chat", "plans"}),
    frozenset({"services"}),
    frozenset({"ui", "cli"}),
)
"""Bottom first. A package imports only packages of lower layers (and itself); the core
modules of the bottom layer may import one another."""


def _layer_of(name: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def _unit(path: Path) -> str:
    """The package a module belongs to (a top-level module is its own unit)."""
    relative = path.relative_to(SRC)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def test_every_module_belongs_to_a_layer() -> None:
    units = {_unit(p) for p in SRC.rglob("*.py")} - {"__init__"}
    assert sorted(units - set().union(*LAYERS)) == []


def test_imports_point_down_the_layers_only() -> None:
    wrong = []
    for path in sorted(SRC.rglob("*.py")):
        unit = _unit(path)
        if unit == "__init__":
            continue
        level = _layer_of(unit)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] != "channelwise" or len(parts) < 2 or parts[1] == unit:
                    continue
                other = _layer_of(parts[1])
                if other > level or (other == level and level > 0):
                    wrong.append(f"{path.relative_to(SRC)} imports {module}")
    assert wrong == []


def test_the_layer_rule_catches_an_upward_import() -> None:
    """The check above can fail: plans importing chat breaks it (same layer)."""
    assert _layer_of("plans") == _layer_of("chat") > 0
    assert _layer_of("db") < _layer_of("grounding") < _layer_of("services") < _layer_of("ui")


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


WORKFLOW_INTERNALS = (
    "channelwise.knowledge.retrieval",
    "channelwise.chat.stream",
    "channelwise.stats.pipeline",
)


def test_the_front_ends_search_answer_and_import_through_the_use_cases() -> None:
    """One use case per workflow (``services.knowledge.search``, ``services.conversations``
    ``ask`` / ``ask_once``, ``services.stats.import_and_attach`` / ``import_stats``): the
    pages and the commands do not search, answer or read exports themselves."""
    assert offenders(("ui", "cli"), WORKFLOW_INTERNALS) == []
    # the check sees each of them where it belongs: in the use cases
    in_services = offenders(("services",), WORKFLOW_INTERNALS)
    assert {line.split(" imports ")[1] for line in in_services} == set(WORKFLOW_INTERNALS)
    app = ast.parse((SRC.parents[1] / "app.py").read_text(encoding="utf-8"))
    from_app = {n.module for n in ast.walk(app) if isinstance(n, ast.ImportFrom)}
    assert sorted(from_app & set(WORKFLOW_INTERNALS)) == []


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


MISLEADING_STEMS = {
    "model": "a model here is the language model; typed data are records",
    "catalog": "the catalog is i18n's text catalog",
    "evaluation": "say what is evaluated: retrieval_eval, answer_eval",
    "safe": "sanitize.py cleans input; ui/inert.py makes text inert for the browser",
}


def test_module_names_say_what_they_hold() -> None:
    """Issue 21: no module name that means something else in this app."""
    found = [
        f"{path.relative_to(SRC)}: {MISLEADING_STEMS[path.stem]}"
        for path in sorted(SRC.rglob("*.py"))
        if path.stem in MISLEADING_STEMS
    ]
    assert found == []
