"""Checks across claims and within a table.

- PA101: table lines that admit several splittings (Table.ambiguities), reported so a person can pick one.
- PA304: the table's own summary rows (Mean, SD, Median, Total, n, %) recomputed from its body rows.
- PA301: the same quantity reported twice with values that do not agree (the same comparison's P in the
  Results and in a figure caption; the same statistic of the same cells twice).
- PA303: counts that must add up: the parts a sentence lists against the total it states, and the groups a
  sentence splits the patients into ('11 who completed, 5 who never did') against the rows they split.
"""

from __future__ import annotations

from decimal import Decimal

import regex

from paperaudit.schemas import AuditSettings, Claim, Finding, Link, Paper, Table, Value
from paperaudit.schemas._build import from_dict

from ._recompute import column_values, d_mean, d_median, d_sd
from ._rounding import judge_number

# Findings validated from a dict by the model's own validator (what Finding(**fields) runs, without its frame).
_new_finding = from_dict(Finding)

_SUMMARY_LABELS = {
    "mean": "mean", "average": "mean", "sd": "sd", "s.d.": "sd", "std": "sd", "median": "median", "total": "total",
    "sum": "total", "n": "n", "%": "percent",
}


def _summary_kind(label: str) -> str | None:
    t = label.strip().lower().rstrip(":")
    if t in _SUMMARY_LABELS:
        return _SUMMARY_LABELS[t]
    for k, v in _SUMMARY_LABELS.items():
        if regex.match(rf"{regex.escape(k)}\b", t):
            return v
    return None


def summary_rows_to_findings(table: Table, settings: AuditSettings) -> list[Finding]:
    """PA304: each numeric cell of a summary row against the statistic of the body rows in its column."""
    out: list[Finding] = []
    ids = [r.id for r in table.rows]
    for srow in table.summary_rows:
        kind = _summary_kind(srow.label)
        if kind is None or kind == "percent":
            continue
        for cell in srow.cells:
            if cell.number is None or cell.start is None or cell.end is None:
                continue
            col = table.column(cell.column)
            if col.dtype not in ("integer", "decimal"):
                continue
            xs, used, _ = column_values(table, cell.column, ids)
            if not xs:
                continue
            x = _stat(kind, xs)
            if x is None:
                continue
            j = judge_number(x, cell.number, cell.decimals or 0, cell.text, settings.rounding,
                             integer_statistic=kind == "n")
            status = "consistent" if j.consistent else "inconsistent"
            note = j.note
            if not j.consistent and kind == "sd":
                other = d_sd(xs, 0)
                if other is not None and judge_number(other, cell.number, cell.decimals or 0, cell.text,
                                                      settings.rounding).consistent:
                    status, note = "consistent", "reproduced only with the n formula"
            out.append(_new_finding(dict(
                code="PA304", status=status, severity=j.severity if status == "inconsistent" else "info",
                reported=cell.text, recomputed=str(x), rule=j.rule, note=note,
                explanation=(f"{table.label} prints {srow.label} {cell.text} for {col.header or col.name}; its "
                             f"{len(used)} rows give {j.display}"),
                spans=[(cell.start, cell.end)], role=kind, table=table.label, columns=[cell.column], rows=used,
            )))
    return out


def _stat(kind: str, xs: list[Decimal]) -> Decimal | None:
    if kind == "mean":
        return d_mean(xs)
    if kind == "sd":
        return d_sd(xs, 1)
    if kind == "median":
        return d_median(xs)
    if kind == "total":
        return sum(xs, Decimal(0))
    if kind == "n":
        return Decimal(len(xs))
    return None


def ambiguities_to_findings(table: Table) -> list[Finding]:
    """PA101: one warning per ambiguous line, every reading listed."""
    out = []
    for a in table.ambiguities:
        readings = " | ".join(" ; ".join(r) for r in a.readings[:4])
        out.append(_new_finding(dict(
            code="PA101", status="unverifiable", severity="warning", reported=a.raw.strip()[:80],
            explanation=(f"row {a.row_id} of {table.label} can be read in "
                         f"{f'{len(a.readings)} ways' if len(a.readings) > 1 else 'more than one way'}; a verdict "
                         "that rests on it is unverifiable unless every reading gives the same cells"
                         if a.row_id else f"a line of {table.label} could not be made one row, so a verdict over "
                         "its rows is unverifiable"),
            reason=a.reason + (f"; readings: {readings}" if readings else ""), spans=[(a.start, a.end)],
            table=table.label, rows=[a.row_id] if a.row_id else [],
        )))
    return out


def _agree(a_raw: str, a: Decimal, a_dec: int, b_raw: str, b: Decimal, b_dec: int, rule: str) -> bool:
    """Two reported numbers agree when the one printed with more decimals rounds to the other."""
    if a_dec >= b_dec:
        return judge_number(a, b, b_dec, b_raw, rule, coarse_reading=False).consistent
    return judge_number(b, a, a_dec, a_raw, rule, coarse_reading=False).consistent


def _linked_values(link: Link, by_id: dict[str, Claim]) -> list[tuple[Claim, int, Value]]:
    """(claim, value index, value) for each value a link covers; none when its claim is unknown."""
    claim = by_id.get(link.claim_id)
    return [] if claim is None else [(claim, i, claim.values[i]) for i in link.values]


def reported_twice(claims: list[Claim], links: list[Link], findings: list[Finding], settings: AuditSettings
                   ) -> list[Finding]:
    """PA301: two values linked to the same cells and statistic (or the same comparison) that disagree."""
    by_id = {c.id: c for c in claims}
    # Only numbers the audit could judge: a doubtful or ambiguous link says nothing about "the same quantity".
    judged = {tuple(spans[0]) for f in findings if (spans := f.spans) and f.status != "unverifiable"}
    groups: dict[tuple, list[tuple[Claim, int]]] = {}
    for link in links:
        operation = link.operation
        if link.reason or link.alternatives or operation not in ("describe", "test_columns", "test_groups",
                                                                 "test_categories"):
            continue
        link_key: tuple | None = None  # the link's part of a group's key, made at its first judged value
        for claim, i, v in _linked_values(link, by_id):
            # Ends of a range that names a subset repeat with every mention of it: not a reported quantity.
            role = v.role
            if v.comparator != "=" or (v.start, v.end) not in judged or role in ("min", "max"):
                continue
            if link_key is None:
                link_key = (tuple(link.columns), tuple(sorted(link.row_ids)), tuple(sorted(link.row_ids_b)))
            key = (link.table, operation, role, *link_key)
            groups.setdefault(key, []).append((claim, i))
    # P values against a group the table does not hold: the same measure and time point, compared with the
    # same outside group, is one comparison even though it cannot be recomputed.
    for link in links:
        if not link.reason or "group" not in link.reason or len(link.columns) != 1:
            continue
        for claim, i, v in _linked_values(link, by_id):
            if v.role == "p" and v.comparator == "=":
                groups.setdefault((link.table, "untabulated group", "p", tuple(link.columns), (), ()), []).append(
                    (claim, i))
    out: list[Finding] = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        first_claim, fi = members[0]
        fv = first_claim.values[fi]
        for claim, i in members[1:]:
            v = claim.values[i]
            if v.start == fv.start:
                continue
            if _agree(fv.raw, fv.value, fv.decimals, v.raw, v.value, v.decimals, settings.rounding):
                out.append(_new_finding(dict(
                    code="PA301", status="consistent", severity="info", reported=f"{fv.raw} / {v.raw}",
                    explanation=f"the same {'P' if v.role == 'p' else v.role} is reported twice, as {fv.raw} and "
                                f"{v.raw}, and the two agree",
                    spans=[(fv.start, fv.end), (v.start, v.end)], claim_id=claim.id, role=v.role, table=key[0],
                    columns=list(key[3]), rows=list(key[4]))))
                continue
            what = "P" if v.role == "p" else v.role
            where = ("against a group the table does not hold" if key[1] == "untabulated group"
                     else f"{len(key[4])} rows")
            out.append(_new_finding(dict(
                code="PA301", status="inconsistent",
                severity="warning" if key[1] == "untabulated group" or v.role != "p" else "error",
                reported=f"{fv.raw} / {v.raw}",
                explanation=f"the same {what} ({', '.join(key[3])}, {where}) is reported as {fv.raw} "
                            f"and as {v.raw}",
                spans=[(fv.start, fv.end), (v.start, v.end)], claim_id=claim.id, role=v.role, table=key[0],
                columns=list(key[3]), rows=list(key[4]),
            )))
    return out


def counts_add_up(claims: list[Claim], settings: AuditSettings) -> list[Finding]:
    """PA303: a claim that lists category counts and states their total ('18 patients (10 men and 8 women)')."""
    out = []
    for c in claims:
        if c.kind != "category_counts":
            continue
        parts = [v for v in c.values if v.role == "count"]
        totals = [v for v in c.values if v.role in ("n", "total")]
        if len(parts) < 2 or len(totals) != 1:
            continue
        s = sum((v.value for v in parts), Decimal(0))
        t = totals[0]
        ok = s == t.value
        out.append(_new_finding(dict(
            code="PA303", status="consistent" if ok else "inconsistent", severity="info" if ok else "error",
            reported=" + ".join(v.raw for v in parts) + f" = {t.raw}", recomputed=str(s),
            explanation=f"the parts {' + '.join(v.raw for v in parts)} add up to {s}"
                        + ("" if ok else f", not to the stated {t.raw}"),
            spans=[(v.start, v.end) for v in [*parts, t]], claim_id=c.id, role="count",
        )))
    return out


def complementary_counts(claims: list[Claim], links: list[Link], tables: list[Table]) -> list[Finding]:
    """PA303: one sentence counts the rows meeting a condition and the rows not meeting it (the groups a
    figure shows); together they must be every row the two were counted among."""
    by_id = {c.id: c for c in claims}
    rows_of = {t.label: len(t.rows) for t in tables}
    plain = [lk for lk in links if lk.operation == "threshold" and lk.condition and not lk.alternatives
             and not lk.reason and len(lk.values) == 1 and lk.claim_id in by_id]
    out: list[Finding] = []
    for a in plain:
        for b in plain:
            if b.condition != f"not ({a.condition})" or a.table != b.table or a.row_filter != b.row_filter:
                continue
            ca, cb = by_id[a.claim_id], by_id[b.claim_id]
            if not ca.sentence_spans or ca.sentence_spans[:1] != cb.sentence_spans[:1]:
                continue
            va, vb = ca.values[a.values[0]], cb.values[b.values[0]]
            if va.comparator != "=" or vb.comparator != "=":
                continue
            n = rows_of.get(a.table, 0) if a.row_filter == "all rows" else len(set(a.row_ids) | set(b.row_ids))
            total = va.value + vb.value
            ok = total == n
            out.append(_new_finding(dict(
                code="PA303", status="consistent" if ok else "inconsistent", severity="info" if ok else "error",
                reported=f"{va.raw} + {vb.raw}", recomputed=str(n),
                explanation=f"the groups counted as {va.raw} and {vb.raw} split {a.row_filter} of {a.table}, "
                            f"which has {n} rows" + ("" if ok else f", not {total}"),
                rule="exact (counts)", spans=[(va.start, va.end), (vb.start, vb.end)], claim_id=cb.id,
                role="count", table=a.table, columns=[c for c in a.columns])))
    return out


def cross_findings(paper: Paper, links: list[Link], findings: list[Finding], settings: AuditSettings
                   ) -> list[Finding]:
    """Every check across claims and within the tables."""
    out: list[Finding] = []
    for t in paper.tables:
        out += ambiguities_to_findings(t)
        out += summary_rows_to_findings(t, settings)
    out += reported_twice(paper.claims, links, findings, settings)
    out += counts_add_up(paper.claims, settings)
    out += complementary_counts(paper.claims, links, paper.tables)
    return out

