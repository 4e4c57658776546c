"""Claim: a statement in the prose that reports one or more numbers, each traceable by span."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The closed list of claim kinds. Protocol numbers (dose, setting, criterion) are kept apart from
# numbers about the participants so the checker knows not to judge them against the table.
ClaimKind = Literal[
    "mean_sd",  # 45 ± 12, mean (SD), M = 9.1, SD = 9.6; may carry a median
    "median",  # median 44, median [IQR], median (range)
    "range",  # from 35 to 100 mg/hour, 80 to 540, 3-6
    "count",  # Eleven patients, Five of the 18, 5 of 11
    "category_counts",  # 10 men and 8 women
    "total",  # a total of 55 infusion cycles
    "percent",  # 45%, 12 (40%)
    "threshold",  # less than 50% of baseline, >50% improvement, exceeding 5 cm
    "change",  # decreased from X to Y
    "comparison",  # X vs. Y
    "p_value",  # P = 0.274, p < .05
    "test",  # t(28) = 2.2, F(1, 30) = 4.1, χ2(2) = 3.1, r(40) = .3, z = 2.1, U = 12
    "ci",  # 95% CI 1.2 to 3.4
    "sample_size",  # n = 18, N = 36
    "dose",  # 2-4 mg of midazolam (protocol)
    "setting",  # infusion started at 10 mg/hour (protocol)
    "criterion",  # >80 mg per day as an inclusion rule (protocol)
]

ValueRole = Literal[
    "mean", "sd", "se", "median", "q1", "q3", "iqr", "min", "max", "count", "total", "percent",
    "p", "statistic", "df", "df1", "df2", "ci_low", "ci_high", "ci_level", "threshold", "n",
    "before", "after", "value",
]

Section = Literal[
    "title", "abstract", "introduction", "methods", "results", "discussion", "conclusion",
    "figure_caption", "table_caption", "table_body", "table_legend", "references", "other",
]


class Phrase(BaseModel):
    """Words of the text that say what is measured, of whom, or when. ``text`` is normalised (hyphenation
    joined, whitespace folded); ``start``/``end`` span the original words in source_text."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    inherited: bool = Field(False, description="Carried over from an earlier sentence.")


class Value(BaseModel):
    """One reported number: ``source_text[start:end] == raw``; ``value`` parsed as Decimal."""

    model_config = ConfigDict(frozen=True)

    role: ValueRole
    raw: str
    value: Decimal
    decimals: int = Field(ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    unit: str | None = Field(None, description="Normalised unit ('mg/hour', '%', 'years').")
    comparator: Literal["=", "<", ">", "<=", ">=", "~"] = "="
    group: Phrase | None = Field(None, description="The group this value belongs to, in comparisons.")
    side: int | None = Field(None, description="0 for the first side of 'A vs. B', 1 for the second.")


class Claim(BaseModel):
    """A reported statistic (or a tight group of them) with its place, subject, subset and time."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable across runs: derived from the kind and the first value's span.")
    kind: ClaimKind
    section: Section = "other"
    sentence: str = Field("", description="The sentence, normalised (hyphenation joined, whitespace folded).")
    sentence_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Spans of the sentence; several when a table or page broke it."
    )
    values: list[Value]
    measure: Phrase | None = Field(None, description="What is measured ('mean age', 'pain scores').")
    subject: Phrase | None = Field(None, description="Of whom ('the 11 patients given 3-6 infusions').")
    time: Phrase | None = Field(None, description="When ('baseline', '6 months').")
    groups: list[Phrase] = Field(default_factory=list, description="Groups compared, in order.")
    test_name: str | None = Field(None, description="Test named in the sentence ('t', 'F', 'chi2', 'Mann-Whitney').")
    references: list[str] = Field(default_factory=list, description="'Table 1', 'Fig. 2' cited in the sentence.")

    def value(self, role: str) -> Value | None:
        """The first value with a role, or None."""
        for v in self.values:
            if v.role == role:
                return v
        return None
