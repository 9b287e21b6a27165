"""OpenAI and OpenAI-compatible servers through ``langchain_openai.ChatOpenAI``.

The ``openai`` client retries connection errors, 408, 409, 429 and 5xx with exponential
backoff (honouring ``Retry-After``) up to ``max_retries`` times. What still fails after
that is translated here into a :class:`ModelError` whose message says what to do.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import openai
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from channelwise.providers.errors import (
    ModelConnectionError,
    ModelRateLimitError,
    ModelRequestError,
    ModelServerError,
    ModelTimeoutError,
)
from channelwise.sanitize import mask_url

_LOCAL_ALTERNATIVE = "or set CHANNELWISE_LLM=local to use the bundled offline model"
_LOCAL_ALTERNATIVE_DE = "oder setzen Sie CHANNELWISE_LLM=local für das mitgelieferte Offline-Modell"


class GuardedChatOpenAI(ChatOpenAI):
    """``ChatOpenAI`` whose failures surface as actionable :class:`ModelError` s."""

    def _where(self) -> tuple[str, str]:
        base = self.openai_api_base and mask_url(self.openai_api_base)
        if base:
            return f"the OpenAI-compatible server at {base}", f"Der OpenAI-kompatible Server {base}"
        return "the OpenAI API", "Die OpenAI-API"

    @contextmanager
    def _translated(self) -> Iterator[None]:
        (where, where_de), retries = self._where(), self.max_retries or 0
        after = f" after {retries} retries" if retries else ""
        after_de = f" nach {retries} Wiederholungen" if retries else ""
        try:
            yield
        except openai.APITimeoutError as exc:
            raise ModelTimeoutError(
                f"{where} did not answer within {self.request_timeout} s{after}. Try again, "
                f"raise CHANNELWISE_LLM_TIMEOUT_S, {_LOCAL_ALTERNATIVE}.",
                f"{where_de} hat{after_de} nicht innerhalb von {self.request_timeout} s "
                "geantwortet. Versuchen Sie es erneut, erhöhen Sie CHANNELWISE_LLM_TIMEOUT_S "
                f"{_LOCAL_ALTERNATIVE_DE}.",
            ) from exc
        except openai.APIConnectionError as exc:
            cause = exc.__cause__ or exc
            raise ModelConnectionError(
                f"Cannot reach {where}{after} ({cause}). Check that it is "
                f"running and that OPENAI_BASE_URL is right (it must end in /v1), "
                f"{_LOCAL_ALTERNATIVE}.",
                f"{where_de} ist{after_de} nicht erreichbar ({cause}). Prüfen Sie, ob er läuft "
                "und OPENAI_BASE_URL stimmt (sie muss auf /v1 enden), "
                f"{_LOCAL_ALTERNATIVE_DE}.",
            ) from exc
        except openai.RateLimitError as exc:
            if "insufficient_quota" in str(exc):
                raise ModelRateLimitError(
                    f"{where} reports that the account's quota is used up (HTTP 429). "
                    f"Check billing for OPENAI_API_KEY, {_LOCAL_ALTERNATIVE}.",
                    f"{where_de} meldet, dass das Kontingent des Kontos aufgebraucht ist (HTTP "
                    f"429). Prüfen Sie die Abrechnung für OPENAI_API_KEY "
                    f"{_LOCAL_ALTERNATIVE_DE}.",
                ) from exc
            raise ModelRateLimitError(
                f"{where} is rate-limiting requests (HTTP 429){after}. Wait a minute and "
                f"ask again, {_LOCAL_ALTERNATIVE}.",
                f"{where_de} drosselt die Anfragen (HTTP 429){after_de}. Warten Sie eine Minute "
                f"und fragen Sie erneut {_LOCAL_ALTERNATIVE_DE}.",
            ) from exc
        except openai.AuthenticationError as exc:
            raise ModelRequestError(
                f"{where} rejected the API key (HTTP 401). Check OPENAI_API_KEY, "
                f"{_LOCAL_ALTERNATIVE}.",
                f"{where_de} hat den API-Schlüssel abgelehnt (HTTP 401). Prüfen Sie "
                f"OPENAI_API_KEY {_LOCAL_ALTERNATIVE_DE}.",
            ) from exc
        except openai.NotFoundError as exc:
            raise ModelRequestError(
                f"{where} does not know the model {self.model_name!r} (HTTP 404). Set "
                "CHANNELWISE_OPENAI_MODEL to a model it serves.",
                f"{where_de} kennt das Modell {self.model_name!r} nicht (HTTP 404). Setzen Sie "
                "CHANNELWISE_OPENAI_MODEL auf ein Modell, das er anbietet.",
            ) from exc
        except openai.InternalServerError as exc:
            raise ModelServerError(
                f"{where} failed with HTTP {exc.status_code}{after}. Try again in a moment, "
                f"{_LOCAL_ALTERNATIVE}.",
                f"{where_de} ist{after_de} mit HTTP {exc.status_code} gescheitert. Versuchen "
                f"Sie es gleich noch einmal {_LOCAL_ALTERNATIVE_DE}.",
            ) from exc
        except openai.APIStatusError as exc:
            raise ModelRequestError(
                f"{where} refused the request (HTTP {exc.status_code}: {exc.message}).",
                f"{where_de} hat die Anfrage abgelehnt (HTTP {exc.status_code}: {exc.message}).",
            ) from exc

    def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
        with self._translated():
            return super()._generate(*args, **kwargs)

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        with self._translated():
            yield from super()._stream(*args, **kwargs)

    async def _agenerate(self, *args: Any, **kwargs: Any) -> ChatResult:
        with self._translated():
            return await super()._agenerate(*args, **kwargs)

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        with self._translated():
            async for chunk in super()._astream(*args, **kwargs):
                yield chunk


def build_chat_openai(
    *,
    model: str,
    api_key: str,
    base_url: str | None,
    timeout_s: float,
    max_retries: int,
    temperature: float,
    max_tokens: int,
) -> GuardedChatOpenAI:
    return GuardedChatOpenAI(
        model=model,
        api_key=SecretStr(api_key),
        base_url=base_url,
        timeout=timeout_s,
        max_retries=max_retries,
        temperature=temperature,
        max_completion_tokens=max_tokens,
        stream_usage=True,
    )
