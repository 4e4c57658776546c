"""Prose statistics to claims: each statistic of each sentence, with what is measured, of whom and when.

``document_to_claims`` = ``document_to_sentences`` (``_sentences``) -> ``sentence_to_stats`` (``_grammar``) ->
``stats_to_claims`` (here). Here each statistic becomes a validated ``Claim``: values get their source span, raw
text and Decimal; protocol numbers (doses, settings, inclusion rules) get their own kinds; the measure, subject,
time and, in comparisons, the group of each side are found as phrases with spans. A subject named in one sentence
carries over to the next sentences of the paragraph that name none (``Phrase.inherited``); a pair of groups named
once ("the comparison group ... the treated group") gives the sides of later comparisons that name one or none.

Conventions a consumer can rely on:
- ``comparison``: each value has ``side`` 0 or 1 and, when known, ``group``; ``Claim.groups`` lists the two groups
  in side order. A group taken from an earlier pair is marked ``inherited``. An effect estimate printed alone
  ("odds ratio 1.21") is a comparison with one ``value`` and ``test_name`` naming the estimate.
- ``change``: side 0 is the "from" time point, side 1 the "to" one; the values keep their statistic roles (mean,
  sd, median) or are ``before``/``after`` when printed bare. ``Claim.time`` is the time phrase nearest before the
  first value (the "to" time point when the "from" one is implicit, as in "decreased after the last visit from ...").
- ``ci``: an estimate (role ``value``) with ``ci_level``/``ci_low``/``ci_high``.
- ``percent``: "43 (48.9%)" gives ``count`` and ``percent``; "23/45 (51%)" adds ``total``.
- ``mean_sd`` with a single role ``value``: a statistic the text does not name ("pain was 0").
- ``dose``/``setting``/``criterion``: protocol numbers and inclusion rules, not statistics about the participants;
  a range inside the phrase that defines a subset ("the 12 patients given 2-4 doses") is a ``criterion``.
- ``test_name``: for ``test`` claims the statistic's letter ("t", "F", "chi2"); for P values the test the sentence
  names, else None (the Methods decide).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

import regex

from paperaudit.schemas import Claim, Document, Phrase, Table, Value, ValueRole
from paperaudit.schemas._build import from_dict

from ._grammar import (
    _R,
    PERSONS,
    WORD_NUMBERS,
    Stat,
    Val,
    W,
    alternation_words,
    ascii_words,
    fold_or_none,
    literal_alternation,
    matches_where,
    sentence_to_stats,
    test_name_in,
    unit_class,
)
from ._numbers import parse_decimal
from ._sentences import Sentence, document_to_sentences

_STOP = r"(?:of|in|at|for|with|from|to|and|or|was|were|is|are|had|have|than|vs|versus|by|on|the|a|an|each|both|" \
        r"either|all|these|those|this|that|which|who|there|their|its|his|her|between|among|after|before|during|" \
        r"comparable|similar|significant|no|not|thus|also|only|but|however|while|made|found|showed|reported|" \
        r"experienced|received|had|fewer|more|less|higher|lower|greater|smaller|larger)"
_NUMW = r"(?:\d+(?:\.\d+)?|" + W + r")"
_REL = (r"(?:\s+(?:who|that|given|treated|receiving|received|with|without|undergoing|taking|randomi[sz]ed|"
        r"assigned|allocated|enrolled|included|completing|on)\b(?:\s+(?!(?:were|was|had|did|experienced|maintained|"
        r"reported|showed|is|are|thus|and|but|which|while|also|never|not|did|didn't|compared|versus|vs|leaves|leave|"
        r"ignores|shows|suggests|indicates|means|remains|has|have|had|does|do|can|could|would|should|may|might)\b)"
        r"[^\s,;:()]*[^\s,;:().]){1,6})?")
_PAIR_RE = regex.compile(
    r"\b(?:the\s+)?(?P<a>(?!" + _STOP + r"\b)[A-Za-z][A-Za-z-]+)\s+(?:and|or|vs\.?|versus)\s+(?P<b>(?!" + _STOP
    + r"\b)[A-Za-z][A-Za-z-]+)\s+(?:groups|arms|conditions|cohorts)\b")
_TIME_RE = regex.compile(
    r"(?i:(?P<t>\b(?:immediately\s+)?(?:before|after|following|prior\s+to|at\s+the\s+end\s+of|at\s+the\s+start\s+of|"
    r"at\s+completion\s+of|upon|on)\s+(?:the\s+)?(?:first|last|final|completion|end|start|beginning|initial|"
    r"second|third)\b(?:\s+(?:of\s+)?(?:the\s+|an?\s+)?(?!(?:was|were|and|but|or|to|in|for|with|at|on|by|from|who|that|which|than)\b)[a-z-]+){0,4}(?=[\s,;.()]|$)"
    r"|\b(?:at\s+|after\s+|by\s+|within\s+|over\s+)?(?<![\d.])(?:\d+|" + "|".join(WORD_NUMBERS)
    + r")[\s-]+(?:days?|weeks?|months?|years?|hours?)(?![a-z])(?:\s+(?:later|post-?[a-z]+|"
    r"after\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?[a-z-]+(?=[,;.()]|"
    r"\s+(?:was|were|the|had|did|is|are)\b)|of\s+follow-up))?"
    r"|\bat\s+baseline\b|\bbaseline\b|\bpre-?(?:treatment|operative|intervention)\b|"
    r"\bpost-?(?:treatment|operative|intervention)\b|\bat\s+follow-up\b))")
_MEASURE_HEADS = (r"(?:age|scores?|use|requirements?|duration|doses?|weight|height|BMI|index|levels?|consumption|"
                  r"intake|rates?|time|length|size|counts?|concentrations?|pressure|volume|frequency|intensity|"
                  r"satisfaction|errors|experience|values?|ratios?|"
                  r"improvement|reduction|difference|change|number|proportion|prevalence|incidence|"
                  r"mortality|survival|stay|visits|cost|costs|temperature|glucose|cholesterol|outcome)")
_REFS_RE = regex.compile(r"\b(?P<k>Table|Tables|Fig\.?|Figs\.?|Figure|Figures|Supplementary\s+Table)\s*"
                         r"(?P<n>[A-Z]?\d+[A-Za-z]?)")
_INCLUSION_RE = regex.compile(r"(?i)\b(?:select|includ|inclusion|eligib|enrol|exclu|criteri|required|recruit|"
                              r"screen|had\s+to|must|chose|chosen|picked|qualif)\w*")
_PROTOCOL_RE = regex.compile(r"(?i)\b(?:given|administer|receiv|infus|inject|initiat|start|titrat|increas|"
                             r"reach|dose|dosing|rate|continu|maintain|schedul|planned|expected|every|per\s+day|"
                             r"daily|weekly|twice|bolus|premedicat|prescrib)\w*")


def _may_pair(text: str) -> bool:
    """Whether _PAIR_RE can match: it ends with one of these plural nouns."""
    return "groups" in text or "arms" in text or "conditions" in text or "cohorts" in text


@dataclass
class _Carry:
    """What one sentence leaves to the next: the subject of the paragraph and the last pair of groups."""

    paragraph: int = -1
    subject: Phrase | None = None
    pair: tuple[Phrase, Phrase] | None = None
    section: str = ""
    label: str | None = None  # how the paper prints 'X (Y)' throughout, if it says so ('mean (sd)')


# Models built from a dict by their own validator, as model_validate does (the same validation and fields set as the
# keyword constructor, with less Python around it).
_new_phrase = from_dict(Phrase)
_new_value = from_dict(Value)
_new_claim = from_dict(Claim)


def _phrase(s: Sentence, a: int, b: int, inherited: bool = False) -> Phrase:
    start, end = s.span(a, b)
    # Validation of four plain fields costs less than model_construct's generic loop over the fields.
    return _new_phrase({"text": " ".join(s.text[a:b].split()), "start": start, "end": end, "inherited": inherited})


class _Phrases:
    """The phrases of one sentence by clean span: each is built once and shared by the claims that name it
    (phrases are frozen)."""

    def __init__(self, s: Sentence) -> None:
        self.s = s
        self.made: dict[tuple[int, int], Phrase] = {}

    def get(self, a: int, b: int) -> Phrase:
        p = self.made.get((a, b))
        if p is None:
            p = self.made[(a, b)] = _phrase(self.s, a, b)
        return p


_ROLES = frozenset(get_args(ValueRole))
_COMPARATORS = frozenset({"=", "<", ">", "<=", ">=", "~"})


def _value(document: Document, s: Sentence, v: Val, group: Phrase | None) -> Value | None:
    start, end = s.span(v.a, v.b)
    raw = document.source_text[start:end]
    if v.word:
        key = raw.lower()
        if key not in WORD_NUMBERS:
            return None
        from decimal import Decimal

        value, decimals = Decimal(WORD_NUMBERS[key]), 0
    else:
        try:
            value, decimals = parse_decimal(raw)
        except ValueError:
            return None
    if v.role not in _ROLES or v.comparator not in _COMPARATORS:
        return None
    # Validation costs less than model_construct here and accepts exactly these values (role and comparator are
    # checked above, spans and decimals are never negative, the Decimal and the group are kept as they are).
    return _new_value({"role": v.role, "raw": raw, "value": value, "decimals": decimals, "start": start, "end": end,
                       "unit": v.unit, "comparator": v.comparator, "group": group, "side": v.side})


def _nearest_before(matches: list[tuple[int, int]], pos: int, limit: int = 400) -> tuple[int, int] | None:
    best = None
    for a, b in matches:
        if b <= pos and pos - b <= limit and (best is None or a > best[0]):
            best = (a, b)
    return best


def _find(rx: regex.Pattern[str], text: str, group: str, pos: int = 0) -> list[tuple[int, int]]:
    out = []
    for m in rx.finditer(text, pos):
        for a, b in m.spans(group):
            if a >= 0:
                out.append((a, b))
    return out


# Words one of which each branch of _TIME_RE needs, whole, among ``ascii_words`` of the folded sentence: the first
# an ordinal word (after white space, before a word boundary), the second a unit of time (after white space or '-',
# before no ASCII letter), the third 'baseline', a pre-/post- noun (with or without its hyphen) or 'follow-up'.
_TIME_BRANCH_WORDS = tuple(frozenset(w.encode() for w in ws) for ws in (
    ("first", "last", "final", "completion", "end", "start", "beginning", "initial", "second", "third"),
    ("day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours"),
    ("baseline", "treatment", "operative", "intervention", "pretreatment", "preoperative", "preintervention",
     "posttreatment", "postoperative", "postintervention", "follow")))
# What a phrase of each branch begins with, in the folded text: a word after no letter or digit (a word boundary), or
# (the second) a digit after no letter, digit, '_' or '.' (a phrase that begins with its number has a word boundary
# and no digit or '.' before it; a character the folding makes one of these is a word character).
_TIME_BRANCH_STARTS = (
    ["immediately", "before", "after", "following", "prior", "at", "upon", "on"],
    ["at", "after", "by", "within", "over", *WORD_NUMBERS],
    ["at", "baseline", "pre", "post"])


def _time_cues(branches: tuple[bool, bool, bool]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For the branches of _TIME_RE that can match: where the first phrase can begin, and every place where one can
    (the first, and, for the second branch, any character outside ASCII: ``regex``'s \\d holds digits that plain
    ``re``'s does not). Plain ``re`` finds these literals much faster than ``regex``."""
    starts = sorted({w for on, ws in zip(branches, _TIME_BRANCH_STARTS, strict=True) if on for w in ws})
    start = r"(?<![a-z0-9])(?:" + literal_alternation(starts) + ")" + (r"|(?<![a-z0-9_.])\d" if branches[1] else "")
    return re.compile(start), re.compile(start + (r"|[^\x00-\x7f]" if branches[1] else ""))


# Per set of branches that can match (some branch's words among the sentence's), its two cues.
_TIME_CUES = {(o, u, b): _time_cues((o, u, b)) for o in (False, True) for u in (False, True) for b in (False, True)
              if o or u or b}


def _find_times(text: str, words: list[bytes] | None = None) -> list[tuple[int, int]]:
    """Spans of the time phrases of a sentence (_TIME_RE); none of a branch without one of its _TIME_BRANCH_WORDS
    among ``words`` (``ascii_words`` of the folded text, found here if not given). The scan starts where the first
    phrase of a branch that can match can begin (word boundaries and look-behinds still see the text before), and
    tries _TIME_RE only where such a phrase can begin."""
    low = fold_or_none(text)
    if low is None:
        return _find(_TIME_RE, text, "t")
    if words is None:
        words = ascii_words(low)
    branches = (not _TIME_BRANCH_WORDS[0].isdisjoint(words), not _TIME_BRANCH_WORDS[1].isdisjoint(words),
                not _TIME_BRANCH_WORDS[2].isdisjoint(words))
    cues = _TIME_CUES.get(branches)
    if cues is None:
        return []
    first = cues[0].search(low)
    if first is None:
        return []
    return [(a, b) for m in matches_where(_TIME_RE, text, cues[1], low, first.start())
            for a, b in m.spans("t") if a >= 0]


_STOP_SET = frozenset(_STOP[3:-1].split("|"))
_WORD_BEFORE_RE = regex.compile(r"(?<![A-Za-z0-9-])([A-Za-z][A-Za-z0-9'-]*)\s+$")
_NUM_BEFORE_RE = regex.compile(r"(?<![\w.])(\d+(?:\.\d+)?|" + W + r")\s+$")
_PAREN_BEFORE_RE = regex.compile(r"\([^()]{1,30}\)\s+$")
_DET_BEFORE_RE = regex.compile(r"(?i)\b(the|these|those|all|our|this|that|a)\s+$")
_PREP_BEFORE_RE = regex.compile(r"(?i)\b(in|among|of|for)\s+$")
_PERSON_HEAD_RE = regex.compile(r"\b" + PERSONS + r"\b")
# The same words without the word boundaries, in plain ``re`` (much faster at literals): every head starts where
# this matches, so a scan for heads can start at its first match (word boundaries still see the text before).
# None begins right after an ASCII letter, digit or '_' (a word character: no word boundary there).
_PERSON_CUE_RE = re.compile("(?<![A-Za-z0-9_])" + literal_alternation(alternation_words(PERSONS)))
# The words of the heads, as ``ascii_words`` of the folded text holds them (a head matches case and lies between word
# boundaries: lower-cased, it is one of these runs whole, or its parts around a hyphen are).
_PERSON_WORDS = frozenset(part.encode() for w in alternation_words(PERSONS) for part in w.lower().split("-"))
_GROUP_HEAD_RE = regex.compile(r"\b(?:group|arm|cohort|condition)\b(?!s)")
_GROUP_REL_RE = regex.compile(r"\s+(?:who|that|receiving|given|treated|assigned)\b[^,;:().]{0,50}?(?=[,;:().]|\s+(?:vs|"
                              r"versus|was|were|had)\b|$)")
_SUBJ_REL_RE = regex.compile(_REL)
_MEASURE_HEAD_RE = regex.compile(r"(?i)\b" + _MEASURE_HEADS + r"\b")
# Likewise in the folded text (fold_or_none: the same length, and each case-blind head lower-cased; a character
# folded to an ASCII letter or digit is a word character, so no head begins after one).
_MEASURE_CUE_RE = re.compile("(?<![a-z0-9_])" + literal_alternation(alternation_words(_MEASURE_HEADS.lower())))
# The heads, as ``ascii_words`` of the folded text holds them (each is a case-blind word between word boundaries).
_MEASURE_WORDS = frozenset(w.encode() for w in alternation_words(_MEASURE_HEADS.lower()))
_COPULA_BEFORE_RE = regex.compile(r"(?<![A-Za-z0-9-])([A-Za-z][A-Za-z0-9-]*)\s+(?:was|were|is|are)\s+$")
_MEASURE_OF_RE = regex.compile(r"(?i)\s+of\s+(?!the\b)(?:[a-z-]+\s+){0,1}[a-z-]+")
_AGE_BOUND_RE = regex.compile(r"(?i)\b(?:years?|yrs?)\s+of\s+$")
_MEASURE_PREFIX = frozenset({"mean", "median", "average", "baseline", "total", "daily", "peak", "overall", "highest",
                             "lowest", "maximum", "minimum"})


def _before(rx: regex.Pattern[str], text: str, pos: int, reach: int = 40) -> regex.Match[str] | None:
    return rx.search(text, max(0, pos - reach), pos)


# ASCII letters, digits and '.': what the word or number of _NUM_BEFORE_RE, _DET_BEFORE_RE and _PREP_BEFORE_RE is
# made of, but for characters outside ASCII.
_RUN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789."


def _run_before(rx: regex.Pattern[str], text: str, pos: int, reach: int = 40) -> regex.Match[str] | None:
    """``_before(rx, text, pos, reach)`` for a pattern whose match is a word or number of _RUN_CHARS or characters
    outside ASCII, then white space up to ``pos`` ('\\s+$'), searched only from where that match can begin (a
    scan of every start costs several times more). str.isspace holds every character \\s does and none of a word's,
    so the word ends where the white space that ``rstrip`` takes begins, and lies in the run of _RUN_CHARS before it
    unless a character outside ASCII precedes that run: then the whole window is searched."""
    lo = max(0, pos - reach)
    body = text[lo:pos].rstrip()
    k = len(body.rstrip(_RUN_CHARS))
    if k and not body[k - 1].isascii():
        k = 0
    return rx.search(text, lo + k, pos)


# The characters of the word _WORD_BEFORE_RE takes.
_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'-"


def _word_before(text: str, pos: int) -> regex.Match[str] | None:
    """``_before(_WORD_BEFORE_RE, text, pos)``, searched only from where its match can begin (a scan of every start
    in the 40 characters costs several times more). The match is a word of _WORD_CHARS, then white space up to
    ``pos``: the white space is the run at the end that str.isspace holds (it holds every character ``regex``'s \\s
    does, and none of _WORD_CHARS), so the word lies in the run of _WORD_CHARS just before that run. None without
    white space at the end."""
    lo = max(0, pos - 40)
    window = text[lo:pos]
    body = window.rstrip()
    if len(body) == len(window):
        return None
    return _WORD_BEFORE_RE.search(text, lo + len(body.rstrip(_WORD_CHARS)), pos)


def _modifiers_before(text: str, pos: int, limit: int) -> tuple[int, list[str]]:
    """Start of up to ``limit`` words before ``pos`` that are not stop words, and those words."""
    words: list[str] = []
    while len(words) < limit:
        m = _word_before(text, pos)
        if m is None or m.group(1).lower() in _STOP_SET:
            break
        words.insert(0, m.group(1))
        pos = m.start(1)
    return pos, words


def find_subjects(text: str, first_only: bool = False, words: list[bytes] | None = None) -> list[tuple[int, int]]:
    """Noun phrases naming people: 'the 12 patients given 2-4 doses', 'in 12 patients who ...', 'these 5
    patients', 'control group patients'. With ``first_only``, the first of them only. ``words``, if given, is
    ``ascii_words`` of the folded text: none without a word of a head among them."""
    out: list[tuple[int, int]] = []
    if words is not None and _PERSON_WORDS.isdisjoint(words):
        return out
    # every head begins where one of its words does (_PERSON_CUE_RE)
    for h in matches_where(_PERSON_HEAD_RE, text, _PERSON_CUE_RE, text):
        start, mods = _modifiers_before(text, h.start(), 2)
        num = _run_before(_NUM_BEFORE_RE, text, start)
        if num is not None:
            start = num.start(1)
        det = _run_before(_DET_BEFORE_RE, text, start, 12)
        if det is not None and det.group(1).lower() != "a":
            start = det.start(1)
        elif not (num is not None and _run_before(_PREP_BEFORE_RE, text, start, 10) is not None) and not any(
                w.lower() in ("group", "arm", "cohort") for w in mods):
            continue
        rel = _SUBJ_REL_RE.match(text, h.end())
        end = rel.end() if rel is not None and rel.end() > h.end() else h.end()
        out.append((start, end))
        if first_only:
            break
    return out


def find_groups(text: str) -> list[tuple[int, int]]:
    """Phrases naming a study group: 'the treated group', 'the group who received the drug', 'the control
    (checklist) condition'."""
    out = []
    # each head holds one of these words, each control phrase 'control' or 'placebo' (both patterns are
    # case-sensitive)
    if "group" in text or "arm" in text or "cohort" in text or "condition" in text:
        for h in _GROUP_HEAD_RE.finditer(text):
            pos = h.start()
            par = _before(_PAREN_BEFORE_RE, text, pos)
            if par is not None:
                pos = par.start()
            start, mods = _modifiers_before(text, pos, 3)
            det = _run_before(_DET_BEFORE_RE, text, start, 12)
            if det is not None:
                start = det.start(1)
            elif not mods:
                continue
            rel = _GROUP_REL_RE.match(text, h.end())
            out.append((start, rel.end() if rel is not None else h.end()))
    if "control" in text or "placebo" in text:
        for m in _CONTROLS_RE.finditer(text):
            out.append(m.span())
    return sorted(out)


_CONTROLS_RE = regex.compile(r"\b(?:the\s+)?(?:controls|placebo|control\s+patients|control\s+participants)\b")


def measure_heads(text: str, words: list[bytes] | None = None) -> list[tuple[int, int]]:
    """Spans of the head nouns of measures in a sentence ('age', 'scores', 'dose'). ``words``, if given, is
    ``ascii_words`` of the folded text: none without a head among them."""
    fold = fold_or_none(text)
    if fold is None:
        return [h.span() for h in _MEASURE_HEAD_RE.finditer(text)]
    if words is not None and _MEASURE_WORDS.isdisjoint(words):
        return []
    # every head begins where its word does in the folded text
    return [h.span() for h in matches_where(_MEASURE_HEAD_RE, text, _MEASURE_CUE_RE, fold)]


# what may stand between a group's statistic and the same statistic of the next group: "in men and", "in the
# early group, compared with"
_PARALLEL_RE = regex.compile(r"(?i)[^.;:()\d]{0,50}\b(?:and|while|whereas|but|compared\s+with|versus|vs\.?)\s+"
                             r"(?:(?:in|among|for)\s+)?(?:the\s+)?(?:[A-Za-z-]+\s+){0,3}?")


def find_measure(text: str, lo: int, hi: int, heads: list[tuple[int, int]] | None = None,
                 starts: dict[int, int] | None = None) -> tuple[int, int] | None:
    """The measure named last before ``hi`` (not before ``lo``): 'mean age', 'pain scores', 'daily dose'.

    ``heads`` (``measure_heads(text)``, found once per sentence) stands for a scan of [lo, hi): a head is a whole
    word and the scan sees the text before ``lo``, so it finds the heads of the sentence inside [lo, hi), when no
    word runs on past ``hi`` (true at the start of a value: no word character precedes a number). ``starts`` (one
    dict per sentence, filled here) keeps where the words before each head begin: they depend on the text and the
    head alone, and the values of a sentence often share their head."""
    best: tuple[int, int] | None = None  # (start of head, end with its 'of ...' complement)
    spans = [h.span() for h in _MEASURE_HEAD_RE.finditer(text, lo, hi)] if heads is None else [
        (a, b) for a, b in heads if a >= lo and b <= hi]
    for a, b in spans:
        if b - a == 3 and _AGE_BOUND_RE.search(text, max(0, a - 12), a) is not None and text[a:b].lower() == "age":
            continue  # 'patients over 60 years of age had a mean VAS of': a bound on the rows, not the measure
        of = _MEASURE_OF_RE.match(text, b, hi)
        ext = of.end() if of is not None else b
        if best is None or ext > best[1]:
            best = (a, ext)
    if best is None:
        # No known head noun: the words the value is predicated of ("<measure> was 0").
        window = text[lo:hi]
        body = window.rstrip()
        # the pattern ends in a verb and white space ('\s+$'): str.isspace holds every character \s does
        cop = _COPULA_BEFORE_RE.search(text, lo, hi) if len(body) < len(window) and body.endswith(
            ("was", "were", "is", "are")) else None
        if cop is None or cop.group(1).lower() in _STOP_SET:
            return None
        start, _ = _modifiers_before(text, cop.start(1), 2)
        return max(start, lo), cop.end(1)
    known = starts.get(best[0]) if starts is not None else None
    if known is not None:
        return max(known, lo), best[1]
    start, _ = _modifiers_before(text, best[0], 2)
    while True:
        m = _word_before(text, start)
        if m is None or m.group(1).lower() not in _MEASURE_PREFIX:
            break
        start = m.start(1)
    if starts is not None:
        starts[best[0]] = start
    return max(start, lo), best[1]


def _content(text: str) -> set[str]:
    return {w.lower() for w in _R(r"[A-Za-z]{3,}").findall(text)} - {
        "the", "group", "who", "received", "patients", "that", "with", "given", "treated", "and", "arm"}


_ALPHA_RE = regex.compile(r"(?i)\b(?:considered|regarded|deemed|taken|accepted|set|defined|chosen)\b[^.;]{0,40}"
                          r"significan|significan\w*\s+(?:level\s+)?(?:was\s+|is\s+)?(?:set|defined|accepted|assumed)|"
                          r"\bwas\s+(?:statistically\s+)?significant\b|level\s+of\s+significance|alpha\s+level|"
                          r"significance\s+level")


def _protocol_kind(stat: Stat, s: Sentence) -> str | None:
    """dose, setting or criterion for numbers that describe the protocol, else None."""
    text = s.text
    if stat.kind == "p_value":
        # "P < .05 was considered significant": the analysis's alpha, not a result (the comparators are read before
        # the sentence is searched)
        if all(v.comparator in ("<", "<=", "≤") for v in stat.values) and _ALPHA_RE.search(text):
            return "setting"
        return None
    if stat.kind == "threshold":
        if s.section in ("methods", "introduction") and _INCLUSION_RE.search(text):
            return "criterion"
        return None
    if stat.kind not in ("range", "value"):  # every test below is of a range or a value
        return None
    units = {v.unit for v in stat.values}
    classes = {unit_class(u) for u in units}
    after = text[stat.b:stat.b + 30]
    methods = s.section in ("methods", "introduction")
    first = min(v.a for v in stat.values)
    if stat.kind == "range" and "time" in classes and _R(r"(?i)\b(?:for|over|during|within|every|lasting)\s*$").search(
            text[max(0, first - 12):first]):
        return "setting"
    if stat.kind == "range" and _R(r"(?i)\b(?:planned|scheduled|intended|target(?:ed)?|expected)\b(?:\s+[a-z-]+){0,3}"
                                   r"\s*$").search(text[max(0, first - 50):first]):
        return "setting"
    if stat.kind in ("range", "value"):
        before = text[max(0, first - 12):first]
        if "mass" in classes and _R(r"\s*(?:of|per)\s+[A-Za-z]").match(after) and not _R(
                r"(?i)\b(?:from|between)\s*$").search(before):
            return "dose"
        if "rate" in classes and _R(r"(?i)\b(?:of|at)\s*$").search(before):
            return "setting"
        if not methods:
            return None
        if "mass" in classes and _PROTOCOL_RE.search(text):
            return "dose"
        if "rate" in classes or "time" in classes:
            return "setting"
        if _PROTOCOL_RE.search(text) and not _R(r"(?i)\b(?:patients|participants)\s+were\s+\d").search(text):
            return "setting" if stat.kind == "range" else None
    return None


def sentence_to_claims(document: Document, s: Sentence, carry: _Carry) -> list[Claim]:
    """Claims of one sentence; ``carry`` holds the subject and group pair from earlier sentences."""
    if carry.paragraph != s.paragraph:
        carry.paragraph, carry.subject = s.paragraph, None
    if carry.section != s.section:
        carry.section, carry.pair = s.section, None
    text = s.text
    low = fold_or_none(text)
    # the words of the folded sentence, for the literal gates of number words, subjects, measures and times (none
    # without the folded text)
    words = ascii_words(low) if low is not None else None
    stats = sentence_to_stats(text, carry.label, words)
    if not stats:
        pair_m = _PAIR_RE.search(text) if "group" in text and _may_pair(text) else None
        if pair_m:
            carry.pair = (_phrase(s, *pair_m.span("a")), _phrase(s, *pair_m.span("b")))
        subjects = find_subjects(text, first_only=True, words=words)  # only the first is carried over
        if subjects:
            carry.subject = _phrase(s, *subjects[0])
        return []
    phrases = _Phrases(s)
    subjects = find_subjects(text, words=words)
    # Groups, time phrases and the named test depend on the text alone: each is found when first needed.
    groups: list[tuple[int, int]] | None = None
    times: list[tuple[int, int]] | None = None
    heads: list[tuple[int, int]] | None = None
    head_starts: dict[int, int] = {}  # find_measure's memo for this sentence
    named_test: str | None = None
    test_named = False
    pair_m = _PAIR_RE.search(text) if ("group" in text or "arms" in text or "conditions" in text) and _may_pair(
        text) else None
    if pair_m:
        carry.pair = (phrases.get(*pair_m.span("a")), phrases.get(*pair_m.span("b")))
    refs = []
    if "Table" in text or "Fig" in text:  # every reference _REFS_RE finds holds one of these
        for m in _REFS_RE.finditer(text):
            k = m.group("k").rstrip(".")
            k = {"Fig": "Fig.", "Figs": "Fig.", "Figure": "Fig.", "Figures": "Fig.", "Tables": "Table"}.get(k, k)
            refs.append(f"{k} {m.group('n')}")
    folded: str | None = None
    spans: list[tuple[int, int]] = []
    claims: list[Claim] = []
    own_subject: Phrase | None = None
    if subjects:
        a, b = subjects[0]
        own_subject = phrases.get(a, b)
    last_measure: Phrase | None = None  # a value the sentence does not name a measure for keeps the last one
    last_at = 0  # where the value that named last_measure starts
    prev_stat: Stat | None = None  # the last statistic of the sentence that was not a bare value
    inherited_subject: Phrase | None = None  # the carried subject marked inherited, made once
    for stat in stats:
        if not stat.values:
            continue
        first = min(v.a for v in stat.values)
        kind = stat.kind
        parallel = None
        if kind == "value" and prev_stat is not None and prev_stat.kind in ("mean_sd", "median") and len(
                stat.values) == 1 and {v.unit for v in prev_stat.values if v.role in ("mean", "median")} == {
                stat.values[0].unit} and _PARALLEL_RE.fullmatch(text, prev_stat.b, first):
            # "55.6 years in men and 48.0 years in women": the second value is the same statistic of another group
            parallel = next(v.role for v in prev_stat.values if v.role in ("mean", "median"))
            stat.values[0].role = parallel
            kind = prev_stat.kind
        if stat.kind != "value" or parallel is None:
            prev_stat = stat
        if kind == "value":
            units = {unit_class(v.unit) for v in stat.values}
            if "time" in units and not (s.section in ("methods", "introduction") and _R(
                    r"(?i)\b(?:for|every|each|lasting|lasted)\s*$").search(text[max(0, first - 10):first])):
                continue
            if _R(r"\s*-\s*[A-Za-z]").match(text[stat.b:stat.b + 3]) or _R(
                    r"\s*(?:indicating|being|means|meaning|represent\w*|correspond\w*|denot\w*|=)").match(text[stat.b:]):
                continue
        proto = _protocol_kind(stat, s)
        if proto is not None:
            kind = proto
        elif kind == "value":
            kind = "mean_sd"
        # Subject: a phrase naming people before the value (or the one containing it), else carried over.
        subj_span = None
        last = max(v.b for v in stat.values)
        for a, b in subjects:
            if a <= first or (a < last and b >= last):
                subj_span = (a, b)
        if kind in ("sample_size", "count", "percent", "category_counts"):
            if groups is None:
                groups = find_groups(text)
            for a, b in groups:
                if 0 <= first - b <= 8 and _R(r"\s*\(?\s*(?:[nN]\s*=\s*)?").fullmatch(text[b:first]):
                    subj_span = (a, b)
        if kind == "count" and len(stat.values) == 1:
            # "the 13 who either ...": the count names its own people.
            det = _run_before(_DET_BEFORE_RE, text, first, 12)
            rel = _SUBJ_REL_RE.match(text, stat.values[0].b)
            if det is not None and rel is not None and rel.end() > stat.values[0].b and text[
                    stat.values[0].b:rel.end()].lstrip().startswith(("who", "that")):
                subj_span = (det.start(1), rel.end())
        inside_subject = subj_span is not None and subj_span[0] <= first < subj_span[1]
        if inside_subject and kind == "range":
            kind = "criterion"
        subject: Phrase | None
        if subj_span is not None:
            subject = phrases.get(*subj_span)
        elif carry.subject is not None:
            if inherited_subject is None:
                inherited_subject = carry.subject.model_copy(update={"inherited": True})
            subject = inherited_subject
        else:
            subject = None
        if times is None:
            # "ranged from 34 to 78 years": a duration that is a reported number (a range's end, a mean) is no
            # time point
            reported = [(v.a, v.b) for st in stats if st.kind != "value" for v in st.values]
            times = [(a, b) for a, b in _find_times(text, words) if not any(a <= va < b for va, _vb in reported)]
        # (a time after the statistic is its own only within its clause: "the mean age was 60.6 years; the mean VAS
        # fell from 7.1 to 3.9 at 6 months" times the VAS, not the age)
        tspan = _nearest_before(times, first) or next(((a, b) for a, b in times if a >= stat.b), None)
        if tspan is not None and tspan[0] >= stat.b and ";" in text[stat.b:tspan[0]]:
            tspan = None
        time = phrases.get(*tspan) if tspan else None
        # a count or share after a semicolon starts a clause of its own: "median age 60 years; 10/14 were men"
        # counts the men, it does not measure age
        counted = kind in ("count", "percent", "category_counts", "sample_size")
        clause_lo = text.rfind(";", 0, first) + 1 if counted else 0
        if heads is None:
            heads = measure_heads(text, words)
        mspan = find_measure(text, max(0, first - 160, clause_lo), first, heads, head_starts)
        if mspan is not None and subj_span is not None and mspan[0] >= subj_span[0] and mspan[1] <= subj_span[1]:
            mspan = None
        measure = phrases.get(*mspan) if mspan else (last_measure if last_at >= clause_lo else None)
        last_measure, last_at = measure, first
        group_phrases: list[Phrase] = []
        side_groups: dict[int, Phrase] = {}
        if kind == "comparison":
            if groups is None:
                groups = find_groups(text)
            side_groups = _sides(s, stat, groups, carry, phrases)
            group_phrases = [side_groups[k] for k in sorted(side_groups)]
        values: list[Value] = []
        for v in stat.values:
            val = _value(document, s, v, side_groups.get(v.side) if v.side is not None and kind == "comparison"
                         else None)
            if val is not None:
                values.append(val)
        if not values:
            continue
        if not test_named and kind in ("p_value", "comparison"):
            named_test, test_named = test_name_in(text), True
        test_name = stat.test_name if kind == "test" else (named_test if kind in ("p_value", "comparison") and any(
            v.role == "p" for v in values) else None)
        if kind == "p_value":
            test_name = named_test
        if folded is None:
            folded, spans = s.folded, s.spans
        claims.append(_new_claim({
            "id": f"c-{kind}-{values[0].start}", "kind": kind, "section": s.section,
            "sentence": folded, "sentence_spans": spans, "values": values, "measure": measure, "subject": subject,
            "time": time, "groups": group_phrases, "test_name": test_name, "references": refs,
        }))
    if own_subject is not None:
        carry.subject = own_subject
    return claims


def _sides(s: Sentence, stat: Stat, groups: list[tuple[int, int]], carry: _Carry,
           phrases: _Phrases) -> dict[int, Phrase]:
    """The group of each side of 'A vs. B': named before A, between 'vs.' and B, after B, or by an earlier pair."""
    text = s.text
    side0 = [v for v in stat.values if v.side == 0]
    side1 = [v for v in stat.values if v.side == 1]
    if not side0 or not side1:
        return {}
    a0 = min(v.a for v in side0)
    b0 = max(v.b for v in side0)
    a1 = min(v.a for v in side1)
    b1 = max(v.b for v in side1)
    vs = _R(r"(?i)\bvs\.?|\bversus\b|\bv\.?(?=\s)|\bcompared\s+(?:with|to)\b|\bthan\b").search(text, pos=b0,
                      endpos=a1)
    vs_a = vs.start() if vs else a1
    vs_b = vs.end() if vs else a1
    g0 = g1 = None
    for a, b in groups:
        if b0 <= a and b <= vs_a and _R(r"(?i)\s*(?:[a-z]+\s+){0,2}(?:in|for|of|among)\s*$").match(text[b0:a] + " "):
            g0 = (a, b)
        elif vs_b <= a and b <= a1:
            g1 = (a, b)
        elif b1 <= a <= b1 + 40 and g1 is None and _AFTER_GROUP_RE.match(text[b1:a] + " "):
            g1 = (a, b)
    if g1 is None:
        for a, b in find_subjects(text):
            if b1 <= a <= b1 + 40 and _AFTER_GROUP_RE.match(text[b1:a] + " "):
                g1 = (a, b)
                break
    if g0 is None:
        before = [(a, b) for a, b in groups if b <= a0 and a0 - b <= 80]
        if before:
            g0 = before[-1]
    out: dict[int, Phrase] = {}
    if g0:
        out[0] = phrases.get(*g0)
    if g1:
        out[1] = phrases.get(*g1)
    pair = carry.pair
    if pair is not None:
        if 0 in out and 1 not in out:
            other = pair[1] if _content(out[0].text) & _content(pair[0].text) else pair[0]
            out[1] = other.model_copy(update={"inherited": True})
        elif 1 in out and 0 not in out:
            other = pair[0] if _content(out[1].text) & _content(pair[1].text) else pair[1]
            if _content(out[1].text) & _content(pair[0].text) and not _content(out[1].text) & _content(pair[1].text):
                other = pair[1]
            out[0] = other.model_copy(update={"inherited": True})
        elif not out:
            out = {0: pair[0].model_copy(update={"inherited": True}), 1: pair[1].model_copy(update={"inherited": True})}
    if 0 in out and 1 in out and not (out[0].inherited or out[1].inherited):
        carry.pair = (out[0], out[1])
    elif 0 in out and 1 in out and carry.pair is None:
        carry.pair = (out[0], out[1])
    return out


_AFTER_GROUP_RE = regex.compile(r"(?i)\s*\)?\s*(?:[a-z]+\s+){0,2}?(?:in|for|of|among)\s*$")


# "Values are mean (SD) unless stated otherwise", "Data are presented as mean (standard deviation)": how the
# paper prints 'X (Y)' in its prose
_LABEL_DECLARED = regex.compile(
    r"(?i)\b(?:values|data|results|figures|variables|numbers)\s+(?:are|were)\s+(?:\w+\s+){0,3}?(?:as\s+)?"
    r"(?:the\s+)?means?\s*\(\s*(?:SD|s\.d\.|standard\s+deviations?)\s*\)")


def document_to_label(document: Document) -> str | None:
    """'mean (sd)' when the paper says its values are printed as mean (SD), else None."""
    text = document.source_text
    if "SD" not in text:
        low = text.lower()
        if "standard deviation" not in low and "s.d." not in low:
            return None
    return "mean (sd)" if _LABEL_DECLARED.search(text) else None


def document_to_claims(document: Document, tables: list[Table]) -> list[Claim]:
    """Every statistic the prose reports, outside table bodies and reference lists, as claims."""
    carry = _Carry(label=document_to_label(document))
    claims: list[Claim] = []
    seen: set[str] = set()
    for s in document_to_sentences(document, tables):
        for c in sentence_to_claims(document, s, carry):
            if c.id in seen:
                continue
            seen.add(c.id)
            claims.append(c)
    claims.sort(key=lambda c: c.values[0].start)
    return claims
