"""Links, recomputations, findings and the audit report."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from ._claim import Claim
from ._document import Document
from ._settings import Severity
from ._table import Table

Status = Literal["consistent", "inconsistent", "unverifiable"]


class Link(BaseModel):
    """A claim tied to table columns and a row filter, with the evidence for it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    table: str = Field(description="Label of the table ('Table 1').")
    columns: list[str] = Field(default_factory=list)
    row_filter: str = Field("all rows", description="The filter in words ('ketamine_infusions in 3..6').")
    row_ids: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="Why this link: words matched, n agreed, ...")
    confidence: float = Field(ge=0, le=1)
    alternatives: list[Link] = Field(default_factory=list, description="Other readings that fit as well.")
    values: list[int] = Field(default_factory=list,
                              description="Indices of the claim's values this link covers; empty = all of them.")
    operation: str | None = Field(None, description="What to recompute: 'describe', 'count', 'threshold', "
                                  "'test_columns', 'test_groups', 'criterion', 'patient'.")
    condition: str | None = Field(None, description="Row condition for threshold/criterion counts, "
                                  "'<col> <op> <factor>*<col>' or '<col> <op> <number>'.")
    row_ids_b: list[str] = Field(default_factory=list, description="Second group of rows, for tests between groups.")
    reason: str | None = Field(None, description="Why the claim cannot be checked against a table (no table, "
                               "untabulated group or time point).")


class Recomputation(BaseModel):
    """A statistic recomputed from table cells (or from the reported numbers themselves)."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    role: str = Field(description="Which reported value this recomputes (mean, sd, p, count, ...).")
    statistic: str = Field(description="What was computed ('mean', 'sd(n-1)', 'mannwhitneyu', ...).")
    value: Decimal | None = Field(None, description="Full precision; None when it could not be computed.")
    table: str | None = None
    columns: list[str] = Field(default_factory=list)
    row_ids: list[str] = Field(default_factory=list)
    test: str | None = None
    variant: str | None = Field(None, description="Test variant ('asymptotic, continuity-corrected', 'exact').")
    note: str | None = None
    value_index: int | None = Field(None, description="Index of the claim value this recomputes.")
    reading: int = Field(0, ge=0, description="0 for the link's main reading, k for its k-th alternative.")
    alternatives: dict[str, str] = Field(default_factory=dict,
                                         description="Variants computed beside the main value (sd(n), other tests).")

    @field_serializer("value")
    def _str(self, v: Decimal | None) -> str | None:
        return None if v is None else str(v)


class Alternative(BaseModel):
    """One reading of an ambiguous claim, with its own recomputed value and verdict."""

    model_config = ConfigDict(frozen=True)

    reading: str = Field(description="The reading in words ('all 18 rows', 'the 11 rows with infusions 3-6').")
    recomputed: str | None = None
    status: Status
    columns: list[str] = Field(default_factory=list)
    rows: list[str] = Field(default_factory=list)


class Finding(BaseModel):
    """A verdict on one reported number (or on numbers that must agree with each other)."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^PA\d{3}$")
    status: Status
    severity: Severity
    reported: str | None = Field(None, description="The reported number as printed.")
    recomputed: str | None = Field(None, description="The recomputed value, as a string of full precision.")
    rule: str = Field("", description="Rounding rule and tolerance used ('half-up or half-even at 0 decimals').")
    explanation: str = Field(description="One plain sentence a reviewer can paste into a report.")
    reason: str | None = Field(None, description="Why it could not be decided, when unverifiable.")
    note: str | None = Field(None, description="E.g. 'reproduced only with the n formula'.")
    alternatives: list[Alternative] = Field(default_factory=list)
    spans: list[tuple[int, int]] = Field(description="Spans of every reported number the finding relates.")
    claim_id: str | None = None
    role: str | None = None
    table: str | None = None
    columns: list[str] = Field(default_factory=list)
    rows: list[str] = Field(default_factory=list)
    test: str | None = None
    conclusion_flips: bool | None = Field(None, description="For P values: does the verdict at alpha change?")


class Summary(BaseModel):
    """Counts over the findings of one report."""

    model_config = ConfigDict(frozen=True)

    tables: int = 0
    claims: int = 0
    findings: int = 0
    consistent: int = 0
    inconsistent: int = 0
    unverifiable: int = 0
    errors: int = 0
    warnings: int = 0


class AuditReport(BaseModel):
    """Everything one audit produced; its JSON is the `audit --format json` output."""

    model_config = ConfigDict(frozen=True)

    path: str | None = None
    source_text: str
    tables: list[Table] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)
    error: str | None = Field(None, description="Set (and all else empty) when the paper could not be read.")


class Paper(BaseModel):
    """A paper as extracted: its document, tables and claims."""

    model_config = ConfigDict(frozen=True)

    document: Document
    tables: list[Table] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    @property
    def source_text(self) -> str:
        return self.document.source_text
