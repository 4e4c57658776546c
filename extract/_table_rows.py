"""Flattened rows split into exactly one cell per column, using column types, the legend's codes and the other rows.

A row line is a run of tokens; a cell may hold several tokens ("XYZ 1", "Type 2 AB") and an empty cell prints
nothing. Every way of cutting the tokens into the columns is scored (a blank cell, an unknown multi-token code, a
value of the wrong shape all cost); the cheapest reading is kept only when no other reading costs the same, else the
row is reported as ambiguous with every tied reading.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import regex

from ._table_tokens import (
    MARK_ENDS,
    MISSING,
    SEX_VALUES,
    Token,
    decimals_of,
    is_codey,
    shape,
    split_marks,
)

_new_tuple = tuple.__new__
BLANK = 2.0
TIE = 0.25
MAX_READINGS = 12


class RowToken(NamedTuple):
    """A token of a row (several source tokens when glued: "45 (12)", "3 ± 1"), marks split off. A named tuple:
    immutable, and made for every token of every row, more cheaply than a frozen dataclass."""

    raw: str
    clean: str
    marks: tuple[str, ...]
    shape: str
    start: int
    end: int
    parts: int = 1


@dataclass
class Profile:
    """What a column holds, learnt from the rows that split without doubt."""

    dtype: str
    decimals: Counter[int] = field(default_factory=Counter)
    vocab: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    numeric_vocab: bool = False
    closed: bool = False


# units printed after a number inside a cell; single letters (y, d, h, g, U) are left alone: they are also codes
_CELL_UNIT = regex.compile(r"(?:mos?|months?|yrs?|years?|wks?|weeks?|days?|hrs?|hours?|mg|kg|mL|ml|cm|mm|IU|mcg|µg)\.?")
# the first characters of its units (the pattern is case-sensitive): a text opening with another never matches
_CELL_UNIT_FIRST = frozenset("mywdhkcIµ")


# 'y', 'd', 'h', 'w' after a number are units only in a table that prints other cells as '8 mo' or '3 wk'
_SHORT_TIME_UNIT = regex.compile(r"[ydhw]\.?")


def cell_units_in(tokens: list[list[Token]]) -> bool:
    """Does some row print a number followed by a time unit of several letters ('8 mo', '3 wks')?"""
    # the two cheap tests first: the pattern is tried only on a unit after a number (the same answer, the three
    # tests being free of side effects)
    return any(a.text[:1].isdigit() and b.text[:1].lower() in "mywdh" and _CELL_UNIT.fullmatch(b.text)
               for toks in tokens for a, b in itertools.pairwise(toks))


class MultiCodes(NamedTuple):
    """What tokens_to_row_tokens reads of its codes: those with a space, each with its words, most words first; their
    first words; whether one of them has fewer than two words."""

    multi: list[tuple[str, list[str]]]
    firsts: set[str]
    always: bool


def multi_codes(codes: set[str]) -> MultiCodes:
    """The MultiCodes of ``codes``, made once for the rows read with the same set (the same set iterates alike, so
    the codes of equal word counts keep their order)."""
    multi = sorted(((c, c.split()) for c in codes if " " in c), key=lambda cw: -len(cw[1]))
    # a code of two words or more opens with the first token's text and a space: with no space in that text, the
    # code's first word is the text (a code of fewer words, if any, is always tried)
    firsts = {c.split(" ", 1)[0] for c, words in multi}
    always = any(len(words) < 2 for _c, words in multi)
    return MultiCodes(multi, firsts, always)


def tokens_to_row_tokens(source: str, tokens: list[Token], marks: frozenset[str],
                         codes: set[str], short_units: bool = False,
                         prepared: MultiCodes | None = None) -> list[RowToken]:
    """Row tokens: glue "(x)" and "± y" to the number before them and multi-token legend codes into one.
    ``prepared``: multi_codes(codes), when the caller reads several rows with the same codes."""
    out: list[RowToken] = []
    i = 0
    multi, firsts, always = prepared if prepared is not None else multi_codes(codes)
    while i < len(tokens):
        matched = False
        text = tokens[i].text
        for code, code_words in multi if always or text in firsts or " " in text else ():
            k = len(code_words)
            # the joined words spell the code only if the code opens with the first token's text and a space (with
            # two words or more the first token is not the last, the one whose marks are split off)
            if k >= 2 and not code.startswith(tokens[i].text + " "):
                continue
            if i + k <= len(tokens):
                seq = tokens[i:i + k]
                last_clean, last_marks = split_marks(seq[-1].text, marks)
                words = [t.text for t in seq[:-1]] + [last_clean]
                if " ".join(words) == code:
                    raw = source[seq[0].start:seq[-1].end]
                    out.append(RowToken(raw, code, tuple(last_marks), "code", seq[0].start, seq[-1].end, k))
                    i += k
                    matched = True
                    break
        if matched:
            continue
        t = tokens[i]
        mk: list[str]
        if not marks and text[-1:] not in MARK_ENDS:
            clean, mk = text, []  # split_marks' answer without the call
        else:
            clean, mk = split_marks(text, marks)
        tok = _new_tuple(RowToken, (text, clean, tuple(mk), shape(clean), t.start, t.end, 1))
        if not out or not (text[0] in "([" or clean[:1].isalpha() or text in ("±", "+/-")):
            pass  # no branch below can join a token that opens with none of these to the one before
        elif out[-1].shape in ("int", "dec", "pct", "stat") and (
            (t.text.startswith("(") and shape(clean.strip("(),;")) in ("int", "dec", "pct"))
            or (t.text.startswith("[") and t.text.rstrip(",;").endswith("]"))
        ):
            prev = out.pop()
            tok = RowToken(source[prev.start:t.end], source[prev.start:t.end - len("".join(mk))], tuple(mk),
                           "stat", prev.start, t.end, prev.parts + 1)
        elif out and out[-1].shape in ("int", "dec") and not out[-1].marks and clean[:1].isalpha() and (
                (clean[0] in _CELL_UNIT_FIRST and _CELL_UNIT.fullmatch(clean))
                or (short_units and _SHORT_TIME_UNIT.fullmatch(clean))) and clean not in codes:
            # "8 mo", "40 mg": a number printed with its unit is one cell, read as text (units may differ from
            # row to row, so the number alone is not the column's value); every unit opens with a letter, so a
            # token that does not is never matched against them
            prev = out.pop()
            tok = RowToken(source[prev.start:t.end], source[prev.start:t.end - len("".join(mk))], tuple(mk),
                           "other", prev.start, t.end, prev.parts + 1)
        elif t.text in ("±", "+/-") and out and out[-1].shape in ("int", "dec") and i + 1 < len(tokens):
            prev = out.pop()
            nxt = tokens[i + 1]
            _clean2, mk2 = split_marks(nxt.text, marks)
            tok = RowToken(source[prev.start:nxt.end], source[prev.start:nxt.end - len("".join(mk2))],
                           tuple(mk2), "stat", prev.start, nxt.end, prev.parts + 2)
            i += 1
        out.append(tok)
        i += 1
    return out


# the class of each shape that _class does not return as it is
_CLASS_OF = {"dec": "dec", "pct": "dec", "cmp": "dec", "word": "word", "roman": "word", "code": "word",
             "other": "word"}


def _class(s: str) -> str:
    return _CLASS_OF.get(s, s)


def _classes(toks: Iterable[RowToken]) -> Counter[str]:
    """Counter(_class(t.shape) for t in toks), without a call per token (the same counts, in the same order)."""
    get = _CLASS_OF.get
    return Counter([get(s, s) for s in [t.shape for t in toks]])


def learn_profiles(rows: list[list[RowToken]], n: int, codes: set[str], first_is_id_hint: bool) -> list[Profile]:
    """Column profiles from the rows with exactly ``n`` tokens (else aligned from the left and the right)."""
    exact = [r for r in rows if len(r) == n]
    columns: list[list[RowToken]] = [[] for _ in range(n)]
    todo: list[int] = list(range(n))
    if len(exact) >= max(2, len(rows) // 5):
        for r in exact:
            for j in range(n):
                columns[j].append(r[j])
        # a column the exact rows leave blank ('NA' in each) is learnt from all rows, aligned as below
        todo = [j for j in range(n) if sum(1 for t in columns[j] if t.shape != "missing") < 2]
    if todo:
        longer = [r for r in rows if len(r) >= n]
        for j in todo:
            left = [r[j] for r in longer]
            right = [r[len(r) - n + j] for r in longer]

            def purity(toks: list[RowToken]) -> float:
                c = _classes([t for t in toks if t.shape != "missing"])
                return max(c.values()) / max(1, sum(c.values())) if c else 0.0

            columns[j] = left if purity(left) >= purity(right) else right
    return profiles_from_columns(columns, codes, first_is_id_hint)


MAJORITY = 0.85
_LETTERED_ID = regex.compile(r"^(?:[A-Za-z]{1,3}[-.]?\d{1,4}|\d{1,4}[A-Za-z])$")


def profiles_from_columns(columns: list[list[RowToken]], codes: set[str], first_is_id_hint: bool) -> list[Profile]:
    """A profile per column from the values it holds: the type most of them agree on, decimals, vocabulary."""
    profiles: list[Profile] = []
    for j, toks in enumerate(columns):
        vals = [t for t in toks if t.shape != "missing"]
        classes = _classes(vals)
        total = max(1, sum(classes.values()))
        sexes = [t.clean for t in vals if t.clean in SEX_VALUES]
        p: Profile
        if vals and len(sexes) >= MAJORITY * total and len(set(sexes)) <= 4:
            p = Profile("sex")
        elif classes and classes.get("int", 0) >= MAJORITY * total:
            # plain ASCII digits (most values) hold none of the characters replaced
            ints = [int(c) if c.isdigit() and c.isascii()
                    else int(c.replace(",", "").replace("−", "-").replace("–", "-"))
                    for c in [t.clean for t in vals if t.shape == "int"]]
            seq = sum(1 for a, b in itertools.pairwise(ints) if b == a + 1)
            rising = all(b > a for a, b in itertools.pairwise(ints))
            if j == 0 and len(set(ints)) == len(ints) == total and (
                seq >= 0.6 * max(1, len(ints) - 1) or first_is_id_hint or (rising and len(ints) >= 3)
            ):
                p = Profile("id")
            else:
                p = Profile("integer")
        elif classes and classes.get("int", 0) + classes.get("dec", 0) >= MAJORITY * total:
            p = Profile("decimal")
            p.decimals.update(decimals_of(t.clean) for t in vals if t.shape in ("dec", "pct"))
        elif classes and classes.get("date", 0) >= MAJORITY * total:
            p = Profile("date")
        elif classes and classes.get("stat", 0) >= 0.8 * total:
            p = Profile("text")
        elif j == 0 and classes.get("word", 0) + classes.get("int", 0) >= 0.8 * total and first_is_id_hint and len(
            {t.clean for t in vals}
        ) == len(vals):
            p = Profile("id")
        elif j == 0 and len(vals) >= 3 and len({t.clean for t in vals}) == len(vals) and all(
                _LETTERED_ID.match(t.clean) for t in vals):
            p = Profile("id")  # 'P1', 'Pt-2', 'C12': a letter prefix and a number, different in every row
        else:
            distinct = {t.clean for t in vals}
            p = Profile("category" if len(distinct) <= max(8, len(vals) // 2) else "text")
        if p.dtype in ("category", "text", "id"):
            p.vocab = {t.clean for t in vals}
            p.numeric_vocab = any(_class(t.shape) in ("int", "dec") for t in vals)
            p.codes = {c for c in codes if c in p.vocab}
        profiles.append(p)
    return profiles


def refine_profiles(rows: list[list[RowToken]], profiles: list[Profile], conflicts: set[str],
                    codes: set[str], splits: SplitMemo | None = None) -> list[Profile]:
    """Profiles learnt again from every row that splits one way only under the current profiles."""
    columns: list[list[RowToken]] = [[] for _ in profiles]
    every = (splits or SplitMemo()).split_rows(rows, profiles, conflicts)
    for readings in every:
        if len(readings) != 1:
            continue
        for j, g in enumerate(readings[0][1]):
            if len(g) == 1:
                columns[j].append(g[0])
            elif g:
                text = " ".join(t.clean for t in g)
                columns[j].append(RowToken(text, text, (), "code", g[0].start, g[-1].end, len(g)))
    if sum(len(c) for c in columns) == 0:
        return profiles
    fresh = profiles_from_columns(columns, codes, first_is_id_hint=False)
    for old, new in zip(profiles, fresh, strict=True):
        if old.dtype == "id" and new.dtype == "integer":
            new.dtype = "id"
        new.closed = old.closed
        # cells that needed a merge are no proof of a code: only the legend's and earlier-known ones stay
        new.vocab = {v for v in new.vocab if " " not in v or v in codes or v in old.vocab}
    return fresh


def _fit_one(p: Profile, t: RowToken) -> float | None:
    """Cost of reading the single token ``t`` as one cell of a column (None: impossible)."""
    s = t.shape
    if s == "missing":
        return None if p.dtype == "id" else 0.2
    d = p.dtype
    if d == "id":
        return 0.0 if s == "int" or (s in ("word", "code", "other") and any(ch.isdigit() for ch in t.clean)) \
            or t.clean in p.vocab else None
    if d == "category":  # first after id: the types split_row asks of cell by cell (each branch is one type)
        if t.clean in p.vocab:
            return 0.0
        if s in ("int", "dec", "stat", "date"):
            return 0.5 if p.numeric_vocab else 1.5
        return 1.0 if p.closed else 0.4
    if d == "integer":
        return 0.0 if s == "int" else (0.3 if s == "cmp" else None)
    if d == "decimal":
        if s in ("dec", "pct"):
            return 0.0 if not p.decimals or decimals_of(t.clean) in p.decimals else 0.3
        return 0.6 if s == "int" else (0.3 if s == "cmp" else None)
    if d == "date":
        return 0.0 if s == "date" else None
    if d == "sex":
        return 0.0 if t.clean in SEX_VALUES else None
    return 0.3 if s in ("word", "code", "other", "roman") else 0.5


# the shapes of a token that may open a cell running on in words, and of a number (a free-text cell that runs on
# over a number more likely swallowed the next column's value)
_WORDY = ("word", "code", "roman", "other")
_NUMERIC = ("int", "dec", "pct", "cmp")


def _continues_code(t: RowToken) -> bool:
    """Could ``t`` be a later token of a multi-token cell ("1" in "XYZ 1", "II", "DM")."""
    return t.shape in ("word", "roman") or is_codey(t.clean)


def _max_span(p: Profile) -> int:
    return 5 if p.dtype in ("category", "text") else (3 if p.dtype == "id" else 1)


def _column_costs(p: Profile, single: list[float | None], work: _RowWork, span: int, conflicts: set[str],
                  starts: range, heads: frozenset[str], conflict_heads: frozenset[str]) -> list[list[float | None]]:
    """cost[i][k] of reading toks[i:i + k] as one cell of a column of several tokens' span, for k up to the span;
    only for the cell starts i the columns around can reach (no options elsewhere: one shared empty list, never
    changed). ``single``: the cost of each token alone; ``work``: the row's arrays (_RowWork.arrays). A group of
    k >= 2 tokens costs nothing when the column knows its text (its vocabulary, or the legend's codes in a category
    or text column); else a category cell may run on in words at 1.5 a word and a text cell at its free-text cost
    (0.6 a word, 1.5 a number); an id cell never runs on. ``heads``, ``conflict_heads``: _heads of the texts the
    column knows and of ``conflicts``."""
    m = len(single)
    dtype, vocab, codes = p.dtype, p.vocab, p.codes
    blank = None if dtype == "id" else BLANK
    spelled = dtype in ("category", "text")
    category = dtype == "category"
    cleans, wordy, cont_run, steps = work.cleans, work.wordy, work.cont_run, work.steps
    none: list[float | None] = []
    out: list[list[float | None]] = [none] * (m + 1)
    for i in starts:
        if i == m:
            out[i] = [blank]
            continue
        row: list[float | None] = [blank, single[i]]
        top = min(span, m - i)
        if top < 2:
            out[i] = row  # the last token: no group, and no next token to spell a code with
            continue
        # toks[i:i + k] runs on as one code or phrase when toks[i] may open one and every later token continues it
        run_len = cont_run[i + 1] + 1 if wordy[i] else 0
        text = cleans[i]
        free = 0.0
        if (not spelled or run_len < 2) and text not in heads:
            row += [None] * (top - 1)  # what the loop below makes when it stops at k = 2, the common case
        else:
            for k in range(2, top + 1):
                c: float | None
                if (not spelled or k > run_len) and text not in heads:
                    # a known text of k tokens or more would continue the text of k - 1 (one of heads), and a group
                    # that does not run on stops running: this group and every longer one cost None
                    row += [None] * (top + 1 - k)
                    break
                text = text + " " + cleans[i + k - 1]
                free = free + steps[i + k - 1]
                if spelled:
                    if text in vocab or text in codes:
                        c = 0.0
                    elif k <= run_len:
                        c = 1.5 * (k - 1) if category else free
                    else:
                        c = None
                else:
                    c = 0.0 if dtype == "id" and text in vocab else None
                row.append(c)
        if spelled and cleans[i] in conflict_heads:
            # a category cell that, with the next token, spells a known multi-token code (the text of k + 1 tokens
            # is one of conflicts only when the text of k, and so toks[i]'s, is one of conflict_heads)
            texts = [""]
            for q in range(1, min(top + 1, m - i) + 1):
                texts.append(cleans[i] if q == 1 else texts[-1] + " " + cleans[i + q - 1])
            for k in range(1, len(row)):
                c = row[k]
                if c is not None and i + k < m and texts[k + 1] in conflicts and texts[k] not in codes:
                    row[k] = c + 3.0
        out[i] = row
    return out


def _heads(entries: Iterable[str]) -> frozenset[str]:
    """Every text that some entry continues with a space and more: a run of tokens joined by spaces spells an
    entry only when the run one token shorter is one of these, and a run that is none of these never grows into
    one (a shorter run is a head of the longer run's entry too)."""
    return frozenset(c[:k] for c in entries if " " in c for k, ch in enumerate(c) if ch == " ")


def _fit_key(p: Profile) -> tuple[object, ...]:
    """What the cost of a single token in a column of a type in _TYPE_ONLY depends on: the type alone, and a
    decimal column's decimals, so the columns of one type share one pass over the row (and its next splits)."""
    if p.dtype == "decimal":
        return (p.dtype, frozenset(p.decimals))
    return (p.dtype,)


@dataclass
class _RowWork:
    """What splitting a row computes that no profile changes, kept for the row's next split: its single-token costs
    in the columns whose type (and decimals) alone decide them, and (once a column of several tokens' span needs
    them, see arrays) each token's clean text, whether it may open a run of words, how many tokens from it on
    could continue a code (_continues_code; one more entry, 0, at the end) and what it adds to a free-text run."""

    singles: dict[tuple[object, ...], tuple[float | None, ...]] = field(default_factory=dict)
    cleans: list[str] = field(default_factory=list)
    wordy: list[bool] = field(default_factory=list)
    cont_run: list[int] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)
    ready: bool = False

    def arrays(self, toks: list[RowToken]) -> _RowWork:
        """Fill the per-token arrays from the row's tokens, once."""
        if not self.ready:
            self.cleans = [t.clean for t in toks]
            self.wordy = [t.shape in _WORDY for t in toks]
            run = [0] * (len(toks) + 1)
            for t in range(len(toks) - 1, -1, -1):
                tok = toks[t]
                # a code with a comma after it, after one with a comma, continues a list of codes that wraps onto
                # the next line ('LEV, CYC,' over 'MMF, CNI'); a code with a comma after a word that has none
                # ('SDNS LEV,') opens a cell of its own
                run[t] = run[t + 1] + 1 if _continues_code(tok) or (
                    t and tok.clean[-1:] == "," and toks[t - 1].clean[-1:] == "," and is_codey(tok.clean[:-1])
                ) else 0
            self.cont_run = run
            self.steps = [1.5 if t.shape in _NUMERIC else 0.6 for t in toks]
            self.ready = True
        return self


# the column types whose single-token cost _fit_one draws from the type (and decimals) alone
_TYPE_ONLY = ("integer", "date", "sex", "decimal")


@dataclass
class _Plan:
    """What splitting a row draws from the profiles alone, the same for every row split under them: each column's
    longest cell, the key of its single-token costs when its type alone decides them (else None), its blank cell's
    cost, the heads of the texts it knows (see _heads), the bands of cell starts by row length; and the columns
    grouped: the distinct keys (with a column of each), each column's key's place among them (-1: none), the
    columns of one token's span without a key, and those of several tokens' span."""

    spans: list[int]
    keys: list[tuple[object, ...] | None]
    blanks: list[float | None]
    heads: list[frozenset[str]]
    conflict_heads: frozenset[str]
    typed: list[tuple[tuple[object, ...], int]]
    slots: list[int]
    own: list[int]
    wide: list[int]
    bands: dict[int, list[range]] = field(default_factory=dict)
    # _cheapest's answers by the cost tables they were searched in (see split_row)
    searched: dict[tuple[object, ...], list[tuple[float, tuple[int, ...]]]] = field(default_factory=dict)

    def bands_for(self, m: int) -> list[range]:
        """Column j can start a cell at i only when the columns before it can hold toks[:i] and the columns from it
        on can hold toks[i:]: with narrow numeric columns that leaves a narrow band of i."""
        found = self.bands.get(m)
        if found is None:
            found = self.bands[m] = []
            total = sum(self.spans)
            before = 0
            for span in self.spans:
                found.append(range(max(0, m - (total - before)), min(m, before) + 1))
                before += span
        return found


def _plan(profiles: list[Profile], conflicts: set[str]) -> _Plan:
    """The plan of splits under ``profiles`` and ``conflicts`` as they are now."""
    spans = [_max_span(p) for p in profiles]
    # the heads of the texts a column of several tokens' span knows: an id column its vocabulary, a category or
    # text column its vocabulary and codes
    heads = [frozenset() if span == 1 else _heads(p.vocab) if p.dtype == "id" else _heads(p.vocab | p.codes)
             for p, span in zip(profiles, spans, strict=True)]
    keys = [_fit_key(p) if p.dtype in _TYPE_ONLY else None for p in profiles]
    typed: list[tuple[tuple[object, ...], int]] = []
    place: dict[tuple[object, ...], int] = {}
    slots: list[int] = []
    for j, key in enumerate(keys):
        if key is not None and key not in place:
            place[key] = len(typed)
            typed.append((key, j))
        slots.append(-1 if key is None else place[key])
    own = [j for j, key in enumerate(keys) if key is None and spans[j] == 1]
    wide = [j for j, span in enumerate(spans) if span > 1]
    return _Plan(spans, keys, [None if p.dtype == "id" else BLANK for p in profiles], heads, _heads(conflicts),
                 typed, slots, own, wide)


# single-token costs (_fit_one) of the column types that read the token's shape alone
_SHAPE_FIT: dict[str, dict[str, float]] = {
    "integer": {"missing": 0.2, "int": 0.0, "cmp": 0.3},
    "date": {"missing": 0.2, "date": 0.0},
}


def _type_singles(p: Profile, toks: list[RowToken]) -> tuple[float | None, ...]:
    """[_fit_one(p, t) for t in toks] for a column whose type (and decimals) alone decide the cost (_TYPE_ONLY)."""
    fit = _SHAPE_FIT.get(p.dtype)
    if fit is not None:
        return tuple([fit.get(t.shape) for t in toks])
    if p.dtype == "sex":
        return tuple([0.2 if t.shape == "missing" else 0.0 if t.clean in SEX_VALUES else None for t in toks])
    return tuple([_fit_one(p, t) for t in toks])


def split_row(toks: list[RowToken], profiles: list[Profile],
              conflicts: set[str], work: _RowWork | None = None,
              plan: _Plan | None = None) -> list[tuple[float, list[list[RowToken]]]]:
    """Every cheapest reading of a row (ties kept), each a cost and one token group per column. ``work``: what an
    earlier split of the same row computed; ``plan``: _plan(profiles, conflicts), when the caller splits several
    rows."""
    n = len(profiles)
    m = len(toks)
    if plan is None:
        plan = _plan(profiles, conflicts)
    if work is None:
        work = _RowWork()
    bands = plan.bands_for(m)
    # the single-token costs of the columns a key decides, one tuple per key, kept for the row's next split
    singles = work.singles
    typed: list[tuple[float | None, ...]] = []
    for key, j in plan.typed:
        single = singles.get(key)
        if single is None:
            single = singles[key] = _type_singles(profiles[j], toks)
        typed.append(single)
    # the options of a column of several tokens' span: a list of costs by cell length at each start; a column of
    # one token's span (most columns: numbers, dates, sex) has only a blank cell and the token alone, read in place
    cost: list[list[list[float | None]] | None] = [None] * n
    tables: list[object] = [m, *typed]
    owns: list[list[float | None]] = []
    for j in plan.own:
        # a column of its own: only the tokens that can start its cell are ever read
        own: list[float | None] = [None] * m
        for i in bands[j]:
            if i < m:
                own[i] = _fit_one(profiles[j], toks[i])
        owns.append(own)
        tables.append(tuple(own[bands[j].start:bands[j].stop]))
    for j in plan.wide:
        p = profiles[j]
        alone: list[float | None] = [None] * m
        for i in bands[j]:
            if i < m:
                alone[i] = _fit_one(p, toks[i])
        options = cost[j] = _column_costs(p, alone, work.arrays(toks), plan.spans[j], conflicts, bands[j],
                                          plan.heads[j], plan.conflict_heads)
        tables.append(tuple(map(tuple, options[bands[j].start:bands[j].stop])))
    # the cheapest readings depend on nothing but the cost tables (with the row's length and the plan's bands and
    # blank costs): rows whose tables are equal, common in columns of numbers, share one search, kept as cell
    # lengths. A key's tuple stands for every column of that key; a column of several tokens' span is read only
    # through its options. A column's own costs and options enter the key only inside its band: _cheapest reads
    # no other (outside it they are None and the shared empty list, in every row of the row's length).
    key = tuple(tables)
    found = plan.searched.get(key)
    if found is None:
        # each column's single-token costs: its key's, its own, or none (read through its options only)
        single_of: list[Sequence[float | None]] = [() if q < 0 else typed[q] for q in plan.slots]
        for j, own in zip(plan.own, owns, strict=True):
            single_of[j] = own
        found = plan.searched[key] = _cheapest(n, m, bands, plan.blanks, single_of, cost)
    readings: list[tuple[float, list[list[RowToken]]]] = []
    for acc, lengths in found:
        groups: list[list[RowToken]] = []
        i = 0
        for k in lengths:
            groups.append(toks[i:i + k])
            i += k
        readings.append((acc, groups))
    return readings


def _cheapest(n: int, m: int, bands: list[range], blank_of: list[float | None],
              single_of: list[Sequence[float | None]], cost: list[list[list[float | None]] | None]
              ) -> list[tuple[float, tuple[int, ...]]]:
    """Every cheapest reading (ties within TIE kept, at most MAX_READINGS) as its cost and the number of tokens of
    each column's cell, from the cost tables of split_row (a column's single-token costs are read only when it has
    no options)."""
    inf = float("inf")
    # best[j][i]: cheapest cost to read toks[i:] into columns j..n-1 (infinite outside column j's band)
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    best[n][m] = 0.0
    for j in range(n - 1, -1, -1):
        rest, here, options_at = best[j + 1], best[j], cost[j]
        if options_at is None:
            # the loop below over [blank, single[i]], unrolled
            blank, single = blank_of[j], single_of[j]
            for i in bands[j]:
                b = inf
                if blank is not None and blank + rest[i] < b:
                    b = blank + rest[i]
                if i < m:
                    c = single[i]
                    if c is not None and c + rest[i + 1] < b:
                        b = c + rest[i + 1]
                here[i] = b
            continue
        for i in bands[j]:
            b = inf
            for k, c in enumerate(options_at[i]):
                if c is not None and c + rest[i + k] < b:
                    b = c + rest[i + k]
            here[i] = b
    if best[0][0] == inf:
        return []
    limit = best[0][0] + TIE
    over = limit + 1e-9
    readings: list[tuple[float, tuple[int, ...]]] = []

    def walk(i: int, j: int, acc: float, chosen: list[int]) -> None:
        if len(readings) >= MAX_READINGS:
            return
        if j == n:
            if i == m:
                readings.append((acc, tuple(chosen)))
            return
        rest = best[j + 1]
        at = cost[j]
        # cost[k] of reading toks[i:i + k] as column j's cell
        options = at[i] if at is not None else [blank_of[j], single_of[j][i]] if i < m else [blank_of[j]]
        for k, c in enumerate(options):
            if c is None or rest[i + k] == inf or acc + c + rest[i + k] > over:
                continue
            chosen.append(k)
            walk(i + k, j + 1, acc + c, chosen)
            chosen.pop()

    walk(0, 0, 0.0, [])
    return readings


Readings = list[tuple[float, list[list[RowToken]]]]


def profile_key(p: Profile) -> tuple[object, ...]:
    """Everything a profile holds, as a hashable value: two profiles with equal keys split every row alike."""
    return (p.dtype, frozenset(p.decimals.items()), frozenset(p.vocab), frozenset(p.codes), p.numeric_vocab,
            p.closed)


class SplitMemo:
    """split_row's answers for the rows of one table, kept while the table is recovered.

    The column count search, the profile refinement and the final split ask the same rows under profiles that
    often did not change in between. An answer is keyed on what split_row reads: the row (held here, so its id
    cannot come to name another list, and never changed once made), the content of every profile and the set of
    conflicting codes. The readings handed out are shared: callers only read them."""

    def __init__(self) -> None:
        self._states: dict[tuple[object, ...], int] = {}
        self._answers: dict[tuple[int, int], tuple[list[RowToken], Readings]] = {}
        self._work: dict[int, tuple[list[RowToken], _RowWork]] = {}
        # a plan per state: drawn from the profiles' content alone, so one state's calls share its searches
        self._plans: dict[int, _Plan] = {}

    def split_rows(self, rows: list[list[RowToken]], profiles: list[Profile], conflicts: set[str]
                   ) -> list[Readings]:
        """split_row of every row under the same profiles and conflicts."""
        state = (tuple(profile_key(p) for p in profiles), frozenset(conflicts))
        sid = self._states.setdefault(state, len(self._states))
        plan = self._plans.get(sid)
        out: list[Readings] = []
        for r in rows:
            key = (id(r), sid)
            hit = self._answers.get(key)
            if hit is None:
                work = self._work.get(id(r))
                if work is None:
                    work = self._work[id(r)] = (r, _RowWork())
                if plan is None:
                    plan = self._plans[sid] = _plan(profiles, conflicts)
                hit = (r, split_row(r, profiles, conflicts, work[1], plan))
                self._answers[key] = hit
            out.append(hit[1])
        return out


def is_missing(text: str) -> bool:
    return text in MISSING
