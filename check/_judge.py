"""recomputations_to_findings: one verdict per reported number, by the rounding rules of check/_rounding.py.

Consistent when an admissible rounding of the recomputed value gives the reported text; a number reproduced only
by a variant (SD with n, another test, another quartile method, the inclusive count at a threshold) is consistent
with a note, except where the text's own words rule the variant out (a strict '>' threshold). A claim with several
readings is decided only when every reading gives the same verdict; otherwise it is unverifiable (PA221) with
each reading, its recomputed value and its verdict. A link that could not be made gives an unverifiable finding
with its reason (PA220). Nothing is called inconsistent on a link below `min_link_confidence`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from paperaudit.schemas import AuditSettings, Claim, Finding, Link, Recomputation, Severity, Table, Value
from paperaudit.schemas._build import from_dict

from ._codes import CODES
from ._recompute import column_values
from ._rounding import (
    Judgement,
    comparator_holds,
    display,
    judge_comparator,
    judge_number,
    p_conclusion_flips,
    to_decimal,
)

_ROLE_CODE = {
    "mean": "PA201", "before": "PA210", "after": "PA210", "value": "PA201", "sd": "PA202", "se": "PA202",
    "median": "PA203", "min": "PA204", "max": "PA204", "count": "PA205", "n": "PA205", "total": "PA207",
    "percent": "PA208", "p": "PA211", "q1": "PA212", "q3": "PA212", "iqr": "PA212",
}
_ROLE_WORD = {"sd": "SD", "se": "SE", "n": "n", "p": "P", "q1": "first quartile", "q3": "third quartile",
              "iqr": "IQR", "min": "minimum", "max": "maximum", "before": "value before", "after": "value after"}
_INTEGER_ROLES = frozenset({"count", "n"})

_new_finding = from_dict(Finding)


def _code(link: Link, v: Value) -> str:
    op, role = link.operation, v.role
    if op == "criterion":
        return "PA302"
    if op == "patient":
        return "PA222"
    if op == "threshold":
        return "PA209" if role in ("count", "percent") else _ROLE_CODE.get(role, "PA209")
    if op == "count" and link.condition and role in ("count", "percent"):
        return "PA206" if role == "count" else "PA208"
    return _ROLE_CODE.get(role, "PA201")


def _where(link: Link, n_rows: int) -> str:
    rows = "all rows" if link.row_filter == "all rows" else link.row_filter
    return f"n = {n_rows}, {rows}"


class _Verdict(NamedTuple):
    """One reading's verdict on one reported value, as the finding words it."""

    status: str
    severity: Severity
    recomputed: str | None
    shown: str
    rule: str
    note: str | None = None
    test: str | None = None
    flips: bool | None = None


def _test_label(key: str) -> str:
    """'mannwhitney, exact' -> 'Mann-Whitney U (exact)'."""
    base, _, variant = key.partition(", ")
    name = {"mannwhitney": "Mann-Whitney U", "wilcoxon": "Wilcoxon signed-rank", "ttest_rel": "paired t-test",
            "ttest_ind": "unpaired t-test", "fisher": "Fisher exact", "chi2": "chi-square"}.get(base, base)
    return f"{name} ({variant})" if variant else name


_TEN_DECIMALS = Decimal("1e-10")


def _full(x: Decimal) -> str:
    """A recomputed value as a string: full precision, but no more than 10 decimals of binary or division noise."""
    q = x.quantize(_TEN_DECIMALS) if x.as_tuple().exponent < -10 else x  # type: ignore[operator]
    t = format(q.normalize(), "f") if q == q.to_integral_value() or "E" in str(q.normalize()) else str(q)
    return t.rstrip("0").rstrip(".") if "." in t else t


class _Judged:
    """Judgements and full-precision strings already worked out in one call: the readings of a claim and the
    variants of a statistic, and claims that report the same number of the same cells, ask for the same ones.
    Keyed on everything judge_number reads, numbers by their exact text (str), never by Decimal equality, which
    would let 1.0 answer for 1.00."""

    def __init__(self, settings: AuditSettings) -> None:
        self.settings = settings
        self.rounding = settings.rounding
        self.coarse = settings.integer_trailing_zeros_unit_precision
        self._numbers: dict[tuple[str, str, int, str, bool], Judgement] = {}
        self._full: dict[str, str] = {}

    def number(self, x: Decimal, v: Value, integer: bool) -> Judgement:
        value, decimals, raw = v.value, v.decimals, v.raw
        key = (str(x), str(value), decimals, raw, integer)
        j = self._numbers.get(key)
        if j is None:
            j = self._numbers[key] = judge_number(
                x, value, decimals, raw, self.rounding, integer_statistic=integer, coarse_reading=self.coarse)
        return j

    def full(self, x: Decimal) -> str:
        key = str(x)
        t = self._full.get(key)
        if t is None:
            t = self._full[key] = _full(x)
        return t


def _judge_value(v: Value, rec: Recomputation, link: Link, settings: AuditSettings, judged: _Judged | None = None
                 ) -> _Verdict:
    """The verdict on one reported value against one recomputation (with its variants)."""
    judged = _Judged(settings) if judged is None else judged
    rule = settings.rounding
    x = rec.value
    if x is None:
        return _Verdict("unverifiable", "info", None, "", "", rec.note or "could not be recomputed")
    if link.operation == "criterion":
        broken = int(x)
        if broken == 0:
            return _Verdict("consistent", "info", f"{rec.alternatives.get('meeting')} of {rec.alternatives.get('of')}",
                            "", "every row meets the stated rule")
        return _Verdict("inconsistent", "warning", f"{rec.alternatives.get('meeting')} of {rec.alternatives.get('of')}",
                        "", "every row must meet the stated rule",
                        note=f"rows {', '.join(rec.row_ids)}")
    role, comparator = v.role, v.comparator
    integer = role in _INTEGER_ROLES or rec.statistic in ("count", "count meeting")
    if comparator != "=" and comparator is not None:
        j = judge_comparator(x, comparator, v.value, v.decimals, v.raw, rule)
    else:
        j = judged.number(x, v, integer)
    rec_test = rec.test
    test = rec_test + (f" ({rec.variant})" if rec.variant else "") if rec_test else None
    flips = None
    if role == "p":
        flips = p_conclusion_flips(x, comparator, v.value, settings.alpha)
    if j.consistent:
        return _Verdict("consistent", "info", judged.full(x), j.display, j.rule, j.note, test, flips)
    # Variants: the n formula for SD, other quartile methods, other tests, the inclusive count at a threshold.
    for name, alt in rec.alternatives.items():
        if name in ("meeting", "of"):
            continue
        try:
            ax = to_decimal(alt)
        except ValueError:
            continue
        # Whether the variant fits first (most do not); its full verdict only for the one that does.
        if not comparator_holds(ax, v.comparator, v.value, v.decimals, rule):
            continue
        if v.comparator != "=":
            aj = judge_comparator(ax, v.comparator, v.value, v.decimals, v.raw, rule)
        else:
            aj = judged.number(ax, v, integer)
        if name == "inclusive count":
            # The text's strict '>'/'<' excludes rows exactly on the threshold: the number is wrong as written.
            return _Verdict("inconsistent", "warning", judged.full(x), j.display, j.rule,
                            f"strict count {x}; {alt} only when the rows exactly on the threshold are counted "
                            f"({rec.note})")
        if v.role == "p":
            named = test or "the first test"
            label = _test_label(name)
            return _Verdict("consistent", "info", judged.full(ax), display(ax, v.decimals, v.value), aj.rule,
                            f"reproduced by {label} ({alt}), not by {named} ({display(x, v.decimals + 1)})",
                            label, p_conclusion_flips(ax, v.comparator, v.value, settings.alpha))
        return _Verdict("consistent", "info", judged.full(ax), aj.display, aj.rule, f"reproduced only with {name}")
    severity = j.severity
    note = j.note
    if v.role == "p":
        severity = "error" if flips else "warning"
        tried = ", ".join(f"{_test_label(k)} {display(to_decimal(p), v.decimals + 1)}"
                          for k, p in list(rec.alternatives.items())[:6])
        note = (note + "; " if note else "") + "no test or variant reproduces it" + (f" (also tried: {tried})"
                                                                                     if tried else "")
    return _Verdict("inconsistent", severity, judged.full(x), j.display, j.rule, note, test, flips)


def _explain(v: Value, verdict: _Verdict, link: Link, n_rows: int) -> str:
    role, raw, status, recomputed, op = v.role, v.raw, verdict.status, verdict.recomputed, link.operation
    what = _ROLE_WORD.get(role, role)
    shown = verdict.shown or recomputed or "?"
    if status == "inconsistent" and op != "criterion" and recomputed and \
            "." in recomputed and shown == display(to_decimal(recomputed), v.decimals):
        shown = display(to_decimal(recomputed), v.decimals + 1)
    if op == "criterion":
        if status == "consistent":
            return f"the stated rule ({v.comparator} {raw}) holds for every row of {link.table}"
        return (f"a statement about every patient ({link.condition}) is broken by {link.table}: "
                f"{verdict.note} do not meet it ({recomputed} rows do)")
    if status == "unverifiable":
        return f"reported {what} {raw} could not be recomputed: {verdict.note}"
    where = f"{link.table} gives {shown} ({_where(link, n_rows)})"
    if status == "consistent":
        return f"reported {what} {raw} agrees with {where}"
    cmp = f"{v.comparator} " if v.comparator not in ("=", None) else ""
    return f"reported {what} {cmp}{v.raw}, {where}"


def _implausible(v: Value, rec: Recomputation | None, table: Table | None, link: Link) -> str | None:
    """Why a reported number cannot be a statistic of the linked cells at all (a mean outside their range, an SD
    wider than it, a total beyond n times the extremes): then the link or the table reading is wrong, not the
    paper, and nothing is called inconsistent."""
    if rec is None or table is None or link.operation != "describe" or not link.columns:
        return None
    xs, _, _ = column_values(table, link.columns[0], link.row_ids)
    if len(xs) < 2:
        return None
    lo, hi = min(xs), max(xs)
    x = v.value
    if v.role in ("mean", "median") and not (lo <= x <= hi):
        return f"a {v.role} of {x} lies outside the linked cells' range {lo} to {hi}"
    if v.role == "sd" and x > (hi - lo):
        return f"an SD of {x} is wider than the linked cells' range {lo} to {hi}"
    if v.role == "total" and not (len(xs) * lo <= x <= len(xs) * hi):
        return f"a total of {x} is outside what {len(xs)} cells between {lo} and {hi} can sum to"
    if v.role in ("min", "max") and not (lo - (hi - lo) <= x <= hi + (hi - lo)):
        return f"a {v.role} of {x} is far outside the linked cells' range {lo} to {hi}"
    return None


def _alt_reading(link: Link) -> str:
    """A reading in words: which rows, which columns, and the condition counted, when there is one."""
    cols = ", ".join(link.columns) or "-"
    cond = f", counting {link.condition}" if link.condition and link.condition not in link.row_filter else ""
    return f"{link.row_filter} ({len(link.row_ids)} rows), column {cols}{cond}"


def recomputations_to_findings(links: list[Link], recomputations: list[Recomputation], claims: list[Claim],
                               tables: list[Table] | None = None, settings: AuditSettings | dict | None = None
                               ) -> list[Finding]:
    """One finding per judged reported number, in text order."""
    out = findings_in_link_order(links, recomputations, claims, tables, settings)
    out.sort(key=lambda f: (f.spans[0][0] if f.spans else 0, f.code))
    return out


def findings_in_link_order(links: list[Link], recomputations: list[Recomputation], claims: list[Claim],
                           tables: list[Table] | None = None, settings: AuditSettings | dict | None = None
                           ) -> list[Finding]:
    """recomputations_to_findings before its sort: the findings in the order of the links and their values."""
    settings = AuditSettings.resolve(settings)
    by_id = {c.id: c for c in claims}
    recs: dict[tuple[str, int, int], Recomputation] = {}
    for r in recomputations:
        if r.value_index is not None:
            recs[(r.claim_id, r.value_index, r.reading)] = r
    out: list[Finding] = []
    tables_by_label = {t.label: t for t in tables or []}
    judged = _Judged(settings)
    for link in links:
        claim = by_id.get(link.claim_id)
        if claim is None or link.operation == "none":
            continue
        for i in link.values or range(len(claim.values)):
            v = claim.values[i]
            out.append(_finding(link, claim, i, v, recs, settings, tables_by_label, judged))
    return out


def _finding(link: Link, claim: Claim, i: int, v: Value, recs: dict[tuple[str, int, int], Recomputation],
             settings: AuditSettings, tables_by_label: dict[str, Table], judged: _Judged) -> Finding:
    span = [(v.start, v.end)]
    role, raw, claim_id, reason = v.role, v.raw, claim.id, link.reason
    what = _ROLE_WORD.get(role, role)
    if reason:
        ambiguous = "not clear" in reason or "ambiguous" in reason
        code = "PA221" if ambiguous else "PA220"
        return _new_finding({
            "code": code, "status": "unverifiable", "severity": CODES[code].severity, "reported": raw,
            "explanation": f"reported {what} {raw} cannot be checked against the table: {reason}",
            "reason": reason, "spans": span, "claim_id": claim_id, "role": role,
            "table": link.table or None, "rule": ""})
    others = link.alternatives
    verdicts: list[tuple[Link, Recomputation | None, _Verdict]] = []
    for k, rd in enumerate([link, *others] if others else (link,)):
        rec = recs.get((claim_id, i, k))
        if rec is None:
            verdicts.append((rd, None, _Verdict("unverifiable", "info", None, "", "", "not recomputed")))
        else:
            verdicts.append((rd, rec, _judge_value(v, rec, rd, settings, judged)))
    _, main_rec, main = verdicts[0]
    main_status = main.status
    differ = len(verdicts) > 1 and any(vd.status != main_status for _, _, vd in verdicts)
    if differ and main_status == "consistent" and \
            link.confidence >= max(rd.confidence for rd, _, _ in verdicts[1:]) + 0.15:
        # The main reading is clearly the likelier one and agrees: weaker readings only defuse disagreements.
        verdicts = verdicts[:1]
        differ = False
    # The readings kept, validated as Alternatives within the finding's own validation (one call, not one each).
    alts: list[dict[str, Any]] = [
        {"reading": _alt_reading(rd), "recomputed": vd.recomputed, "status": vd.status, "columns": rd.columns,
         "rows": rec.row_ids if rec else rd.row_ids}
        for rd, rec, vd in verdicts] if len(verdicts) > 1 else []
    # Validation copies the lists it is given (the finding never shares the link's or the recomputation's).
    table = link.table
    fields: dict[str, Any] = {
        "reported": raw, "spans": span, "claim_id": claim_id, "role": role, "table": table,
        "columns": link.columns, "rows": main_rec.row_ids if main_rec else link.row_ids,
        "recomputed": main.recomputed, "rule": main.rule, "alternatives": alts}
    if differ:
        reason = "ambiguous: " + "; ".join(f"{a['reading']} gives {vd.shown or vd.recomputed} ({vd.status})"
                                           for a, (_, _, vd) in zip(alts, verdicts, strict=True))
        return _new_finding({
            **fields, "code": "PA221", "status": "unverifiable", "severity": "warning",
            "explanation": f"reported {what} {raw} fits one reading of the text and not another",
            "reason": reason, "test": main.test})
    inconsistent = main_status == "inconsistent"
    doubt = _implausible(v, main_rec, tables_by_label.get(table), link) if inconsistent else None
    if inconsistent and doubt is None and v.role not in ("mean", "median"):
        # 'present for a median of 15.5 years (IQR 10-22)' linked to a column the median cannot come from: its
        # quartiles, range or SD share that doubtful link, whatever they happen to be; so does the other end of a
        # range
        doubt = next((f"the {w.role} {w.raw} printed with it: {d}" for j, w in enumerate(claim.values)
                      if j != i and (w.role in ("mean", "median") or (
                          # 'larger after 4-6 infusions than after 1-3': a range whose other end cannot come from
                          # the linked cells (1 among cells of 4 to 6) is no range of them either
                          v.role in ("min", "max") and w.role in ("min", "max")))
                      and (not link.values or j in link.values)
                      and (d := _implausible(w, main_rec, tables_by_label.get(table), link)) is not None), None)
    if doubt:
        return _new_finding({
            **fields, "code": "PA221", "status": "unverifiable", "severity": "warning",
            "explanation": f"reported {what} {raw} cannot come from the linked cells, so the link (or the reading "
                           f"of the table) is doubtful", "reason": doubt})
    if inconsistent and link.confidence < settings.min_link_confidence:
        return _new_finding({
            **fields, "code": "PA221", "status": "unverifiable", "severity": "warning",
            "explanation": f"reported {what} {raw} disagrees with a weak link to the table",
            "reason": f"link confidence {link.confidence} below {settings.min_link_confidence}: "
                      + "; ".join(link.evidence[:3])})
    note = main.note
    if len(verdicts) > 1:
        note = (note + "; " if note else "") + f"all {len(verdicts)} readings agree"
    n_rows = len(main_rec.row_ids) if main_rec is not None and link.operation == "describe" else len(link.row_ids)
    return _new_finding({
        **fields, "code": _code(link, v), "status": main_status,
        "severity": main.severity if inconsistent else "info",
        "explanation": _explain(v, main, link, n_rows), "note": note,
        "reason": main.note if main_status == "unverifiable" else None, "test": main.test,
        "conclusion_flips": main.flips})


def _readings_agree(table: Table, row_id: str, f: Finding) -> bool:
    """Do all readings of a doubtful row give the same cells in the columns the finding used? Only a finding over
    every row can rely on that: a subset is chosen by other columns, which the doubt may move too."""
    if not f.columns or len(f.rows) != len(table.rows):
        return False
    index = {c.name: k for k, c in enumerate(table.columns)}
    if any(name not in index for name in f.columns):
        return False
    readings = [a.readings for a in table.ambiguities if a.row_id == row_id]
    if not readings or any(len(rd) < 2 for rd in readings):
        return False
    for rd in readings:
        if any(len(r) != len(table.columns) for r in rd):
            return False
        for name in f.columns:
            if len({r[index[name]] for r in rd}) != 1:
                return False
    return True


def doubt_verdicts_on_ambiguous_rows(findings: list[Finding], tables: list[Table]) -> list[Finding]:
    """An inconsistent verdict that rests on a table line with several splittings (PA101) is not a verdict: the
    error may be ours. Such findings become unverifiable with the reason, keeping what was recomputed. When a line
    could not be made a row at all, every row count of that table is in doubt."""
    flagged = {t.label: {a.row_id for a in t.ambiguities if a.row_id} for t in tables}
    dropped = {t.label for t in tables if any(a.row_id is None for a in t.ambiguities)}
    by_label = {t.label: t for t in tables}
    out: list[Finding] = []
    for f in findings:
        if f.status != "inconsistent" or f.table is None or f.code.startswith("PA1"):
            out.append(f)
            continue
        table = by_label.get(f.table)
        shaky = sorted((r for r in set(f.rows) & flagged.get(f.table, set())
                        if table is None or not _readings_agree(table, r, f)), key=lambda r: (len(r), r))
        if not shaky and f.table not in dropped:
            out.append(f)
            continue
        why = ((f"row {shaky[0]} of {f.table} admits" if len(shaky) == 1 else
                f"rows {', '.join(shaky)} of {f.table} admit") + " more than one splitting into cells (see PA101)"
               if shaky
               else f"{f.table} has lines that could not be split into one row (see PA101), so rows may be missing")
        out.append(f.model_copy(update={
            "status": "unverifiable", "severity": "warning",
            "reason": f"{why}; the recomputed value would rest on one reading",
            "note": (f.note + "; " if f.note else "") + f"without the doubt: {f.explanation}"}))
    return out
