"""German and English: the one ``Language`` type.

The text catalog (``t``) joins this module in the next step of the restructuring.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["de", "en"]
LANGUAGES: tuple[Language, ...] = ("de", "en")
