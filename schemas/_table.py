"""Table: a table recovered from a paper, with every cell traceable to its place in ``source_text``."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import pandas as pd

TableKind = Literal["per_patient", "per_unit", "summary"]
ColumnType = Literal["id", "integer", "decimal", "category", "sex", "date", "text"]


class LegendCode(BaseModel):
    """An abbreviation defined in a table legend ("CRPS 1 – Complex Regional Pain Syndrome type 1")."""

    model_config = ConfigDict(frozen=True)

    code: str
    meaning: str
    start: int = Field(ge=0, description="Span of the whole definition in source_text.")
    end: int = Field(ge=0)


class Footnote(BaseModel):
    """A footnote under a table; ``mark`` is empty for an unmarked note."""

    model_config = ConfigDict(frozen=True)

    mark: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Column(BaseModel):
    """A column: its snake_case name, the header as rebuilt from its fragments, type, unit and codes."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="snake_case name, unique in the table; the CSV header.")
    header: str = Field(description="Header text rebuilt from its fragments, words joined by single spaces.")
    dtype: ColumnType = "text"
    unit: str | None = None
    time: str | None = Field(None, description="Time point the header names ('before infusion', '6 months later').")
    codes: list[LegendCode] = Field(default_factory=list, description="Legend codes used in this column.")
    header_spans: list[tuple[int, int]] = Field(default_factory=list, description="Spans of the header fragments.")
    minimum: Decimal | None = Field(None, description="Declared lower bound of numeric values, if any.")
    maximum: Decimal | None = Field(None, description="Declared upper bound of numeric values, if any.")


class Cell(BaseModel):
    """One cell. ``raw`` is as printed (marks included); ``text`` without footnote marks."""

    model_config = ConfigDict(frozen=True)

    column: str
    raw: str = ""
    text: str = ""
    number: Decimal | None = Field(None, description="Numeric value of `text`, for numeric columns.")
    decimals: int | None = Field(None, description="Decimals printed in `text`, for numeric values.")
    marks: list[str] = Field(default_factory=list, description="Footnote marks split from the value.")
    start: int | None = Field(None, description="Span of `raw` in source_text; None for an empty cell.")
    end: int | None = None
    placed: bool = Field(False, description="True when an empty cell was placed from column types and other rows.")

    @property
    def empty(self) -> bool:
        return self.text == ""

    @property
    def value(self) -> Decimal | str | None:
        """The typed value: a Decimal for numbers, the text for categories, None when empty."""
        if self.number is not None:
            return self.number
        return self.text or None


class Row(BaseModel):
    """A body row (a patient, a study, a site)."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Unique within the table: the row's own id cell when it has one, else 'r<N>'.")
    index: int = Field(ge=0, description="0-based position among the body rows.")
    section: str | None = Field(None, description="Heading line the row is grouped under, if any.")
    cells: list[Cell]
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @cached_property
    def cell_places(self) -> tuple[list[Cell], dict[str, int]]:
        """The cells with each column's place among them (the first cell naming it), worked out at the first look-up
        and kept in the instance (not a field: no dump, comparison or hash sees it), so ``cell`` is a dict look-up
        rather than a scan of the cells."""
        places: dict[str, int] = {}
        for i, c in enumerate(self.cells):
            places.setdefault(c.column, i)
        return self.cells, places

    def cell(self, column: str) -> Cell:
        cells, places = self.cell_places
        # the places are trusted only for the very list they were made from (a model_copy that replaced the cells
        # copies them too) and where they still name the column; else the cells are scanned
        i = places.get(column) if cells is self.cells else None
        if i is not None and i < len(cells) and cells[i].column == column:
            return cells[i]
        for c in self.cells:
            if c.column == column:
                return c
        raise KeyError(column)


class SummaryRow(BaseModel):
    """A summary row printed inside the table (Mean, SD, Total, %): kept apart from the body rows."""

    model_config = ConfigDict(frozen=True)

    label: str
    cells: list[Cell]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class SectionHeading(BaseModel):
    """A heading line that groups the rows below it (a disease group, an arm)."""

    model_config = ConfigDict(frozen=True)

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Ambiguity(BaseModel):
    """A line that admits several splittings into cells; each reading lists the cell texts."""

    model_config = ConfigDict(frozen=True)

    raw: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    reason: str
    readings: list[list[str]] = Field(default_factory=list)
    row_id: str | None = Field(None, description="The row this line became, if one reading was kept as the row.")


class Table(BaseModel):
    """A table recovered from the paper."""

    model_config = ConfigDict(frozen=True)

    label: str = Field(description="'Table 1', 'Table S2', or 'Table' when unnumbered.")
    caption: str = ""
    caption_start: int | None = None
    caption_end: int | None = None
    kind: TableKind = "per_patient"
    source: Literal["text", "pdf"] = Field("text", description="Which path produced the table.")
    page: int | None = None
    start: int = Field(0, ge=0, description="Span of the whole table block in source_text.")
    end: int = Field(0, ge=0)
    columns: list[Column]
    rows: list[Row] = Field(default_factory=list)
    summary_rows: list[SummaryRow] = Field(default_factory=list)
    sections: list[SectionHeading] = Field(default_factory=list)
    legend: list[LegendCode] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    ambiguities: list[Ambiguity] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="What recovery had to assume.")

    @model_validator(mode="after")
    def _valid(self) -> Table:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.label}: duplicate column names {names}")
        ids = [r.id for r in self.rows]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.label}: duplicate row ids")
        bounds = {c.name: (c.minimum, c.maximum) for c in self.columns}
        for cells in [r.cells for r in self.rows] + [s.cells for s in self.summary_rows]:
            if [c.column for c in cells] != names:
                raise ValueError(f"{self.label}: a row's cells do not match the columns one to one")
        for r in self.rows:
            for c in r.cells:
                lo, hi = bounds[c.column]
                if c.number is not None and (
                    (lo is not None and c.number < lo) or (hi is not None and c.number > hi)
                ):
                    raise ValueError(f"{self.label}: row {r.id} {c.column}={c.text} outside declared range")
        return self

    @property
    def slug(self) -> str:
        """File stem for this table: 'Table 1' -> 'table1', 'Table S2' -> 'tableS2', 'Table' -> 'table'."""
        rest = self.label.split(None, 1)[1] if " " in self.label.strip() else ""
        return "table" + "".join(ch for ch in rest if ch.isalnum())

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dataframe(self) -> pd.DataFrame:
        """The body rows as pandas, one column per table column (plus `section` when there are sections)."""
        import pandas as pd

        data: dict[str, object] = {}
        if any(r.section for r in self.rows):
            data["section"] = pd.array([r.section for r in self.rows], dtype="string")
        for col in self.columns:
            cells = [r.cells[i] for r in self.rows for i, c in enumerate(r.cells) if c.column == col.name]
            if col.dtype == "integer":
                data[col.name] = pd.array([int(c.number) if c.number is not None else None for c in cells],
                                          dtype="Int64")
            elif col.dtype == "decimal":
                data[col.name] = pd.array([float(c.number) if c.number is not None else None for c in cells],
                                          dtype="Float64")
            elif col.dtype in ("category", "sex"):
                data[col.name] = pd.Categorical([c.text or None for c in cells])
            elif col.dtype == "date":
                data[col.name] = pd.to_datetime(pd.array([c.text or None for c in cells], dtype="object"),
                                                errors="coerce", format="mixed")
            else:
                data[col.name] = pd.array([c.text or None for c in cells], dtype="string")
        # Arrays, not Series: a Series would be aligned on its own 0..n-1 index against the row ids.
        return pd.DataFrame(data, index=pd.Index([r.id for r in self.rows], name="row_id"))
