"""Schema validation: spans, unique ids, one cell per column, declared ranges, dataframe dtypes, settings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from paperaudit.schemas import AuditSettings, Cell, Column, Document, Line, Row, SettingsError, Table


def _cell(col: str, text: str, number: str | None = None) -> Cell:
    return Cell(column=col, raw=text, text=text, number=Decimal(number) if number else None)


def _table(rows: list[Row], columns: list[Column] | None = None) -> Table:
    columns = columns or [Column(name="id", header="No", dtype="id"), Column(name="age", header="Age", dtype="integer")]
    return Table(label="Table 1", columns=columns, rows=rows)


def _row(i: int, age: str, rid: str | None = None) -> Row:
    return Row(id=rid or str(i), index=i, cells=[_cell("id", str(i)), _cell("age", age, age)], start=0, end=1)


def test_duplicate_row_ids_rejected() -> None:
    with pytest.raises(ValidationError, match="duplicate row ids"):
        _table([_row(0, "30", "a"), _row(1, "40", "a")])


def test_cells_must_match_columns() -> None:
    bad = Row(id="x", index=0, cells=[_cell("age", "3")], start=0, end=1)
    with pytest.raises(ValidationError, match="one to one"):
        _table([bad])


def test_declared_range_enforced() -> None:
    cols = [Column(name="id", header="No", dtype="id"),
            Column(name="age", header="Age", dtype="integer", minimum=Decimal(0), maximum=Decimal(120))]
    _table([_row(0, "119")], cols)
    with pytest.raises(ValidationError, match="outside declared range"):
        _table([_row(0, "130")], cols)


def test_slug_names() -> None:
    cols = [Column(name="a", header="A")]
    assert Table(label="Table 1", columns=cols).slug == "table1"
    assert Table(label="Table S2", columns=cols).slug == "tableS2"
    assert Table(label="Table", columns=cols).slug == "table"


def test_to_dataframe_dtypes() -> None:
    cols = [Column(name="id", header="No", dtype="id"), Column(name="age", header="Age", dtype="integer"),
            Column(name="sex", header="Sex", dtype="sex"), Column(name="bmi", header="BMI", dtype="decimal")]
    rows = [Row(id=str(i), index=i, start=0, end=1, cells=[
        _cell("id", str(i)), _cell("age", a, a or None), _cell("sex", s), _cell("bmi", b, b or None)])
        for i, (a, s, b) in enumerate([("30", "M", "22.5"), ("", "F", "30.25")])]
    df = Table(label="Table 1", columns=cols, rows=rows).to_dataframe()
    assert str(df["age"].dtype) == "Int64" and df["age"].isna().tolist() == [False, True]
    assert str(df["bmi"].dtype) == "Float64" and df["bmi"].tolist() == [22.5, 30.25]
    assert str(df["sex"].dtype) == "category"
    assert list(df.index) == ["0", "1"]
    assert df["id"].tolist() == ["0", "1"], "text columns must not be aligned away from the row ids"


def test_document_spans_inside_text() -> None:
    Document(source_text="abc", lines=[Line(start=0, end=3)])
    with pytest.raises(ValidationError, match="outside source_text"):
        Document(source_text="abc", lines=[Line(start=0, end=4)])


def test_line_col() -> None:
    doc = Document(source_text="ab\ncd\nef")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(4) == (2, 2)
    assert doc.line_col(6) == (3, 1)


def test_settings_resolve() -> None:
    assert AuditSettings.resolve(None) == AuditSettings()
    s = AuditSettings.resolve({"rounding": "truncate", "sd_ddof": 0})
    assert s.rounding == "truncate" and AuditSettings.resolve(s) is s
    with pytest.raises(SettingsError, match="rounding"):
        AuditSettings.resolve({"rounding": "sideways"})
    with pytest.raises(SettingsError, match="unknown_key"):
        AuditSettings.resolve({"unknown_key": 1})
