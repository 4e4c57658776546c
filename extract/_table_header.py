"""Column headers rebuilt from the fragments a flattened table prints above its rows.

A borderless header comes out of PDF text extraction as its cells' lines stacked one after the other: a wrapped
header prints one fragment per line, short headers of the same height print side by side on one line, and blank
lines fall between headers (and sometimes inside one). Knowing how many columns the body has, the fragments are cut
into exactly that many headers at the cheapest places: a blank line before a capitalised word is the likeliest cut,
a lower-case word, a digit or an opening parenthesis usually continues the header above.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ._table_tokens import Token, line_tokens


@dataclass(frozen=True)
class HeaderLine:
    """A non-blank header line (span without the line ending) and whether a blank line precedes it."""

    start: int
    end: int
    blank_before: bool


@dataclass(frozen=True)
class RebuiltHeader:
    text: str
    spans: list[tuple[int, int]]


_WHO = regex.compile(r"(?i)^(?:patients?|subjects?|cases?|participants?|pts?\.?|study)$")
_ID_WORD = regex.compile(r"(?i)^(?:id|no\.?|number|nr\.?|#|code|identifier)$")


def _gap_cost(prev: Token, nxt: Token, gap: str, prev_line_end_space: bool, depth: int) -> float:
    """Cost of cutting between two fragments minus the cost of joining them (negative: a cut is likely)."""
    if depth > 0:
        return 8.0
    if _WHO.match(prev.text) and _ID_WORD.match(nxt.text):
        # 'Patient' over 'No.' is one header: an id word never heads a column of its own after a word for people
        return 6.0
    first = nxt.text[0]
    cont = first.islower() or first in "([{%/&-–" or prev.text.endswith(("-", "/", "(", "&", ","))
    digit = first.isdigit()
    if gap == "word":
        if cont:
            return 6.0
        if digit:
            return 2.0
        return 0.3
    if gap == "line":
        if cont:
            return 2.0
        if digit:
            return 1.5
        return 0.5 if prev_line_end_space else -1.0
    # blank line between
    if cont:
        return 1.0
    if digit:
        return 0.8
    return -3.0


def header_atoms(source: str, lines: list[HeaderLine]) -> tuple[list[Token], list[float]]:
    """The header's words and, for each gap between two consecutive words, the cost of cutting there."""
    atoms: list[Token] = []
    costs: list[float] = []
    depth = 0
    for li, line in enumerate(lines):
        toks = line_tokens(source, line.start, line.end)
        for k, tok in enumerate(toks):
            if atoms:
                if k == 0:
                    gap = "blank" if line.blank_before else "line"
                    prev_line = lines[li - 1]
                    trailing = source[prev_line.start:prev_line.end] != source[prev_line.start:prev_line.end].rstrip()
                    costs.append(_gap_cost(atoms[-1], tok, gap, trailing, depth))
                else:
                    costs.append(_gap_cost(atoms[-1], tok, "word", False, depth))
            atoms.append(tok)
            depth = max(0, depth + tok.text.count("(") - tok.text.count(")"))
    return atoms, costs


def natural_count(costs: list[float]) -> tuple[int, int]:
    """How many headers the fragments suggest: (only the likely cuts, also the plausible ones)."""
    if not costs:
        return (1, 1)
    return (1 + sum(1 for c in costs if c < 0), 1 + sum(1 for c in costs if c <= 0.5))


def fragments_to_headers(source: str, lines: list[HeaderLine], n: int,
                         atoms_costs: tuple[list[Token], list[float]] | None = None) -> list[RebuiltHeader] | None:
    """Cut the header fragments into exactly ``n`` headers at the cheapest gaps; None when there are too few words.
    ``atoms_costs``: header_atoms(source, lines) when the caller has it already."""
    atoms, costs = atoms_costs if atoms_costs is not None else header_atoms(source, lines)
    if n <= 0 or len(atoms) < n:
        return None
    order = sorted(range(len(costs)), key=lambda g: (costs[g], g))
    cuts = sorted(order[: n - 1])
    groups: list[list[Token]] = []
    cur: list[Token] = []
    cut_set = set(cuts)
    for k, tok in enumerate(atoms):
        cur.append(tok)
        if k in cut_set:
            groups.append(cur)
            cur = []
    groups.append(cur)
    return [RebuiltHeader(" ".join(t.text for t in g), [(t.start, t.end) for t in g]) for g in groups]


_UNIT = regex.compile(r"\(([^()]{1,40})\)")
_TIME = regex.compile(
    r"(?i)\b(?:(?:before|after|prior\s+to|following|during|at|pre|post)[\s-]+(?:the\s+)?"
    r"(?:\d+\s*(?:months?|weeks?|days?|years?|hours?|h|min)|[\p{L}-]+)"
    r"(?:\s+(?:later|after\s+\w+))?"
    r"|\d+\s*(?:months?|weeks?|days?|years?|hours?|h|min)\s+(?:later|after\w*|post\w*|follow-up)"
    r"|baseline|follow-up|discharge)\b"
)
_NOT_UNITS = regex.compile(r"(?i)^(?:n|%|n\s*=\s*\d+|yes/no|y/n)$")
_FOLLOW_UP = regex.compile(r"(?i)\s*(?:(?:duration|length|time)\s+of\s+)?follow-up\s*")
_NOT_NAME = regex.compile(r"[^a-z0-9]+")


def header_to_unit(header: str) -> str | None:
    """The unit a header names in parentheses ("rate (mg/h)" -> "mg/h"), if any."""
    found = _UNIT.findall(header)
    for u in reversed(found):
        u = u.strip()
        if u and not _NOT_UNITS.match(u) and not _TIME.fullmatch(u):
            return u
    return None


def header_to_time(header: str) -> str | None:
    """The time point a header names ("before infusion", "6 months later"), if any."""
    text = _UNIT.sub(" ", header)
    found = list(_TIME.finditer(text))
    if not found:
        return None
    if _FOLLOW_UP.fullmatch(text):
        return None  # "Follow-up (months)" is how long patients were followed, not a time point
    return " ".join(found[-1].group().split())


def header_to_name(header: str, taken: set[str], index: int) -> str:
    """A unique snake_case name for a header (units in parentheses left out when the rest says enough)."""
    base = _UNIT.sub(" ", header) if _UNIT.sub(" ", header).strip() else header
    name = _NOT_NAME.sub("_", base.lower()).strip("_")
    if not name:
        name = f"column_{index + 1}"
    if name[0].isdigit():
        name = "c_" + name
    if name in taken:
        full = _NOT_NAME.sub("_", header.lower()).strip("_")
        if full and full not in taken and not full[0].isdigit():
            name = full
    return unique_name(name, taken)


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name_2``, ``name_3``, ... when taken; the result is added to ``taken``."""
    out, k = name, 2
    while out in taken:
        out = f"{name}_{k}"
        k += 1
    taken.add(out)
    return out
