"""Column headers rebuilt from the fragments a flattened table prints above its rows.

A borderless header comes out of PDF text extraction as its cells' lines stacked one after the other: a wrapped
header prints one fragment per line, short headers of the same height print side by side on one line, and blank
lines fall between headers (and sometimes inside one). Knowing how many columns the body has, the fragments are cut
into exactly that many headers at the cheapest places: a blank line before a capitalised word is the likeliest cut,
a lower-case word, a digit or an opening parenthesis usually continues the header above.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    time: str | None = None  # the sub-header under a spanning header ('before diet' under 'Seizures per month')


_WHO = regex.compile(r"(?i)^(?:patients?|subjects?|cases?|participants?|pts?\.?|study)$")
_ID_WORD = regex.compile(r"(?i)^(?:id|no\.?|number|nr\.?|#|code|identifier)$")
# every character that opens a _WHO match: the case-insensitive p, s and c (found by trying all of Unicode against
# (?i)[psc]; the long s folds to s), so a text opening with none of them is not tried against the pattern
_WHO_FIRST = frozenset("CPScpsſ")


def _gap_cost(prev: Token, nxt: Token, gap: str, prev_line_end_space: bool, depth: int) -> float:
    """Cost of cutting between two fragments minus the cost of joining them (negative: a cut is likely)."""
    if depth > 0:
        return 8.0
    if prev.text[:1] in _WHO_FIRST and _WHO.match(prev.text) and _ID_WORD.match(nxt.text):
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


def header_atoms(source: str, lines: list[HeaderLine], time_codes: frozenset[str] = frozenset()
                 ) -> tuple[list[Token], list[float]]:
    """The header's words and, for each gap between two consecutive words, the cost of cutting there.
    ``time_codes``: abbreviations the table's legend defines as time points ('BL, baseline; FU, follow-up')."""
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
    _keep_timed_measures(atoms, costs, time_codes)
    return atoms, costs


# time words that pair with a measure printed before or after them ('NRS BL', 'VAS pre'); stricter than _TIME_WORD,
# whose 'pre-?\w+' also takes 'pressure' and 'previous'
_PAIRED_TIME = regex.compile(r"(?i)^(?:baseline|pre|post|before|after|pre-\w+|post-\w+|"
                             r"(?:pre|post)(?:treatment|operative|op|infusion|intervention|injection|surgery)|"
                             r"follow-?up|end|final|initial|admission|discharge)$")
# every character that opens a _PAIRED_TIME match: the case-insensitive a, b, d, e, f, i and p (all of Unicode tried
# against (?i)[abdefip]; the capital I with a dot folds to i)
_PAIRED_TIME_FIRST = frozenset("ABDEFIPabdefipİ")


def _keep_timed_measures(atoms: list[Token], costs: list[float], time_codes: frozenset[str]) -> None:
    """A measure printed once per time point on one line ('NRS BL NRS FU', 'VAS Pre VAS Post') is cut between its
    pairs, not inside them. Only a word that heads every one of its two or more pairs, all on the same side of
    their time words, is read so: 'Age Baseline VAS Final VAS' repeats no measure beside each time and is left
    as it was. Costs of the gaps inside the pairs are raised in place."""
    # whether each atom is a time word, asked once per atom
    timed = [bool(text[:1] in _PAIRED_TIME_FIRST and _PAIRED_TIME.match(text)) or text in time_codes
             for text in [tok.text for tok in atoms]]
    where: dict[str, list[int]] = {}
    for k, tok in enumerate(atoms):
        if tok.text[:1].isalpha() and not timed[k]:
            where.setdefault(tok.text.lower(), []).append(k)
    for spots in where.values():
        if len(spots) < 2:
            continue
        after = all(k + 1 < len(atoms) and timed[k + 1] for k in spots)
        before = all(k > 0 and timed[k - 1] for k in spots)
        if after == before:
            continue  # neither side, or both: the pairing is not settled
        for k in spots:
            gap = k if after else k - 1  # costs[g] is the gap between atoms g and g + 1
            if 0.0 < costs[gap] < 1.0:
                # only a gap inside a line: a blank line before a capital (a negative cost) stays the likelier cut
                costs[gap] = 1.0


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


def _head_cells(toks: list[Token]) -> list[list[Token]]:
    """A header line cut into cells of first words: each capitalised word opens a cell and the words after it that
    open in lower case or with a bracket ('at', 'to first', '(y)') continue it. Empty when the line opens with a
    word that opens no cell."""
    out: list[list[Token]] = []
    for t in toks:
        if t.text[:1].isupper():
            out.append([t])
        elif out and (t.text[:1].islower() or t.text[:1] == "("):
            out[-1].append(t)
        else:
            return []
    return out


def _fragments(toks: list[Token], word_units: bool = False) -> list[list[Token]]:
    """The fragments of one header line printed under (or over) side-by-side header cells: a bracketed unit, a
    number with its time unit ('4 weeks'), else a single word. ``word_units``: a word and the bracketed unit right
    after it are one fragment ('onset (y)')."""
    out: list[list[Token]] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.text.startswith("(") or (word_units and k + 1 < len(toks) and toks[k + 1].text.startswith("(")
                                      and not t.text.startswith(("(", ")"))):
            group = [t]
            if not t.text.startswith("("):
                k += 1
                t = toks[k]
                group.append(t)
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


def _row_wise_headers(source: str, lines: list[HeaderLine], n: int, atoms: list[Token] | None = None
                      ) -> list[RebuiltHeader] | None:
    """Headers printed row by row: one line holds the first word of each of the ``n`` cells, the other lines the
    units, time points and second words of some of them ('Patient Age ... DSFS DSFS Dry' over '(years) ...
    baseline 4 weeks mouth'). Each other line's fragments go, left to right, to distinct columns where they fit
    best. None when no line holds exactly one header start per column, or another line holds as many starts.
    ``atoms``: header_atoms(source, lines)[0], when the caller has it (the lines are not split again)."""
    if len(lines) < 2:
        return None
    per_line = _per_line(atoms, lines) if atoms is not None else \
        [line_tokens(source, ln.start, ln.end) for ln in lines]

    def starts(toks: list[Token]) -> int:
        return sum(1 for t in toks if t.text[:1].isupper() and not _TIME_WORD.match(t.text))

    primary = [k for k, toks in enumerate(per_line) if len(toks) == n and starts(toks) == n]
    cells: list[list[Token]] = []
    if len(primary) == 1:
        cells = [[t] for t in per_line[primary[0]]]
    elif not primary:
        # headers of several words on the line of first words ('Age at Age at Type ... Time to first CD19' over
        # 'onset (y) RTX (y) agents ... relapse (mo) recovery (mo)'): a capitalised word and the lower-case words
        # after it are one cell. Tried only when no line holds a single word per column; the one line so cut into
        # exactly n cells is the line of first words (a line of several capitalised words per cell stays unread)
        grouped = [(k, _head_cells(toks)) for k, toks in enumerate(per_line)]
        primary = [k for k, g in grouped if len(g) == n]
        if len(primary) == 1:
            cells = grouped[primary[0]][1]
    if len(primary) != 1 or not cells:
        return None
    p = primary[0]
    heads = [" ".join(t.text for t in c) for c in cells]
    seen: dict[str, int] = {}
    for h in heads:
        seen[h.lower()] = seen.get(h.lower(), 0) + 1
    before: list[list[list[Token]]] = [[] for _ in range(n)]
    after: list[list[list[Token]]] = [[] for _ in range(n)]
    for k, toks in enumerate(per_line):
        if k == p:
            continue
        frags = _fragments(toks)
        if len(frags) > n:
            # more fragments than columns: a word with the bracketed unit after it is one cell's fragment ('onset
            # (y)', 'relapse (mo)'), which a line of side-by-side cells under multi-word heads prints
            frags = _fragments(toks, word_units=True)
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
    for j, head in enumerate(cells):
        parts = [t for f in reversed(before[j]) for t in f] + head + [t for f in reversed(after[j]) for t in f]
        out.append(RebuiltHeader(" ".join(t.text for t in parts), [(t.start, t.end) for t in parts]))
    return out


# a phrase of a sub-header line under a spanning header opens with a time word or a number ('before diet | on
# diet', 'baseline | 6 months', 'pre | post')
_SUB_START = regex.compile(r"(?i)^(?:before|after|on|off|during|at|pre|post|baseline|pre-?\w+|post-?\w+|"
                           r"follow-?up|end|initial|final|last|first|\d+)$")


def _per_line(atoms: list[Token], lines: list[HeaderLine]) -> list[list[Token]]:
    """line_tokens of each line, cut from header_atoms' atoms: they are every token of every line, in order, and a
    line's tokens begin before its end and at or after the end of the line before."""
    out: list[list[Token]] = []
    k = 0
    for ln in lines:
        j = k
        while j < len(atoms) and atoms[j].start < ln.end:
            j += 1
        out.append(atoms[k:j])
        k = j
    return out


def sub_header_phrases(source: str, lines: list[HeaderLine]) -> list[list[Token]]:
    """The phrases of a last header line that could sit under one spanning header of the line above ('Seizures per
    month' over 'before diet on diet'): two or more, each opening with a time word or a number, and every word
    of the line in lower case (a capitalised word would head a column of its own). Empty when the line is not
    such a line."""
    if len(lines) != 2:
        return []
    toks = line_tokens(source, lines[1].start, lines[1].end)
    if not toks or any(t.text[:1].isupper() for t in toks) or not _SUB_START.match(toks[0].text):
        return []
    phrases: list[list[Token]] = []
    for k, t in enumerate(toks):
        # a number after a time word stays in its phrase ('at 6 months'); one after a word opens a new phrase
        opens = _SUB_START.match(t.text) and not (t.text[:1].isdigit() and k > 0 and regex.match(
            r"(?i)^(?:at|after|before|on|during)$", toks[k - 1].text))
        if opens or not phrases:
            phrases.append([t])
        else:
            phrases[-1].append(t)
    return phrases if len(phrases) >= 2 else []


def _spanning_headers(source: str, lines: list[HeaderLine], n: int, numeric: list[bool] | None
                      ) -> list[RebuiltHeader] | None:
    """A spanning header over sub-headers: the first line cut into n - k + 1 headers, the k phrases of the second
    line under the one header above k adjacent numeric columns ('Seizures per month' over 'before diet' and 'on
    diet' gives 'Seizures per month before diet' and 'Seizures per month on diet'). None when the lines are not
    so, or when more than one header could be the spanning one."""
    phrases = sub_header_phrases(source, lines)
    k = len(phrases)
    if k < 2 or numeric is None or len(numeric) != n or n - k + 1 < 1:
        return None
    top = fragments_to_headers(source, lines[:1], n - k + 1)
    if top is None:
        return None
    fits = [j for j in range(len(top)) if all(numeric[j:j + k]) and len(numeric[j:j + k]) == k
            and not _CATEGORY_HEAD.match(top[j].text.split()[0] if top[j].text.split() else "")]
    if len(fits) != 1:
        return None
    j = fits[0]
    out = list(top[:j])
    for ph in phrases:
        sub = " ".join(t.text for t in ph)
        out.append(RebuiltHeader(f"{top[j].text} {sub}", [*top[j].spans, *[(t.start, t.end) for t in ph]], sub))
    out += top[j + 1:]
    return out


def fragments_to_headers(source: str, lines: list[HeaderLine], n: int,
                         atoms_costs: tuple[list[Token], list[float]] | None = None,
                         numeric: list[bool] | None = None) -> list[RebuiltHeader] | None:
    """Cut the header fragments into exactly ``n`` headers at the cheapest gaps; None when there are too few words.
    ``atoms_costs``: header_atoms(source, lines) when the caller has it already. Headers printed row by row (one
    line of first words over a line of units and time points) are read as such, and so is a spanning header over a
    line of sub-headers when ``numeric`` (which columns the rows show to be numbers) places it."""
    row_wise = _row_wise_headers(source, lines, n, atoms_costs[0] if atoms_costs is not None else None)
    if row_wise is not None:
        return row_wise
    spanning = _spanning_headers(source, lines, n, numeric)
    if spanning is not None:
        return spanning
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


_AGE_BEFORE = regex.compile(r"(?i)\bage\s+$")


def header_to_time(header: str) -> str | None:
    """The time point a header names ("before infusion", "6 months later"), if any."""
    text = _COMMA_UNIT.sub(" ", _UNIT.sub(" ", header))
    # 'Age at onset', 'Age at RTX': the event an age is taken at is what the column measures (two such columns are
    # two measures, not one measure at two times)
    found = [m for m in _TIME.finditer(text) if not (m.group().lower().startswith("at") and _AGE_BEFORE.search(
        text, 0, m.start()))]
    if not found:
        return None
    if _FOLLOW_UP.fullmatch(text):
        return None  # "Follow-up (months)" is how long patients were followed, not a time point
    return " ".join(found[-1].group().split())


def legend_times(definitions: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The legend codes of one word that name a time point, with that time ('BL, baseline' -> {'BL':
    'baseline'}; 'FU, follow-up at 12 weeks' -> {'FU': 'at 12 weeks'})."""
    out: dict[str, str] = {}
    for code, meaning in definitions:
        t = header_to_time(meaning)
        if code and " " not in code and t is not None:
            out[code] = t
    return out


def header_code_time(header: str, code_times: dict[str, str]) -> str | None:
    """The time point of a header that names it by a legend code ('NRS FU' with 'FU, follow-up at 12 weeks');
    None when no word of the header is such a code, or when it holds two (which one is the time is not settled)."""
    found = [code_times[w] for w in header.split() if w in code_times]
    return found[0] if len(found) == 1 else None


def header_to_name(header: str, taken: set[str], index: int) -> str:
    """A unique snake_case name for a header (units in parentheses left out when the rest says enough)."""
    bare = _UNIT.sub(" ", header)
    base = bare if bare.strip() else header
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
