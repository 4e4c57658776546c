"""Claims to findings that need no table: the GRIM family (PA401-PA405) and P from test statistics (PA501-PA503).

`claims_to_standalone_findings` is called by audit_paper beside the table checks. It judges only what the claim
itself carries (a mean with its n, an SD, a percentage with its count and denominator, a test statistic with its
degrees of freedom and P), so it never depends on linking.

GRIM and GRIMMER hold only for integer data, which a claim rarely states. The claim's own words decide how far
they are trusted: a measure phrase naming a count, a single Likert item or a k-item scale (GRIM at n x k) is
judged; words that suggest integer
scores ("score", "scale", "rating") allow only 'consistent' or 'unverifiable' (a failure might mean the data
are not integers); with no such words there is no GRIM finding at all. DEBIT likewise needs words that say the
data are binary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

import regex

from paperaudit.schemas import AuditSettings, Claim, Finding, Severity, Value
from paperaudit.schemas._build import from_dict

from ._codes import CODES
from ._grim import Check, debit, grim, grimmer, percent_of, range_order, sd_sign, sd_upper_bound, within_range
from ._teststats import Q_NAMES, check_df, check_p, mentions_one_tailed, normalise_test_name

# Findings validated from a dict by the model's own validator (what Finding(**fields) runs, without its frame).
_new_finding = from_dict(Finding)

# Words that say the averaged values are whole numbers. Strong: in the measure phrase, judged fully.
_INTEGER_STRONG = regex.compile(r"\b(number\s+of|how\s+many|likert|single[- ]item|integer)\b", regex.I)
_INTEGER_WEAK = regex.compile(
    r"\b(number\s+of|how\s+many|likert|items?|scores?|scales?|ratings?|rated|points?|integer)\b", regex.I)
# Averages per unit of time or per item are not sums of integers over n.
_NOT_INTEGER = regex.compile(r"\b(per|average\s+of|mean\s+of\s+the\s+items|per\s+day|daily|/)\b|/", regex.I)
_BINARY = regex.compile(r"\b(proportion|binary|dichotom\w*|dummy|yes/no|coded\s+(as\s+)?[01]|0\s*=|\(0/1\))",
                        regex.I)

_ITEMS = regex.compile(r"\b(\d{1,3})[- ]items?\b", regex.I)
_NOT_RESULTS = ("references", "title")
_PAIR_WINDOW = 80  # characters between a test statistic and a P printed as a separate claim
# Every check of _summary_findings needs one of these roles (an SD; a minimum and a maximum; a mean; a percentage).
_SUMMARY_ROLES = frozenset({"sd", "min", "max", "mean", "percent"})


def _evidence(claim: Claim, pattern_strong: regex.Pattern[str], pattern_weak: regex.Pattern[str]) -> str | None:
    """'strong' when the measure phrase says it, 'weak' when only the sentence hints at it, else None."""
    measure = claim.measure.text if claim.measure else ""
    if measure and pattern_strong.search(measure) and not _NOT_INTEGER.search(measure):
        return "strong"
    if pattern_weak.search(measure) or pattern_weak.search(claim.sentence):
        return "weak"
    return None


def _integer_evidence(claim: Claim) -> str | None:
    if _items(claim) > 1:
        return "strong"
    return _evidence(claim, _INTEGER_STRONG, _INTEGER_WEAK)


def _items(claim: Claim) -> int:
    """The number of integer items the measure phrase says each answer sums or averages ('a 5-item scale').

    GRIM at n x items is safe either way: a mean of item sums is also a multiple of 1 / (n x items)."""
    measure = claim.measure.text if claim.measure else ""
    m = _ITEMS.search(measure)
    return int(m.group(1)) if m and 1 < int(m.group(1)) <= 200 else 1


def _binary_evidence(claim: Claim) -> str | None:
    return _evidence(claim, _BINARY, _BINARY)


def _reported(v: Value) -> str:
    return v.raw if v.comparator == "=" else f"{v.comparator} {v.raw}"


def _as_int(v: Value | None) -> int | None:
    if v is None or v.decimals != 0 or v.value != v.value.to_integral_value() or v.value < 0:
        return None
    return int(v.value)


def _finding(code: str, check: Any, values: Sequence[Value | None], judged: Value, claim: Claim,
             test: str | None = None, weak_reason: str | None = None) -> Finding:
    """A Finding from a check. With `weak_reason`, an inconsistency is downgraded to unverifiable."""
    status, severity, reason = check.status, check.severity, check.reason
    if status == "inconsistent" and weak_reason:
        status, severity, reason = "unverifiable", "info", weak_reason
    if status != "inconsistent":
        severity = "info"
    elif severity == "info":
        severity = CODES[code].severity
    spans = sorted({(v.start, v.end) for v in values if v is not None} | {(judged.start, judged.end)})
    return _new_finding(dict(
        code=code, status=status, severity=severity, reported=_reported(judged), recomputed=check.recomputed,
        rule=check.rule, explanation=check.explanation, reason=reason, note=getattr(check, "note", None),
        spans=spans, claim_id=claim.id, role=judged.role, test=test,
        conclusion_flips=getattr(check, "conclusion_flips", None),
    ))


def _sides(claim: Claim) -> list[list[Value]]:
    """The claim's values grouped by side ('A vs. B'); values with no side join every side only when there is
    a single side, so an n printed once is never silently given to the other group."""
    sides = sorted({v.side for v in claim.values if v.side is not None})
    if len(sides) <= 1:
        return [list(claim.values)]
    return [[v for v in claim.values if v.side == s] for s in sides]


def _unique_roles(values: list[Value]) -> dict[str, Value | None]:
    """Each role's value when there is exactly one, else None (several would be ambiguous); one pass for every
    role a summary asks about."""
    out: dict[str, Value | None] = {}
    for v in values:
        out[v.role] = None if v.role in out else v
    return out


def _same_unit(*values: Value | None) -> bool:
    """Do the values that name a unit all name the same one? (A value with no unit agrees with any.)"""
    units = {v.unit.strip().lower().rstrip("s") for v in values if v is not None and v.unit}
    return len(units) <= 1


def _summary_findings(claim: Claim, values: list[Value], settings: AuditSettings) -> list[Finding]:
    rule = settings.rounding
    out: list[Finding] = []
    one = _unique_roles(values)
    mean, sd, median = one.get("mean"), one.get("sd"), one.get("median")
    lo, hi = one.get("min"), one.get("max")
    n = _as_int(one.get("n"))
    n_value = one.get("n")
    # PA405: impossible summaries.
    if sd is not None and sd.value < 0:
        out.append(_finding("PA405", sd_sign(sd.value), [sd], sd, claim))
    if lo is not None and hi is not None and not _same_unit(lo, hi, mean, median):
        lo = hi = None  # '6 months to 5 years': bounds in different units are not comparable as printed
    if lo is not None and hi is not None and (mean or median or sd):
        # A bare reversed range is far more often an abbreviated page range ('1523-31') or a code than a data
        # error, so min > max is judged only inside a summary (mean, median or SD with its range).
        order = range_order(lo.value, hi.value, rule)
        if order.status == "inconsistent":
            out.append(_finding("PA405", order, [lo, hi], hi, claim))
        for centre, what in ((mean, "mean"), (median, "median")):
            if centre is not None:
                out.append(_finding("PA405", within_range(centre.value, lo.value, hi.value, what, rule),
                                    [lo, hi], centre, claim))
        if mean is not None and sd is not None and sd.value >= 0 and lo.value <= hi.value:
            out.append(_finding("PA405", sd_upper_bound(mean.value, sd.value, lo.value, hi.value, n, rule,
                                                        settings.sd_ddof), [mean, lo, hi, n_value], sd, claim))
    # PA401 / PA402: GRIM and GRIMMER, only with words that say the data are integers.
    if mean is not None and n is not None and n > 0:
        binary = _binary_evidence(claim)
        integer = _integer_evidence(claim)
        if binary and sd is not None and sd.value >= 0 and 0 <= mean.value <= 1:
            weak = None if binary == "strong" else "DEBIT fails, but the claim does not say the data are binary"
            out.append(_finding("PA403", debit(mean.value, sd.value, n, mean.decimals, sd.decimals, rule,
                                               settings.sd_ddof), [n_value, sd], mean, claim, weak_reason=weak))
        elif integer:
            weak = (None if integer == "strong" else
                    "GRIM fails, but the claim does not say the values are single whole numbers (a score averaged "
                    "over items or time need not be)")
            items = _items(claim)
            g = grim(mean.value, n, mean.decimals, rule, items)
            out.append(_finding("PA401", g, [n_value], mean, claim, weak_reason=weak))
            if sd is not None and sd.value >= 0 and g.status != "inconsistent" and items == 1:
                weak2 = None if integer == "strong" else weak and weak.replace("GRIM", "GRIMMER", 1)
                out.append(_finding("PA402", grimmer(mean.value, sd.value, n, mean.decimals, sd.decimals, rule,
                                                     settings.sd_ddof), [mean, n_value], sd, claim,
                                    weak_reason=weak2))
    # PA404: a percentage against its count and denominator.
    percent = one.get("percent")
    if percent is not None and percent.comparator == "=":
        count_v = one.get("count")
        denom_v = n_value if n_value is not None else one.get("total")
        denom = _as_int(denom_v)
        count = _as_int(count_v)
        if denom is not None and denom > 0:
            if count is not None:
                out.append(_finding("PA404", percent_of(percent.value, denom, count, percent.decimals, rule),
                                    [count_v, denom_v], percent, claim))
            elif claim.kind in ("percent", "count", "category_counts"):
                out.append(_finding("PA404", percent_of(percent.value, denom, None, percent.decimals, rule),
                                    [denom_v], percent, claim,
                                    weak_reason="no whole count of the denominator gives this percentage, but the "
                                    "claim does not say the percentage is a share of it"))
    return out


def _n_is_total(claim: Claim, n: Value) -> bool:
    """Was the sample size printed as a capital 'N =' (the whole sample) rather than 'n =' (maybe one group)?"""
    return bool(regex.search(r"(?<![A-Za-z])N\s*=\s*" + regex.escape(n.raw) + r"(?!\d)", claim.sentence))


def _test_findings(claim: Claim, p: Value | None, settings: AuditSettings, one_tailed: bool) -> list[Finding]:
    out: list[Finding] = []
    stat = claim.value("statistic")
    if stat is None:
        return out
    test = normalise_test_name(claim.test_name)
    is_q = (claim.test_name or "").strip().lower() in Q_NAMES
    if is_q and claim.value("df2") is not None:
        test = None  # a Q with two df is Tukey's studentized range, not a chi-square
    df1 = claim.value("df1") or claim.value("df")
    df2 = claim.value("df2")
    n_value = claim.value("n")
    related = [stat, df1, df2]
    if p is not None:
        if test is None:
            name = claim.test_name or "this"
            out.append(_new_finding(dict(
                code="PA501", status="unverifiable", severity="info", reported=_reported(p),
                explanation=f"The P cannot be recomputed from a {name} statistic alone.",
                reason=f"recomputing P from a {name} statistic needs more than the sentence gives",
                spans=sorted({(v.start, v.end) for v in (stat, df1, df2, p) if v is not None}),
                claim_id=claim.id, role="p", test=claim.test_name, rule="")))
        else:
            df1_dec: Decimal | None = df1.value if df1 is not None else None
            note = None
            if test == "r" and df1 is None and _as_int(n_value) is not None and (_as_int(n_value) or 0) > 2:
                df1_dec, note = Decimal((_as_int(n_value) or 0) - 2), "df taken as n - 2"
                related.append(n_value)
            if test == "t" and df1 is not None and df1.decimals > 0:
                note = "fractional df: read as a Welch t-test"
            if is_q:
                note = "Q read as a chi-square statistic with its df (heterogeneity or Cochran's Q)"
            pc = check_p(test, stat.value, p.value, p.comparator, df1_dec, df2.value if df2 is not None else None,
                         rule=settings.rounding, alpha=settings.alpha, one_tailed_stated=one_tailed,
                         p_decimals=p.decimals, stat_decimals=stat.decimals)
            if note and pc.note is None:
                pc = replace(pc, note=note)
            out.append(_finding(pc.code, pc, related, p, claim, test=test))
    n = _as_int(n_value)
    if test is not None and n is not None and n_value is not None and df1 is not None:
        dc = check_df(test, df1.value, df2.value if df2 else None, n, _n_is_total(claim, n_value))
        if dc is not None:
            out.append(_finding("PA503", Check(dc.status, dc.explanation, dc.recomputed, dc.reason, rule="df <= n - 1 "
                                               "(t), n - 2 (r)", severity=dc.severity),
                                [n_value, stat], df1, claim, test=test))
    return out


def _pair_p_values(claims: list[Claim]) -> dict[str, Value]:
    """For test claims printed without their P, the P of a separate p_value claim just after the statistic."""
    loose = sorted((v for c in claims if c.kind == "p_value" for v in c.values if v.role == "p"),
                   key=lambda v: v.start)
    used: set[int] = set()
    paired: dict[str, Value] = {}
    if not loose:
        return paired  # no P printed apart from its statistic: nothing to pair
    for c in claims:
        roles = [v.role for v in c.values]
        if "statistic" not in roles or "p" in roles:
            continue
        stat = c.values[roles.index("statistic")]  # the first, as Claim.value finds it
        for v in loose:
            if v.start not in used and stat.end <= v.start <= stat.end + _PAIR_WINDOW:
                paired[c.id] = v
                used.add(v.start)
                break
    return paired


def claims_to_standalone_findings(claims: list[Claim], settings: AuditSettings | dict[str, Any] | None = None, *,
                                  source_text: str | None = None) -> list[Finding]:
    """Findings PA401-PA405 and PA501-PA503 for the claims, in claim order.

    `source_text`, when given, lets a statement such as 'all tests are one-tailed' anywhere in the paper count
    for its test statistics (otherwise only the claim's own sentence is read)."""
    settings = AuditSettings.resolve(settings)
    paper_one_tailed = bool(source_text) and mentions_one_tailed(source_text or "")
    paired = _pair_p_values(claims)
    out: list[Finding] = []
    for claim in claims:
        if claim.kind in ("dose", "setting", "criterion", "threshold") or claim.section in _NOT_RESULTS:
            continue  # protocol numbers, thresholds and reference lists do not summarise data
        roles = [v.role for v in claim.values]
        if "statistic" in roles:  # claim.value("statistic") is not None
            p = claim.value("p") or paired.get(claim.id)
            one_tailed = paper_one_tailed or mentions_one_tailed(claim.sentence)
            out.extend(_test_findings(claim, p, settings, one_tailed))
            continue
        if _SUMMARY_ROLES.isdisjoint(roles):
            continue  # _summary_findings judges nothing without one of these roles on a side
        for values in _sides(claim):
            out.extend(_summary_findings(claim, values, settings))
    return out


def severity_counts(findings: list[Finding]) -> dict[Severity, int]:
    """How many non-consistent findings there are per severity (for summaries and benchmarks)."""
    counts: dict[Severity, int] = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        if f.status != "consistent":
            counts[f.severity] += 1
    return counts
