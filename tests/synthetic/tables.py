"""Random per-patient tables and their rendering in the flattened raw-text style of PDF text extraction.

`random_table` draws a table whose true content is kept in a `SynthTable`; `render_flat_text` prints it the way text
pulled out of a PDF prints a borderless table: caption, header cells stacked over several lines (short headers side
by side on one line, blank lines between and sometimes inside headers), one line of space-separated tokens per row
(blank cells simply missing), a legend defining the codes, footnotes, and prose around or inside the block.

Nothing here is taken from a real paper: vocabularies are generic and values are random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["SynthTable", "random_table", "render_flat_text", "render_paper"]


@dataclass
class SynthTable:
    """The true content of a generated table (what a perfect reader would recover)."""

    label: str
    caption: str
    headers: list[str]
    dtypes: list[str]
    units: list[str | None]
    rows: list[list[str]]
    clean_rows: list[list[str]]
    sections: list[tuple[int, str]] = field(default_factory=list)
    summary: list[tuple[str, list[str]]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    times: list[str | None] = field(default_factory=list)
    kind: str = "per_patient"
    code_columns: list[int] = field(default_factory=list)

    @property
    def n_columns(self) -> int:
        return len(self.headers)

    def section_of(self, row_index: int) -> str | None:
        """The heading the row is printed under, if any."""
        current = None
        for start, text in self.sections:
            if start <= row_index:
                current = text
        return current


_MEASURES = [
    "Weight", "Height", "Heart rate", "Systolic pressure", "Diastolic pressure", "Dose", "Daily dose", "Duration",
    "Score", "Pain score", "Visits", "Sessions", "Hemoglobin", "Creatinine", "Albumin", "Glucose", "Follow-up",
    "Admissions", "Relapses", "Lesions", "Steps", "Grip strength", "Sleep", "Fatigue score", "Mood score",
    "Body mass index", "Cholesterol", "Platelets", "Leukocytes", "Treatment cycles", "Peak rate", "Infusions",
    "Blood loss", "Hospital stay", "Walking distance", "Reading speed", "Errors", "Latency", "Accuracy",
]
_UNITS_INT = ["(years)", "(months)", "(days)", "(number)", "(mg/day)", "(mg/h)", "(mmHg)", "(beats/min)", "(n)",
              "(mL)", "(min)", "(points)", "(mg)"]
_UNITS_DEC = ["(kg)", "(m)", "(g/dL)", "(mmol/L)", "(mg/dL)", "(kg/m2)", "(%)", "(s)", "(h)", "(µg/L)"]
_TIMES = ["before treatment", "after treatment", "at baseline", "6 months later", "at 12 weeks", "before surgery",
          "1 year later", "at discharge", "after 3 months", "at follow-up", "before infusion", "at 24 h"]
_WORDS = [
    "Neuropathy", "Arthritis", "Migraine", "Fibrosis", "Asthma", "Epilepsy", "Sciatica", "Myopathy", "Colitis",
    "Dermatitis", "Gout", "Lupus", "Anemia", "Stroke", "Hernia", "Other", "None", "Unknown", "Mixed", "Negative",
    "Positive", "Stable", "Improved", "Worse", "Left", "Right", "Bilateral",
]
_PREFIXES = ["Type", "Grade", "Stage", "Class", "Group", "Level", "Phase", "Score"]
_LOWER = [
    "the", "patients", "were", "treated", "with", "and", "of", "in", "a", "for", "was", "after", "during", "each",
    "study", "dose", "group", "mean", "values", "reported", "measured", "clinic", "follow", "up", "visits",
    "observed", "change", "compared", "between", "baseline", "response", "outcome", "analysis", "data", "years",
]
_ROMAN = ["I", "II", "III", "IV"]
_MISSING = ["–", "NA", "-", "n/a"]
_SUMMARY_LABELS = ["Mean", "SD", "Median", "Total", "n", "%"]


def _abbrev(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHKLMNPRSTVW") for _ in range(rng.randint(2, 5)))


def _code(rng: random.Random) -> str:
    """A categorical code: a word, an abbreviation, or a multi-token code holding digits ("XYZ 1", "Type 2 AB")."""
    r = rng.random()
    if r < 0.25:
        return rng.choice(_WORDS)
    if r < 0.5:
        return _abbrev(rng)
    if r < 0.7:
        return f"{_abbrev(rng)} {rng.randint(1, 3)}"
    if r < 0.85:
        return f"{rng.choice(_PREFIXES)} {rng.randint(1, 4)} {_abbrev(rng)}"
    if r < 0.93:
        return f"{rng.choice(_PREFIXES)} {rng.choice(_ROMAN)}"
    return f"{rng.choice(_PREFIXES)} {rng.randint(1, 4)}"


def _meaning(rng: random.Random, code: str) -> str:
    words = [w.lower() for w in rng.sample(_WORDS, rng.randint(2, 4))]
    words[0] = words[0].capitalize()
    return " ".join(words) + ("" if not code[-1].isdigit() else f" type {code.split()[-1]}")


@dataclass
class _Spec:
    kind: str
    header: str
    dtype: str
    unit: str | None
    time: str | None
    lo: int = 0
    hi: int = 100
    decimals: int = 0
    fmt: str = ""
    pool: list[str] = field(default_factory=list)


def _fmt_date(rng: random.Random, fmt: str) -> str:
    y, m, d = rng.randint(2005, 2022), rng.randint(1, 12), rng.randint(1, 28)
    return fmt.format(y=y, m=m, d=d)


def _specs(rng: random.Random, n_cols: int, kind: str) -> list[_Spec]:
    specs: list[_Spec] = []
    used: set[str] = set()
    if kind == "per_unit":
        specs.append(_Spec("code", rng.choice(["Study", "Site", "Centre"]), "category", None, None,
                           pool=[f"{_abbrev(rng)} {rng.randint(2000, 2020)}" for _ in range(60)]))
    elif rng.random() < 0.85:
        specs.append(_Spec("id", rng.choice(["Patient Number", "Patient", "No.", "Case", "Subject ID", "ID"]),
                           "id", None, None))
    menu = ["age", "sex", "int", "int", "int", "dec", "dec", "code", "code", "date", "int", "dec"]
    have_age = have_sex = False
    while len(specs) < n_cols:
        k = rng.choice(menu)
        if k == "age" and not have_age:
            have_age = True
            header = rng.choice(["Age", "Age (years)"])
            specs.append(_Spec("int", header, "integer", "years" if "(" in header else None, None, lo=18, hi=90))
            continue
        if k == "sex" and not have_sex:
            have_sex = True
            pool = rng.choice([["M", "F"], ["Male", "Female"], ["M", "F"]])
            specs.append(_Spec("sex", rng.choice(["Sex", "Gender"]), "sex", None, None, pool=pool))
            continue
        if k in ("age", "sex"):
            k = "int"
        if k == "date":
            fmt = rng.choice(["{d:02d}/{m:02d}/{y}", "{y}-{m:02d}-{d:02d}", "{d}.{m}.{y}", "{m:02d}/{y}"])
            name = rng.choice(["Date of surgery", "Admission date", "Onset", "Date of diagnosis", "Last visit"])
            if name in used:
                continue
            used.add(name)
            specs.append(_Spec("date", name, "date", None, None, fmt=fmt))
            continue
        if k == "code":
            name = rng.choice(["Diagnosis", "Condition", "Subtype", "Site", "Outcome", "Histology", "Etiology",
                               "Side", "Grade", "Response"])
            if name in used:
                continue
            used.add(name)
            pool = list(dict.fromkeys(_code(rng) for _ in range(rng.randint(2, 6))))
            specs.append(_Spec("code", name, "category", None, None, pool=pool))
            continue
        name = rng.choice(_MEASURES)
        unit = rng.choice(_UNITS_INT if k == "int" else _UNITS_DEC) if rng.random() < 0.7 else None
        time = rng.choice(_TIMES) if rng.random() < 0.35 else None
        header = " ".join(p for p in (name, unit, time) if p)
        if header in used:
            continue
        used.add(header)
        if k == "int":
            lo, hi = rng.choice([(0, 10), (0, 100), (1, 6), (20, 600), (0, 5000), (40, 200)])
            specs.append(_Spec("int", header, "integer", unit.strip("()") if unit else None, time, lo=lo, hi=hi))
        else:
            lo, hi = rng.choice([(0, 10), (10, 60), (0, 3), (-5, 5), (50, 150)])
            specs.append(_Spec("dec", header, "decimal", unit.strip("()") if unit else None, time, lo=lo, hi=hi,
                               decimals=rng.choice([1, 1, 2])))
    return specs


def _value(rng: random.Random, spec: _Spec, i: int) -> str:
    if spec.kind == "id":
        return str(i + 1)
    if spec.kind == "int":
        return str(rng.randint(spec.lo, spec.hi))
    if spec.kind == "dec":
        return f"{rng.uniform(spec.lo, spec.hi):.{spec.decimals}f}"
    if spec.kind == "date":
        return _fmt_date(rng, spec.fmt)
    return rng.choice(spec.pool)


def random_table(
    rng: random.Random,
    *,
    n_cols: int | None = None,
    n_rows: int | None = None,
    kind: str | None = None,
    blanks: bool | None = None,
    marks: bool | None = None,
    sections: bool | None = None,
    summary: bool | None = None,
    legend: bool | None = None,
    label: str | None = None,
) -> SynthTable:
    """A random table: 4–14 columns, 5–60 rows, with a random mix of the features real tables bring.

    Each option forces a feature on or off; left as None it is drawn at random.
    """
    kind = kind or ("per_unit" if rng.random() < 0.08 else "per_patient")
    n_cols = n_cols or rng.randint(4, 14)
    n_rows = n_rows or rng.randint(5, 60)
    specs = _specs(rng, n_cols, kind)
    clean: list[list[str]] = []
    for i in range(n_rows):
        clean.append([_value(rng, s, i) for s in specs])
    if kind == "per_unit":
        pool = list(dict.fromkeys(specs[0].pool))
        for i, row in enumerate(clean):
            row[0] = pool[i % len(pool)] if i < len(pool) else f"{pool[i % len(pool)]}{chr(97 + i // len(pool))}"
    has_id = specs[0].kind == "id"
    if blanks is None:
        blanks = rng.random() < 0.3
    if blanks:
        missing = rng.choice(["", "", *_MISSING])
        for row in clean:
            for j in range(1 if has_id or kind == "per_unit" else 0, len(specs)):
                if rng.random() < 0.03:
                    row[j] = missing
    printed = [list(r) for r in clean]
    footnotes: list[tuple[str, str]] = []
    if marks is None:
        marks = rng.random() < 0.3
    if marks:
        mark_set = rng.choice([["a", "b", "c"], ["*", "†", "‡"], ["*", "**"], ["†", "‡", "§"]])
        for m in mark_set[: rng.randint(1, len(mark_set))]:
            footnotes.append((m, rng.choice(["Measured at rest", "Value estimated from records",
                                             "Treatment stopped early", "Missing follow-up visit",
                                             "Confirmed by a second reader"]) + "."))
            for _ in range(rng.randint(1, 3)):
                i, j = rng.randrange(n_rows), rng.randrange(1 if has_id else 0, len(specs))
                cell = printed[i][j]
                if not cell or cell in _MISSING or cell[-1] in "*†‡§" or (cell[-1].isalpha() and cell[-1].islower()):
                    continue
                if m.isalpha() and not cell[-1].isdigit():
                    continue
                printed[i][j] = cell + m
    section_list: list[tuple[int, str]] = []
    if sections is None:
        sections = rng.random() < 0.25 and n_rows >= 6
    if sections:
        k = rng.randint(2, 3)
        cuts = sorted(rng.sample(range(1, n_rows), k - 1))
        names = rng.sample(["Treatment group", "Control group", "Arm A", "Arm B", "Responders", "Non-responders",
                            "Neuropathic pain", "Nociceptive pain", "Group 1", "Group 2", "Cohort 2"], k)
        section_list = list(zip([0, *cuts], names, strict=True))
    summ: list[tuple[str, list[str]]] = []
    if summary is None:
        summary = rng.random() < 0.3 and kind == "per_patient"
    summary = summary and any(s.kind in ("int", "dec") for s in specs)
    if summary:
        labels = rng.choice([["Mean", "SD"], ["Median"], ["Mean"], ["Total"], ["Mean", "SD", "Median"]])
        for lab in labels:
            cells = []
            for j, s in enumerate(specs):
                nums = [clean[i][j] for i in range(n_rows) if clean[i][j] and clean[i][j] not in _MISSING]
                if s.kind in ("int", "dec") and nums:
                    vals = [float(v) for v in nums]
                    mean = sum(vals) / len(vals)
                    if lab == "Mean":
                        v = mean
                    elif lab == "SD":
                        v = (sum((x - mean) ** 2 for x in vals) / max(1, len(vals) - 1)) ** 0.5
                    elif lab == "Median":
                        v = sorted(vals)[len(vals) // 2]
                    else:
                        v = sum(vals)
                    cells.append(f"{v:.{s.decimals + 1}f}" if lab != "Total" or s.kind == "dec" else f"{v:.0f}")
                else:
                    cells.append("")
            summ.append((lab, cells))
    legend_list: list[tuple[str, str]] = []
    code_cols = [j for j, s in enumerate(specs) if s.kind == "code" and not (kind == "per_unit" and j == 0)]
    if legend is None:
        legend = rng.random() < 0.7
    if legend:
        for j in code_cols:
            for code in specs[j].pool:
                if any(ch.isupper() for ch in code[1:]) or any(ch.isdigit() for ch in code):
                    legend_list.append((code, _meaning(rng, code)))
    if label is None:
        label = rng.choice(["Table 1", "Table 1", "Table 2", "Table S2", "Table", "Table 3"])
    caption = rng.choice(["Characteristics of the patients included", "Individual patient data",
                          "Clinical details of each case", "Demographic and clinical data of the cohort",
                          "Study characteristics" if kind == "per_unit" else "Patient characteristics"])
    return SynthTable(
        label=label, caption=caption, headers=[s.header for s in specs], dtypes=[s.dtype for s in specs],
        units=[s.unit for s in specs], rows=printed, clean_rows=clean, sections=section_list, summary=summ,
        legend=legend_list, footnotes=footnotes, times=[s.time for s in specs], kind=kind, code_columns=code_cols,
    )


def _prose_line(rng: random.Random, n_words: int = 12) -> str:
    words = [rng.choice(_LOWER) for _ in range(n_words)]
    for k in range(len(words)):
        if rng.random() < 0.07:
            words[k] = str(rng.randint(2, 90))
    return " ".join(words)


def _prose(rng: random.Random, n_lines: int) -> str:
    lines = [_prose_line(rng, rng.randint(8, 13)) for _ in range(n_lines)]
    lines[0] = lines[0][0].upper() + lines[0][1:]
    return " \n".join(lines) + ". "


def _wrap(rng: random.Random, text: str) -> list[str]:
    """Split a header into the fragments a narrow cell prints, one per line."""
    words = text.split()
    width = rng.randint(6, 16)
    frags: list[str] = []
    cur = ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            frags.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    frags.append(cur)
    return frags


def _render_header(rng: random.Random, headers: list[str]) -> list[str]:
    """Header lines: each header's fragments stacked; one-line headers side by side; blank lines between."""
    lines: list[str] = []
    blank_between = rng.random()
    side_by_side = False
    for h in headers:
        frags = _wrap(rng, h)
        if len(frags) == 1 and side_by_side and rng.random() < 0.7:
            lines[-1] = lines[-1].rstrip() + " " + frags[0]
            continue
        if lines and lines[-1] != "" and rng.random() < blank_between:
            lines.append("")
        for k, f in enumerate(frags):
            if k and rng.random() < 0.08 and lines[-1] != "":
                lines.append("")
            # text extraction keeps the space of a soft line break inside a cell, rarely after its last line
            last = k == len(frags) - 1
            lines.append(f + (" " if rng.random() < (0.1 if last else 0.7) else ""))
        side_by_side = len(frags) == 1
    return lines


def _legend_text(rng: random.Random, legend: list[tuple[str, str]]) -> str:
    sep = rng.choice([" – ", "- ", "-", " = ", ": ", " - "])
    parts = [f"{c}{sep if rng.random() < 0.8 else rng.choice([' – ', '- ', '-'])}{m}" for c, m in legend]
    prefix = rng.choice(["", "", "Abbreviations: "])
    return prefix + "; ".join(parts) + "."


def render_flat_text(table: SynthTable, rng: random.Random, *, prose: bool = True) -> str:
    """The table as PDF text extraction flattens it, with prose around (and sometimes inside) the block."""
    out: list[str] = []
    if prose:
        out += [_prose(rng, rng.randint(2, 5)), ""]
    sep = rng.choice([". ", ": ", " ", ". "])
    label = table.label.upper() if table.label == "Table" and rng.random() < 0.5 else table.label
    out += [f"{label}{sep}{table.caption}.", ""]
    out += _render_header(rng, table.headers)
    out.append("")
    gap = rng.random() < 0.5
    sections = dict(table.sections)
    inside = rng.randrange(2, len(table.rows)) if prose and rng.random() < 0.1 and len(table.rows) > 3 else -1
    for i, row in enumerate(table.rows):
        if i in sections:
            out.append(sections[i])
            if gap:
                out.append("")
        if i == inside:
            out += ["", _prose(rng, rng.randint(2, 4)), ""]
        out.append(" ".join(c for c in row if c) + (" " if rng.random() < 0.3 else ""))
        if gap:
            out.append("")
    for lab, cells in table.summary:
        out.append(" ".join([lab, *[c for c in cells if c]]))
        if gap:
            out.append("")
    if not gap:
        out.append("")
    if table.legend:
        out.append(_legend_text(rng, table.legend))
    if table.legend and rng.random() < 0.4:
        out.append("Values are as recorded in the clinical notes. ")
    for mark, text in table.footnotes:
        out.append(f"{mark}{rng.choice(['', ' '])}{text}")
    if prose:
        out.append(" " + _prose(rng, rng.randint(2, 6)))
        out += ["", _prose(rng, rng.randint(2, 4))]
    return "\n".join(out) + "\n"


def render_paper(tables: list[SynthTable], rng: random.Random) -> str:
    """Several tables, each with prose around it, in one text."""
    return "\n".join(render_flat_text(t, rng) for t in tables)


def score_table(truth: SynthTable, table: object) -> dict[str, int]:
    """Compare a recovered table with the truth, row by row in printed order.

    A truth row is `exact` when the recovered row has every cell as printed (marks included) and the right section,
    `ambiguous` when the line was reported as an Ambiguity, else `wrong` (missing, shifted or mis-split).
    `headers_exact` is 1 when every column's rebuilt header is the true one (white space aside), in order.
    """
    amb = [a for a in getattr(table, "ambiguities", []) if "summary" not in a.reason]
    flagged = {a.row_id for a in amb if a.row_id is not None}
    rows = [r for r in getattr(table, "rows", []) if r.id not in flagged]
    items: list[tuple[int, object]] = sorted([(r.start, r) for r in rows] + [(a.start, a) for a in amb],
                                             key=lambda x: x[0])
    n_cols = truth.n_columns
    out = {"rows": len(truth.rows), "exact": 0, "ambiguous": 0, "wrong": 0, "cells": len(truth.rows) * n_cols,
           "cells_exact": 0, "extra": max(0, len(items) - len(truth.rows)), "headers_exact": 0}
    got_headers = [" ".join(c.header.split()) for c in getattr(table, "columns", [])]
    out["headers_exact"] = int(got_headers == [" ".join(h.split()) for h in truth.headers])
    body = [x for _, x in items if not hasattr(x, "reason")]
    same_rows = len(items) == len(truth.rows)
    same_shape = len(getattr(table, "columns", [])) == n_cols and same_rows
    for i, want in enumerate(truth.rows):
        # a line reported as ambiguous is doubt, not a silent error, even when the column count it was read with
        # is not the true one (its readings say so); rows can only be aligned when none was lost or invented
        if same_rows and hasattr(items[i][1], "reason"):
            out["ambiguous"] += 1
            continue
        if not same_shape:
            out["wrong"] += 1
            continue
        got = items[i][1]
        cells = [c.raw for c in got.cells]  # type: ignore[attr-defined]
        ok = sum(1 for a, b in zip(cells, want, strict=True) if a == b)
        out["cells_exact"] += ok
        if ok == n_cols and got.section == truth.section_of(i):  # type: ignore[attr-defined]
            out["exact"] += 1
        else:
            out["wrong"] += 1
    del body
    return out
