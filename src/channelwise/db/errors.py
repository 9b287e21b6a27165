"""The store's errors. Each message says what happened and what to do, in English and German."""

from __future__ import annotations

from channelwise.errors import ChannelwiseError


class StoreError(ChannelwiseError):
    """The database cannot be opened or written."""

    exit_code = 9


class ConversationNotFoundError(ChannelwiseError):
    """No conversation with that id (of this owner)."""

    exit_code = 8

    @classmethod
    def for_id(cls, conversation_id: str) -> ConversationNotFoundError:
        return cls(
            f"There is no conversation '{conversation_id}' (or it is not yours). Start a new one.",
            f"Es gibt keine Unterhaltung „{conversation_id}“ (oder sie gehört nicht Ihnen). "
            "Beginnen Sie eine neue.",
        )


class PlanNotFoundError(ChannelwiseError):
    """No saved plan (or version) with that id (of this owner)."""

    exit_code = 8

    @classmethod
    def for_id(cls, plan_id: str, version: int | None = None) -> PlanNotFoundError:
        which_en = f"version {version} of plan" if version else "plan"
        which_de = f"keine Version {version} von Plan" if version else "keinen Plan"
        return cls(
            f"There is no {which_en} '{plan_id}'. List the saved plans with "
            "`channelwise plans` or in the app.",
            f"Es gibt {which_de} „{plan_id}“. Die gespeicherten Pläne zeigt "
            "`channelwise plans` oder die App.",
        )
