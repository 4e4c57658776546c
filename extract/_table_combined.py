"""Columns that print two quantities in one cell, split into two columns ('Age/Sex': '54/F' -> 54 and F).

Per-patient tables save width by printing age and sex together ("Age/Sex", "Sex/age (y)", "Age, sex") as
"54/F", "54 F", "F/54" or "54, male". Recovery reads such a column as text, so neither the age nor the sex can be
checked against the prose. When the header names both and nearly every cell has that shape, the column becomes
two: the numeric part (integer or decimal) and the sex, each cell keeping the span of its own part of the text.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from paperaudit.schemas import Ambiguity, Cell, Column, Row, SummaryRow, Table

from ._table_header import header_to_unit, unique_name

__all__ = ["table_to_split_columns"]

_HEADER = regex.compile(r"(?i)^\s*(?:(?P<age>age)\b[^/,]*[/,]\s*(?P<sex1>sex|gender)\b|(?P<sex2>sex|gender)\s*[/,]\s*"
                        r"(?P<age2>age)\b)")
_SEX = r"(?:[MFmf]|[Mm]ale|[Ff]emale|[Mm]an|[Ww]oman|[Bb]oy|[Gg]irl)"
_AGE = r"(?:\d{1,3}(?:\.\d{1,2})?)"
_CELL_AGE_FIRST = regex.compile(rf"^(?P<age>{_AGE})\s*(?:[/,]\s*)?(?P<sex>{_SEX})$")
_CELL_SEX_FIRST = regex.compile(rf"^(?P<sex>{_SEX})\s*(?:[/,]\s*)?(?P<age>{_AGE})$")
_MIN_SHARE = 0.8


def _parts(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Spans (within ``text``) of the number and of the sex, or None when the cell has another shape."""
    m = _CELL_AGE_FIRST.match(text) or _CELL_SEX_FIRST.match(text)
    if m is None:
        return None
    return m.span("age"), m.span("sex")


def _split_cell(cell: Cell, age_name: str, sex_name: str) -> tuple[Cell, Cell]:
    """Two cells from one; a cell of another shape is left blank in both (the reading cannot say which part it
    is)."""
    parts = _parts(cell.text) if cell.text else None
    if parts is None or cell.start is None:
        return Cell(column=age_name), Cell(column=sex_name)
    (a0, a1), (s0, s1) = parts
    # the cell's text is its raw text without marks, at the start of raw
    base = cell.start
    age_text, sex_text = cell.text[a0:a1], cell.text[s0:s1]
    age = Cell(column=age_name, raw=age_text, text=age_text, number=Decimal(age_text),
               decimals=len(age_text.split(".")[1]) if "." in age_text else 0, start=base + a0, end=base + a1)
    sex = Cell(column=sex_name, raw=sex_text, text=sex_text, start=base + s0, end=base + s1)
    return age, sex


def _split_reading(reading: list[str], k: int, age_first: bool) -> list[str]:
    """A reading of a doubtful line with the combined cell split the same way (its text kept whole in the first
    of the two when it has another shape)."""
    if k >= len(reading):
        return reading
    parts = _parts(reading[k])
    if parts is None:
        return [*reading[:k], reading[k], "", *reading[k + 1:]]
    (a0, a1), (s0, s1) = parts
    age, sex = reading[k][a0:a1], reading[k][s0:s1]
    return [*reading[:k], *((age, sex) if age_first else (sex, age)), *reading[k + 1:]]


def table_to_split_columns(table: Table) -> Table:
    """The table with every combined age/sex column split into a numeric column and a sex column; the same table
    when it has none."""
    for k, col in enumerate(table.columns):
        m = _HEADER.match(col.header)
        if m is None:
            continue
        texts = [r.cells[k].text for r in table.rows if r.cells[k].text]
        if not texts or any(r.cells[k].raw != r.cells[k].text for r in table.rows if r.cells[k].text):
            continue
        if sum(_parts(t) is not None for t in texts) < _MIN_SHARE * len(texts):
            continue
        return table_to_split_columns(_split_at(table, k, age_first=m.group("age") is not None))
    return table


def _split_at(table: Table, k: int, *, age_first: bool) -> Table:
    col = table.columns[k]
    taken = {c.name for j, c in enumerate(table.columns) if j != k}
    age_name, sex_name = unique_name("age", taken), unique_name("sex", taken)
    spans = [(r.cells[k].text, _parts(r.cells[k].text)) for r in table.rows if r.cells[k].text]
    decimal = any("." in text[p[0][0]:p[0][1]] for text, p in spans if p is not None)
    unit = header_to_unit(col.header)
    age_col = Column(name=age_name, header=f"Age ({unit})" if unit else "Age",
                     dtype="decimal" if decimal else "integer", unit=unit, time=col.time,
                     header_spans=col.header_spans)
    sex_col = Column(name=sex_name, header="Sex", dtype="sex", header_spans=col.header_spans)
    pair = [age_col, sex_col] if age_first else [sex_col, age_col]
    columns = [*table.columns[:k], *pair, *table.columns[k + 1:]]

    def cells_of(cells: list[Cell]) -> list[Cell]:
        age, sex = _split_cell(cells[k], age_name, sex_name)
        two = [age, sex] if age_first else [sex, age]
        return [*cells[:k], *two, *cells[k + 1:]]

    rows = [Row(id=r.id, index=r.index, section=r.section, cells=cells_of(r.cells), start=r.start, end=r.end)
            for r in table.rows]
    summary = [SummaryRow(label=s.label, cells=[*s.cells[:k], Cell(column=pair[0].name), Cell(column=pair[1].name),
                                                *s.cells[k + 1:]], start=s.start, end=s.end)
               for s in table.summary_rows]
    ambiguities = [Ambiguity(raw=a.raw, start=a.start, end=a.end, reason=a.reason, row_id=a.row_id,
                             readings=[_split_reading(rd, k, age_first) for rd in a.readings])
                   for a in table.ambiguities]
    note = (f"column {col.name!r} ({col.header!r}) printed age and sex together: "
            f"split into {age_name!r} and {sex_name!r}")
    return table.model_copy(update={"columns": columns, "rows": rows, "summary_rows": summary,
                                    "ambiguities": ambiguities, "notes": [*table.notes, note]})
