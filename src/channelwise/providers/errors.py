"""Model errors a user can act on. Each message says what happened and what to do."""

from __future__ import annotations

from channelwise.errors import ModelError


class ProviderConfigError(ModelError):
    """The chosen provider is missing a setting (key, base URL)."""


class MissingAPIKeyError(ProviderConfigError):
    """CHANNELWISE_LLM=openai without OPENAI_API_KEY."""


class BackendNotInstalledError(ModelError):
    """An optional backend package is not installed."""


class LocalModelMissingError(ModelError):
    """The local model's files are not installed or not prepared."""


class LocalModelCorruptError(ModelError):
    """The local model file does not match its published sha256."""


class ModelUnavailableError(ModelError):
    """The model server could not be reached or kept failing after retries."""


class ModelConnectionError(ModelUnavailableError):
    """Connection refused, DNS failure, network down."""


class ModelTimeoutError(ModelUnavailableError):
    """The server did not answer within the timeout."""


class ModelRateLimitError(ModelUnavailableError):
    """HTTP 429 after all retries."""


class ModelServerError(ModelUnavailableError):
    """HTTP 5xx after all retries."""


class ModelRequestError(ModelError):
    """The server refused the request (bad key, unknown model, bad request)."""


class ModelBusyError(ModelUnavailableError):
    """The local model's queue did not reach this request in time."""
