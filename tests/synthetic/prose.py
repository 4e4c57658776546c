"""Random reported statistics rendered as prose in every phrasing the claim grammar supports, with the truth kept.

``random_case(rng)`` returns a ``ProseCase``: a short paragraph holding one statistic in one phrasing, broken
across lines at random and with random words hyphenated at line ends (as PDF text comes out), plus the values
that must come back: role, raw text, decimals and the [start, end) span of each number in the text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

WORDS = ["The", "patients", "in", "our", "cohort", "showed", "scores", "that", "remained", "stable", "during",
         "treatment", "and", "follow-up", "assessments", "were", "completed", "without", "difficulty", "overall"]
MEASURES = ["pain scores", "mean age", "opioid use", "body weight", "systolic pressure", "symptom scores"]
NUMBER_WORDS = ["Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve"]
UNITS = ["mg", "years", "mg/hour", "kg", "cm", "days"]


@dataclass
class Expected:
    role: str
    raw: str
    decimals: int
    start: int = 0
    end: int = 0


@dataclass
class ProseCase:
    phrasing: str
    text: str
    expected: list[Expected] = field(default_factory=list)


def _num(rng: random.Random, lo: float, hi: float, decimals: int | None = None, minus: bool = False) -> str:
    d = rng.choice([0, 0, 1, 1, 2]) if decimals is None else decimals
    x = rng.uniform(lo, hi)
    s = f"{x:.{d}f}"
    if minus and rng.random() < 0.5:
        s = rng.choice(["-", "\u2212"]) + s
    if "." in s and rng.random() < 0.03:
        s = s.replace(".", "\u00b7")
    return s


def _p(rng: random.Random) -> str:
    s = f"{rng.uniform(0.001, 0.999):.{rng.choice([2, 3])}f}"
    if rng.random() < 0.2:
        s = s[1:]  # ".05" style
    return s


def _pm(rng: random.Random) -> str:
    return rng.choice([" ± ", "±", " ±", "\u2009±\u2009", " +/- "])


def _dash(rng: random.Random) -> str:
    return rng.choice(["-", "-", "\u2013"])


def _phrasings(rng: random.Random) -> dict[str, list[tuple[str, str | None]]]:
    """Each phrasing as pieces: (text, role) where role None is plain text."""
    m, s, md = _num(rng, 1, 300), _num(rng, 0.5, 100), _num(rng, 1, 300)
    m2, s2 = _num(rng, 1, 300), _num(rng, 0.5, 100)
    u = rng.choice(UNITS)
    lo, hi = sorted([int(rng.uniform(1, 50)), int(rng.uniform(51, 900))])
    k, n = sorted([rng.randint(1, 40), rng.randint(41, 400)])
    pct = _num(rng, 1, 99, rng.choice([0, 1]))
    p = _p(rng)
    df = str(rng.randint(5, 200))
    word = rng.choice(NUMBER_WORDS)
    return {
        "mean_pm_sd": [(m, "mean"), (_pm(rng), None), (s, "sd"), (f" {u}", None)],
        "mean_pm_sd_median": [(m, "mean"), (_pm(rng), None), (s, "sd"), (" (median ", None), (md, "median"),
                              (f") {u}", None)],
        "mean_pm_sd_unit_median": [(m, "mean"), (_pm(rng), None), (s, "sd"), (f" {u} (", None), (md, "median"),
                                   (f" {u} median)", None)],
        "mean_paren_sd": [(m, "mean"), (" (SD ", None), (s, "sd"), (")", None)],
        "m_equals_sd": [("(M = ", None), (m, "mean"), (", SD = ", None), (s, "sd"), (")", None)],
        "median_iqr": [("median ", None), (md, "median"), (" (IQR ", None), (str(lo), "q1"), (_dash(rng), None),
                       (str(hi), "q3"), (")", None)],
        "median_brackets": [("median ", None), (md, "median"), (" [", None), (str(lo), "q1"), (_dash(rng), None),
                            (str(hi), "q3"), ("]", None)],
        "median_range": [("median ", None), (md, "median"), (" (range ", None), (str(lo), "min"), (" to ", None),
                         (str(hi), "max"), (")", None)],
        "range_from_to": [("from ", None), (str(lo), "min"), (" to ", None), (str(hi), "max"), (f" {u}", None)],
        "range_between": [("between ", None), (str(lo), "min"), (" and ", None), (str(hi), "max"), (f" {u}", None)],
        "range_dash": [(str(lo), "min"), (_dash(rng), None), (str(hi), "max"), (f" {u}", None)],
        "count_of": [(str(k), "count"), (" of the ", None), (str(n), "total"), (" patients", None)],
        "count_word": [(word, "count"), (" patients", None)],
        "count_digits": [(str(n), "count"), (" participants", None)],
        "category_counts": [(str(k), "count"), (" men and ", None), (str(n), "count"), (" women", None)],
        "total": [("a total of ", None), (str(n), "total"), (" visits", None)],
        "count_percent": [(str(k), "count"), (" (", None), (pct, "percent"), ("%)", None)],
        "threshold_less": [("less than ", None), (pct, "threshold"), ("% of their baseline", None)],
        "threshold_symbol": [(">", None), (pct, "threshold"), ("% improvement", None)],
        "p_equals": [("(P = ", None), (p, "p"), (")", None)],
        "p_less": [("(P <", None), (p, "p"), (")", None)],
        "p_lower": [("(p < ", None), (p, "p"), (")", None)],
        "t_test": [("t(", None), (df, "df"), (") = ", None), (_num(rng, 0.1, 9, 2, minus=True), "statistic"),
                   (", p = ", None), (p, "p")],
        "f_test": [("F(", None), (str(rng.randint(1, 5)), "df1"), (", ", None), (df, "df2"), (") = ", None),
                   (_num(rng, 0.1, 30, 2), "statistic"), (", p = ", None), (p, "p")],
        "chi2_test": [("χ2(", None), (str(rng.randint(1, 6)), "df"), (") = ", None),
                      (_num(rng, 0.1, 30, 2), "statistic"), (", p = ", None), (p, "p")],
        "r_test": [("r(", None), (df, "df"), (") = ", None), (f".{rng.randint(10, 95)}", "statistic"),
                   (", p = ", None), (p, "p")],
        "z_test": [("z = ", None), (_num(rng, 0.1, 4, 2), "statistic"), (", p = ", None), (p, "p")],
        "ci": [("(95% CI ", None), (_num(rng, 0.1, 2, 2), "ci_low"), (" to ", None),
               (_num(rng, 2.1, 9, 2), "ci_high"), (")", None)],
        "comparison": [(m, "mean"), (_pm(rng), None), (s, "sd"), (" vs. ", None), (m2, "mean"), (_pm(rng), None),
                       (s2, "sd")],
        "change": [("decreased from ", None), (m, "mean"), (_pm(rng), None), (s, "sd"), (" to ", None), (m2, "mean"),
                   (_pm(rng), None), (s2, "sd")],
        "sample_size": [("(n = ", None), (str(n), "n"), (")", None)],
        "mean_sd_labelled": [("mean (SD) ", None), (m, "mean"), (" (", None), (s, "sd"), (f") {u}", None)],
        "median_iqr_labelled": [("median (IQR) ", None), (md, "median"), (" (", None), (str(lo), "q1"),
                                (_dash(rng), None), (str(hi), "q3"), (")", None)],
        "fraction_percent": [(str(k), "count"), ("/", None), (str(n), "total"), (" (", None), (pct, "percent"),
                             ("%)", None)],
        "range_or": [(str(rng.randint(1, 4)), "min"), (" or ", None), (str(rng.randint(5, 9)), "max"),
                     (" infusions", None)],
        "mean_sd_range": [(m, "mean"), (" (SD = ", None), (s, "sd"), (", range ", None), (str(lo), "min"),
                          (_dash(rng), None), (str(hi), "max"), (")", None)],
        "estimate_ci": [("odds ratio ", None), (_num(rng, 0.2, 1.9, 2), "value"), (", 95% CI ", None),
                        (_num(rng, 0.05, 0.19, 2), "ci_low"), (" to ", None), (_num(rng, 2.0, 9, 2), "ci_high")],
        "iqr_label": [(md, "median"), (f" {u}, interquartile range ", None), (str(lo), "q1"), (_dash(rng), None),
                      (str(hi), "q3")],
        "p_glyph": [("(p¼", None), (p, "p"), (")", None)],
    }


PHRASINGS = sorted(_phrasings(random.Random(0)))
_START_ONLY = {"count_word"}  # a spelled-out count opens its sentence


def _hyphenate(rng: random.Random, word: str) -> str:
    if len(word) >= 6 and word.isalpha() and rng.random() < 0.5:
        cut = rng.randint(2, len(word) - 3)
        return word[:cut] + "-\n" + word[cut:]
    return word


def _break(rng: random.Random, text: str, rate: float) -> str:
    """Replace some spaces by line breaks (with the trailing space PDF text often keeps)."""
    out = []
    for ch in text:
        if ch == " " and rng.random() < rate:
            out.append(rng.choice(["\n", " \n"]))
        else:
            out.append(ch)
    return "".join(out)


def random_case(rng: random.Random, phrasing: str | None = None) -> ProseCase:
    """One paragraph with one statistic in one phrasing, broken and hyphenated at random."""
    table = _phrasings(rng)
    name = phrasing or rng.choice(PHRASINGS)
    pieces = table[name]
    measure = rng.choice(MEASURES)
    lead = " ".join(_hyphenate(rng, w) for w in rng.sample(WORDS, rng.randint(2, 6)))
    tail = " ".join(_hyphenate(rng, w) for w in rng.sample(WORDS, rng.randint(1, 4)))
    if name in _START_ONLY:
        prefix = ""
        suffix = f" {tail} in this {_hyphenate(rng, 'analysis')}."
    else:
        prefix = f"{lead} {measure} were "
        suffix = f" at {_hyphenate(rng, 'baseline')} {tail}."
    text = _break(rng, prefix, 0.25)
    expected: list[Expected] = []
    for piece, role in pieces:
        if role is None:
            text += _break(rng, piece, 0.2)
        else:
            from paperaudit.extract import parse_decimal

            decimals = 0 if piece.isalpha() else parse_decimal(piece)[1]
            expected.append(Expected(role, piece, decimals, len(text), len(text) + len(piece)))
            text += piece
    text += _break(rng, suffix, 0.25)
    return ProseCase(name, "Results\n\n" + text + "\n", [
        Expected(e.role, e.raw, e.decimals, e.start + 9, e.end + 9) for e in expected])


def case_round_trips(case: ProseCase) -> bool:
    """Whether every expected value comes back with the same role, raw text, decimals and span."""
    from paperaudit.extract import document_to_claims, string_to_document

    doc = string_to_document(case.text)
    claims = document_to_claims(doc, [])
    got = {(v.start, v.end): v for c in claims for v in c.values}
    for e in case.expected:
        v = got.get((e.start, e.end))
        if v is None or v.raw != e.raw or v.decimals != e.decimals or v.role != e.role:
            return False
    return True
