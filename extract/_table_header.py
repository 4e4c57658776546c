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
from ._units import UNIT_PATTERN


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


_TIME_UNIT_WORD = regex.compile(r"(?i)^(?:h|hrs?|hours?|d|days?|wks?|weeks?|mo|mos|months?|y|yrs?|years?)\.?$")
_TIME_WORD = regex.compile(r"(?i)^(?:baseline|pre|post|before|after|pre-?\w+|post-?\w+|follow-?up|end|final|"
                           r"initial|last|first|admission|discharge)$")
_CATEGORY_HEAD = regex.compile(r"(?i)^(?:patients?|pts?\.?|case|no\.?|id|sex|gender|diagnosis|type|group|"
                               r"outcome|response|status|side|site|aetiology|etiology|cause)$")
_MEASURE_HEAD = regex.compile(r"(?i)^(?:age|dose|weight|height|bmi|duration|time|follow-?up|score|\w*scale|"
                              r"level|size|length|volume|pressure|rate|count|days?|months?|years?|interval|"
                              r"delay|survival|onset|injections?|infusions?|cycles?|sessions?)$")


def _fragments(toks: list[Token]) -> list[list[Token]]:
    """The fragments of one header line printed under (or over) side-by-side header cells: a bracketed unit, a
    number with its time unit ('4 weeks'), else a single word."""
    out: list[list[Token]] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.text.startswith("("):
            group = [t]
            depth = t.text.count("(") - t.text.count(")")
            while depth > 0 and k + 1 < len(toks):
                k += 1
                group.append(toks[k])
                depth += toks[k].text.count("(") - toks[k].text.count(")")
            out.append(group)
        elif t.text[:1].isdigit() and k + 1 < len(toks) and _TIME_UNIT_WORD.match(toks[k + 1].text):
            out.append([t, toks[k + 1]])
            k += 1
        else:
            out.append([t])
        k += 1
    return out


def _fit(fragment: list[Token], head: str, repeated: bool) -> float:
    """How well a fragment continues a header cell (higher is better)."""
    text = " ".join(t.text for t in fragment)
    word = head.split()[-1] if head.split() else head
    category = bool(_CATEGORY_HEAD.match(word))
    timed = bool(_TIME_WORD.match(text)) or (fragment[0].text[:1].isdigit() and len(fragment) == 2)
    if text.startswith("("):
        unit = text.strip("() ")
        if category:
            return -3.0
        bonus = 1.0 if _MEASURE_HEAD.match(word) else 0.0
        if regex.match(r"(?i)^(?:y|yrs?|years?)$", unit) and word.lower() == "age":
            bonus += 1.0
        return 1.0 + bonus
    if timed:
        if category:
            return -3.0
        return 3.0 if repeated else 0.5
    return 0.2 if not category else 0.0


def _row_wise_headers(source: str, lines: list[HeaderLine], n: int) -> list[RebuiltHeader] | None:
    """Headers printed row by row: one line holds the first word of each of the ``n`` cells, the other lines the
    units, time points and second words of some of them ('Patient Age ... DSFS DSFS Dry' over '(years) ...
    baseline 4 weeks mouth'). Each other line's fragments go, left to right, to distinct columns where they fit
    best. None when no line holds exactly one header start per column, or another line holds as many starts."""
    if len(lines) < 2:
        return None
    per_line = [line_tokens(source, ln.start, ln.end) for ln in lines]

    def starts(toks: list[Token]) -> int:
        return sum(1 for t in toks if t.text[:1].isupper() and not _TIME_WORD.match(t.text))

    primary = [k for k, toks in enumerate(per_line) if len(toks) == n and starts(toks) == n]
    if len(primary) != 1:
        return None
    p = primary[0]
    heads = [t.text for t in per_line[p]]
    seen: dict[str, int] = {}
    for h in heads:
        seen[h.lower()] = seen.get(h.lower(), 0) + 1
    before: list[list[list[Token]]] = [[] for _ in range(n)]
    after: list[list[list[Token]]] = [[] for _ in range(n)]
    for k, toks in enumerate(per_line):
        if k == p:
            continue
        frags = _fragments(toks)
        if not frags or len(frags) > n or starts(toks) >= n // 2 + 1:
            return None
        # best strictly increasing assignment of the fragments to columns (dynamic programming)
        m = len(frags)
        neg = float("-inf")
        best = [[neg] * (n + 1) for _ in range(m + 1)]
        choice: list[list[int]] = [[-1] * (n + 1) for _ in range(m + 1)]
        for j in range(n + 1):
            best[0][j] = 0.0
        for i in range(1, m + 1):
            for j in range(1, n + 1):
                # fragment i-1 goes to column j-1, or column j-1 gets nothing from this line
                take = best[i - 1][j - 1] + _fit(frags[i - 1], heads[j - 1], seen[heads[j - 1].lower()] > 1)
                skip = best[i][j - 1]
                if take >= skip:
                    best[i][j], choice[i][j] = take, 1
                else:
                    best[i][j], choice[i][j] = skip, 0
        if best[m][n] == neg or best[m][n] < 0:
            return None
        i, j = m, n
        while i > 0:
            if choice[i][j] == 1:
                (before if k < p else after)[j - 1].append(frags[i - 1])
                i -= 1
            j -= 1
    out = []
    for j, head in enumerate(per_line[p]):
        parts = [t for f in reversed(before[j]) for t in f] + [head] + [t for f in reversed(after[j]) for t in f]
        out.append(RebuiltHeader(" ".join(t.text for t in parts), [(t.start, t.end) for t in parts]))
    return out


def fragments_to_headers(source: str, lines: list[HeaderLine], n: int,
                         atoms_costs: tuple[list[Token], list[float]] | None = None) -> list[RebuiltHeader] | None:
    """Cut the header fragments into exactly ``n`` headers at the cheapest gaps; None when there are too few words.
    ``atoms_costs``: header_atoms(source, lines) when the caller has it already. Headers printed row by row (one
    line of first words over a line of units and time points) are read as such."""
    row_wise = _row_wise_headers(source, lines, n)
    if row_wise is not None:
        return row_wise
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
    r"|baseline|follow-up|discharge"
    # a bare duration closing a header ('DSFS 4 weeks', 'VAS 6 mo') is the time the column was measured at
    r"|(?<=\S\s+)\d+\s*(?:months?|mo|weeks?|wk|days?|years?|hours?|h)(?=\s*$))\b"
)
_NOT_UNITS = regex.compile(r"(?i)^(?:n|%|n\s*=\s*\d+|yes/no|y/n)$")
# a unit printed after a comma at the end of a header ("Age, y", "Size, cm", "Follow-up, mo")
_COMMA_UNIT = regex.compile(r"(?<=\S),\s*(" + UNIT_PATTERN + r")\s*$")
_FOLLOW_UP = regex.compile(r"(?i)\s*(?:(?:duration|length|time)\s+of\s+)?follow-up\s*")
_NOT_NAME = regex.compile(r"[^a-z0-9]+")


def header_to_unit(header: str) -> str | None:
    """The unit a header names in parentheses ("rate (mg/h)" -> "mg/h"), if any."""
    found = _UNIT.findall(header)
    for u in reversed(found):
        u = u.strip()
        if u and not _NOT_UNITS.match(u) and not _TIME.fullmatch(u):
            return u
    comma = _COMMA_UNIT.search(header)
    if comma is not None and not _NOT_UNITS.match(comma.group(1)):
        return comma.group(1)
    return None


def header_to_time(header: str) -> str | None:
    """The time point a header names ("before infusion", "6 months later"), if any."""
    text = _COMMA_UNIT.sub(" ", _UNIT.sub(" ", header))
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
