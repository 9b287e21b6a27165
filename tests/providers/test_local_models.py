"""Model files: joined from packaged parts into the data dir, sha256-verified before use."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from channelwise.providers import build_chat_backend, local_models
from channelwise.providers.errors import LocalModelCorruptError, LocalModelMissingError
from tests.conftest import make_settings

TINY = local_models.get_spec("smollm2-135m")


def test_tiny_model_is_used_in_place_and_verified(tmp_path: Path) -> None:
    path = local_models.prepare(TINY, tmp_path)
    assert path.name == TINY.filename
    assert path.stat().st_size == TINY.size
    assert not (tmp_path / "models").exists()  # single-file packages are not copied
    assert local_models.sha256_of(path) == TINY.sha256


def test_join_writes_the_verified_file_once(tmp_path: Path) -> None:
    spec = local_models.get_spec("qwen2.5-0.5b")
    parts = local_models.locate_parts(spec)
    assert [p.name for p in parts] == [f"part0{i}.bin" for i in range(1, 7)]
    path = local_models.prepare(spec, tmp_path)
    assert path == tmp_path / "models" / spec.filename
    assert path.stat().st_size == spec.size
    mtime = path.stat().st_mtime_ns
    assert local_models.prepare(spec, tmp_path) == path
    assert path.stat().st_mtime_ns == mtime  # not joined again
    assert [p.name for p in (tmp_path / "models").iterdir()] == [spec.filename]  # no leftovers


def test_corrupt_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    spec = local_models.get_spec("qwen2.5-0.5b")
    target = tmp_path / "models" / spec.filename
    target.parent.mkdir(parents=True)
    with target.open("wb") as fh:  # right size, wrong bytes
        fh.truncate(spec.size)
    with pytest.raises(LocalModelCorruptError, match="channelwise models prepare"):
        local_models.verify_file(spec, target)
    # prepare() refuses to load it too; the user deletes it and prepares again
    with pytest.raises(LocalModelCorruptError, match="Delete it"):
        local_models.prepare(spec, tmp_path)


def test_wrong_size_file_is_rebuilt_by_prepare(tmp_path: Path) -> None:
    spec = local_models.get_spec("qwen2.5-0.5b")
    target = tmp_path / "models" / spec.filename
    target.parent.mkdir(parents=True)
    target.write_bytes(b"half a download")
    assert local_models.prepare(spec, tmp_path) == target
    assert target.stat().st_size == spec.size


def test_tampered_single_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / TINY.filename
    shutil.copyfile(local_models.locate_parts(TINY)[0], copy)
    with copy.open("r+b") as fh:
        fh.seek(TINY.size // 2)
        fh.write(b"\x00\x01\x02\x03")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() != TINY.sha256
    with pytest.raises(LocalModelCorruptError, match="does not match its published sha256"):
        local_models.verify_file(TINY, copy)


def test_missing_packages_name_the_install_command(tmp_path: Path) -> None:
    spec = replace(
        local_models.get_spec("qwen2.5-1.5b"),
        distributions=("channelwise-no-such-part1", "channelwise-no-such-part2"),
    )
    with pytest.raises(LocalModelMissingError) as caught:
        local_models.prepare(spec, tmp_path)
    message = str(caught.value)
    assert "channelwise-no-such-part1" in message
    assert "make models" in message and "OPENAI_API_KEY" in message


def test_unknown_model_name_lists_the_known_ones() -> None:
    with pytest.raises(
        LocalModelMissingError, match=r"qwen2\.5-0\.5b, qwen2\.5-1\.5b, smollm2-135m"
    ):
        local_models.get_spec("llama-70b")


def test_status_reports_install_and_preparation(tmp_path: Path) -> None:
    status = local_models.status(local_models.get_spec("qwen2.5-0.5b"), tmp_path)
    assert status.installed and not status.prepared
    assert status.path == tmp_path / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
    assert local_models.status(TINY, tmp_path).prepared


def test_local_backend_prepares_on_first_use(tmp_path: Path) -> None:
    backend = build_chat_backend(make_settings(tmp_path / "data", llm="local"))
    assert backend.label == "local qwen2.5-0.5b"
    assert (tmp_path / "data" / "models" / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf").is_file()
    assert backend.source_tokens == 300 and backend.compact_prompt
