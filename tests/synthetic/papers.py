"""Whole generated papers: a random per-patient table (tests/synthetic/tables.py) with prose that reports the
table's TRUE statistics at random precision and in phrasings the claim grammar supports, and the verdict an audit
must give for every reported number. `inject_error` perturbs one judged number past its rounding window.

Nothing here comes from a real paper: the vocabulary is the table generator's, the numbers are computed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from scipy import stats

from paperaudit.schemas import Table

from .tables import SynthTable, random_table, render_flat_text

__all__ = ["Reported", "SynthPaper", "inject_error", "random_paper", "truth_table"]

_WORD_NUMBERS = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
                 "Twelve"]


@dataclass(frozen=True)
class Reported:
    """A number printed in the prose: where it is and what an audit must say about it."""

    raw: str
    start: int
    end: int
    role: str
    expected: str  # consistent | inconsistent | not judged
    true: str | None = None  # the recomputed value, as text
    column: str | None = None
    quantum: str = "1"  # one unit in the last printed place
    judged: bool = True


@dataclass
class SynthPaper:
    """A generated paper: its text, its table and every reported number with its expected verdict."""

    text: str
    table: SynthTable
    numbers: list[Reported] = field(default_factory=list)

    def judged(self) -> list[Reported]:
        return [n for n in self.numbers if n.judged]


def _r(x: Decimal, d: int) -> str:
    q = Decimal(1).scaleb(-d)
    return str(x.quantize(q, rounding=ROUND_HALF_UP))


def _mean(xs: list[Decimal]) -> Decimal:
    return sum(xs, Decimal(0)) / len(xs)


def _sd(xs: list[Decimal], ddof: int = 1) -> Decimal:
    m = _mean(xs)
    return (sum(((x - m) ** 2 for x in xs), Decimal(0)) / (len(xs) - ddof)).sqrt()


def _median(xs: list[Decimal]) -> Decimal:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _measure_name(header: str, unit: str | None, time: str | None) -> str:
    name = header
    if unit:
        name = name.replace(f"({unit})", "")
    if time:
        name = name.replace(time, "")
    return " ".join(name.split())


class _Writer:
    """Builds prose, broken into lines of 60-80 characters as PDF text comes, recording every number's span."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.pos = 0
        self.col = 0
        self.width = rng.randint(60, 80)
        self.numbers: list[Reported] = []

    def say(self, s: str) -> None:
        for ch in s:
            if ch == " " and self.col >= self.width:
                ch = " \n"
                self.col = 0
                self.width = self.rng.randint(60, 80)
            elif ch == "\n":
                self.col = 0
            else:
                self.col += 1
            self.parts.append(ch)
            self.pos += len(ch)

    def num(self, raw: str, role: str, *, true: str | None = None, column: str | None = None,
            quantum: str = "1", judged: bool = True) -> None:
        self.numbers.append(Reported(raw, self.pos, self.pos + len(raw), role,
                                     "consistent" if judged else "not judged", true, column, quantum, judged))
        self.parts.append(raw)
        self.pos += len(raw)
        self.col += len(raw)

    def text(self) -> str:
        return "".join(self.parts)


def _columns(t: SynthTable) -> list[tuple[int, str, list[Decimal]]]:
    """Numeric columns whose measure words no other column shares (so a sentence names one column only)."""
    names = [_measure_name(h, u, tm).lower() for h, u, tm in zip(t.headers, t.units, t.times, strict=True)]
    out = []
    for j, dt in enumerate(t.dtypes):
        if dt not in ("integer", "decimal"):
            continue
        words = set(names[j].split())
        if not words or any(k != j and (words & set(names[k].split())) for k in range(len(names))):
            continue
        xs = [Decimal(r[j]) for r in t.clean_rows if r[j] not in ("", "NA", "-", "–", "n/a")]
        if len(xs) == len(t.clean_rows) and len(set(xs)) > 2:
            out.append((j, names[j], xs))
    return out


def random_paper(rng: random.Random, **table_options: object) -> SynthPaper:
    """A paper whose prose reports true statistics of its table (every judged number consistent)."""
    opts = {"blanks": False, "marks": False, "sections": False, "kind": "per_patient", **table_options}
    for _ in range(50):
        t = random_table(rng, **opts)  # type: ignore[arg-type]
        if t.dtypes and t.dtypes[0] == "id" and len(t.clean_rows) >= 8 and _columns(t):
            break
    w = _Writer(rng)
    n = len(t.clean_rows)
    w.say("Methods\n\nWe reviewed the records of ")
    w.num(str(n), "n", true=str(n))
    w.say(" consecutive patients. Differences were tested with the Mann-Whitney U test.\n\nResults\n\n")
    cols = _columns(t)
    rng.shuffle(cols)
    sex = next((j for j, dt in enumerate(t.dtypes) if dt == "sex"), None)
    if sex is not None and rng.random() < 0.8:
        vals = [r[sex] for r in t.clean_rows]
        male = sum(1 for v in vals if v.upper().startswith("M"))
        if 0 < male < n:
            w.say("There were ")
            w.num(str(male), "count", true=str(male))
            w.say(" men and ")
            w.num(str(n - male), "count", true=str(n - male))
            w.say(" women. ")
    for j, name, xs in cols[: rng.randint(2, 5)]:
        unit = t.units[j]
        time = t.times[j]
        d0 = 2 if t.dtypes[j] == "decimal" else 0
        d = max(0, min(3, d0 + rng.choice([-1, 0, 0, 1])))
        q = str(Decimal(1).scaleb(-d))
        u = f" {unit}" if unit and unit not in ("n", "number", "%") and rng.random() < 0.6 else ""
        when = f" {time}" if time else ""
        kind = rng.choice(["mean_sd", "mean_sd", "median_range", "range", "mean_paren", "total"])
        if kind == "total" and t.dtypes[j] != "integer":
            kind = "range"
        if kind == "mean_sd":
            m, s = _mean(xs), _sd(xs)
            w.say(f"The mean {name}{when} was ")
            w.num(_r(m, d), "mean", true=str(m), column=name, quantum=q)
            w.say(" ± ")
            w.num(_r(s, d), "sd", true=str(s), column=name, quantum=q)
            w.say(f"{u}. ")
        elif kind == "mean_paren":
            m, s = _mean(xs), _sd(xs)
            w.say(f"The {name}{when} averaged ")
            w.num(_r(m, d), "mean", true=str(m), column=name, quantum=q)
            w.say(f"{u} (SD = ")
            w.num(_r(s, d), "sd", true=str(s), column=name, quantum=q)
            w.say("). ")
        elif kind == "median_range":
            med = _median(xs)
            dm = max(d, 1) if med != med.to_integral_value() else d
            w.say(f"The mean {name}{when} was ")
            m, s = _mean(xs), _sd(xs)
            w.num(_r(m, d), "mean", true=str(m), column=name, quantum=q)
            w.say(" ± ")
            w.num(_r(s, d), "sd", true=str(s), column=name, quantum=q)
            w.say(" (median ")
            w.num(_r(med, dm), "median", true=str(med), column=name, quantum=str(Decimal(1).scaleb(-dm)))
            w.say(f"){u}. ")
        elif kind == "range":
            lo, hi = min(xs), max(xs)
            dd = d0 if t.dtypes[j] == "decimal" else 0
            w.say(f"The {name}{when} varied from ")
            w.num(_r(lo, dd), "min", true=str(lo), column=name, quantum=str(Decimal(1).scaleb(-dd)))
            w.say(" to ")
            w.num(_r(hi, dd), "max", true=str(hi), column=name, quantum=str(Decimal(1).scaleb(-dd)))
            w.say(f"{u}. ")
        else:
            tot = sum(xs, Decimal(0))
            w.say("A total of ")
            w.num(_r(tot, 0), "total", true=str(tot), column=name)
            w.say(f" {name}{when} were recorded in all patients. ")
    if sex is not None and cols and rng.random() < 0.7:
        j, name, xs = cols[0]
        a = [Decimal(r[j]) for r in t.clean_rows if r[sex].upper().startswith("M")]
        b = [Decimal(r[j]) for r in t.clean_rows if not r[sex].upper().startswith("M")]
        if len(a) >= 3 and len(b) >= 3:
            p = stats.mannwhitneyu([float(x) for x in a], [float(x) for x in b], alternative="two-sided",
                                   method="asymptotic", use_continuity=True).pvalue
            pd = Decimal(str(p))
            if pd >= Decimal("0.001"):
                dp = 3 if pd < Decimal("0.1") or rng.random() < 0.5 else 2
                w.say(f"The {name}{' ' + t.times[j] if t.times[j] else ''} did not differ between men and women "
                      f"(P = ")
                w.num(_r(pd, dp), "p", true=str(pd), column=name, quantum=str(Decimal(1).scaleb(-dp)))
                w.say("). ")
    w.say("\n\n")
    prose = w.text()
    numbers = w.numbers
    table_text = render_flat_text(t, rng, prose=False)
    text = prose + table_text
    for x in numbers:
        assert text[x.start:x.end] == x.raw, (x, text[x.start:x.end])
    return SynthPaper(text, t, numbers)


def _plausible(paper: SynthPaper, x: Reported, new: Decimal) -> bool:
    """A wrong number that could still be a statistic of its column (a mean inside the column's range, an SD
    narrower than it): the errors papers make, not impossibilities a link check would set aside."""
    if x.column is None:
        return True
    t = paper.table
    names = [_measure_name(h, u, tm).lower() for h, u, tm in zip(t.headers, t.units, t.times, strict=True)]
    if x.column not in names:
        return True
    j = names.index(x.column)
    xs = [Decimal(r[j]) for r in t.clean_rows]
    lo, hi = min(xs), max(xs)
    if x.role in ("mean", "median"):
        return lo <= new <= hi
    if x.role == "sd":
        return new <= hi - lo
    if x.role == "total":
        return len(xs) * lo <= new <= len(xs) * hi
    return True


def inject_error(paper: SynthPaper, rng: random.Random) -> tuple[SynthPaper, Reported]:
    """The paper with one judged number moved past its rounding window (and past the SD's n-formula window);
    the returned Reported is the changed number, expected 'inconsistent'."""
    cands = [x for x in paper.numbers if x.judged and x.role in ("mean", "sd", "median", "min", "max", "count",
                                                                    "total", "p", "n")]
    x = rng.choice(cands)
    q = Decimal(x.quantum)
    old = Decimal(x.raw)
    d = max(0, -q.as_tuple().exponent)  # type: ignore[operator]
    for _ in range(100):
        if x.role == "p":
            new = (old * Decimal(rng.choice([2, 3, 4]))).quantize(q) if old < Decimal("0.3") else \
                (old / Decimal(rng.choice([2, 3, 4]))).quantize(q)
            if new <= 0 or new >= 1:
                continue
        else:
            step = rng.randint(2, 9) if x.role not in ("count", "n") else rng.randint(1, 3)
            new = old + q * step * rng.choice([-1, 1])
            if new < 0:
                continue
        if x.true is not None:
            true = Decimal(x.true)
            if abs(new - true) <= q:
                continue
            if not _plausible(paper, x, new):
                continue
            if x.role == "sd":
                n = len(paper.table.clean_rows)
                alt = true * (Decimal(n - 1) / Decimal(n)).sqrt()
                if abs(new - alt) <= q:
                    continue
        break
    raw = f"{new:.{d}f}"
    text = paper.text[: x.start] + raw + paper.text[x.end:]
    delta = len(raw) - len(x.raw)
    changed = replace(x, raw=raw, end=x.start + len(raw), expected="inconsistent")
    numbers = []
    for y in paper.numbers:
        if y is x:
            numbers.append(changed)
        elif y.start > x.start:
            numbers.append(replace(y, start=y.start + delta, end=y.end + delta))
        else:
            numbers.append(y)
    return SynthPaper(text, paper.table, numbers), changed


def _snake(header: str, used: set[str]) -> str:
    import re

    base = re.sub(r"[^0-9a-z]+", "_", header.lower()).strip("_") or "column"
    name, k = base, 2
    while name in used:
        name, k = f"{base}_{k}", k + 1
    used.add(name)
    return name


def truth_table(paper: SynthPaper) -> Table:
    """The paper's table exactly as generated (a perfect reading), so the audit can be measured apart from table
    recovery. Cells carry no spans; the block spans from the table label to the end of the text."""
    from paperaudit.extract import parse_decimal
    from paperaudit.schemas import Cell, Column, Row, Table

    t = paper.table
    used: set[str] = set()
    cols = [Column(name=_snake(h, used), header=h, dtype=dt, unit=u, time=tm)  # type: ignore[arg-type]
            for h, dt, u, tm in zip(t.headers, t.dtypes, t.units, t.times, strict=True)]
    rows = []
    for i, r in enumerate(t.clean_rows):
        cells = []
        for c, v in zip(cols, r, strict=True):
            num = dec = None
            if c.dtype in ("integer", "decimal") and v:
                try:
                    num, dec = parse_decimal(v)
                except ValueError:
                    num = dec = None
            cells.append(Cell(column=c.name, raw=v, text=v, number=num, decimals=dec))
        rid = r[0] if t.dtypes[0] == "id" else f"r{i + 1}"
        rows.append(Row(id=rid, index=i, cells=cells, start=0, end=0))
    import re

    m = re.compile(r"^" + re.escape(t.label) + r"\b", re.I | re.M).search(paper.text, paper.text.find("Results"))
    start = m.start() if m else len(paper.text) - 1
    return Table(label=t.label, caption=t.caption, columns=cols, rows=rows, start=start, end=len(paper.text))
