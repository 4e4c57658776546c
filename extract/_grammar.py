"""A grammar of reported statistics: clean sentence text to statistics (kind, values with roles and places).

Works on the clean text of one sentence (``_sentences``: hyphenation joined, number characters normalised one
for one), so each value's clean span maps back to ``source_text`` through the sentence's offsets. Atoms are
matched in priority order (confidence intervals, test statistics, P values, mean ± SD, medians, counts, ranges,
thresholds, percentages, counts of things); a number is used by one atom only. Atoms are then combined: "from A to
B" after a verb of change is a change, "A vs. B" a comparison.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import itemgetter, methodcaller

import regex

from ._units import MASS_UNITS, TIME_UNITS, UNIT_FIRST_CHARS, UNIT_PATTERN, unit_to_canonical

_R = lru_cache(maxsize=256)(regex.compile)  # patterns written inline, compiled once

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_WORD_ALT = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))


def literal_alternation(words: Iterable[str]) -> str:
    """A pattern for plain ``re`` that matches exactly the literal ``words``, as a trie ('t(?:en|wo|hree)'): at each
    position the engine tries one branch per first character instead of every word, several times faster than
    'ten|two|three'. At a position it takes the longest word, as a flat alternation longest first does."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        kids = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        # a word ends here and longer ones go on: the longer first (greedy), as a flat alternation longest first
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


def alternation_words(pattern: str) -> list[str]:
    """The literal words of a plain alternation '(?:patients?|men|non-smokers?)', a final 's?' spelled out both
    ways; for ``literal_alternation``."""
    out: list[str] = []
    body = pattern[3:-1] if pattern.startswith("(?:") and pattern.endswith(")") else pattern
    for alt in body.split("|"):
        stems = [alt[:-2], alt[:-1]] if alt.endswith("s?") else [alt]
        for w in stems:
            if not re.fullmatch(r"[A-Za-z'-]+", w):
                raise ValueError(f"not a literal word: {w!r}")
            out.append(w)
    return out

# A printed number: digits with optional thousands commas and decimals, or ".05"; a leading minus only when it is
# not the dash of a range ("3-6").
N = r"(?<![\w.,/^])-?(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?|\.\d+)(?![\d])(?!\.\d)(?!(?:st|nd|rd|th)\b)"
W = r"(?i:\b(?:" + _WORD_ALT + r")\b)"
NW = r"(?:" + N + r"|" + W + r")"
U = r"(?:\s?(?P<{g}>" + UNIT_PATTERN + r"))?"
PM = r"\s*(?:±|\+/-|\+ /-|\+-|\+/−)\s*"
CMP = r"(?:<=|>=|=<|=>|≤|≥|<|>|=|¼)"  # '¼' is how some PDF fonts map '='
_EST = (r"(?:(?i:odds\s+ratios?|hazard\s+ratios?|relative\s+risks?|risk\s+ratios?|rate\s+ratios?|"
        r"incidence\s+rate\s+ratios?|mean\s+differences?|risk\s+differences?|coefficients?|effect\s+sizes?|"
        r"cohen'?s\s+d)|OR|aOR|HR|aHR|RR|IRR|MD|WMD|SMD)")
PERSONS = (r"(?:patients?|participants?|subjects?|people|persons?|individuals?|women|men|males?|females?|children|"
           r"boys|girls|infants|adults|adolescents|cases|controls|respondents?|volunteers?|students?|mothers?|"
           r"smokers?|nonsmokers?|non-smokers?|survivors?|deaths|pregnancies|eyes|families|households|users|"
           r"workers|members|physicians|nurses|doctors|residents|veterans|athletes|animals|mice|rats|dogs)")
_STOP_WORDS = r"(?:of|and|or|to|vs|versus|than|in|at|for|with|from|the|a|an|was|were|is|are|had|have|by)"


def _u(name: str) -> str:
    return U.replace("{g}", name)


@dataclass
class Val:
    """A value found in clean text: role, clean span [a, b), unit, comparator."""

    role: str
    a: int
    b: int
    unit: str | None = None
    comparator: str = "="
    side: int | None = None
    word: bool = False  # spelled out ("Eleven")


@dataclass
class Stat:
    """A statistic found in a sentence: kind, values, clean span, test name."""

    kind: str
    values: list[Val]
    a: int
    b: int
    test_name: str | None = None
    tags: set[str] = field(default_factory=set)


def _c(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.VERBOSE | regex.V0)


# The names of test statistics the atom 'test' reads (case-sensitive).
_TEST_LETTERS = r"(?:t|F|r|z|Z|U|H|W|B|b|β|R2|R²|χ2|χ²|χ\^2|chi2|chi-square|chi\s?square|X2|Q|Qb|Qw)"

_MEDSUF = (r"(?:\s*(?:(?!(?:to|vs|versus|and|or|than)\b)[A-Za-z-]+\s+){0,4}?\(\s*(?:median\s*(?:=|:|of|,)?\s*"
           r"(?P<median>" + N + r")" + _u("median_u") + r"|(?P<median>" + N + r")" + _u("median_u")
           + r"\s*median)\s*\))?")

# (name, kind, pattern) in priority order. Group names are roles; "<role>_u" are units; "cmp" a comparator.
# "of the 5 men": a group and its size inside the words that name a statistic ("the median age of the 5 men was
# 45 years"), read as one word there, and never the statistic's value (_NOT_GROUP_SIZE before the value)
_GROUP_WORD = r"(?i:(?:the|these|those|all)\s+\d+\s+" + PERSONS + r")\b"
_NOT_GROUP_SIZE = r"(?!(?<=\b(?i:the|these|those|all)\s+)\d+\s+(?i:" + PERSONS + r")\b)"
# "the mean HbA1c was ": a mean named, up to five words, a verb or sign; mean_word reads a value after it
_MEAN_LEAD = (r"(?i:\b(?:mean|average)\b)(?:\s+(?!(?:vs|versus|to|than)\b)(?:" + _GROUP_WORD
              + r"|[A-Za-z][A-Za-z0-9-]*)){0,5}?\s*"
              r"(?:of|was|were|is|=|:|,)\s*")
_ATOMS: list[tuple[str, str, regex.Pattern[str]]] = [
    ("estimate", "ci", _c(
        r"(?P<est>\b" + _EST + r")\b(?:\s+[A-Za-z-]+){0,8}?\s*(?:[=:,¼]\s*)?"
        r"(?P<value>" + N + r")" + _u("value_u") + r"(?!\s*%)(?:\s*[,(;\[]\s*(?:(?P<ci_level>" + N
        + r")\s*%\s*(?:CI|C\.I\.|confidence\s+intervals?)"
        r"\s*[=:,¼]?\s*)?(?P<ci_low>" + N + r")\s*(?:to|-|,)\s*(?P<ci_high>" + N + r")(?!\s*%))?")),
    ("ci", "ci", _c(
        r"(?:(?P<ci_level>" + N + r")\s*%\s*)(?:CI|C\.I\.|Cl|confidence\s+intervals?|confidence\s+limits?|"
        r"credible\s+intervals?)\s*(?:\(\s*CI\s*\)\s*)?[:,=]?\s*(?:of\s+|from\s+|was\s+)?[\[(]?\s*(?P<ci_low>" + N
        + r")" + _u("ci_low_u") + r"\s*(?:to|-|,|;|and)\s*(?P<ci_high>" + N + r")" + _u("ci_high_u"))),
    ("test", "test", _c(
        r"(?P<name>(?<![A-Za-z])" + _TEST_LETTERS + r")\s*(?:\(\s*(?P<df1>" + N
        + r")\s*(?:,\s*(?P<df2>\d+(?:\.\d+)?))?\s*(?:,\s*[Nn]\s*=\s*"
        r"(?P<n>" + N + r"))?\s*\))?\s*(?P<cmp>" + CMP + r")\s*(?P<statistic>" + N + r")(?:\s*[,;]\s*df\s*[=¼]\s*"
        r"(?P<df1>" + N + r"))?(?:\s*[,;]\s*(?:[Pp]\s*(?P<p_cmp>" + CMP + r")\s*(?P<p>" + N + r")))?")),
    ("p", "p_value", _c(
        r"(?<![A-Za-z])[Pp](?:\s*-?\s*values?)?\s*(?P<p_cmp>" + CMP + r")\s*(?P<p>" + N + r")"
        r"|(?<![A-Za-z])[Pp]\s*-?\s*values?\s+(?:of|was|were|is|equal\s+to)\s+(?P<p>" + N + r")")),
    ("mean_sd", "mean_sd", _c(
        r"(?P<mean>" + N + r")" + _u("mean_u") + PM + r"(?P<sd>" + N + r")" + _u("sd_u") + _MEDSUF)),
    ("mean_paren_sd", "mean_sd", _c(
        r"(?P<mean>" + N + r")" + _u("mean_u") + r"\s*[(\[]\s*(?:SD|S\.D\.|s\.d\.|sd|standard\s+deviation)\s*"
        r"[=:,]?\s*(?P<sd>" + N + r")" + _u("sd_u") + r"(?:\s*[,;]\s*(?i:range)\s*[:=]?\s*(?P<min>" + N + r")\s*"
        r"(?:-|to)\s*(?P<max>" + N + r"))?\s*[)\]]")),
    ("iqr_label", "median", _c(
        r"(?P<median>" + N + r")" + _u("median_u") + r"\s*[,(;]\s*(?i:IQR|interquartile\s+range|inter-quartile\s+"
        r"range)\s*[:=,]?\s*(?P<q1>" + N + r")" + _u("q1_u") + r"\s*(?:-|to|,)\s*(?P<q3>" + N + r")" + _u("q3_u"))),
    ("m_sd", "mean_sd", _c(
        r"(?<![A-Za-z])M\s*[=¼]\s*(?P<mean>" + N + r")" + _u("mean_u")
        + r"(?:\s*[,;]\s*SD\s*[=¼]\s*(?P<sd>" + N + r")" + _u("sd_u") + r")?"
        r"|(?<![A-Za-z])SD\s*[=¼]\s*(?P<sd>" + N + r")" + _u("sd_u"))),
    # "(median 2.5 vs 1, P = .004)", "(mean age 41 vs 43.8 years)": one statistic of two groups side by side
    ("stat_vs", "comparison", _c(
        r"(?i:\b(?P<kw>mean|median|average)s?\b)(?:\s+(?!(?:vs|versus|of|was|were|in)\b)[A-Za-z][A-Za-z0-9-]*){0,3}?"
        r"\s*[,:=]?\s*(?P<x>" + N + r")" + _u("x_u") + r"\s*(?i:vs\.?|versus|v\.(?=\s)|compared\s+(?:with|to))\s*"
        r"(?P<y>" + N + r")" + _u("y_u") + r"(?!\s*(?:±|\+/-|\())")),
    ("median", "median", _c(
        # ('median time to first relapse was 8 months': 'to' right after time / interval / delay names the event)
        r"(?i:\bmedian\b)(?:\s+(?:(?!(?:vs|versus|to|than)\b)(?:" + _GROUP_WORD + r"|[A-Za-z][A-Za-z0-9-]*)|"
        r"(?<=(?i:\btime|\binterval|\bdelay)\s+)(?i:to)\b)){0,8}?\s*(?:of|was|were|is|=|:|,)?\s*"
        + _NOT_GROUP_SIZE + r"(?P<median>" + NW + r")" + _u("median_u")
        + r"(?:\s*[,]?\s*(?P<open>[(\[,;])\s*(?:(?P<label>IQR|interquartile\s+range|inter-quartile\s+range|range|"
        r"Q1\s*-\s*Q3|min\s*-\s*max)\s*(?:\[\s*IQR\s*\]|\(\s*IQR\s*\))?\s*[:=,]?\s*)?(?P<lo>" + N + r")"
        + _u("lo_u") + r"\s*(?:-|to|,)\s*(?P<hi>" + N + r")" + _u("hi_u")
        # "a median of 90 mg OME per day (IQR 52.5-120)": up to four words between the value and a bracket that
        # names its spread; only a closed bracket opening with the label IQR (a '(range 2-8)' is read as a range
        # already, and bare figures stay apart)
        + r"|(?:\s+(?!(?:vs|versus|to|than|and|or|in|of)\b)[A-Za-z][A-Za-z/-]*){1,4}?\s*(?P<open>\()\s*"
        r"(?P<label>IQR|interquartile\s+range|inter-quartile\s+range)\s*[:=,]?\s*(?P<lo>" + N + r")"
        + _u("lo_u") + r"\s*(?:-|to|,)\s*(?P<hi>" + N + r")" + _u("hi_u") + r"\s*\))?")),
    ("median_paren", "median", _c(
        r"\(\s*(?:median\s*(?:=|:|of|,)?\s*(?P<median>" + N + r")" + _u("median_u") + r"|(?P<median>" + N + r")"
        + _u("median_u") + r"\s*median)\s*\)")),
    ("paren_bare", "labelled", _c(
        r"(?P<x>" + N + r")" + _u("x_u") + r"\s*\(\s*(?P<y>" + N + r")" + _u("y_u")
        + r"(?:\s*(?:-|to|,)\s*(?P<z>" + N + r")" + _u("z_u") + r")?\s*\)")),
    # "10 of 14 (71%)", "Seven of the 12 patients (58%)": the count, the total it is taken from, the share
    ("count_of_pct", "percent", _c(
        r"(?P<count>" + NW + r")\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|all\s+|our\s+)?(?P<total>" + N
        + r")(?:\s+(?:(?!" + _STOP_WORDS + r"\b)[A-Za-z-]+)){0,2}"
        # 'and 2 of 5 children with FRNS (13%)': the people counted, named by what they have (one or two words)
        r"(?:\s+(?i:with|without)\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)?"
        r"\s*\(\s*(?P<percent>" + N + r")\s*%\s*\)")),
    ("count_percent", "percent", _c(
        r"(?P<count>" + NW + r")(?:\s+(?:(?!" + _STOP_WORDS + r"\b)[A-Za-z-]+\s*){0,3})?\s*\(\s*(?P<percent>" + N
        + r")\s*%\s*\)"
        r"|(?P<percent>" + N + r")\s*%\s*\(\s*(?:n\s*=\s*)?(?P<count>" + N + r")(?:\s*(?:/|of)\s*(?P<total>" + N
        + r"))?(?:\s+[A-Za-z-]+){0,2}\s*\)")),
    ("age_threshold", "threshold", _c(
        r"(?P<threshold>" + N + r")" + _u("threshold_u") + r"\s+(?:and|or)\s+(?P<cmpw>older|over|above|more|"
        r"younger|under|below|less)\b")),
    ("n", "sample_size", _c(r"(?<![A-Za-z])[nN]\s*[=¼]\s*(?P<n>" + N + r")")),
    ("fraction", "count", _c(
        r"(?P<count>" + N + r")\s*/\s*(?P<total>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,/])(?:\s*[,(;]\s*(?P<percent>" + N
        + r")\s*%\s*\)?)?")),
    ("total", "total", _c(r"(?i:\b(?:a\s+)?total\s+of\s+)(?P<total>" + NW + r")(?!\s*%|\.\d)")),
    ("total_after", "total", _c(
        r"(?P<total>" + NW + r")\s+(?:[A-Za-z-]+\s+){0,3}?(?i:in\s+total|altogether)\b")),
    ("category", "category_counts", _c(
        r"(?P<count>" + NW + r")\s+(?:\(\s*" + N + r"\s*%\s*\)\s+)?(?P<l1>men|males?|boys|women|females?|girls|"
        r"[a-z-]+s)\s*(?:,\s*|\s+and\s+|\s*/\s*)(?P<count2>" + NW + r")\s+(?:\(\s*" + N
        + r"\s*%\s*\)\s+)?(?P<l2>men|males?|boys|women|females?|girls|[a-z-]+s)\b")),
    ("count_of", "count", _c(
        r"(?P<count>" + NW + r")\s+(?:(?!" + _STOP_WORDS + r"\b)[A-Za-z-]+\s+)?(?:of|out\s+of|among|from)\s+"
        r"(?:the\s+|these\s+|those\s+|all\s+|our\s+)?(?P<total>" + NW + r")(?![\d.%])(?!\s*" + UNIT_PATTERN + r")")),
    ("of_total", "count", _c(
        r"(?i:\bof\s+(?:the\s+|these\s+|those\s+|all\s+)?)(?P<total>" + N + r")\s+(?:[A-Za-z-]+\s+){0,4}?"
        r"[A-Za-z-]+,\s*(?P<count>" + NW + r")\b(?!\s*%|\.\d)")),
    ("count_group", "count", _c(
        r"(?P<count>" + N + r")\s+(?:\(\s*" + N + r"\s*%\s*\)\s+)?(?:were\s+)?in\s+(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}?"
        r"(?:group|arm|cohort)\b")),
    ("count_verb", "count", _c(
        r"(?P<count>" + NW + r")\s+(?:(?:patients?|participants?|subjects?|of\s+them)\s+)?(?:were|was|had|did|"
        r"completed|provided|received|developed|reported|died|withdrew|dropped|declined|refused|experienced|"
        r"underwent|required|showed|met|achieved|remained|discontinued|responded|returned|agreed|consented|"
        r"gave|left|stopped|continued|improved|worsened|relapsed|quit)\b")),
    ("range_words", "range", _c(
        r"(?i:\b(?:from|between|ranged?\s+(?:from)?|ranging\s+(?:from)?))\s*(?P<min>" + N + r")" + _u("min_u")
        # "from 7.4 at baseline to 3.1": the first value's time point between the two
        + r"(?P<t1>\s+(?i:at|on|before)\s+(?:the\s+)?(?i:baseline|admission|inclusion|entry|presentation|"
          r"treatment\s+start|start|onset|the\s+start))?"
        + r"\s*(?i:to|and|-)\s*(?P<max>" + N + r")" + _u("max_u"))),
    ("scale", "setting", _c(
        r"(?P<min>" + N + r")\s*(?:-|to|-to-)\s*(?P<max>" + N + r")(?:\s*-?\s*(?:point|pt|cm|mm|item))?\s*-?\s*"
        r"(?i:(?:point\s+)?(?:[A-Za-z]+\s+){0,3}?(?:scale|score|VAS|NRS|likert))\b")),
    ("range_dash", "range", _c(
        r"(?P<min>" + N + r")" + _u("min_u") + r"\s*(?:-|to)\s*(?P<max>" + N + r")" + _u("max_u"))),
    ("threshold", "threshold", _c(
        r"(?P<cmp>(?i:less\s+than|fewer\s+than|more\s+than|greater\s+than|higher\s+than|lower\s+than|at\s+least|"
        r"at\s+most|up\s+to|exceeding|exceeded|exceeds|above|below|over|under)|≥|≤|>=|<=|>|<)\s*"
        # ('at least a 50% reduction': an article only before a per cent)
        r"(?:(?i:an?)\s+(?=\d+(?:\.\d+)?\s*%))?"
        r"(?P<threshold>" + NW + r")" + _u("threshold_u"))),
    ("percent", "percent", _c(
        r"(?P<percent>" + N + r")\s*(?:%|\s(?i:per\s?cent|percent)\b)")),
    ("range_or", "range", _c(
        r"(?P<min>" + NW + r")\s+or\s+(?P<max>" + NW + r")" + _u("max_u") + r"\s+(?:[a-z-]+\s+)?[a-z-]{3,}s\b")),
    ("count_noun", "count", _c(
        r"(?P<count>" + N + r")\s+(?:(?!" + _STOP_WORDS + r"\b)[A-Za-z-]+\s+){0,3}?(?P<noun>" + PERSONS
        + r"|[a-z-]{3,}s)\b"
        r"|(?P<count>" + W + r")\s+(?:(?!" + _STOP_WORDS + r"\b)[A-Za-z-]+\s+){0,2}?(?P<noun>" + PERSONS + r")\b")),
    ("count_the", "count", _c(
        r"(?:(?i:\bthe\s+)|(?<=,\s)|(?<=\band\s))(?P<count>" + NW
        + r")\s+(?=who\b|that\b|with\b|remaining\b|others?\b)")),
    # "(mean age 55.6 years)": a bracketed mean needs no verb
    ("mean_paren_word", "mean_sd", _c(
        r"(?<=\(\s*)(?i:mean|average)(?:\s+(?!(?:vs|versus|to|than)\b)[A-Za-z][A-Za-z0-9-]*){0,3}?\s*[,:=]?\s*"
        r"(?P<mean>" + N + r")" + _u("mean_u") + r"(?=\s*[);,])")),
    ("mean_word", "mean_sd", _c(
        _MEAN_LEAD + r"(?P<mean>" + N + r")" + _u("mean_u") + r"(?!\s*(?:-|to)\s*\d|\s*\(\s*" + N + r"\s*%)")),
    ("value_unit", "value", _c(r"(?P<value>" + N + r")" + _u("value_u"))),
]

_CITATION_RE = regex.compile(r"[(\[]\s*\d{1,3}(?:\s*[-,–]\s*\d{1,3})*\s*[)\]]")
_CITATION_SUP_RE = regex.compile(r"(?<=[A-Za-z)][.,]?)\d{1,3}(?:\s*[-,]\s*\d{1,3})*(?=\s|$)")
_URL_RE = regex.compile(r"(?i)\b(?:doi:?\s*|https?://|www\.)\S+|\b10\.\d{4,}/\S+|\S+@\S+")
_DATE_RE = regex.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b")
_REF_WORDS = (r"table|tables|fig|figs|figure|figures|supplementary\s+table|appendix|eq|equation|ref|refs|"
              r"reference|references|section|chapter|page|pages|p|pp|no|version|phase|type|grade|class|stage|step|"
              r"model|group|arm|study|trial|experiment|question|item|wave|visit|day|week|cycle|session|level")
_REF_RE = regex.compile(
    r"(?i:\b(?:" + _REF_WORDS + r")\.?)\s*"
    r"(?:[A-Z]?\d+[A-Za-z]?)(?:\s*(?:,|and|-|to)\s*[A-Z]?\d+[A-Za-z]?)*")
# What _REF_RE's start looks like in the lower-cased sentence (no word boundary, the capital before the number
# lower-cased): it matches wherever _REF_RE does. Plain ``re`` finds these literals much faster than ``regex``.
_REF_CUE_RE = re.compile(r"(?:" + literal_alternation(w for w in _REF_WORDS.split("|") if "\\" not in w)
                         + r"|supplementary\s+table)\.?\s*[a-z]?\d")
# What a reference's word is among ``ascii_words`` of the folded sentence: the word (it follows a word boundary, and
# '.', white space or a digit, none an ASCII letter, ends it) or the word and the capital before its number, lower-cased
# ('TableS1'; a digit ends that). 'supplementary table' holds 'table'.
_REF_RUNS = frozenset(f"{w}{c}".encode() for w in _REF_WORDS.split("|") if "\\" not in w
                      for c in ["", *"abcdefghijklmnopqrstuvwxyz"])
# The same, with any character outside ASCII for the digit (``regex``'s \d holds digits that plain ``re``'s may not):
# it matches in the folded sentence at the start of every match of _REF_RE.
_REF_AT_RE = re.compile(_REF_CUE_RE.pattern[:-2] + r"(?:\d|[^\x00-\x7f])")
_TEST_NAMES = [
    (r"mann[\s-]*whitney|wilcoxon[\s-]+rank[\s-]+sum|rank[\s-]+sum", "Mann-Whitney"),
    (r"wilcoxon(?:\s+signed)?", "Wilcoxon"),
    (r"welch", "Welch t"),
    (r"paired\s+t[\s-]*tests?|paired[\s-]+samples?\s+t", "paired t"),
    (r"\bt[\s-]*tests?\b|student'?s?\s+t", "t"),
    (r"fisher'?s?\s+exact|fisher\s+test", "Fisher"),
    (r"chi[\s-]*squared?|χ2|χ²", "chi2"),
    (r"kruskal", "Kruskal-Wallis"),
    (r"\banova\b|analysis\s+of\s+variance", "ANOVA"),
    (r"log[\s-]*rank", "log-rank"),
    (r"pearson", "Pearson r"),
    (r"spearman", "Spearman"),
    (r"mcnemar", "McNemar"),
    (r"regression", "regression"),
]
_TEST_NAME_RE = [(regex.compile(p, regex.IGNORECASE), n) for p, n in _TEST_NAMES]
# Per test name, words one of which its case-blind pattern cannot match without (most sentences name no test).
_TEST_NAME_CUES = [("whitney", "rank"), ("wilcoxon",), ("welch",), ("paired",), ("test", "student"), ("fisher",),
                   ("chi", "χ"), ("kruskal",), ("anova", "variance"), ("rank",), ("pearson",), ("spearman",),
                   ("mcnemar",), ("regression",)]
_TEST_CUE_RE = re.compile(literal_alternation(c for cues in _TEST_NAME_CUES for c in cues))
_STAT_LETTER = {"chi2": "chi2", "χ2": "chi2", "χ²": "chi2", "χ^2": "chi2", "chi-square": "chi2", "X2": "chi2",
                "chi square": "chi2", "chisquare": "chi2"}
_CMP_WORDS = {
    "less than": "<", "fewer than": "<", "lower than": "<", "below": "<", "under": "<", "<": "<",
    "more than": ">", "greater than": ">", "higher than": ">", "exceeding": ">", "exceeded": ">", "exceeds": ">",
    "above": ">", "over": ">", ">": ">", "at least": ">=", "≥": ">=", ">=": ">=", "at most": "<=", "up to": "<=",
    "≤": "<=", "<=": "<=", "=<": "<=", "=>": ">=", "=": "=",
}
_CHANGE_VERB_RE = regex.compile(
    r"(?i:\b(?:decreas|increas|reduc|declin|dropp|drop|fell|fall|rose|rise|rising|improv|chang|went|return|"
    r"worsen|lower|rais|climb|grew|grow)\w*\b)")
_VS_RE = regex.compile(r"(?i:\bvs\.?|\bversus\b|\bv\.?(?=\s)|\bcompared\s+(?:with|to)\b|\bas\s+against\b|\bthan\b)")


def _mark(mask: bytearray, spans: list[tuple[int, int]]) -> None:
    """Set ``mask`` to 1 over each span [a, b)."""
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)


def _excluded_mask(text: str, fold: str | None, words: list[bytes] | None = None) -> bytearray:
    """Citations "(19,20,22-24)", dates and references to tables, figures and the like: never statistics. One
    byte per character of ``text``, 1 inside such a span (every span is non-empty). ``fold`` is
    ``fold_or_none(text)``, ``words`` ``ascii_words(fold)`` if known."""
    mask = bytearray(len(text))
    if "(" in text or "[" in text:  # a citation is bracketed
        _mark(mask, [m.span() for m in _CITATION_RE.finditer(text)])
    if "-" in text or "/" in text:  # a date holds one of these
        _mark(mask, [m.span() for m in _DATE_RE.finditer(text)])
    low = fold if fold is not None else text.lower()
    # a link holds '/' (but for a bare 'doi' or an address), and begins with 'doi', 'http', 'www.' (case-blind: in the
    # lower-cased text, where the dotted capital I gives 'i' too) or '10.', or holds '@' ('mg/kg' holds none of these)
    if ("/" in text or "@" in text or "doi" in low) and (
            "@" in text or "doi" in low or "http" in low or "www." in low or "10." in text):
        _mark(mask, [m.span() for m in _URL_RE.finditer(text)])
    first_digit = _DIGIT_RE.search(text)
    if first_digit is not None:  # a reference ends in a number ("Table 2"): none without a digit
        # A reference starts at its word, and only letters, '.' and white space lie between that word's start and
        # its first digit; so no reference starts before the run of those characters that ends at the sentence's
        # first digit. Scanning from there finds the same references (word boundaries still see the text before).
        # (the run is matched in the reversed text before the digit; ``re``'s \s is exactly str.isspace)
        lo = first_digit.start()
        if lo:
            run = _REF_LEAD_RUN_RE.match(text[lo - 1::-1])  # never None: the run may be empty
            lo -= run.end() if run is not None else 0
        # Each reference starts where its cue does in the lower-cased text (the same length, by fold_or_none): the
        # scan starts at the first cue, and none is needed without one. From there _REF_RE is tried only where
        # _REF_AT_RE (that cue, any character outside ASCII standing for the digit) says one can begin.
        if fold is None:
            _mark(mask, [m.span() for m in _REF_RE.finditer(text, lo)])
        elif not _REF_RUNS.isdisjoint(ascii_words(fold) if words is None else words):
            cue = _REF_CUE_RE.search(fold, lo)
            if cue is not None:
                _mark(mask, [m.span() for m in matches_where(_REF_RE, text, _REF_AT_RE, fold, cue.start())])
    return mask


def matches_where(rx: regex.Pattern[str], text: str, cue: re.Pattern[str], cued: str,
                  pos: int = 0) -> Iterator[regex.Match[str]]:
    """What ``rx.finditer(text, pos)`` finds, when plain ``re`` ``cue`` matches ``cued`` (``text`` or its folded
    form, of the same length) wherever ``rx`` can match: ``rx`` is tried only there. ``cue`` is searched again one
    character on after each place where ``rx`` does not match, so no place where ``cue`` matches is passed over
    (``re`` finds literals much faster than a ``regex`` scan tries them at every character). ``rx`` never matches
    the empty string."""
    search, match = cue.search, rx.match
    while (c := search(cued, pos)) is not None:
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()


# What may stand between the start of a reference's word and its first digit: ASCII letters and the three other
# characters that match an ASCII letter case-blind (long s, dotted capital I, Kelvin sign), '.'; white space aside.
_REF_LEAD_RUN_RE = re.compile("[a-zA-Z.\u017f\u0130\u212a\\s]*")


def test_name_in(text: str) -> str | None:
    """The statistical test named in a sentence, if any."""
    low = lower_or_none(text)
    if low is not None and _TEST_CUE_RE.search(low) is None:  # no cue of any test: every one is skipped below
        return None
    for (rx, name), cues in zip(_TEST_NAME_RE, _TEST_NAME_CUES, strict=True):
        if low is not None and not any(c in low for c in cues):
            continue
        if rx.search(text):
            return name
    return None


def lower_or_none(text: str) -> str | None:
    """``text`` lower-cased, for literal tests that must hold before a case-blind pattern can match; None when the
    text holds a character that matches an ASCII letter case-blind but does not lower-case to it (the long s, the
    dotted capital I): then no literal test is safe."""
    return None if "\u017f" in text or "\u0130" in text else text.lower()


def fold_or_none(text: str) -> str | None:
    """``text`` lower-cased, for literal tests that must hold before a case-blind pattern can match; None when the
    text holds a character that matches an ASCII letter case-blind but does not lower-case to it: the long s, the
    dotted capital I and the dotless i (``lower_or_none`` keeps its older test, which misses the last)."""
    return None if "\u017f" in text or "\u0130" in text or "\u0131" in text else text.lower()


def _role_value(name: str) -> str:
    return {"count2": "count", "ci_level": "ci_level"}.get(name, name)


_VALUE_GROUPS = ("x", "y", "z", "ci_level", "ci_low", "ci_high", "df1", "df2", "n", "statistic", "p", "mean", "sd",
                 "median", "lo", "hi", "q1", "q3", "count", "count2", "total", "percent", "min", "max", "threshold",
                 "value")


# A number is a digit or a number word; the two are found apart (one scan each is faster than one scan of both).
_DIGIT_RE = regex.compile(r"\d")
_N_RE = regex.compile(N)
_W_RE = regex.compile(W)
# Atoms whose pattern begins with a number: tried only where a number begins (much faster than a scan).
_EST_CUE_RE = regex.compile(r"(?i)ratio|\bOR\b|\bHR\b|\bRR\b|\bIRR\b|\bMD\b|\bWMD\b|\bSMD\b|differen|"
                            r"coefficient|effect\s+size|cohen")
_LABEL_CUE_RE = regex.compile(r"(?i)\bmeans?\s*\(\s*(?:SD|s\.d\.|standard\s+deviation|SE|SEM)\s*\)|\(\s*SD\s*\)|"
                              r"\bmedians?\s*[(\[]\s*(?:IQR|interquartile\s+range|range|Q1\s*-\s*Q3)\s*[)\]]|"
                              r"\bn\s*\(\s*%\s*\)|\bno\.?\s*\(\s*%\s*\)")
# 'the 13 who ...': the count is a number followed by one of these words.
_COUNT_THE_NEXT_RE = regex.compile(r"\s+(?:who|that|with|remaining|other)")
# Cheap tests on the 40 characters after a number, before an anchored atom is tried there.
_FOLLOWS = {
    "range_dash": lambda f: "-" in f[:20] or " to " in f[:25],
    "category": lambda f: " and " in f or "," in f[:25] or "/" in f[:25],
    "count_of": lambda f: " of " in f or " among " in f or " from " in f,
    "count_verb": lambda f: f[:1] == " " and f[1:2].isalpha(),
    "count_noun": lambda f: f[:1] == " " and f[1:2].isalpha(),
    "age_threshold": lambda f: " and " in f[:25] or " or " in f[:25],
    "count_group": lambda f: " in " in f[:30],
    "count_percent": lambda f: "%" in f,
    "count_of_pct": lambda f: "%" in f and " of " in f[:16],
    "total_after": lambda f: "total" in f or "altogether" in f,
    "ci": lambda f: "%" in f[:3],
    "mean_sd": lambda f: "±" in f[:14] or "+" in f[:14],
    "mean_paren_sd": lambda f: "(" in f[:14] or "[" in f[:14],
    "percent": lambda f: "%" in f[:3] or "per" in f[:10],
    "iqr_label": lambda f: "IQR" in f or "quartile" in f,
    "fraction": lambda f: f[:2].lstrip()[:1] == "/",
    "paren_bare": lambda f: "(" in f[:12],
}
_VALUE_CONTEXT = r"(?i)(?:\b(?:was|were|is|are|of|to)\s+|=\s*|:\s+)$"  # what a bare value_unit number follows


def _value_unit_may_match(text: str, p: int, f: str) -> bool:
    """False when value_unit, tried at the number at ``p`` (``f`` the text after it), can only be dropped by
    ``_shape``: no unit can follow (a unit follows at once or after one white-space character, and begins with one
    of UNIT_FIRST_CHARS; ``isspace`` holds for every character ``\\s`` matches) and no verb, '=' or ':' comes
    before the number."""
    c = f[:1]
    if c in UNIT_FIRST_CHARS or (c.isspace() and f[1:2] in UNIT_FIRST_CHARS):
        return True
    return _R(_VALUE_CONTEXT).search(text[max(0, p - 12):p]) is not None


# Cheap tests on the sentence, the number's start and the text after it, before an anchored atom is tried there.
_AT: dict[str, Callable[[str, int, str], bool]] = {"value_unit": _value_unit_may_match}
_ANCHORED = frozenset({"fraction", "paren_bare", "range_or", "iqr_label", "count_group", "count_verb",
                       "age_threshold", "ci", "mean_sd",
                       "mean_paren_sd",
                       "count_percent", "count_of_pct", "total_after", "category", "count_of", "scale", "range_dash",
                       "percent",
                       "count_noun", "value_unit"})


def _value_groups(rx: regex.Pattern[str]) -> tuple[tuple[str, str, str | None], ...]:
    """(group, role, unit group or None) for each value group the pattern has, in _VALUE_GROUPS order."""
    index = rx.groupindex  # a fresh dict on every access: read once per pattern, not once per match
    return tuple((g, _role_value(g), f"{g}_u" if f"{g}_u" in index else None) for g in _VALUE_GROUPS if g in index)


# Per atom, its value groups, computed once at import.
_ATOM_GROUPS = [_value_groups(rx) for _name, _kind, rx in _ATOMS]
_NOT_EXCLUDED = frozenset({"ci", "test", "p", "mean_sd", "mean_paren_sd", "m_sd", "n", "median", "estimate",
                           "paren_bare"})  # atoms kept even over a citation, date or reference
_RANGE_KINDS = frozenset({"mean_sd", "median", "range", "setting"})
# Per unanchored atom, a plain ``re`` pattern that matches at every place where the atom's pattern can begin, and
# whether it is searched in the folded sentence (``fold_or_none``: the same length, each character that matches an
# ASCII letter case-blind lower-cased to it; for an atom whose words are case-blind) or in the sentence itself (an
# atom that matches case). Each is what the atom's pattern begins with, loosened: its first words as literals
# (word boundaries and look-behinds left to the atom), ``re``'s \s for ``regex``'s (it holds every character
# ``regex``'s does). The atom is then tried only where its cue matches (``matches_where``, which searches the cue
# again one character on after a miss, so overlapping places are not passed over). Measured: cheaper than the
# atom's own scan for these atoms only (others, such as 'median' or 'of_total', scan faster themselves).
_STARTS: dict[str, tuple[re.Pattern[str], bool]] = {
    # every comparator of threshold; '>=' and '<=' begin with '>' and '<'
    "threshold": (re.compile(literal_alternation(["less", "fewer", "more", "greater", "higher", "lower", "at", "up",
                                                  "exceed", "above", "below", "over", "under", "≥", "≤", "<", ">"])),
                  True),
    # an estimate's first word, case-blind, or one of its abbreviations (lower-cased like the rest)
    "estimate": (re.compile(literal_alternation(["odds", "hazard", "relative", "risk", "rate", "incidence", "mean",
                                                 "coefficient", "effect", "cohen", "or", "aor", "hr", "ahr", "rr",
                                                 "irr", "md", "wmd", "smd"])), True),
    # a test's letter, then the '(' of its degrees of freedom or its comparator ('<=', '>=', '=<', '=>' begin with
    # one of these)
    "test": (re.compile(_TEST_LETTERS + r"\s*[(<>=≤≥¼]"), False),
    "n": (re.compile(r"[nN]\s*[=¼]"), False),
    "range_words": (re.compile(literal_alternation(["from", "between", "rang"])), True),
    "mean_paren_word": (re.compile(literal_alternation(["mean", "average"])), True),
    "mean_word": (re.compile(literal_alternation(["mean", "average"])), True),
}
# count_the begins at 'the' (case-blind, after a word boundary) or at its number (after ', ' or 'and '): the number
# is one of the sentence's, white space before it, so it begins where a scan of numbers finds one (no printed number
# holds white space, so none found before runs across it).
_THE_RE = re.compile(r"(?<![a-z0-9_])the\s")
_START = methodcaller("start")


def _matches_at(rx: regex.Pattern[str], text: str, starts: Iterable[int]) -> list[regex.Match[str]]:
    """What ``rx.finditer(text)`` finds, when ``starts`` (left to right) holds every place where ``rx`` can match:
    ``rx`` tried at each place not inside the match before (elsewhere it cannot match)."""
    found = []
    end = 0
    match = rx.match
    for p in starts:
        if p >= end:
            m = match(text, p)
            if m is not None:
                found.append(m)
                end = m.end()  # never empty: every atom takes a number
    return found


# Per anchored atom, a plain ``re`` pattern that matches at the end of a number wherever the atom can match at that
# number (tested before the atom's ``regex`` pattern, which costs much more to fail). Each is what the atom's pattern
# requires right after its first value, loosened: ``re``'s \s holds every character ``regex``'s does, and a class or
# search stands for the words between. The atom's first value ends where the scan's number does: a number ends
# earlier only before a comma ('1' of '1,234'), and none of these atoms goes on with a comma.
_NEXT: dict[str, tuple[Callable[..., re.Match[str] | None], ...]] = {
    "count_verb": (re.compile(r"\s+(?:patient|participant|subject|of|were|was|had|did|completed|provided|received|"
                              r"developed|reported|died|withdrew|dropped|declined|refused|experienced|underwent|"
                              r"required|showed|met|achieved|remained|discontinued|responded|returned|agreed|"
                              r"consented|gave|left|stopped|continued|improved|worsened|relapsed|quit)").match,),
    "scale": (re.compile(r"\s*(?:-|to)").match,),
    # a '(n %)' or a label of lower-case letters and hyphens ('men', 'responders'), then ',', '/' or 'and'
    "category": (re.compile(r"\s+(?:\(|[a-z-]+(?:\s*[,/]|\s+and\s))").match,),
    "count_of": (re.compile(r"\s+(?:[A-Za-z-]+\s+)?(?:of|out\s+of|among|from)\s").match,),
    # the unit between may hold white space: the comparison word is searched for anywhere after
    "age_threshold": (re.compile(r"\s(?:and|or)\s+(?:older|over|above|more|younger|under|below|less)").search,),
    # '(n %)' holds no ')' before its own
    "count_group": (re.compile(r"\s+(?:\([^)]*\)\s+)?(?:were\s+)?in\s").match,),
    "range_or": (re.compile(r"\s+or\s").match,),
    # only letters, hyphens and white space up to the '(' of the per cent; or the per cent sign itself
    "count_percent": (re.compile(r"[A-Za-z\s-]*\(|\s*%").match,),
}

# Per atom, in priority order: everything the loop of ``sentence_to_stats`` reads, looked up once at import.
_ATOM_PLAN = [(name, kind, rx, groups, name in _ANCHORED, _FOLLOWS.get(name), _AT.get(name), name not in _NOT_EXCLUDED,
               _STARTS.get(name), _NEXT.get(name, (None,))[0])
              for (name, kind, rx), groups in zip(_ATOMS, _ATOM_GROUPS, strict=True)]


def _tried(t: str, low: str | None, label: str | None) -> Iterator[tuple]:
    """The plans of the atoms worth trying on sentence ``t`` (``low`` its ``lower_or_none``), in priority order: each
    atom but those a cheap test on the sentence rules out (most sentences hold few kinds of statistic). Each test
    names what the atom's pattern cannot match without: its signs, or words one of which it holds (tests on ``low``
    are for case-blind words; without ``low`` they pass). The tests shared by several atoms are made once."""
    pct = "%" in t
    eq = "=" in t or "¼" in t
    lt_gt = "<" in t or ">" in t
    ean = "ean" in t
    verage = "verage" in t
    edian = "edian" in t
    of = "of " in t
    or_ = " or " in t
    total = "otal" in t or "ltogether" in t
    return compress(_ATOM_PLAN, (
        # estimate: one of its abbreviations or words (case-blind), and _EST_CUE_RE
        ("OR" in t or "HR" in t or "RR" in t or "MD" in t or low is None or "ratio" in low or "relative" in low
         or "difference" in low or "coefficient" in low or "effect" in low or "cohen" in low)
        and _EST_CUE_RE.search(t) is not None,
        pct,  # ci
        eq or lt_gt,  # test
        ("p" in t or "P" in t) and (lt_gt or eq or "≤" in t or "≥" in t or "value" in t),  # p
        "±" in t or "+" in t,  # mean_sd
        "SD" in t or "s.d" in t or "S.D" in t or "standard" in t or "sd" in t,  # mean_paren_sd
        "IQR" in t or "quartile" in t,  # iqr_label
        ("M" in t or "SD" in t) and eq,  # m_sd
        ("vs" in t or "versus" in t or "compared" in t or " v. " in t) and (ean or edian or verage),  # stat_vs
        edian,  # median
        edian,  # median_paren
        # paren_bare: the paper's own label reads 'X (Y)' in sentences that name none (_labelled still wants a mean
        # or a change); else a bracket, a word of a label (case-blind) and a label (_LABEL_CUE_RE)
        label is not None or (("(" in t or "[" in t) and (low is None or pct or "mean" in low or "median" in low
                                                          or "sd" in low) and _LABEL_CUE_RE.search(t) is not None),
        pct and of,  # count_of_pct
        pct,  # count_percent
        " and " in t or or_,  # age_threshold
        eq and ("n" in t or "N" in t),  # n
        "/" in t,  # fraction
        total,  # total
        total,  # total_after
        True,  # category
        True,  # count_of
        of or "Of " in t,  # of_total
        " in " in t,  # count_group
        True,  # count_verb
        low is None or "from" in low or "between" in low or "rang" in low,  # range_words
        "scale" in t or "score" in t or "VAS" in t or "NRS" in t or "ikert" in t,  # scale
        True,  # range_dash
        # threshold: a comparator's sign or word
        lt_gt or "≤" in t or "≥" in t or "than" in t or "least" in t or "most" in t or "up to" in t or "exceed" in t
        or "above" in t or "below" in t or "over" in t or "under" in t,
        pct or "per" in t,  # percent
        or_,  # range_or
        True,  # count_noun
        " who" in t or " that" in t or " with" in t or " remaining" in t or " other" in t,  # count_the
        "(" in t and (ean or verage),  # mean_paren_word
        ean or verage,  # mean_word
        True,  # value_unit
    ))


# Each number word as a literal (a trie): a case-blind match of _W_RE is one of them in the lower-cased text.
_W_CUE_RE = re.compile(literal_alternation(WORD_NUMBERS))


# Each byte but a lower-case ASCII letter made a space (``ascii_words``).
_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))


def ascii_words(low: str) -> list[bytes]:
    """The runs of lower-case ASCII letters of ``low`` (a lower-cased sentence), as bytes; every other character,
    ASCII or not, separates them. For literal gates, several times cheaper than a ``re`` scan for a set of words:
    a pattern's word with a word boundary on each side (the character there, if any, is no word character: neither
    an ASCII letter nor a digit nor '_', nor a letter outside ASCII) is, in ``low``, one of these runs whole, when
    ``low`` holds it in lower case (a case-blind word in ``fold_or_none``'s text, or a lower-case word of a pattern
    that matches case: lower-casing makes no character next to it an ASCII letter)."""
    return low.encode("ascii", "replace").translate(_LETTERS_ONLY).split()


_NUMBER_WORDS = frozenset(w.encode() for w in WORD_NUMBERS)


def _word_numbers(text: str, fold: str | None, words: list[bytes] | None = None) -> list[tuple[int, int]]:
    """Spans of the number words of a sentence (_W_RE), ``fold`` being ``fold_or_none(text)`` and ``words``
    ``ascii_words(fold)`` if known.

    With ``fold``, none without a number word among ``ascii_words(fold)`` (a match of _W_RE is a case-blind number
    word between word boundaries); else _W_RE is tried only where a number word begins in the folded text (plain
    ``re`` finds literals much faster than a case-blind ``regex`` scan). That finds every match: a match of _W_RE is,
    lower-cased, a number word after no letter (a word boundary); no literal word found by the scan runs across its
    start (the character before would be a letter), so the scan finds a word there, and _W_RE decides."""
    if fold is None:
        return [m.span() for m in _W_RE.finditer(text)]
    if _NUMBER_WORDS.isdisjoint(ascii_words(fold) if words is None else words):
        return []
    match = _W_RE.match
    return [m.span() for c in _W_CUE_RE.finditer(fold) if (m := match(text, c.start())) is not None]


_FIRST = itemgetter(0)


def sentence_to_stats(text: str, label: str | None = None, words: list[bytes] | None = None) -> list[Stat]:
    """Every statistic in the clean text of one sentence, in text order. ``label``: how the paper says it prints
    'X (Y)' throughout ('mean (sd)' from 'Values are mean (SD) unless stated otherwise'), for sentences that give no
    label of their own. ``words``: ``ascii_words(fold_or_none(text))`` if the caller has it."""
    low = lower_or_none(text)
    # fold_or_none(text), from the lower-cased text already made
    fold = low if low is not None and "\u0131" not in text else None
    word_spans = _word_numbers(text, fold, words)
    digit = _DIGIT_RE.search(text)
    if digit is None and not word_spans:
        return []
    used = bytearray(len(text))  # 1 under a value some atom already took
    excluded: bytearray | None = None  # citations, dates, references: built when first needed
    stats: list[Stat] = []
    # A printed number holds no letter and a number word nothing else: the two never meet, and sorted together
    # they are the numbers of the sentence left to right. Every printed number holds a digit: none before the first.
    spans = [m.span() for m in _N_RE.finditer(text, max(0, digit.start() - 2))] if digit is not None else []
    if word_spans:
        spans += word_spans
        spans.sort()
    starts = [(a, b, text[b:b + 40]) for a, b in spans]
    for name, kind, rx, groups, anchored, follows, at, excludable, cue, nxt in _tried(text, low, label):
        if name == "count_the":
            if not any(_COUNT_THE_NEXT_RE.match(text, b) for _a, b, _f in starts):
                continue
            if fold is not None:
                found = _matches_at(rx, text, sorted([*map(_START, _THE_RE.finditer(fold)),
                                                      *(a for a, _b, _f in starts)]))
            else:
                found = list(rx.finditer(text))
        elif anchored:
            # Each anchored atom's first value begins where its match does: a number already taken is skipped.
            found = []
            for p, b, f in starts:
                if not used[p] and (follows is None or follows(f)) and (at is None or at(text, p, f)) and (
                        nxt is None or nxt(text, b) is not None):
                    m = rx.match(text, p)
                    if m is not None:
                        found.append(m)
        elif cue is not None and (cued := fold if cue[1] else text) is not None:
            found = list(matches_where(rx, text, cue[0], cued))
        else:
            found = list(rx.finditer(text))
        for m in found:
            spans = [(a, b, g, role, ug) for g, role, ug in groups for a, b in m.spans(g) if a >= 0]
            if not spans:
                continue
            spans.sort(key=_FIRST)
            # ``find`` looks for a 1 in place, without copying the slice.
            if any(used.find(1, a, b) != -1 for a, b, _g, _r, _u in spans):
                continue
            if excludable:
                if excluded is None:
                    excluded = _excluded_mask(text, fold, words)
                if any(excluded.find(1, a, b) != -1 for a, b, _g, _r, _u in spans):
                    continue
            vals = [_val(text, m, a, b, g, role, ug) for a, b, g, role, ug in spans]
            stat = _shape(name, kind, m, vals, text, label)
            if stat is None:
                continue
            if stat.kind in _RANGE_KINDS and any(v.unit is None for v in stat.values):
                _trailing_unit(text, stat)
            stats.append(stat)
            _mark(used, [(v.a, v.b) for v in stat.values])
    stats.sort(key=lambda s: s.a)
    return _combine(text, stats)


def _val(text: str, m: regex.Match[str], a: int, b: int, g: str, role: str, ug: str | None) -> Val:
    """The value of group ``g`` at [a, b), with the unit printed right after it."""
    unit = None
    if ug is not None:
        us = [s for s in m.spans(ug) if s[0] >= b and s[0] - b <= 2]
        if us:
            unit = unit_to_canonical(text[us[0][0]:us[0][1]])
    if g == "percent":
        unit = "%"
    first = text[a:a + 1]
    return Val(role, a, b, unit, word=not first.isdigit() and first not in "-.")


_PERSONS_RE = regex.compile(r"(?i)" + PERSONS)
# the words before a mean's value, as mean_word reads them (case-blind throughout: 'Mean age Was 7.9%')
_MEAN_BEFORE_RE = regex.compile(_MEAN_LEAD + r"$", regex.I)


def _mean_before(text: str, a: int) -> bool:
    """Whether _MEAN_BEFORE_RE matches in the 60 characters before ``a``. Its match opens with 'mean' or 'average'
    case-blind, letters no character outside ASCII matches case-blind: the lower-cased window holds one of them
    (a literal test, much cheaper than the search that fails without it)."""
    lo = max(0, a - 60)
    window = text[lo:a].lower()
    if "mean" not in window and "average" not in window:
        return False
    return _MEAN_BEFORE_RE.search(text, lo, a) is not None


def _shape(name: str, kind: str, m: regex.Match[str], vals: list[Val], text: str, label: str | None = None
           ) -> Stat | None:
    """Fix roles and comparators of one atom, or drop it."""
    a, b = m.span()
    st = Stat(kind, vals, a, b)
    if name == "test":
        letter = m.group("name")
        st.test_name = _STAT_LETTER.get(letter, _STAT_LETTER.get(letter.lower(), letter))
        if m.group("df1") is None and letter in ("b", "B", "β", "r", "H", "W", "Q"):
            if not _R(r"\s*=").match(text[m.end("name"):]):
                return None
        for v in vals:
            if v.role == "statistic":
                v.comparator = _CMP_WORDS.get(m.group("cmp"), "=")
            if v.role == "p":
                v.comparator = _CMP_WORDS.get(m.group("p_cmp") or "=", "=")
            if v.role == "df1" and m.group("df2") is None:
                v.role = "df"
        return st
    if name == "p":
        v = vals[0]
        v.comparator = _CMP_WORDS.get(m.group("p_cmp") or "=", "=")
        return st
    if name == "median":
        label = (m.group("label") or "").lower()
        opener = m.group("open") or ""
        iqr = "iqr" in label or "quartile" in label or "q1" in label or (
            not label and (opener == "[" or _R(r"(?i)IQR|interquartile").search(text) is not None))
        for v in vals:
            if v.role == "lo":
                v.role = "q1" if iqr else "min"
            elif v.role == "hi":
                v.role = "q3" if iqr else "max"
        return st
    if name == "estimate":
        st.test_name = " ".join(m.group("est").split())
        if m.group("ci_low") is None:
            st.kind = "comparison"
        return st
    if name == "age_threshold":
        w = m.group("cmpw").lower()
        vals[0].comparator = ">=" if w in ("older", "over", "above", "more") else "<="
        return st
    if name in ("count_verb", "count_group"):
        raw = text[vals[0].a:vals[0].b]
        if "." in raw or "-" in raw:
            return None
        x = _num(raw)
        if x is not None and 1800 <= x <= 2100 and len(raw) == 4:
            return None
        if name == "count_verb" and _R(r"(?i)\b(?:in|since|by|of|during)\s*$").search(text[max(0, a - 8):a]):
            return None
        if _R(r"\d\s*(?i:to|and|-|–)\s*$").search(text[max(0, a - 8):a]):
            # the upper end of a range ("from 2 to 9 in the cohort", "0 to 10 was used"), not a count
            return None
        return st
    if name == "stat_vs":
        role = "median" if m.group("kw").lower() == "median" else "mean"
        units = [v.unit for v in vals if v.unit]
        for side, v in enumerate(vals):
            v.role, v.side = role, side
            v.unit = v.unit or (units[-1] if units else None)
        st.kind = "comparison"
        st.tags = {"median" if role == "median" else "mean_sd"}
        return st
    if name == "count_noun" and not _PERSONS_RE.fullmatch(m.group("noun") or "") and _mean_before(text, a):
        return None  # "the mean dose was 100 units": a mean (mean_word reads it), not a count of units
    if name == "percent" and _mean_before(text, a):
        return None  # "the mean HbA1c was 7.9%": a mean of a measure printed in per cent (mean_word reads it)
    if name == "count_of_pct":
        c, t = next(v for v in vals if v.role == "count"), next(v for v in vals if v.role == "total")
        cv, tv = _num(text[c.a:c.b]), _num(text[t.a:t.b])
        if cv is None or tv is None or cv > tv:
            return None
        for v in vals:
            if v.role == "percent":
                v.unit = "%"
        return st
    if name == "of_total":
        c, t = next(v for v in vals if v.role == "count"), next(v for v in vals if v.role == "total")
        cv, tv = _num(text[c.a:c.b]), _num(text[t.a:t.b])
        if cv is None or tv is None or cv > tv:
            return None
        return st
    if name == "fraction":
        c, t = vals[0], vals[1]
        cv, tv = _num(text[c.a:c.b]), _num(text[t.a:t.b])
        if cv is None or tv is None or cv > tv or "." in text[c.a:c.b]:
            return None
        if any(v.role == "percent" for v in vals):
            st.kind = "percent"
            for v in vals:
                if v.role == "percent":
                    v.unit = "%"
        return st
    if name == "paren_bare":
        return _labelled(st, text, m, label)
    if name == "count_of":
        c, t = vals[0], vals[-1]
        cv, tv = _num(text[c.a:c.b]), _num(text[t.a:t.b])
        if cv is None or tv is None or cv > tv or "." in text[c.a:c.b] + text[t.a:t.b]:
            return None
        return st
    if name == "category":
        for g in ("l1", "l2"):
            if unit_to_canonical(m.group(g)) in TIME_UNITS or m.group(g).lower() in ("and", "was", "were"):
                return None
        return st
    if name in ("range_words", "range_dash", "scale", "range_or"):
        lo, hi = _num(text[vals[0].a:vals[0].b]), _num(text[vals[-1].a:vals[-1].b])
        if lo is None or hi is None:
            return None
        if name == "range_dash":
            sep = text[vals[0].b:vals[-1].a]
            if lo > hi and "to" not in sep:
                return None
            if "to" in sep and vals[-1].unit is None and vals[0].unit is None and not _R(
                    r"\s*(?:[A-Za-z-]+\s+){0,2}[a-z]+s\b|\s*[),;]").match(text[b:]):
                return None
        both_years = all(1800 <= x <= 2100 and "." not in text[v.a:v.b] for x, v in ((lo, vals[0]), (hi, vals[-1])))
        if both_years and vals[0].unit is None and vals[-1].unit is None:
            return None
        unit = vals[-1].unit or vals[0].unit
        for v in vals:
            v.unit = v.unit or unit
        if name in ("range_dash", "range_words") and lo in (0, 1) and _SCALE_BEFORE.search(text[max(0, a - 40):a]):
            # "a visual analogue scale (VAS, 0-10)", "scored from 0 to 10": the scale's span, not the sample's
            st.kind = "setting"
            return st
        if name == "range_words" and m.group(0)[:4].lower() == "from":
            # "fell from 8 to 3": two time points of one measure, not the spread of a sample.
            clause = _R(r"[^,;:()]*$").search(text[max(0, a - 80):a])
            if (clause is not None and _CHANGE_VERB_RE.search(clause.group(0))) or lo > hi or m.group("t1"):
                st.kind = "change"
                vals[0].role, vals[0].side = "before", 0
                vals[-1].role, vals[-1].side = "after", 1
        return st
    if name == "threshold":
        v = vals[0]
        v.comparator = _CMP_WORDS.get(" ".join(m.group("cmp").lower().split()), ">")
        return st
    if name == "count_noun":
        noun = (m.group("noun") or "").lower()
        if noun and unit_to_canonical(noun) in TIME_UNITS:
            return None
        if "." in text[vals[0].a:vals[0].b]:
            return None
        return st
    if name == "value_unit":
        v = vals[0]
        if v.unit is None:
            if not _R(_VALUE_CONTEXT).search(text[max(0, a - 12):a]):
                return None
            raw = text[v.a:v.b]
            if len(raw) == 4 and raw.isdigit() and 1800 <= int(raw) <= 2100:
                return None
            if _AND_OR_NUMBER_RE.match(text[b:]):
                return None
        st.kind = "value"
        return st
    return st


# '... and 5', 'or two more': a bare number that is one of a pair (compiled once: joined with N, the pattern's
# text would be built and hashed again at every look-up in _R)
_AND_OR_NUMBER_RE = regex.compile(r"\s*(?:[A-Za-z]+\s+)?(?:and|or)\s+" + N)
_SCALE_BEFORE = regex.compile(
    r"(?i)(?:\b(?:scales?|VAS|NRS|VRS|likert|scored|rated|graded)\b|\bscore\s+(?:of|from|between|ranging))"
    r"\s*(?:\(\s*(?:[A-Z]{2,6}\s*[,;:]?\s*)?|,\s*|of\s+|ranging\s+|from\s+|between\s+)?$"
    # an instrument named with its acronym and span: 'the Migraine Disability Assessment (MIDAS, 0-270)',
    # 'Oswestry Disability Index (ODI, 0-100)'; only in this bracketed form ('the index ranged 0-6' is a sample's)
    # (the pattern ignores case, so the acronym is told from 'range'/'IQR' by name)
    r"|\b(?:assessment|questionnaire|inventory|index|test)\s*\(\s*(?!range|iqr|ci\b)[A-Z][A-Z0-9-]{1,7}\s*[,;:]\s*$")
_TRAIL_UNIT_RE = regex.compile(r"\s*(?P<u>" + UNIT_PATTERN + r")")


def _trailing_unit(text: str, stat: Stat) -> None:
    """A unit printed after the whole statistic ('46 ± 10 (median 46) years') belongs to each of its values;
    a unit printed after one value of a pair applies to its partner."""
    known = next((v.unit for v in stat.values if v.unit and v.unit != "%"), None)
    if known is None:
        m = _TRAIL_UNIT_RE.match(text, stat.b)
        if m is None:
            return
        known = unit_to_canonical(m.group("u"))
    for v in stat.values:
        if v.unit is None:
            v.unit = known


def _labelled(st: Stat, text: str, m: regex.Match[str], label: str | None = None) -> Stat | None:
    """'45.2 (10.1)' read through the label the sentence gives it: mean (SD), median (IQR) or (range), n (%); else
    through the paper's own ``label`` when the sentence calls it a mean ('the mean age was 45.7 (10.6) years') or
    reports a change of it ('fell from 7.3 (1.3) to 3.7 (1.7)')."""
    cue = None
    for c in _LABEL_CUE_RE.finditer(text, 0, m.start()):
        cue = c.group(0).lower()
    if cue is None:
        cue = next((c.group(0).lower() for c in _LABEL_CUE_RE.finditer(text)), None)
    if cue is None and label is not None and m.group("z") is None and all(v.unit != "%" for v in st.values):
        before = text[:m.start()]
        if _R(r"(?i)\b(?:mean|average)\b[^;:()]*$").search(before) or _R(r"(?i)\b(?:from|to)\s*$").search(before):
            cue = label
    if cue is None:
        return None
    has_z = m.group("z") is not None
    if "median" in cue:
        if not has_z:
            return None
        iqr = "range" not in cue or "interquartile" in cue
        roles = ["median", "q1" if iqr else "min", "q3" if iqr else "max"]
        st.kind = "median"
    elif "%" in cue:
        if has_z:
            return None
        roles = ["count", "percent"]
        st.kind = "percent"
    else:
        if has_z:
            return None
        roles = ["mean", "se" if "se" in cue.replace("sd", "") else "sd"]
        st.kind = "mean_sd"
    for v, role in zip(st.values, roles, strict=False):
        v.role = role
        if role == "percent":
            v.unit = "%"
    return st


def _num(raw: str) -> float | None:
    t = raw.replace(",", "")
    if t.lower() in WORD_NUMBERS:
        return float(WORD_NUMBERS[t.lower()])
    try:
        return float(t)
    except ValueError:
        return None


_COMPARABLE = {"mean_sd", "median", "percent", "value", "count"}


def _combine(text: str, stats: list[Stat]) -> list[Stat]:
    """Pairs of atoms joined by 'from ... to' (a change) or 'vs.' (a comparison)."""
    out: list[Stat] = []
    i = 0
    while i < len(stats):
        s = stats[i]
        nxt = stats[i + 1] if i + 1 < len(stats) else None
        if nxt is not None and s.kind in _COMPARABLE and nxt.kind in _COMPARABLE:
            between = text[s.b:nxt.a]
            before = text[max(0, s.a - 160):s.a]
            if len(between) <= 90 and ";" not in between:
                from_m = _R(r"(?i)\bfrom\s+(?:(?:a\s+)?(?:(?:baseline|pre-?treatment)\s+)?"
                            r"(?:(?:mean|median|average)\s+)?(?:value\s+|score\s+)?(?:of\s+)?)?(?:\(\s*)?$").search(before)
                if from_m and _R(r"(?i)\bto\b").search(between) and not _R(r"(?i)\bvs\.?|versus").search(between):
                    if _CHANGE_VERB_RE.search(before) or s.kind != "value" or nxt.kind != "value":
                        out.append(_pair("change", s, nxt))
                        i += 2
                        continue
                if _VS_RE.search(between):
                    out.append(_pair("comparison", s, nxt))
                    i += 2
                    continue
        out.append(s)
        i += 1
    return out


def _pair(kind: str, s: Stat, t: Stat) -> Stat:
    vals = []
    for side, st in ((0, s), (1, t)):
        for v in st.values:
            v.side = side
            if v.role == "value" and kind == "change":
                v.role = "before" if side == 0 else "after"
            vals.append(v)
    named = {v.role for v in s.values} & {"mean", "median"}
    if kind == "comparison" and len(named) == 1 and all(v.role == "value" for v in t.values):
        # "(median 8 vs 12.5 days)": the statistic named on one side is the other side's too
        for v in t.values:
            v.role = next(iter(named))
    if kind == "change" and named == {"median"}:
        # "from a median of 7 (range 5-9) to 3 (range 1-8)": the value after is a median too, not a mean
        for v in t.values:
            if v.role in ("value", "after"):
                v.role = "median"
    pair = Stat(kind, vals, s.a, t.b, s.test_name or t.test_name)
    pair.tags = {s.kind, t.kind}
    return pair


def unit_class(unit: str | None) -> str | None:
    """'mass' for amounts (mg, mL), 'rate' for amounts per time (mg/hour), 'time' for durations."""
    if unit is None:
        return None
    parts = unit.split("/")
    if parts[0] in MASS_UNITS and len(parts) > 1 and parts[-1] in TIME_UNITS:
        return "rate"
    if parts[0] in MASS_UNITS:
        return "mass"
    if parts[0] in TIME_UNITS:
        return "time"
    return None
