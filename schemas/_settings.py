"""AuditSettings: every tunable default of paperaudit, in one validated object."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ._exceptions import SettingsError

RoundingRule = Literal["up_or_down", "half_up", "half_even", "truncate", "up_or_down_or_truncate"]
Severity = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "never"]


class AuditSettings(BaseModel):
    """Settings shared by extraction and checking. Accepts a dict or an instance via `resolve`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rounding: RoundingRule = Field(
        "up_or_down",
        description="How a recomputed value may be rounded to the reported decimals: 'up_or_down' admits "
        "half-up and half-even; 'truncate' only truncation; 'up_or_down_or_truncate' all three.",
    )
    sd_ddof: int = Field(1, ge=0, le=1, description="Delta degrees of freedom of the default SD (n-1 => 1).")
    alpha: Decimal = Field(Decimal("0.05"), gt=0, lt=1, description="Significance level for 'conclusion flips'.")
    integer_trailing_zeros_unit_precision: bool = Field(
        True, description="Read a reported integer such as '190' at unit precision (the coarser reading is noted)."
    )
    fail_on: FailOn = Field("error", description="Lowest finding severity that makes the exit code 1.")
    show_all: bool = Field(False, description="Also print consistent findings in text output.")
    text_encodings: tuple[str, ...] = Field(
        ("utf-8", "cp1252", "latin-1"), description="Encodings tried, in order, for .txt input."
    )
    min_link_confidence: float = Field(
        0.5, ge=0, le=1, description="Below this a claim-to-table link is reported, not judged."
    )

    @classmethod
    def resolve(cls, settings: AuditSettings | dict[str, Any] | None = None) -> AuditSettings:
        """Return an AuditSettings from an instance, a dict of overrides, or None (the defaults)."""
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        if isinstance(settings, dict):
            try:
                return cls.model_validate(settings)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise SettingsError(f"invalid setting {where}: {first['msg']}") from None
        raise SettingsError(f"settings must be AuditSettings or dict, not {type(settings).__name__}")
