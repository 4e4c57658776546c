"""claims_to_links: tie each reported number to the table columns and rows it describes, with evidence.

Columns are found by matching the claim's words (its measure phrase first, then the words around the number,
then the sentence) against each column's rebuilt header, unit, time point and legend codes. Abbreviations are
learned from the paper itself: definitions such as "long form (ABBR)" or "ABBR is long form" in the text and the
table legends, and two abbreviations used in front of the same words ("XAS pain", "XRS pain") count as the same
scale. A small general list of clinical synonyms (age/years, sex/gender/men/women, peak/highest, ...) helps.

Rows come from the subject: a tabulated group or "patients" gives all rows; a range in the text ("given 3-6
infusions") names a filter on the column its words match; a stated n must equal the size of the subset; a group
that is not tabulated (a control or comparison group with no rows) cannot be checked. A sentence that carries no
subject of its own inherits the subset named earlier in its paragraph. A count whose own subject could mean all
patients or the subset named just before gets both readings (the judgement lists both).

Nothing here knows any paper: only general words of clinical reporting.
"""

from __future__ import annotations

import math
import operator
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import regex

from paperaudit.extract._grammar import literal_alternation
from paperaudit.extract._units import unit_to_canonical
from paperaudit.schemas import Cell, Claim, Column, Document, Link, Phrase, Row, Table, Value


@lru_cache(maxsize=512)
def _rx(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """A compiled pattern (the regex module's own cache lookup is slow on hot paths)."""
    return regex.compile(pattern, flags)


def _re_search(pattern: str, text: str, flags: int = 0) -> regex.Match[str] | None:
    return _rx(pattern, flags).search(text)


def _re_match(pattern: str, text: str, flags: int = 0) -> regex.Match[str] | None:
    return _rx(pattern, flags).match(text)


def _re_fullmatch(pattern: str, text: str, flags: int = 0) -> regex.Match[str] | None:
    return _rx(pattern, flags).fullmatch(text)


def _re_finditer(pattern: str, text: str, flags: int = 0) -> Iterator[regex.Match[str]]:
    return _rx(pattern, flags).finditer(text)


def _re_sub(pattern: str, repl: str, text: str, flags: int = 0) -> str:
    return _rx(pattern, flags).sub(repl, text)


def _re_split(pattern: str, text: str, maxsplit: int = 0) -> list[str]:
    return _rx(pattern).split(text, maxsplit)


def _re_findall(pattern: str, text: str, flags: int = 0) -> list[str]:
    return _rx(pattern, flags).findall(text)


def _folded(text: str) -> str | None:
    """The text lowercased for _may_hold, or None when it holds a character that would make a substring test of
    the lowercased text disagree with the regex module ignoring case."""
    # İ, ſ and the Kelvin sign are the only characters the regex module, ignoring case, matches to an ASCII letter
    # other than its two cases (i, s, k); İ and the Kelvin sign are the only ones str.lower turns into ASCII.
    if "\u0130" in text or "\u017f" in text or "\u212a" in text:
        return None
    return text.lower()


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only when none of the lowercase ASCII `words` occurs in `text`, letters compared without case as the
    regex module compares them: a pattern ignoring case that needs one of them cannot match, and is not run."""
    low = _folded(text)
    return low is None or any(map(low.__contains__, words))


# ----------------------------------------------------------------------------------------------------------
# Words

# ASCII letters and digits only, no flags: the stdlib engine finds what the regex module finds, faster.
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# An ASCII text's bytes with every one that is no letter or digit made a space (bytes.translate's table)
_ALNUM_ONLY = bytes(c if chr(c).isascii() and chr(c).isalnum() else 0x20 for c in range(256))
_STOP = frozenset("""
a an the of in on at to for from by with and or but as is are was were be been being that which who whom whose
this these those their there then than it its they them he she his her we our us per each all any some no not
both either neither into over under after before during between among also only very such so thus therefore
however while when where what how had has have did do does done given received receiving underwent undergoing
patient patients subject subjects participant participants case cases individual individuals people person
group groups value values mean means median sd sds se range respectively total overall number numbers n
one two three four five six seven eight nine ten eleven twelve table fig figure vs versus v p
""".split())
# General clinical-reporting synonyms (first word is the canonical form). Not tied to any paper.
_SYNONYMS = [
    ["age", "aged", "old", "older", "younger"],
    ["sex", "gender", "men", "women", "man", "woman", "male", "female", "males", "females", "boy", "girl"],
    ["highest", "peak", "maximum", "maximal", "max", "top"],
    ["lowest", "minimum", "minimal", "min", "nadir"],
    ["dose", "dosage", "doses"],
    ["duration", "length", "lasting", "history"],
    ["weight", "mass"],
    ["height", "stature"],
    ["use", "consumption", "intake", "requirement", "requirements", "usage", "need"],
    ["opioid", "opiate", "narcotic", "morphine", "mso4", "mme"],
    ["score", "rating", "scale", "scores"],
    ["infusion", "infusions"],
    ["rate", "speed"],
    ["bmi", "body mass index"],
    ["diagnosis", "condition", "disease", "disorder", "etiology", "aetiology", "indication"],
    ["hospital", "hospitalisation", "hospitalization", "admission"],
]
_SYN: dict[str, str] = {}
for _grp in _SYNONYMS:
    for _w in _grp:
        if " " not in _w:
            _SYN.setdefault(_w, _grp[0])

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}


# number words as a trie ('s(?:even(?:teen)?|ix(?:teen)?)'): the same matches as the flat alternation sorted longest
# first, scanned far faster
_NUM_WORD = literal_alternation(_NUMBER_WORDS)
_NUM = r"(?:\d+(?:\.\d+)?|" + _NUM_WORD + r")"
# Every number word begins with one of these (the others extend them: 'four' for 'fourteen').
_NUMBER_WORD_HEADS = tuple(w for w in _NUMBER_WORDS if not any(o != w and w.startswith(o) for o in _NUMBER_WORDS))
def _occurrences(text: str, word: str) -> Iterator[int]:
    """Every place `word` begins in `text`, overlaps included."""
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)


# A number begins no later than its word does: 'attend' holds no 'ten d' (ten days), 'someone' no 'one'
_NOT_IN_WORD = r"(?<!\p{L})"


class _NumberLed:
    """A pattern ignoring case whose matches begin with a number (`_NUM`, maybe after a zero-width `lead` such as
    a word boundary), found as the regex module finds them but in two parts: the matches whose number is written
    in digits by a scan of the pattern with a digit number (which the engine skips through quickly), and those
    whose number is a word by matching the pattern with a word number only where a number word begins.

    The same matches: at any place the full pattern tries its digit number first and its word number second, and
    only one of them can begin there (a digit is no letter), so a match at a place is the digit pattern's match
    there or the word pattern's. finditer takes the leftmost match from where the last one ended; so does the
    merge below. The places where a number word may begin are read from the folded text, where a letter matches a
    word's letter ignoring case exactly when it lowercases to it (_folded returns None otherwise, and the full
    pattern then runs as before). Neither pattern looks behind its start other than through `lead`, which sees the
    text before the place it is tried at, as in a scan."""

    def __init__(self, lead: str, group: str, tail: str, flags: int = regex.I) -> None:
        self.full = regex.compile(f"{lead}(?P<{group}>{_NUM}){tail}", flags)
        self.digit = regex.compile(f"{lead}(?P<{group}>\\d+(?:\\.\\d+)?){tail}", flags)
        self.word = regex.compile(f"{lead}(?P<{group}>{_NUM_WORD}){tail}", flags)

    def finditer(self, text: str, low: str | None = None, words: bool | None = None) -> Iterator[regex.Match[str]]:
        """The matches of the full pattern, in order. A caller that has them passes `low`, _folded(text), and
        `words`, whether `low` holds one of _NUMBER_WORD_HEADS."""
        if low is None:
            low = _folded(text)
            if low is None:
                return self.full.finditer(text)
        if words is None:
            words = any(map(low.__contains__, _NUMBER_WORD_HEADS))
        if not words:
            return self.digit.finditer(text)
        starts = sorted({i for h in _NUMBER_WORD_HEADS for i in _occurrences(low, h)})
        return iter(self._merged(text, starts))

    def _merged(self, text: str, starts: list[int]) -> list[regex.Match[str]]:
        out: list[regex.Match[str]] = []
        pos = k = 0
        d = self.digit.search(text)
        while True:
            w = None
            while k < len(starts):
                at = starts[k]
                if at < pos:
                    k += 1
                    continue
                if d is not None and at > d.start():
                    break  # the digit match comes first
                w = self.word.match(text, at)
                if w is not None:
                    break
                k += 1
            m = w if w is not None else d
            if m is None:
                return out
            out.append(m)
            pos = m.end()
            if d is not None and d.start() < pos:
                d = self.digit.search(text, pos)


# Words that name a group which is not the treated/tabulated one, unless the table itself uses them.
_CONTROL_WORDS = frozenset({"control", "controls", "comparison", "placebo", "sham", "healthy", "untreated",
                            "reference", "usual", "standard", "nontreated", "non-treated", "historical"})
_PEOPLE = r"(?:patients?|subjects?|participants?|cases?|individuals?|persons?|people|children|adults?|men|women)"
# Every match of _PEOPLE holds one of these ('women' holds 'men').
_PEOPLE_NEEDS = ("patient", "subject", "participant", "case", "individual", "person", "people", "children", "adult",
                 "men")
# Words that add nothing to a count's condition ("11 patients thus completed ..."): verbs of having or getting.
_GENERIC = frozenset("""completed complete had received receiving given underwent treated took got showed reported
were was weekly daily thus therefore also who whom which a an the of in with all remaining study
infusion series entire planned initial consecutive records reviewed recorded""".split())


def _stem(w: str) -> str:
    return _stem_lower(w.lower())


def _stem_lower(w: str) -> str:
    if w in ("series", "species"):
        return w
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return _SYN.get(w, w)


_HYPHEN_BREAK = regex.compile(r"(?<=[a-z])-[ \t]*\r?\n\s*(?=[a-z])")


_FOLD = regex.compile(r"(?<=[a-z])-[ \t]*\r?\n\s*(?=[a-z])|\s+")
# The same matches as _FOLD except lone spaces, which _FOLD would replace by themselves.
_FOLD_CHANGES = regex.compile(r"(?<=[a-z])-[ \t]*\r?\n\s*(?=[a-z])|\s{2,}|[^\S ]")


def dehyphenate(text: str) -> tuple[str, list[int]]:
    """The text with words joined across line-end hyphens and whitespace folded to single spaces, and for each
    character of the result its index in `text` (so matches map back to source spans)."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    # Only folds that change something: a single space stays as it is (and is most of the matches of _FOLD).
    for m in _FOLD_CHANGES.finditer(text):
        out.append(text[pos:m.start()])
        where.extend(range(pos, m.start()))
        if text[m.start()].isspace():
            out.append(" ")
            where.append(m.start())
        pos = m.end()
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    where.append(len(text))
    return "".join(out), where


def words_of(text: str) -> list[str]:
    """Normalised content words of a text: lowercase, crude singular, synonyms folded, stopwords out."""
    return list(_words_cached(text))


@lru_cache(maxsize=8192)
def _words_cached(text: str) -> tuple[str, ...]:
    # a word hyphenated over lines needs a hyphen right before a space, tab, carriage return or line break (every
    # match of _HYPHEN_BREAK holds one of these pairs) and a line break: a text without both skips the substitution
    if "\n" in text and ("-\n" in text or "- " in text or "-\r" in text or "-\t" in text):
        text = _HYPHEN_BREAK.sub("", text)
    if text.isascii():
        # _TOKEN's matches in ASCII text: each run of letters and digits from its first letter on (a match starts at
        # the first letter of a run and takes the rest of it; a run of digits only holds none), found by C string
        # methods rather than a pattern scan
        runs = text.encode().translate(_ALNUM_ONLY).decode().split()
        tokens = [r if r[0] > "9" else r.lstrip("0123456789") for r in runs if not r.isdigit()]
    else:
        tokens = _TOKEN.findall(text)
    # no key is empty: filter(None, ...) drops exactly the stopwords' None
    return tuple(filter(None, map(_word_key, tokens)))


@lru_cache(maxsize=8192)
def _word_key(token: str) -> str | None:
    """The normalised form of one token, None for a stopword (memoised: a paper repeats its words)."""
    low = token.lower()
    return None if low in _STOP else _stem_lower(low)


def number_of(text: str) -> Decimal | None:
    """A number written with digits or as a small number word."""
    t = text.strip().lower()
    if t in _NUMBER_WORDS:
        return Decimal(_NUMBER_WORDS[t])
    try:
        return Decimal(t)
    except ArithmeticError:
        return None


def _is_abbrev(w: str) -> bool:
    return len(w) >= 2 and sum(ch.isupper() for ch in w) >= 2 and w[0].isupper() and len(w) <= 8


# ----------------------------------------------------------------------------------------------------------
# Time points

_UNIT_DAYS = {"h": Decimal(1) / 24, "hour": Decimal(1) / 24, "hr": Decimal(1) / 24, "day": Decimal(1),
              "d": Decimal(1), "week": Decimal(7), "wk": Decimal(7), "month": Decimal(30), "mo": Decimal(30),
              "year": Decimal(365), "yr": Decimal(365)}
_DUR = _NumberLed(_NOT_IN_WORD, "a", r"(?:\s*(?:-|–|to)\s*(?P<b>" + _NUM + r"))?[\s-]*"
                  r"(?P<u>hours?|hrs?|h|days?|d|weeks?|wks?|months?|mos?|years?|yrs?)\b")
_BEFORE_CUE = regex.compile(r"\b(?:at|after|by|within|following|post|until|to)\s*$", regex.I)
_AFTER_CUE = regex.compile(r"^[\s-]*(?:later|after|post|follow[- ]?up|of follow|thereafter|afterwards)\b", regex.I)
_BASELINE = regex.compile(
    r"\b(?:baseline|pre[-\s+]?(?:treatment|infusion|operative|op|surgery|intervention)|at\s+(?:entry|inclusion|"
    r"admission|enrol+ment)|before(?:\s+the)?(?:\s+first|\s+start|\s+beginning|\s+initiation|)(?:\s+of)?(?:\s+the)?\s+"
    r"(?:treatment|infusions?|surgery|therapy|intervention|operation|trial|study)|before\s+beginning|prior\s+to\s+"
    r"(?:treatment|the|infusion|surgery|therapy)|initial(?:ly)?)\b", regex.I)
_POST = regex.compile(
    r"\b(?:(?:immediately\s+|just\s+|directly\s+|right\s+)?(?:after|following|post)[-\s+](?:the\s+|each\s+|a\s+|their\s+)?"
    r"(?:last\s+|final\s+|first\s+|\w+\s+){0,3}?(?:treatment|infusions?(?:\s+(?:cycles?|series))?|surgery|therapy|intervention|operation|completion|series|course|session|visit|"
    r"end)|at\s+(?:discharge|the\s+end)|end\s+of\s+(?:treatment|therapy|the\s+study|follow[-\s+]?up)|post[-\s+]?"
    r"(?:treatment|infusion|operative|op|intervention)|at\s+follow[-\s+]?up|"
    r"once\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:was|were|had\s+been|is|are)\s+(?:completed|finished|over|ended|done)|"
    r"(?:right|immediately|just|directly)\s+after|(?:completion|end)\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+){0,3}?"
    r"(?:series|course|treatment|infusions?|therapy))\b", regex.I)


_DIGIT = regex.compile(r"\d")


def _has_digit(text: str) -> bool:
    """_DIGIT.search(text) is not None, an ASCII text asked by ten substring tests (its only digits to the regex
    module are 0-9; C searches, much quicker than the scan over a long text)."""
    if text.isascii():
        return any(map(text.__contains__, "0123456789"))
    return _DIGIT.search(text) is not None
# Every match of _BASELINE, of _POST holds one of these words (each alternative of the pattern spells one).
_BASELINE_NEEDS = ("baseline", "pre", "entry", "inclusion", "admission", "enrol", "before", "prior", "initial")
_POST_NEEDS = ("after", "follow", "post", "discharge", "end", "once", "completion")
# Every match of _BASELINE, of _POST begins with one of these words (each alternative of the pattern starts with
# one, after its word boundary).
_BASELINE_STARTS = ("baseline", "pre", "at", "before", "prior", "initial")
_POST_STARTS = ("immediately", "just", "directly", "right", "after", "following", "post", "at", "end", "once",
                "completion")


def _word_led(rx: regex.Pattern[str], starts: tuple[str, ...], text: str, low: str | None, chars: str = ""
              ) -> Iterator[regex.Match[str]]:
    """rx.finditer(text) for a pattern ignoring case whose every match begins with one of the characters `chars` or
    with a word boundary and one of the lowercase ASCII words `starts`: the pattern is tried only where one of those
    begins (the words in `low`, _folded(text), after no ASCII letter, digit or underscore: after one of those, the
    boundary fails), in order, each try from where the last match ended; a place where none begins cannot start a
    match. None for `low` scans as before. The first match is rx.search's."""
    if low is None:
        yield from rx.finditer(text)
        return
    places = sorted({i for w in starts for i in _occurrences(low, w)
                     if i == 0 or not (low[i - 1].isascii() and (low[i - 1].isalnum() or low[i - 1] == "_"))}
                    | {i for ch in chars for i in _occurrences(text, ch)})
    pos = 0
    for i in places:
        if i < pos:
            continue
        m = rx.match(text, i)
        if m is not None:
            yield m
            pos = m.end()


_EVENT = regex.compile(r"\s*(?:the\s+|their\s+)?(?:last\s+|final\s+|first\s+|\w+\s+){0,3}?(?:treatment|"
                       r"infusions?|surgery|therapy|intervention|operation|completion|series|course|session|visit|"
                       r"end|discharge|cycles?)\b(?:\s+(?:of\s+)?(?:the\s+)?(?:\w+\s+){0,2}?(?:infusions?|"
                       r"treatment|cycles?|series|therapy))?", regex.I)


@dataclass(frozen=True)
class TimeMention:
    """A time point mentioned in text: 'baseline', 'post', or 'days:<lo>-<hi>'."""

    key: str
    start: int
    end: int
    text: str


def _days(a: Decimal, u: str) -> Decimal:
    u = u.lower().rstrip("s")
    return a * _UNIT_DAYS.get(u, _UNIT_DAYS.get(u[:2], Decimal(1)))


def time_mentions(text: str, offset: int = 0, skip: Iterable[tuple[int, int]] = (), cue_free: bool = False
                  ) -> list[TimeMention]:
    """Time points in `text` (positions shifted by `offset`). Durations count only with a time cue ('at 6
    months', '6 months later'), so '10 years' of pain is not a time point; spans in `skip` (the claim's own
    numbers) are never durations. `cue_free` accepts bare durations (for column headers)."""
    skip = list(skip)
    if not offset and not skip:
        return list(_time_mentions_cached(text, cue_free))  # TimeMentions are frozen: the cached ones serve as they are
    out: list[TimeMention] = []
    for t in _time_mentions_cached(text, cue_free):
        s, e = t.start + offset, t.end + offset
        if any(a < e and s < b for a, b in skip):
            continue
        out.append(TimeMention(t.key, s, e, t.text))
    return out


@lru_cache(maxsize=4096)
def _time_mentions_cached(raw_text: str, cue_free: bool) -> tuple[TimeMention, ...]:
    """Time mentions with spans into `raw_text` (cached: the same sentence is asked about many times)."""
    plain = _plain_spaces(raw_text)
    if plain and _folds_line_breaks_only(raw_text):
        # the folded text is as long as the raw one and each of its characters is where the raw one's is
        return tuple(TimeMention(t.key, t.start, t.end, raw_text[t.start:t.end])
                     for t in _time_mentions_flat(raw_text.replace("\n", " "), skip=[], cue_free=cue_free))
    pieces = _space_break_pieces(raw_text) if plain else None
    text, outs, srcs = pieces or _fold_pieces(raw_text, _fold_changes_for(raw_text, plain))
    out = []
    for t in _time_mentions_flat(text, skip=[], cue_free=cue_free):
        a = bisect_right(outs, t.start) - 1
        b = bisect_right(outs, t.end - 1) - 1
        s, e = srcs[a] + t.start - outs[a], srcs[b] + t.end - 1 - outs[b] + 1
        out.append(TimeMention(t.key, s, e, raw_text[s:e]))
    return tuple(out)


# Characters that are no whitespace to the regex module (checked here, so the set holds whatever its version):
# printable ASCII but the space, and punctuation and symbols common in papers.
_NOT_SPACE = "".join(ch for ch in "".join(map(chr, range(0x21, 0x7f))) + "±–—‒−’‘“”′″≤≥≈×÷·°µ…•§¶†‡%‰"
                     if not regex.match(r"\s", ch))
# A character that may be whitespace other than a space and a line break (stdlib re: a plain set of characters).
_OTHER_SPACE = re.compile("[^ \n" + re.escape(_NOT_SPACE) + "]")
# The ASCII characters _OTHER_SPACE finds: every one but the space, the line break and those of _NOT_SPACE
_ASCII_OTHER_SPACE = tuple(ch for ch in map(chr, range(128)) if _OTHER_SPACE.match(ch))


def _plain_spaces(text: str) -> bool:
    """Is every character of the text that may be whitespace a space or a line break (_OTHER_SPACE finds none)?
    An ASCII text is asked by a substring test per ASCII character _OTHER_SPACE finds (C searches, much quicker
    than its scan over a long text: a sentence with a table blanked inside it)."""
    if text.isascii():
        return not any(map(text.__contains__, _ASCII_OTHER_SPACE))
    return _OTHER_SPACE.search(text) is None


def _folds_line_breaks_only(text: str) -> bool:
    """For a text of _plain_spaces: True when folding it (_fold_pieces) only turns line breaks into spaces, one
    for one: its whitespace is spaces and line breaks, never two together, and no line break follows a hyphen.
    Every match of _FOLD_CHANGES is then a lone line break: a hyphen break needs a hyphen right before its line
    break (no tab, carriage return or space can stand between them), a run needs two whitespace characters
    together."""
    return "  " not in text and " \n" not in text and "\n " not in text and "\n\n" not in text and "-\n" not in text


def _space_break_pieces(text: str) -> tuple[str, list[int], list[int]] | None:
    """For a text of _plain_spaces: _fold_pieces' text and a map back that places every character where
    _fold_pieces' map does, found without a pattern scan, for the common text whose whitespace is spaces and line
    breaks that follow at most one space (lines ending in a space); None for any other text.

    Such a text has no hyphen break (its line breaks follow no hyphen, nor a hyphen and one space; no tab or
    carriage return can stand between) and its whitespace runs are a lone space, a lone line break, or a space
    and a line break (no two spaces, no line break before a space or a line break): _FOLD_CHANGES matches each
    ' \n' (a run of two) and each lone line break, and _fold_pieces makes each a single space at the place of
    its first character. Only ' \n' shifts what follows (by one character): the pieces here start at 0 and after
    each ' \n', and within a piece the characters map one for one, as they do across the finer pieces of
    _fold_pieces (a piece it starts at a lone line break, or at the space of a ' \n', continues the one before)."""
    if "  " in text or "\n " in text or "\n\n" in text or "-\n" in text or "- \n" in text:
        return None
    outs = [0]
    srcs = [0]
    k = 0  # the ' \n' before this one, each folded one character shorter
    a = text.find(" \n")
    while a >= 0:
        if a + 2 < len(text):
            outs.append(a - k + 1)
            srcs.append(a + 2)
        k += 1
        a = text.find(" \n", a + 2)
    return text.replace(" \n", " ").replace("\n", " "), outs, srcs


# _FOLD_CHANGES' matches in a text whose whitespace is spaces and line breaks and which holds no hyphen before a
# space or a line break (stdlib re; see _fold_changes_for)
_SPACE_RUNS = re.compile(r"[ \n]{2,}|\n")
# _FOLD_CHANGES in stdlib re: the same matches in a text of _plain_spaces (see _fold_changes_for)
_FOLD_CHANGES_RE = re.compile(_FOLD_CHANGES.pattern)


def _fold_changes_for(text: str, plain: bool) -> re.Pattern[str] | regex.Pattern[str]:
    """A pattern with _FOLD_CHANGES' matches in `text`, whose _plain_spaces is `plain`; stdlib re's scan of long
    blank runs (tables blanked in a sentence) is the quicker one.

    In a text of _plain_spaces both engines' \\s are its spaces and line breaks (they differ only on U+001C to
    U+001F, which _OTHER_SPACE finds), and the rest of the pattern is ASCII literals and ranges, the same to both:
    _FOLD_CHANGES_RE has the same matches. When also no hyphen stands right before a space or a line break, no
    hyphen break can match (one needs a hyphen, spaces or tabs, a line break), so _FOLD_CHANGES matches at the
    first character of each whitespace run of two or more (taking all of it) and at each lone line break: what
    _SPACE_RUNS matches, scanning from the left as it does."""
    if not plain:
        return _FOLD_CHANGES
    if "-\n" not in text and "- " not in text:
        return _SPACE_RUNS
    return _FOLD_CHANGES_RE


def _fold_pieces(text: str, changes: re.Pattern[str] | regex.Pattern[str] = _FOLD_CHANGES
                 ) -> tuple[str, list[int], list[int]]:
    """dehyphenate's text, with its map back to `text` as pieces rather than one index per character: piece k
    starts at outs[k] in the result and at srcs[k] in `text` (a folded whitespace run is a piece of one space).
    `changes`: _FOLD_CHANGES, or a pattern with the same matches in `text`."""
    out: list[str] = []
    outs: list[int] = []
    srcs: list[int] = []
    n = pos = 0
    for m in changes.finditer(text):
        a = m.start()
        if a > pos:
            outs.append(n)
            srcs.append(pos)
            out.append(text[pos:a])
            n += a - pos
        if text[a].isspace():
            outs.append(n)
            srcs.append(a)
            out.append(" ")
            n += 1
        pos = m.end()
    if pos < len(text):
        outs.append(n)
        srcs.append(pos)
        out.append(text[pos:])
    return "".join(out), outs, srcs


def _time_mentions_flat(text: str, skip: list[tuple[int, int]], cue_free: bool, offset: int = 0
                        ) -> list[TimeMention]:
    out: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    low = _folded(text)
    words = low is not None and any(map(low.__contains__, _NUMBER_WORD_HEADS))
    # a duration starts with a number: a text with no digit and no number word has none
    has_number = low is None or words or _has_digit(text)
    for m in _DUR.finditer(text, low, words) if has_number else ():
        s, e = m.start() + offset, m.end() + offset
        if any(a < e and s < b for a, b in skip):
            continue
        before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 20]
        if not cue_free and not (_BEFORE_CUE.search(before) or _AFTER_CUE.match(after)):
            continue
        if text[max(0, m.start() - 10):m.start()].rstrip().endswith(("previous", "past", "last", "over the")):
            continue
        a = number_of(m.group("a"))
        b = number_of(m.group("b")) if m.group("b") else a
        if a is None or b is None:
            continue
        lo, hi = _days(a, m.group("u")), _days(b, m.group("u"))
        cue = _AFTER_CUE.match(after)
        end = m.end() + (len(cue.group(0)) if cue else 0)
        # "6 months after the last infusion": the event belongs to the duration.
        ev = _POST.match(text, m.end() + 1) if cue and cue.group(0).strip().lower() == "after" else None
        ev = ev or (_EVENT.match(text, end) if cue else None)
        if ev:
            end = ev.end()
        out.append(TimeMention(f"days:{_fmt(lo)}-{_fmt(hi)}", s, end + offset, text[m.start():end]))
        taken.append((m.start(), end))
    for rx, key, needs, starts in ((_BASELINE, "baseline", _BASELINE_NEEDS, _BASELINE_STARTS),
                                   (_POST, "post", _POST_NEEDS, _POST_STARTS)):
        if low is not None and not any(map(low.__contains__, needs)):
            continue
        for m in _word_led(rx, starts, text, low):
            ms, me = m.span()
            if taken and any(a <= ms < b or a < me <= b for a, b in taken):
                continue
            out.append(TimeMention(key, m.start() + offset, m.end() + offset, m.group(0)))
    out.sort(key=lambda t: t.start)
    return out


def _fmt(d: Decimal) -> str:
    return format(d.quantize(Decimal("0.01")).normalize(), "f")


def same_time(a: str, b: str) -> bool:
    """Two time keys name the same point: equal, or single durations within 10% (12 weeks ~ 3 months)."""
    if a == b:
        return True
    if a.startswith("days:") and b.startswith("days:"):
        alo, ahi = (Decimal(x) for x in a[5:].split("-"))
        blo, bhi = (Decimal(x) for x in b[5:].split("-"))
        if alo != ahi or blo != bhi:
            return False
        return abs(alo - blo) <= Decimal("0.1") * max(alo, blo)
    return False


def column_time(col: Column) -> str | None:
    """The time key of a column, from Column.time or its header."""
    for text in (col.time, col.header):
        if not text:
            continue
        ts = time_mentions(text, cue_free=True)
        if ts:
            return ts[-1].key
        if _re_search(r"\b(?:before|pre|prior)\b", text, regex.I):
            return "baseline"
        if _re_search(r"\b(?:after|post|following|discharge|end)\b", text, regex.I) or (
                text is col.time and _re_search(r"\bfollow[- ]?up\b|^(?:on|during|under)\b", text, regex.I)) or \
                _re_search(r"\b(?:on|during|under)\s+(?:the\s+)?[\p{L}-]+\s*$", _re_sub(r"\([^()]*\)", " ", text),
                           regex.I):
            # a header's own time word 'follow-up' ('NRS follow-up'), or a sub-header or header ending 'on
            # diet' / 'during treatment', is the time after; a header that is only 'Follow-up (months)' sets no
            # Column.time and stays a duration
            return "post"
    return None


# ----------------------------------------------------------------------------------------------------------
# Vocabulary learned from the paper


@dataclass
class Vocabulary:
    """Abbreviations defined in the paper and scales used interchangeably, learned from its text."""

    meanings: dict[str, set[str]] = field(default_factory=dict)  # ABBR -> words of its long form
    same: dict[str, set[str]] = field(default_factory=dict)  # ABBR -> other abbreviations used alike

    def expand(self, words: list[str], raw: str) -> set[str]:
        out = set(words)
        for m in _TOKEN.finditer(raw):
            w = m.group(0)
            for a in {w, *self.same.get(w, set())}:
                out |= self.meanings.get(a, set())
                if a != w:
                    out.add(_stem(a))
        return out


_ABBR_PAREN = regex.compile(r"\(\s*([A-Z][A-Za-z0-9]{1,7})\s*[);,]")
# An abbreviation starts at a capital with no word character before it: '\b[A-Z]', written capital first
# ('[A-Z](?<!\w[A-Z])', the same matches) so the engine can skip ahead to the next capital.
_DEF_IS = regex.compile(r"([A-Z](?<!\w[A-Z])[A-Za-z0-9]{1,7})\s*(?:is|are|means|=|–|-|:)\s*([A-Za-z][^.;()]{3,80})")
# Words that follow many measures alike ('CRP below 5', 'DAS28 below 2.6', 'CRP level', 'ESR level'): sharing one
# says nothing of two abbreviations naming the same scale, as sharing 'pain' does ('VAS pain', 'VRS pain').
_NOT_NAMING = frozenset("""
below above less more higher lower greater fewer exceeding fell rose decreased increased improved declined dropped
remained reached changed normalised normalized returned level levels concentration concentrations value values
measurement measurements result results score scores count counts rate rates ratio index
""".split())
_ABBR_WORD = regex.compile(r"([A-Z](?<!\w[A-Z])[A-Za-z0-9]{1,7})\s+([a-z][a-z]+)")


def document_to_vocabulary(text: str, tables: list[Table]) -> Vocabulary:
    """Abbreviation meanings from 'long form (ABBR)', 'ABBR is long form' and legends; abbreviations that stand
    before the same word in the text ('XAS pain', 'XRS pain') are learned to name the same scale."""
    voc = Vocabulary()
    for m in _ABBR_PAREN.finditer(text):
        abbr = m.group(1)
        if not _is_abbrev(abbr):
            continue
        long_words = _re_findall(r"[A-Za-z][\w'-]*", text[max(0, m.start() - 100):m.start()])[-8:]
        letters = [ch for ch in abbr if ch.isupper()]
        take = long_words[-len(letters):] if len(long_words) >= len(letters) else long_words
        if take and take[0][0].upper() == letters[0]:
            voc.meanings.setdefault(abbr, set()).update(words_of(" ".join(take)))
    for m in _DEF_IS.finditer(text):
        abbr = m.group(1)
        if _is_abbrev(abbr):
            voc.meanings.setdefault(abbr, set()).update(words_of(m.group(2))[:6])
    for t in tables:
        for code in [*t.legend, *(c for col in t.columns for c in col.codes)]:
            if code.code.strip():
                voc.meanings.setdefault(code.code.strip(), set()).update(words_of(code.meaning)[:6])
    # Abbreviations used in front of the same content word name the same thing.
    follow: dict[str, set[str]] = {}
    for m in _ABBR_WORD.finditer(text):
        if _is_abbrev(m.group(1)) and m.group(2) not in _STOP and m.group(2) not in _NOT_NAMING:
            follow.setdefault(_stem(m.group(2)), set()).add(m.group(1))
    for abbrs in follow.values():
        if 1 < len(abbrs) <= 3:
            for a in abbrs:
                voc.same.setdefault(a, set()).update(abbrs - {a})
    return voc


# ----------------------------------------------------------------------------------------------------------
# Columns


@dataclass
class ColumnInfo:
    """What a column is about, in normalised words, with its time point and family (same measure, other times)."""

    table: Table
    column: Column
    words: set[str]
    time: str | None
    numeric: bool
    family: int = -1
    count_like: bool = False
    # Read from the (frozen) table once per audit, on first use: the many claims of a paper ask again and again.
    _texts: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    _numbers: dict[str, Decimal] | None = field(default=None, repr=False, compare=False)
    _between: dict[tuple[Decimal, Decimal], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _values: tuple[int, set[str], list[tuple[str, regex.Pattern[str]]]] | None = field(
        default=None, repr=False, compare=False)
    _matching: tuple[bool, list[str], list[tuple[str, str, str, str | None, str | None]],
                     list[tuple[str, list[str]]]] | None = \
        field(default=None, repr=False, compare=False)
    _categories: dict[tuple[str, bool], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def cell_values(self) -> tuple[int, set[str], list[tuple[str, regex.Pattern[str]]]]:
        """(the column's index in its table, its set of non-empty cell texts, and each text of several words with
        the pattern that finds it named whole in a sentence)."""
        if self._values is None:
            k = [x.name for x in self.table.columns].index(self.column.name)
            values = {r.cells[k].text for r in self.table.rows if r.cells[k].text}
            multi = [(v, _rx(r"(?i)\b" + regex.escape(v) + r"\b")) for v in values if " " in v]
            self._values = (k, values, multi)
        return self._values

    def matching(self) -> tuple[bool, list[str], list[tuple[str, str, str, str | None, str | None]],
                                list[tuple[str, list[str]]]]:
        """What _category_matches compares a word with: whether every cell text is yes or no, the header words of
        five letters or more, each distinct text with its lowercase form, that form without a plural s, its sex
        and its verb stem (one word only), and each legend code with the words of its meaning."""
        if self._matching is None:
            values = self.distinct_texts()
            yes_no = bool(values) and {v.lower() for v in values} <= _YES_NO
            head = [h for h in words_of(self.column.header) if len(h) >= 5]
            if yes_no:
                # a yes/no column headed by an abbreviation the legend spells out ('MO' over Y/N cells, 'MO,
                # medication overuse'): the words of that meaning name it too ('the 7 patients with medication
                # overuse'); only for yes/no columns, whose header is all they can be named by
                toks = set(self.column.header.split())
                head += [h for lc in self.table.legend if lc.code in toks
                         for h in words_of(lc.meaning) if len(h) >= 5]
            lowered = [(v, v.lower(), v.lower().rstrip("s"), _SEX.get(v.lower()),
                        None if " " in v else _verb_stem(v.lower())) for v in values]
            codes = [(code.code, code.meaning.lower().split()) for code in [*self.column.codes, *self.table.legend]]
            self._matching = (yes_no, head, lowered, codes)
        return self._matching

    def distinct_texts(self) -> tuple[str, ...]:
        """The column's distinct non-empty cell texts, sorted."""
        if self._texts is None:
            name = self.column.name
            self._texts = tuple(sorted({r.cell(name).text for r in self.table.rows if r.cell(name).text}))
        return self._texts

    def ids_between(self, lo: Decimal, hi: Decimal) -> tuple[str, ...]:
        """Ids of the rows whose number lies in [lo, hi], in table order (memoised by the bounds' values: bounds
        that compare equal select the same rows)."""
        key = (lo, hi)
        hit = self._between.get(key)
        if hit is None:
            hit = self._between[key] = tuple(r for r, v in self.numbers().items() if lo <= v <= hi)
        return hit

    def numbers(self) -> dict[str, Decimal]:
        """Row id -> number, for the column's cells that hold one."""
        if self._numbers is None:
            self._numbers = _numeric_cells(self.table, self.column.name)
        return self._numbers


_COUNT_UNITS = frozenset({"number", "n", "no", "count", "times"})


_UNIT_ALIASES = {
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "min", "mins": "min", "minute": "min",
    "minutes": "min", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "d": "d", "day": "d", "days": "d",
    "wk": "wk", "week": "wk", "weeks": "wk", "mo": "mo", "month": "mo", "months": "mo", "y": "y", "yr": "y",
    "yrs": "y", "year": "y", "years": "y", "ug": "µg", "mcg": "µg", "µg": "µg", "l": "l", "ml": "ml",
}


def _unit_key(u: str | None) -> str:
    if not u:
        return ""
    t0 = u.strip().lower()
    if t0 in _UNIT_ALIASES:
        return _UNIT_ALIASES[t0]
    t = u.lower().replace(" ", "")
    t = t.replace("hours", "h").replace("hour", "h").replace("hr", "h").replace("/day", "/d").replace("perday", "/d")
    t = _re_sub(r"[()\[\]]", "", t)
    return t


_TIME_KEYS = frozenset({"s", "min", "h", "d", "wk", "mo", "y"})
# a header that says its cells count things: 'Infusions (n)', 'Relapses (no.)', 'Number of seizures'
_COUNT_HEADER = regex.compile(r"(?i)\((?:n|no\.?|number)\)|^\s*(?:number|no\.)\s+of\b")


def _counts_things(col: Column) -> bool:
    """Does the column count things ('Lidocaine infusions (n)') and name no unit of time in its header or unit?"""
    header = col.header or ""
    unit_words = set(_re_findall(r"[a-zµ]+", (col.unit or "").lower()))
    if not (_COUNT_HEADER.search(header) or unit_words & _COUNT_UNITS):
        return False
    return not any(_unit_key(w) in _TIME_KEYS for w in _re_findall(r"[a-zµ]+", f"{header} {col.unit or ''}".lower()))


@lru_cache(maxsize=1024)
def unit_compatible(a: str | None, b: str | None) -> bool | None:
    """True when two units agree (mg/hour ~ mg/h; 'mg MSO4 equivalents' ~ mg), False when they clash, None when
    either is missing."""
    ka, kb = _unit_key(a), _unit_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return True
    base_a, base_b = _re_match(r"[a-zµ%/0-9]+", ka), _re_match(r"[a-zµ%/0-9]+", kb)
    if base_a and base_b:
        x, y = base_a.group(0), base_b.group(0)
        if ("/" in x) != ("/" in y) or ("%" in x) != ("%" in y):
            return False
        if x == y or x.rstrip("s") == y.rstrip("s"):
            return True
        wa, wb = words_of(a or ""), words_of(b or "")
        if wa and wb and wa[0] == wb[0]:
            return True
        known = set(_UNIT_ALIASES.values()) | {"mg", "g", "kg", "%", "mmhg", "cm", "m", "mm", "ml", "l", "µg"}
        if x.split("/")[0] in known and y.split("/")[0] in known:
            return False
        return None
    return None


def table_to_columns(table: Table, voc: Vocabulary) -> list[ColumnInfo]:
    """Column descriptors of a table with families: columns whose measure words agree but times differ."""
    infos: list[ColumnInfo] = []
    for col in table.columns:
        if col.dtype == "id":
            continue
        header = col.header or col.name.replace("_", " ")
        time = column_time(col)
        bare = header
        for tm in time_mentions(header, cue_free=True):
            bare = bare.replace(tm.text, " ")
        if col.time:
            bare = bare.replace(col.time, " ")
            for lc in table.legend if col.time not in header else ():
                if col.time in lc.meaning:
                    # the time came from a legend code ('NRS FU', 'FU, follow-up at 12 weeks'): the code is no measure
                    bare = _re_sub(r"(?<!\w)" + regex.escape(lc.code) + r"(?!\w)", " ", bare)
        bare = _re_sub(r"\b(?:before|after|later|prior|pre|post|following|at|baseline)\b", " ", bare, flags=regex.I)
        ws = voc.expand(words_of(bare), bare)
        unit_words = set(words_of(col.unit or ""))
        ws -= unit_words - {_stem(w) for w in words_of(_re_sub(r"\(.*?\)", " ", bare))}
        numeric = col.dtype in ("integer", "decimal")
        infos.append(ColumnInfo(table, col, ws, time, numeric,
                                count_like=bool(unit_words & _COUNT_UNITS) or "number" in header.lower()))
    fam = 0
    for i, a in enumerate(infos):
        if a.family >= 0:
            continue
        a.family = fam
        for b in infos[i + 1:]:
            if b.family < 0 and b.numeric == a.numeric and a.words and b.words:
                inter, union = len(a.words & b.words), len(a.words | b.words)
                if inter / union >= 0.5 and (a.time or b.time) and a.time != b.time:
                    b.family = fam
        fam += 1
    return infos


# _idf's answers by the columns asked about (emptied by claims_to_links, and when it grows large); each entry keeps
# its columns, so the ids in its key stay theirs.
_IDF: dict[tuple[int, ...], tuple[list[ColumnInfo], dict[str, float]]] = {}


def _idf(infos: list[ColumnInfo]) -> dict[str, float]:
    """Inverse document frequency of each column word over these columns (read only by the callers)."""
    key = tuple(map(id, infos))
    hit = _IDF.get(key)
    if hit is not None:
        return hit[1]
    if len(_IDF) > 256:
        _IDF.clear()
    out = _idf_of(infos)
    _IDF[key] = (list(infos), out)
    return out


def _idf_of(infos: list[ColumnInfo]) -> dict[str, float]:
    df: dict[str, int] = {}
    for c in infos:
        for w in c.words:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(infos))
    return {w: math.log(1 + n / k) for w, k in df.items()}


def column_scores(infos: list[ColumnInfo], strong: set[str], weak: set[str], unit: str | None,
                  count_claim: bool = False) -> list[tuple[float, ColumnInfo, list[str]]]:
    """Score each column against the claim's words; returns (score, column, evidence), best first."""
    idf = _idf(infos)
    out = []
    for c in infos:
        s = 0.0
        ev: list[str] = []
        # Sorted: set order changes with the hash seed, and evidence (and float sums) must not.
        for w in sorted(c.words & strong):
            s += idf.get(w, 1.0)
            ev.append(w)
        for w in sorted((c.words & weak) - strong):
            s += 0.4 * idf.get(w, 1.0)
            ev.append(w)
        if s > 0:
            uc = unit_compatible(unit, c.column.unit)
            if uc is True:
                s += 0.5
                ev.append(f"unit {unit}")
            elif uc is False:
                s -= 1.0
            elif unit is None and count_claim and c.count_like:
                s += 0.5
            elif unit is None and count_claim and c.column.unit and not c.count_like:
                s -= 0.3
        out.append((s, c, ev))
    out.sort(key=lambda t: -t[0])
    return out


# ----------------------------------------------------------------------------------------------------------
# Paper context: sentences, paragraphs, subsets named in the text


# group 1 is the space between two sentences, '(?<=[.!?])\s+(?=[A-Z(])' (written with the mark first, so the engine
# can skip ahead to the next mark: the same spaces, as no match can begin inside the one before)
_SENT_END = regex.compile(r"[.!?](\s+)(?=[A-Z(])")


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int


def _masked(text: str, tables: list[Table]) -> str:
    """The text with table blocks (and the whitespace around them) blanked, so a paragraph broken by a table
    reads as one."""
    spans = _mask_spans(text, tables)
    if spans is not None:
        parts = []
        pos = 0
        for s, e in spans:
            parts.append(text[pos:s])
            parts.append(" " * (e - s))
            pos = e
        parts.append(text[pos:])
        return "".join(parts)
    chars = list(text)
    for t in tables:
        if t.end <= t.start:
            continue
        s, e = t.start, min(t.end, len(text))
        while s > 0 and text[s - 1].isspace():
            s -= 1
        while e < len(text) and text[e].isspace():
            e += 1
        for i in range(s, e):
            chars[i] = " "
        if s > 0:
            chars[s] = " "
    return "".join(chars)


def _mask_spans(text: str, tables: list[Table]) -> list[tuple[int, int]] | None:
    """The merged spans _masked blanks, in order; None when a table lies outside the text (the slow path then
    keeps whatever that does). Each table's span [s, e) already holds the one character at s it also blanks."""
    spans = []
    for t in tables:
        if t.end <= t.start:
            continue
        if not 0 <= t.start < len(text):
            return None
        s, e = t.start, min(t.end, len(text))
        while s > 0 and text[s - 1].isspace():
            s -= 1
        while e < len(text) and text[e].isspace():
            e += 1
        spans.append((s, e))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def text_to_sentences(text: str, tables: list[Table], masked: str | None = None) -> list[Sentence]:
    """Sentences with paragraph numbers. A blank line ends a paragraph only after a sentence end, so page
    breaks in mid-sentence do not. `masked` is _masked(text, tables), when the caller has it already."""
    if masked is None:
        masked = _masked(text, tables)
    out: list[Sentence] = []
    para = 0
    pos = 0
    for m in _re_finditer(r"\n[ \t]*\n\s*", masked):
        chunk_end = m.start()
        prev = masked[pos:chunk_end].rstrip()
        for s, e in _split(masked, pos, chunk_end):
            out.append(Sentence(s, e, para))
        if prev.endswith((".", "!", "?", ":")) or not prev:
            para += 1
        pos = m.end()
    for s, e in _split(masked, pos, len(masked)):
        out.append(Sentence(s, e, para))
    # merge sentence pieces cut by a mid-sentence blank line
    merged: list[Sentence] = []
    for piece in out:
        if merged and merged[-1].paragraph == piece.paragraph and not masked[
                merged[-1].start:merged[-1].end].rstrip().endswith((".", "!", "?")):
            merged[-1] = Sentence(merged[-1].start, piece.end, piece.paragraph)
        else:
            merged.append(piece)
    return merged


def _split(text: str, a: int, b: int) -> list[tuple[int, int]]:
    chunk = text[a:b]
    out = []
    pos = 0
    for m in _SENT_END.finditer(chunk):
        start, end = m.span(1)
        # "Fig. 2", "et al. 3", "vs. 9" are not sentence ends
        tail = chunk[max(0, start - 6):start]
        # the tail ends with the mark just matched: after '!' or '?' the pattern's final '.' cannot match
        if tail.endswith(".") and _re_search(r"\b(?:Fig|Figs|vs|al|e\.g|i\.e|No|approx|ca|cf|Dr|Eq|Ref|Tab)\.$", tail,
                                              regex.I):
            continue
        if chunk[pos:start].strip():
            out.append((a + pos, a + start))
        pos = end
    if chunk[pos:].strip():
        out.append((a + pos, b))
    return out


@dataclass
class RowSet:
    """A set of table rows with the words that named it."""

    ids: tuple[str, ...]
    words: str
    evidence: list[str] = field(default_factory=list)
    condition: str | None = None
    span: tuple[int, int] | None = None
    fronted: bool = True


_N_OF_M = regex.compile(r"\b(?P<k>" + _NUM + r")\s+(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+|our\s+)?(?P<m>" + _NUM
                        + r")\b", regex.I)
# (no conjunction among the words between: 'a median of 5 cycles and women a median of 6' names no 5 women)
_THE_N = regex.compile(r"\b(?:the|these|all|those|in|of|remaining|other|our)\s+(?P<n>" + _NUM
                       + r")\s+(?:(?!(?:and|or|but|while|whereas|vs|versus)\b)\w+\s+){0,2}?" + _PEOPLE + r"\b",
                       regex.I)
_UNIT_AFTER_N = regex.compile(r"\s+(?:years?|yrs?|months?|weeks?|days?|hours?|h|min|kg|g|cm|mm|mg|ml|points?)\b",
                              regex.I)
_N_EQ = regex.compile(r"\(\s*[nN]\s*=\s*(?P<n>\d+)\s*\)")
_RANGE = _NumberLed(_NOT_IN_WORD, "a", r"\s*(?:-|–|to|or|and)\s*(?P<b>" + _NUM + r")\s+(?P<w>(?:[A-Za-z-]+\s+){0,3}"
                    r"[A-Za-z-]+)")


def _numeric_cells(table: Table, col: str) -> dict[str, Decimal]:
    out = {}
    for r in table.rows:
        c = r.cell(col)
        if c.number is not None:
            out[r.id] = c.number
    return out


_RANGE_CUE = regex.compile(r"\b(?:given|received?|receiving|with|had|having|completed?|completing|underwent|through|"
                           r"finished|finishing|undergoing|after|got|of|needed|needing|required|requiring|took|"
                           r"taking)\s+(?:\w+\s+)?$", regex.I)


@lru_cache(maxsize=4096)
def _ranges_in(text: str) -> tuple[tuple[int, int, Decimal, Decimal, frozenset[str], str], ...]:
    """(start, end, low, high, words after, matched text) of each cued range in a text (cached)."""
    out = []
    for m in _RANGE.finditer(text):
        if not _RANGE_CUE.search(text[max(0, m.start() - 30):m.start()]):
            continue
        lo, hi = number_of(m.group("a")), number_of(m.group("b"))
        if lo is None or hi is None or lo > hi:
            continue
        ws = frozenset(words_of(m.group("w")))
        if ws:
            out.append((m.start(), m.end("b"), lo, hi, ws, m.group(0).strip()))
    return tuple(out)


def range_filters(text: str, infos: list[ColumnInfo], table: Table, skip: Iterable[tuple[int, int]] = (),
                  offset: int = 0) -> list[RowSet]:
    """Row filters named by a range followed by a column's words: 'given 3-6 infusions' -> infusions in 3..6."""
    out: list[RowSet] = []
    ranges = _ranges_in(text)
    if not ranges:
        return out
    skip = list(skip)
    for start, end, lo, hi, ws, matched in ranges:
        s, e = start + offset, end + offset
        if any(a < e and s < b for a, b in skip):
            continue
        best = _range_column(infos, table, ws)
        if best is None:
            continue
        col = best.column.name
        ids = best.ids_between(lo, hi)
        out.append(RowSet(ids, f"{col} in {lo}..{hi}", [f"range '{matched}' filters {col}"],
                          f"{col} >= {lo} and {col} <= {hi}", (s, e)))
    return out


# _range_column's answers (emptied by claims_to_links, and when it grows large); each entry keeps its columns and
# table, so the ids in its key stay theirs.
_RANGE_COLUMN: dict[tuple[int, tuple[int, ...], frozenset[str]], tuple[Table, list[ColumnInfo], ColumnInfo | None]] = {}


def _range_column(infos: list[ColumnInfo], table: Table, ws: frozenset[str]) -> ColumnInfo | None:
    """The integer column of `table` among `infos` that shares the most words with a range's words (the first of
    equals), or None when none shares any."""
    key = (id(table), tuple(map(id, infos)), ws)
    hit = _RANGE_COLUMN.get(key)
    if hit is not None:
        return hit[2]
    best = None
    for c in infos:
        if c.table is not table or not c.numeric or c.column.dtype != "integer":
            continue
        n = len(c.words & ws)
        if n and (best is None or n > best[0]):
            best = (n, c)
    if len(_RANGE_COLUMN) > 1024:
        _RANGE_COLUMN.clear()
    _RANGE_COLUMN[key] = (table, list(infos), best[1] if best else None)
    return best[1] if best else None


@lru_cache(maxsize=4096)
def _n_mentions(text: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, n) of every subset size the text names, '(n = 11)' forms first, then 'k of the n', then
    'the n patients' (cached: stated_n and stated_ns ask of the same sentences)."""
    out = []
    # Each pattern runs only on a text holding what every match of it holds: '(n = 11)' an '='; the other two a
    # number (a digit, or a number word, which begins with one of _NUMBER_WORD_HEADS), and 'k of n' the word
    # 'of', 'the n patients' a word for people (each of _PEOPLE's holds one of _PEOPLE_NEEDS).
    low = _folded(text)
    number = low is None or _has_digit(text) or any(map(low.__contains__, _NUMBER_WORD_HEADS))
    for rx, g, run in ((_N_EQ, "n", "=" in text), (_N_OF_M, "m", number and (low is None or "of" in low)),
                       (_THE_N, "n", number and (low is None or any(map(low.__contains__, _PEOPLE_NEEDS))))):
        for m in rx.finditer(text) if run else ():
            v = number_of(m.group(g))
            # a number of patients is printed whole and names no unit: 'a mean age of 43.0 years and men' is no n
            if v is not None and v == int(v) and v > 0 and "." not in m.group(g) and (
                    rx is not _THE_N or _UNIT_AFTER_N.match(text, m.end(g)) is None):
                out.append((m.start(g), m.end(g), int(v)))
    return tuple(out)


def stated_ns(text: str) -> list[int]:
    """Every subset size the text names."""
    return [n for _, _, n in _n_mentions(text)]


def stated_n(text: str, skip: Iterable[tuple[int, int]] = (), offset: int = 0) -> int | None:
    """The size of the subset the text names ('the 11 patients', 'of the 18', '(n = 11)'), if any: the first
    mention (in _n_mentions' order) that no span in `skip` overlaps."""
    skip = list(skip)
    for s0, e0, n in _n_mentions(text):
        s, e = s0 + offset, e0 + offset
        if not any(a < e and s < b for a, b in skip):
            return n
    return None


def group_kind(text: str, table: Table, side: bool = False) -> str | None:
    """'untabulated' when the text names a control/comparison group the table does not hold, 'tabulated'
    when it names the table's own group (a word of its caption or a section), None when it names none."""
    return _group_kind(text, _caption_words(table), side)


# The per-table answer of _caption_words, for the tables of one claims_to_links call (emptied at its start); each
# entry keeps its table, so an id reused by a later table never returns another table's answer.
_CAPTION_WORDS: dict[int, tuple[Table, frozenset[str]]] = {}


def _caption_words(table: Table) -> frozenset[str]:
    """The words that name the table's own group: its caption, its sections, and the values of a column that sorts
    the rows into a few groups ('Treatment', 'Control')."""
    hit = _CAPTION_WORDS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    caption = frozenset(words_of(table.caption)) | frozenset(w for s in table.sections for w in words_of(s.text))
    for values in _group_values(table):
        if all(v[:1].isalpha() for v in values):
            caption |= frozenset(w for v in values for w in words_of(v))
    _CAPTION_WORDS[id(table)] = (table, caption)
    return caption


# The per-table answer of _group_values, for the tables of one claims_to_links call (emptied at its start); each
# entry keeps its table, so an id reused by a later table never returns another table's answer.
_GROUP_VALUES: dict[int, tuple[Table, list[set[str]]]] = {}


def _group_values(table: Table) -> list[set[str]]:
    """The value sets of the table's columns that sort its rows into two to four groups."""
    hit = _GROUP_VALUES.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    out = []
    for k, col in enumerate(table.columns):
        if col.dtype in ("category", "text"):
            values = {r.cells[k].text for r in table.rows if r.cells[k].text}
            if 2 <= len(values) <= 4:
                out.append(values)
    _GROUP_VALUES[id(table)] = (table, out)
    return out


@lru_cache(maxsize=4096)
def _group_kind(text: str, caption: frozenset[str], side: bool) -> str | None:
    low = text.lower()
    untab = False
    # each pattern below needs a word a substring test can look for first: most sentences hold none of them
    has_group = "group" in low
    for m in (_re_finditer(r"\b(\w+)[\s-]+(?:groups?|arms?|cohorts?)\b", low)
              if has_group or "arm" in low or "cohort" in low else ()):
        w = m.group(1)
        if w in ("each", "both", "two", "all", "either"):
            if side:
                continue
            return "tabulated"
        if w in _CONTROL_WORDS and _stem(w) not in caption:
            untab = True
        elif _stem(w) in caption:
            return "tabulated"
    if ("control" in low or "placebo" in low or "sham" in low) and _re_search(
            r"\b(?:controls?|placebo|sham)\b", low) and not ({"control", "placebo", "sham"} & caption):
        untab = True
    # (each of its negations holds 'not', "n't" or 'never')
    if ("who" in low or "that" in low or "those" in low or "did and did not" in low) and (
            "not" in low or "n't" in low or "never" in low) and _re_search(
            r"\b(?:who|that|those)\s+(?:did not|didn't|were not|had not|never)\s+(?:\w+\s+){0,1}"
            r"(?:receive|given|treated)|\bdid and did not\b", low):
        untab = True
    if has_group and _re_search(r"\bgroups?\b[^.]{0,40}\b(?:who|that)\s+(?:received|were given|underwent)\b", low):
        words_after = set(words_of(low[low.find("group"):low.find("group") + 80]))
        if words_after & caption:
            return "tabulated"
    return "untabulated" if untab else None


# ----------------------------------------------------------------------------------------------------------
# Linking


@dataclass
class _State:
    """What the paragraph so far has named: its subset, its group, its comparison order, its counted rows."""

    paragraph: int = -1
    subset: RowSet | None = None
    group: str | None = None
    sides: tuple[str | None, str | None] | None = None
    counted: list[RowSet] = field(default_factory=list)
    counted_in: int = -1  # where the sentence of the last category count starts
    scanned: int = 0
    weak: RowSet | None = None
    # the rows one side of a comparison speaks of, while that side is linked ('Women were younger than men (40.9
    # vs 52.4 years)': women's rows for 40.9)
    side_rows: RowSet | None = None
    # the time point of each value of the claim being linked, when a 'respectively' pairs them with a list of times
    forced_times: dict[int, str] = field(default_factory=dict)


@dataclass
class _Paper:
    text: str
    tables: list[Table]
    infos: list[ColumnInfo]
    voc: Vocabulary
    sentences: list[Sentence]
    subsets_by_n: dict[int, RowSet] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    masked: str = ""
    conditions: list[str] = field(default_factory=list)

    # sentence starts, when the sentences are in order and do not overlap (text_to_sentences makes them so; the
    # lookups below then bisect, and scan every sentence otherwise)
    starts: list[int] | None = None
    # (first value's start, position in `claims`) of the claims with values, sorted
    firsts: list[tuple[int, int]] = field(default_factory=list)
    _infos_of: dict[int, tuple[Table, list[ColumnInfo]]] = field(default_factory=dict)
    _row_ids: dict[int, tuple[Table, tuple[str, ...]]] = field(default_factory=dict)
    _claim_texts: dict[tuple[tuple[int, int], ...], tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ss = self.sentences
        if all(ss[i].start < ss[i].end <= ss[i + 1].start for i in range(len(ss) - 1)):
            self.starts = [x.start for x in ss]
        self.firsts = sorted((c.values[0].start, i) for i, c in enumerate(self.claims) if c.values)

    def row_ids(self, table: Table) -> tuple[str, ...]:
        """The ids of a table's rows, in order."""
        hit = self._row_ids.get(id(table))
        if hit is None or hit[0] is not table:
            hit = self._row_ids[id(table)] = (table, tuple(r.id for r in table.rows))
        return hit[1]

    def infos_of(self, table: Table) -> list[ColumnInfo]:
        """The columns of one table (one list per table, which no caller changes)."""
        hit = self._infos_of.get(id(table))
        if hit is None or hit[0] is not table:
            hit = self._infos_of[id(table)] = (table, [c for c in self.infos if c.table is table])
        return hit[1]

    def claims_nearby(self, text: str, off: int) -> list[Claim]:
        """Claims whose first value lies in the span of this text (in the order of `claims`)."""
        lo = bisect_left(self.firsts, (off, -1))
        hi = bisect_left(self.firsts, (off + len(text), -1))
        return [self.claims[i] for i in sorted(i for _, i in self.firsts[lo:hi])]

    def sentence_of(self, pos: int) -> Sentence | None:
        if self.starts is not None:
            k = bisect_right(self.starts, pos) - 1
            if k >= 0 and pos < self.sentences[k].end:
                return self.sentences[k]
            return None
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None

    def claim_text(self, claim: Claim) -> tuple[str, int]:
        """_claim_text over the masked text, once per distinct sentence spans (the claims of a sentence share them)."""
        if not claim.sentence_spans:
            return _claim_text(claim, self.masked)
        key = tuple(claim.sentence_spans)
        hit = self._claim_texts.get(key)
        if hit is None:
            hit = self._claim_texts[key] = _claim_text(claim, self.masked)
        return hit

    def sentences_between(self, lo: int, hi: int) -> list[Sentence]:
        """The sentences that start in [lo, hi), in order."""
        if self.starts is not None:
            return self.sentences[bisect_left(self.starts, lo):bisect_left(self.starts, hi)]
        return [s for s in self.sentences if lo <= s.start < hi]


_PROTOCOL_KINDS = frozenset({"dose", "setting"})
_SKIP_SECTIONS = frozenset({"references", "title"})


def _claim_text(claim: Claim, text: str) -> tuple[str, int]:
    """The claim's sentence as printed (table blocks inside it blanked) and its offset in source_text."""
    if claim.sentence_spans:
        s = min(a for a, _ in claim.sentence_spans)
        e = max(b for _, b in claim.sentence_spans)
        if len(claim.sentence_spans) > 1:
            spans = sorted(claim.sentence_spans)
            parts = []
            pos = s
            for a, b in spans:
                if a > pos:  # every character but the line breaks blanked
                    parts.append("\n".join(" " * len(line) for line in text[pos:a].split("\n")))
                parts.append(text[max(a, pos):b])
                pos = max(pos, b)
            return "".join(parts), s
        return text[s:e], s
    if claim.values:
        s = max(0, min(v.start for v in claim.values) - 200)
        e = max(v.end for v in claim.values) + 50
        return text[s:e], s
    return claim.sentence, 0


MIN_ROWS = 3


_PEOPLE_WORDS = regex.compile(r"\b(?:patients?|cases?|subjects?|participants?|individuals?|persons?|children|"
                              r"adults?|women|men|volunteers?)\b", regex.I)


def _per_patient(tables: list[Table]) -> list[Table]:
    """Tables with one row per patient that are worth checking prose against: a handful of rows at least, and,
    when the rows carry no id of their own, a caption or header that speaks of patients."""
    out = []
    for t in tables:
        if t.kind != "per_patient" or len(t.rows) < MIN_ROWS:
            continue
        has_id = any(c.dtype == "id" for c in t.columns) or not all(_re_match(r"r\d+$", r.id) for r in t.rows)
        if not has_id and not (_PEOPLE_WORDS.search(t.caption) or any(_PEOPLE_WORDS.search(c.header)
                                                                         for c in t.columns)):
            continue
        out.append(t)
    return out


def claims_to_links(claims: list[Claim], tables: list[Table], document: Document | str) -> list[Link]:
    """One Link per group of values of a claim that share columns and rows (or a reason they cannot be linked).

    Every value of every claim in the checked sections is covered by exactly one Link (by `Link.values`); links
    whose `reason` is set say why the table cannot decide (no table, untabulated group or time point)."""
    text = document if isinstance(document, str) else document.source_text
    _GROUP_VALUES.clear()
    _GROUP_COLUMNS.clear()
    _CAPTION_WORDS.clear()
    _IDF.clear()
    _RANGE_COLUMN.clear()
    ptables = _per_patient(tables)
    voc = document_to_vocabulary(text, tables)
    infos = [ci for t in ptables for ci in table_to_columns(t, voc)]
    masked_all = _masked(text, tables)
    # the per-patient tables are the tables, or blank the same spans: the same masked text
    same = len(ptables) == len(tables) or _mask_spans(text, ptables) == _mask_spans(text, tables) is not None
    paper = _Paper(text, ptables, infos, voc, text_to_sentences(text, tables, masked_all), claims=list(claims),
                   masked=masked_all if same else _masked(text, ptables))
    links: list[Link] = []
    state = _State()
    doubts = {t.label: table_doubts(t) for t in ptables}
    for claim in sorted(claims, key=lambda c: c.values[0].start if c.values else 0):
        if not claim.values or claim.section in _SKIP_SECTIONS or claim.kind in _PROTOCOL_KINDS:
            continue
        if claim.kind in ("test", "ci"):
            continue
        sent = paper.sentence_of(claim.values[0].start)
        if sent is not None and sent.paragraph != state.paragraph:
            state = _State(paragraph=sent.paragraph)
        if sent is not None:
            _scan_subsets(paper, state, sent)
        other = _other_study(claim, paper)
        if other is not None:
            links.append(_no_link(claim, list(range(len(claim.values))), other,
                                  paper.tables[0].label if paper.tables else ""))
            continue
        links.extend(_link_claim(claim, paper, state))
    # A table whose headers and cells visibly do not line up is read, but never trusted for a verdict of error.
    return [lk if not doubts.get(lk.table) or lk.reason else lk.model_copy(update={
        "confidence": min(lk.confidence, 0.4),
        "evidence": [*lk.evidence, "table reading doubtful: " + "; ".join(doubts[lk.table][:2])]}) for lk in links]


_SEX_VALUES = frozenset({"m", "f", "male", "female", "man", "woman", "men", "women", "w"})
_DATE_LIKE = regex.compile(r"^\d{1,4}[-/.]\d{1,4}(?:[-/.]\d{1,4})?$|^\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}$|"
                           r"^[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}$|^[A-Za-z]{3,9}\.?\s+\d{4}$")


def table_doubts(table: Table) -> list[str]:
    """Signs that a recovered table's headers and cells do not line up: a sex column without sex values, a date
    column without dates, an age outside 0-120, an id column that is not one id per row."""
    out: list[str] = []
    n = len(table.rows)
    if n == 0:
        return out
    out += _header_doubts(table)
    for k, col in enumerate(table.columns):
        cells = [r.cells[k] for r in table.rows]
        texts = [c.text for c in cells if c.text]
        if not texts:
            continue
        head = col.header.lower()
        if _re_search(r"\b(?:sex|gender)\b", head) and \
                sum(t.lower() in _SEX_VALUES for t in texts) < 0.8 * len(texts):
            out.append(f"column {col.name} is headed sex but holds {texts[0]!r}")
        if _re_search(r"\bdate\b", head) and sum(bool(_DATE_LIKE.match(t)) for t in texts) < 0.8 * len(texts):
            out.append(f"column {col.name} is headed date but holds {texts[0]!r}")
        if _re_search(r"^age\b", head):
            nums = [c.number for c in cells if c.number is not None]
            if len(nums) < 0.8 * len(texts) or any(not (0 <= x <= 120) for x in nums):
                out.append(f"column {col.name} is headed age but holds {texts[0]!r}")
    return out


_UNIT_PAREN = regex.compile(r"\([^()]*\)")
_DURATION = regex.compile(r"\b\d+(?:\.\d+)?\s*(?:days?|weeks?|months?|years?|hours?|h|wk|mo)\b", regex.I)
_ID_WORDS = frozenset({"id", "number", "no", "no.", "nr", "nr.", "#", "code"})


def _header_doubts(table: Table) -> list[str]:
    """Signs that stacked header fragments were cut or joined in the wrong places: one header holding two units
    or two time points (two headers run together), or an id header split in two ('Subject' | 'ID'). Either shifts
    every header after it onto the wrong cells."""
    out: list[str] = []
    for col in table.columns:
        if len(_UNIT_PAREN.findall(col.header)) >= 2 or len(_DURATION.findall(col.header)) >= 2:
            out.append(f"the header of {col.name} looks like two headers run together")
    cols = table.columns
    if len(cols) >= 2 and cols[0].dtype == "id" and len(cols[0].header.split()) == 1 \
            and cols[1].header.strip().lower() in _ID_WORDS:
        out.append(f"the id header looks split into {cols[0].header!r} and {cols[1].header!r}")
    return out


def _scan_subsets(paper: _Paper, state: _State, upto: Sentence) -> None:
    """Subsets named earlier in the paragraph ('in the 11 patients given 3-6 infusions'): a determiner, a number
    of patients and a range whose rows are exactly that many."""
    if not paper.tables:
        return
    table = paper.tables[0]
    infos = paper.infos_of(table)
    for s in paper.sentences_between(state.scanned, upto.start):
        if s.paragraph != upto.paragraph:
            continue
        t = paper.text[s.start:s.end]
        # the sizes the sentence states are read only once it names a range (most sentences name none)
        ns: list[int] | None = None
        loose: set[int] | None = None
        for f in range_filters(t, infos, table, offset=s.start):
            n = len(f.ids)
            if n == len(table.rows):
                continue
            if ns is None:
                ns = stated_ns(t)
            if n in ns:
                f.evidence.append(f"n = {n} agrees")
                f.fronted = fronted(t)
                state.subset = f
                paper.subsets_by_n.setdefault(n, f)
                break
            if loose is None:
                loose = people_counts(t)
            if n in loose:
                f.evidence.append(f"{n} patients: the rows with {f.words}")
                state.weak = f
                paper.subsets_by_n.setdefault(n, f)
                break
    state.scanned = upto.start


_FRONTED = regex.compile(r"^\W*(?:In|Among|For|Of)\s+(?:the|these|those|all|our)?\s*" + _NUM + r"\b", regex.I)
_MEAN_WORD = regex.compile(r"\b(?:mean|average|averaged|on average)\b", regex.I)
_PEOPLE_COUNT = _NumberLed(_NOT_IN_WORD, "n", r"\s+(?:\w+\s+)?" + _PEOPLE + r"\b")


def fronted(sentence: str) -> bool:
    """Does the sentence open with its subset ('In the 11 patients who ..., ...'), so the subset scopes over
    what follows?"""
    return bool(_FRONTED.match(sentence))


def people_counts(text: str) -> set[int]:
    """Numbers written before a word for people ('Eleven patients', '5 women')."""
    return set(_people_counts(text))


@lru_cache(maxsize=1024)
def _people_counts(text: str) -> frozenset[int]:
    out = set()
    for m in _PEOPLE_COUNT.finditer(text):
        v = number_of(m.group("n"))
        if v is not None and v == int(v):
            out.add(int(v))
    return frozenset(out)


# words that say a sentence reports another study's figures: a numbered citation, 'et al.', an earlier study
_OTHER_STUDY = regex.compile(
    r"\[\s*\d{1,3}(?:\s*[-–,]\s*\d{1,3})*\s*\]|\bet\s+al\b|"
    r"\b(?:previous(?:ly)?|prior|earlier|other|another|similar|recent|larger)\s+(?:published\s+)?(?:studies|study|series|"
    r"reports?|trials?|authors|investigators|cohorts?|case\s+series)\b|\breported\s+by\s+(?-i:[A-Z])[a-z]+\b|"
    r"\bin\s+the\s+literature\b|"
    r"\b(?:studies|authors|investigators|others)\s+(?:have\s+)?(?:reported|found|shown|described|observed)\b|"
    r"\b(?:in|by)\s+(?:the\s+)?(?:study|series|trial|cohort|report)\s+(?:of|by)\s+[A-Z]", regex.I)
# Every match of _OTHER_STUDY holds one of these, or both 'et' and 'al' (each alternative spells one).
_OTHER_STUDY_NEEDS = ("[", "previous", "prior", "earlier", "other", "similar", "recent", "larger", "literature",
                      "stud", "authors", "investigators", "series", "trial", "cohort", "report")
# Every match of _OTHER_STUDY begins with '[' or, after a word boundary, with one of these words (each other
# alternative of the pattern starts with one: 'previously' with 'previous', 'others' with 'other').
_OTHER_STUDY_STARTS = ("et", "previous", "prior", "earlier", "other", "another", "similar", "recent", "larger",
                       "reported", "in", "studies", "authors", "investigators", "by")
_OWN_WORDS = regex.compile(r"(?i)\b(?:our|we|this\s+(?:study|series|report|cohort))\b")


def _other_study(claim: Claim, paper: _Paper) -> str | None:
    """A reason when the claim reports another study's figures ('In a previous series of 30 patients, the mean age
    was 45 years [12]'): anywhere in a Discussion or Introduction sentence that cites or names other work, and in
    other sections when the citing words come before the numbers in their own clause."""
    text, off = paper.claim_text(claim)
    first = min(v.start for v in claim.values) - off
    # the scope below is the text or a part of text[:first]: when that holds none of the citing words (and no
    # character _folded declines), neither does the scope, and nothing is searched
    whole = _folded(text if claim.section in ("discussion", "introduction", "background") else text[:first])
    if whole is not None and not any(map(whole.__contains__, _OTHER_STUDY_NEEDS)) and not (
            "et" in whole and "al" in whole):
        return None
    if claim.section in ("discussion", "introduction", "background"):
        scope = text
    else:
        scope = text[max([m.end() for m in _re_finditer(r"[;:]|(?<!\bal)\.\s", text[:first])] or [0]):first]
    low = _folded(scope)
    may_cite = low is None or any(map(low.__contains__, _OTHER_STUDY_NEEDS)) or ("et" in low and "al" in low)
    m = next(_word_led(_OTHER_STUDY, _OTHER_STUDY_STARTS, scope, low, "["), None) if may_cite else None
    if m is None:
        return None
    if claim.section in ("discussion", "introduction", "background") and _OWN_WORDS.search(text) and \
            not _OTHER_STUDY.search(text[:first]):
        return None  # "Our patients were older (51.3 vs 45.0 years) than in earlier series": ours come first
    return f"the sentence reports another study's figures ('{' '.join(m.group(0).split())}')"


def _no_link(claim: Claim, idx: list[int], reason: str, table: str = "", evidence: list[str] | None = None,
             columns: list[str] | None = None) -> Link:
    return Link(claim_id=claim.id, table=table, values=idx, reason=reason, confidence=0.0,
                evidence=evidence or [], row_filter="", columns=columns or [])


def _p_context(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, table: Table) -> list[str]:
    """For a P value that cannot be recomputed (an untabulated group), the column and time it is about, so the
    same comparison reported twice can still be found."""
    infos = paper.infos_of(table)
    first = min(claim.values[i].start for i in idx) - off
    clause = _clause_start(text, first, claim, idx, off, stat_cut=False)
    local = set(words_of(_blank_times(text)[clause:first]))
    strong = measure_words(claim, text, off)
    if claim.measure is not None and off <= claim.measure.end <= first + off and \
            _re_search(r"\d", text[claim.measure.end - off:first]):
        strong = set()  # the phrase belongs to an earlier number
    strong = strong or set(words_of(_blank_times(text)[max(clause, first - 45):first]))
    scored = [t for t in column_scores(infos, strong, local, None) if t[1].numeric and t[0] >= 1.0]
    if not scored:
        return []
    times0 = [t.key for t in time_mentions(text[clause:first], clause + off)]
    if _mentions_baseline(text[clause:first]):
        times0.append("baseline")
    scored = _prefer_timed(scored, times0, infos)
    fam = [c for c in infos if c.family == scored[0][1].family]
    times = list(times0)  # the same words read the same way
    cols = [c for c in fam if c.time is not None and any(same_time(t, c.time) for t in times)]
    if len(cols) != 1 and len(fam) == 1 and not times:
        cols = fam
    return [cols[0].column.name] if len(cols) == 1 else []


def _ends_with_patient_word(text: str) -> bool:
    """Does the text end with 'patient', 'case no.', 'subject #' ...? (The words are looked for first.)"""
    return _may_hold(text, ("patient", "case", "subject", "participant")) and bool(_re_search(
        r"\b(?:patient|case|subject|participant)\s*(?:no\.?|number|#)?\s*$", text, regex.I))


def _mentions_baseline(text: str) -> bool:
    """Does the text say 'baseline', 'before' or 'pre...'? (The words are looked for before the pattern runs.)"""
    return _may_hold(text, ("baseline", "before", "pre")) and bool(
        _re_search(r"\bbaseline\b|\bbefore\b|\bpre\w*\b", text, regex.I))


def _value_sides(claim: Claim) -> dict[int | None, list[int]]:
    sides: dict[int | None, list[int]] = {}
    for i, v in enumerate(claim.values):
        sides.setdefault(v.side, []).append(i)
    return sides


def _link_claim(claim: Claim, paper: _Paper, state: _State) -> list[Link]:
    text, off = paper.claim_text(claim)
    all_idx = list(range(len(claim.values)))
    if not paper.tables:
        return [_no_link(claim, all_idx, "the paper has no per-patient table to check it against")]
    table = paper.tables[0]
    state.forced_times = {}
    if "espectively" in text and _re_search(r"(?i)\brespectively\b", text):
        # "Seven and five patients were women and men, respectively": numbers paired with groups by their order,
        # which the link does not read; never one number against the first group named. Only a list of time points
        # ('7.1 ± 1.2, 4.3 ± 0.9 and 3.9 ± 1.2 at baseline, 3 and 6 months, respectively') is paired, one statistic
        # with its spread per time
        forced = _respectively_times(claim, [c for c in paper.claims if c.sentence_spans == claim.sentence_spans
                                             and c.section == claim.section] or [claim], text, off)
        if forced is None or len({v.side for v in claim.values} - {None}) >= 2:
            return [_no_link(claim, all_idx, "it pairs numbers with groups 'respectively', which the link does not "
                             "read", table.label)]
        state.forced_times = forced
    vspans = [(v.start, v.end) for v in claim.values]
    low = text.lower()

    # Which group does the sentence speak of?
    sentence_group = group_kind(text, table)
    if claim.subject is not None:
        sg = group_kind(claim.subject.text, table)
        if sg is None and not claim.subject.inherited and sentence_group == "untabulated":
            infos_t = paper.infos_of(table)
            if any(stated_n(claim.subject.text) == len(f.ids) or len(f.ids) in people_counts(claim.subject.text)
                   or any(
                    claim.subject.start <= v.start < claim.subject.end and v.value == len(f.ids)
                    for v in claim.values) for f in range_filters(claim.subject.text, infos_t, table)):
                sg = "tabulated"
        sentence_group = sg or sentence_group
    links: list[Link] = []
    sides = _value_sides(claim)
    two_sided = len([s for s in sides if s is not None]) >= 2 and claim.kind != "change"
    if claim.kind == "change":
        sides = {None: list(range(len(claim.values)))}

    side_group: dict[int, str | None] = {}
    if two_sided:
        known: dict[int, str | None] = {}
        for s in sides:
            if s is None:
                continue
            g = None
            for i in sides[s]:
                v = claim.values[i]
                if v.group is not None:
                    g = group_kind(v.group.text, table) or g
            if g is None and s < len(claim.groups):
                g = group_kind(claim.groups[s].text, table)
            if g is None:
                g = _side_group_from_text(text, off, claim, s, table)
            known[s] = g
        if sum(1 for g in known.values() if g == "tabulated") == 1 or (sum(
                1 for g in known.values() if g == "untabulated") == 1 and len(known) == 2):
            if "tabulated" in known.values():
                for s in known:
                    known[s] = known[s] or "untabulated"
                    if known[s] != "tabulated":
                        known[s] = "untabulated"
            else:
                for s in known:
                    known[s] = known[s] or "tabulated"
        elif all(g is None for g in known.values()) and state.sides is not None:
            for s in known:
                known[s] = state.sides[s] if s < len(state.sides) else None
        if list(known.values()).count("tabulated") == 1:
            state.sides = tuple(known.get(i) for i in range(2))  # type: ignore[assignment]
        side_group = {k: v for k, v in known.items()}
    pair = None
    if two_sided and all(side_group.get(s) is None for s in sides if s is not None) and claim.kind != "p_value":
        # "Women were younger than men (40.9 vs 52.4 years)": two categories of one column, named in order before
        # the numbers, are the two sides
        first = min(v.start for v in claim.values) - off
        pair = _category_pair(text[:first], paper.infos_of(table), RowSet(paper.row_ids(table), "all rows"))
    for s, idx in sides.items():
        g = side_group.get(s) if two_sided and s is not None else sentence_group
        if g is None and not two_sided:
            g = state.group if state.group == "untabulated" and sentence_group is None else None
        if two_sided and g is None and pair is not None and s in (0, 1) and not any(
                claim.values[i].role == "p" for i in idx):
            rows_s = pair[0] if s == 0 else pair[1]
            state.side_rows = RowSet(rows_s.ids, rows_s.words, [f"side {s + 1} of the comparison of {pair[3]}: "
                                                                f"{rows_s.words}"])
            try:
                for seg in _segments(claim, idx, text, off):
                    links.extend(_link_segment(claim, seg, text, off, paper, state, table, vspans))
            finally:
                state.side_rows = None
            continue
        if two_sided and g is None:
            links.append(_no_link(claim, idx, "it is not clear which of the compared groups this number belongs "
                                  "to", table.label))
            continue
        is_p = claim.kind == "p_value" or all(claim.values[i].role == "p" for i in idx)
        if g == "untabulated" and not (is_p and not two_sided and _between_groups(low)):
            for one in ([[i] for i in idx] if is_p else [idx]):
                links.append(_no_link(claim, one, "the group it describes is not in the table", table.label,
                                      ["the sentence names a group with no rows in the table"],
                                      _p_context(claim, one, text, off, paper, table) if is_p else []))
            continue
        if is_p and _between_groups(low) and not _has_two_tabulated(low, table) and \
                _group_values_named(low, table) == 0 and _the_groups(table, RowSet(tuple(r.id for r in table.rows),
                                                                                   "all rows")) is None:
            for i in idx:
                links.append(_no_link(claim, [i], "it compares with a group the table does not hold", table.label,
                                      columns=_p_context(claim, [i], text, off, paper, table)))
            continue
        segs = _segments(claim, idx, text, off)
        if state.forced_times:
            # one segment per time point of the 'respectively' list
            segs = [[i for i in idx if state.forced_times.get(i) == key]
                    for key in dict.fromkeys(state.forced_times[i] for i in idx if i in state.forced_times)]
        for seg in segs:
            links.extend(_link_segment(claim, seg, text, off, paper, state, table, vspans))
    state.forced_times = {}
    lead = group_kind(text[:80], table)
    if not two_sided and lead is not None:
        state.group = lead
    return links


_RESPECTIVE_TIMES = regex.compile(
    r"[^.;]{0,40}?\b(?:at|on|after)?\s*(?P<list>(?:baseline|\d+(?:\.\d+)?)(?:\s*(?:,\s*(?:and\s+)?|and\s+)"
    r"(?:baseline|\d+(?:\.\d+)?))+)\s*(?P<unit>days?|weeks?|months?|years?)?\s*,?\s*respectively\b", regex.I)
_SPREADS = frozenset({"sd", "se", "min", "max", "q1", "q3"})


def _respectively_times(claim: Claim, siblings: list[Claim], text: str, off: int) -> dict[int, str] | None:
    """'7.1 ± 1.2, 4.3 ± 0.9 and 3.9 ± 1.2 at baseline, 3 and 6 months, respectively': the time point of each value
    of `claim` (a mean or median and the spread printed after it), when the list after the sentence's values (those
    of `siblings`, the claims of its sentence) names as many distinct times as there are statistics; else None."""
    everyone = sorted(((v.start, c is claim, k, v) for c in siblings for k, v in enumerate(c.values)),
                      key=lambda t: t[0])
    vals = [v for _, _, _, v in everyone]
    if not any(mine for _, mine, _, _ in everyone):
        return None
    m = _RESPECTIVE_TIMES.match(text, max(v.end for v in vals) - off)
    if m is None:
        return None
    keys = []
    for item in _re_findall(r"(?i)baseline|\d+(?:\.\d+)?", m.group("list")):
        if item.lower() == "baseline":
            keys.append("baseline")
            continue
        found = time_mentions(f"{item} {m.group('unit')}", cue_free=True) if m.group("unit") else []
        if len(found) != 1:
            return None
        keys.append(found[0].key)
    primary = [i for i, v in enumerate(vals) if v.role in ("mean", "median", "value")]
    if not primary or primary[0] != 0 or len(primary) != len(keys) or len(set(keys)) != len(keys):
        return None
    out: dict[int, str] = {}
    for k, i in enumerate(primary):
        for j in range(i, primary[k + 1] if k + 1 < len(primary) else len(vals)):
            if j != i and vals[j].role not in _SPREADS:
                return None
            if everyone[j][1]:
                out[everyone[j][2]] = keys[k]
    return out if len(out) == len(claim.values) else None


def _side_group_from_text(text: str, off: int, claim: Claim, side: int, table: Table) -> str | None:
    """The group a side's numbers belong to, from the words just before or after them."""
    vals = [v for v in claim.values if v.side == side]
    if not vals:
        return None
    b = max(v.end for v in vals) - off
    others = [v for v in claim.values if v.side is not None and v.side != side]
    if side == 0:
        window = text[:b]
        window = window[-160:]
    else:
        lo = max([v.end - off for v in others] or [0])
        window = text[lo:][:160]
        if _has_two_tabulated(window.lower(), table):
            # "52.4 vs 49.0 years in the treatment and control groups": both groups named after both numbers
            return None
    return group_kind(window, table, side=True)


def _between_groups(low: str) -> bool:
    # every alternative needs one of these words (the text is lowercase, the pattern matches case)
    if not any(w in low for w in ("group", "compared", "did", "control", "comparison", "placebo")):
        return False
    return bool(_re_search(r"\b(?:between|both|each\s+of\s+the|two)\s+groups?\b|"
                           r"\bcompared\s+(?:with|to)\s+(?:the\s+)?(?:control|comparison|placebo)|"
                           r"did\s+and\s+did\s+not|\bcontrols?\b|\bcomparison\b|\bplacebo\b", low))


# The per-table answer of _group_columns, for the tables of one claims_to_links call (emptied at its start); each
# entry keeps its table, so an id reused by a later table never returns another table's answer.
_GROUP_COLUMNS: dict[int, tuple[Table, list[tuple[int, str, list[str]]]]] = {}


def _group_columns(table: Table) -> list[tuple[int, str, list[str]]]:
    """(place, name, its two values sorted) of each category or text column headed group, arm, treatment or
    allocation whose cells hold exactly two values (read from the frozen table once per audit; no caller changes
    the list)."""
    hit = _GROUP_COLUMNS.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    found = []
    for k, col in enumerate(table.columns):
        if col.dtype not in ("category", "text") or not _re_search(
                r"(?i)\b(?:group|arm|treatment|allocation|allocated|randomi[sz]ed)\b", col.header):
            continue
        values = sorted({r.cells[k].text for r in table.rows if r.cells[k].text})
        if len(values) == 2:
            found.append((k, col.name, values))
    _GROUP_COLUMNS[id(table)] = (table, found)
    return found


def _the_groups(table: Table, rows: RowSet) -> tuple[RowSet, RowSet, str, str] | None:
    """'between the groups': the two values of the one column that allocates the rows to groups (headed group,
    arm, treatment or allocation), when the table has exactly one such column."""
    found = _group_columns(table)
    if len(found) != 1:
        return None
    k, name, (va, vb) = found[0]
    want = set(rows.ids)
    ra = tuple(r.id for r in table.rows if r.id in want and r.cells[k].text == va)
    rb = tuple(r.id for r in table.rows if r.id in want and r.cells[k].text == vb)
    if not ra or not rb:
        return None
    return RowSet(ra, f"{name} in {[va]}"), RowSet(rb, f"{name} in {[vb]}"), name, f"the groups of {name}"


def _group_values_named(text: str, table: Table) -> int:
    """How many values of a column that sorts the rows into a few groups the text names (the most of any column)."""
    words = set(words_of(text.lower()))
    best = 0
    for values in _group_values(table):
        best = max(best, sum(1 for v in values if set(words_of(v)) and set(words_of(v)) <= words))
    return best


def _has_two_tabulated(low: str, table: Table) -> bool:
    """Does the sentence name two groups the table holds: two section headings, or two values of a column that
    sorts the rows into a few groups ('treatment' and 'control')?"""
    if len({s.text.lower() for s in table.sections if s.text.lower() in low}) >= 2:
        return True
    words = set(words_of(low))
    return any(sum(1 for v in values if set(words_of(v)) and set(words_of(v)) <= words) >= 2
               for values in _group_values(table))


_NOT_JUDGED = frozenset({"threshold", "df", "df1", "df2", "ci_level", "statistic"})


def _segments(claim: Claim, idx: list[int], text: str, off: int) -> list[list[int]]:
    """Split a side's values into measurements: a repeated role, a time phrase, 'to', 'but' or ';' between two
    values starts a new one ('from 184 ± 133 (150 median) to 92 ± 100'). P values stand alone."""
    segs: list[list[int]] = []
    for i in idx:
        v = claim.values[i]
        if not segs:
            segs.append([i])
            continue
        prev = claim.values[segs[-1][-1]]
        between = text[prev.end - off:v.start - off]
        roles = {claim.values[j].role for j in segs[-1]}
        new = (v.role in roles and v.role not in ("count", "percent")) or v.role == "p" or prev.role == "p" \
            or (("to" in between or "but" in between or ";" in between or "then" in between)  # its literals
                and bool(_re_search(r"\bto\b|\bbut\b|;|\bthen\b", between))) or bool(time_mentions(between))
        if v.role in _NOT_JUDGED or prev.role in _NOT_JUDGED:
            new = new or claim.kind not in ("threshold", "criterion", "count", "percent")
        if new:
            segs.append([i])
        else:
            segs[-1].append(i)
    return segs


def _link_segment(claim: Claim, seg: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
                  vspans: list[tuple[int, int]]) -> list[Link]:
    # A patient's number ('patient 12') is a name, not a count.
    judged = [i for i in seg if claim.values[i].role not in _NOT_JUDGED and not _ends_with_patient_word(
        text[max(0, claim.values[i].start - off - 25):claim.values[i].start - off])]
    rest = [i for i in seg if i not in judged]
    out: list[Link] = []
    if not judged and (claim.kind == "criterion" or _UNIVERSAL.search(text)) and any(
            claim.values[i].role == "threshold" for i in rest):
        judged, rest = rest, []
    if judged and all(claim.values[i].role in ("min", "max") for i in judged):
        as_filter = _range_filter_link(claim, judged, text, off, paper, state, table)
        if as_filter is not None:
            out.append(as_filter)
            judged = []
    if judged:
        out.extend(_link_values(claim, judged, text, off, paper, state, table, vspans))
    if rest:
        out.append(Link(claim_id=claim.id, table=table.label, values=rest, operation="none", confidence=0.0,
                        reason="a condition or test detail, not a result to recompute", row_filter=""))
    return out


# The number of patients a sentence opens with: 'Twelve patients referred ...', 'The 9 patients given ...'
_LEAD_PEOPLE_N = regex.compile(r"\s*(?:(?:the|in|of|among)\s+(?:the\s+)?)?(?P<n>" + _NUM + r")\s+(?:[\w-]+\s+)?"
                               + _PEOPLE + r"\b", regex.I)
_UNIVERSAL = regex.compile(r"\b(?:all|every|each)\s+(?:of\s+the\s+|the\s+)?(?:patients?|subjects?|participants?|"
                           r"cases?)\b|\b(?:inclusion criteri\w+|included if|eligible|eligibility)\b", regex.I)


def _range_filter_link(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State,
                       table: Table) -> Link | None:
    """A range that names a subset ('the 11 patients given 3-6 infusions'): its ends are the minimum and maximum of
    the filter column over that subset, checkable only when a number of patients in the sentence matches it."""
    infos = paper.infos_of(table)
    lo = min(claim.values[i].start for i in idx)
    hi = max(claim.values[i].end for i in idx)
    for f in range_filters(text, infos, table, offset=off):
        if f.span is None or not (f.span[0] <= lo and hi <= f.span[1]):
            continue
        col = f.words.split(" in ")[0]
        sizes = people_counts(text) | set(stated_ns(text))
        sentence_counts = {int(v.value) for c in paper.claims_nearby(text, off) for v in c.values
                           if v.role in ("count", "n") and v.value == int(v.value)}
        if len(f.ids) in sizes | sentence_counts and len(f.ids) != len(table.rows):
            return _mk(claim, idx, table, [col], f, evidence=[*f.evidence, f"{len(f.ids)} patients: the rows "
                       f"with {f.words}"], confidence=0.8, operation="describe")
        return _no_link(claim, idx, f"the patients it describes are not identifiable in the table ({len(f.ids)} "
                        f"rows have {f.words}, the text counts {', '.join(map(str, sorted(sizes))) or 'none'})",
                        table.label, f.evidence)
    return None


@lru_cache(maxsize=1024)
def _blank_times(t: str) -> str:
    """The text with its time phrases blanked, so 'after the last infusion' does not vote for an infusion column.
    (Memoised: it depends on the text alone, and each sentence is asked for several times per claim.)"""
    out = t
    for m in _time_mentions_cached(t, False):
        out = out[:m.start] + " " * (m.end - m.start) + out[m.end:]
    return out


def measure_words(claim: Claim, text: str, off: int) -> set[str]:
    """Words of the claim's measure phrase, with time phrases of the sentence blanked out of it."""
    m = claim.measure
    if m is None or not _in_sentence(claim, m):
        return set()  # a phrase carried over from another sentence does not say what these numbers measure
    if off <= m.start and m.end <= off + len(text):
        return set(words_of(_blank_times(text)[m.start - off:m.end - off]))
    return set(words_of(m.text))


_DURATION_WORDS = frozenset(_UNIT_DAYS) | {"y", "min", "minute", "second", "s"}  # units of time, as word stems


def _local_words(claim: Claim, idx: list[int], text: str, off: int) -> tuple[set[str], set[str], set[str]]:
    """Strong words (measure phrase, or the words just before the numbers), near words and sentence words."""
    strong: set[str] = set()
    first = min(claim.values[i].start for i in idx) - off
    claim_first = min(v.start for v in claim.values) - off
    measure_ok = claim.measure is not None and not claim.measure.inherited and _in_sentence(claim, claim.measure)
    if measure_ok and claim.measure is not None and off <= claim.measure.end <= claim_first + off:
        # Other statistics between the measure phrase and this claim's numbers: the phrase belongs to them.
        between = text[claim.measure.end - off:claim_first]
        blank_between = _blank_times(text)[claim.measure.end - off:claim_first]
        # ... unless this claim is the spread printed in brackets right after them: "51.3 years (range, 28-74)"
        # (one statistic, its own spread if any, its unit, then the bracket: "was 125.0 ± 28.0 min, and the blood
        # loss was 144.2 ± 79.5 ml (range" is the next statistic's range, not the measure's)
        # (the pattern matches case: it needs a '(' and 'range' or 'min', as they stand)
        spread = None if "(" not in between or ("range" not in between and "min" not in between) else _re_search(
            r"^[^;()\d]{0,40}?\d+(?:\.\d+)?(?:\s*(?:±|\+/-)\s*\d+(?:\.\d+)?|\s*\(\s*(?:SD|s\.d\.)?"
            r"\s*[,:=]?\s*\d+(?:\.\d+)?\s*\))?(?:[^\d;()±]|(?<=[A-Za-z/^])\d){0,20}?\(\s*(?:range|min(?:imum)?\s*[-–,/]\s*"
            r"max(?:imum)?)\s*[,:=]?\s*$", between)
        # ... or the same statistic of the next group: "mean age 56.0 years in men and 48.0 years in women"
        digits = [m.end() for m in _re_finditer(r"\d", between)]
        # (words after the conjunction name the group only after in/among/for or as a word for people: 'and the
        # blood loss 144.2 ml' names another measure)
        parallel = bool(digits) and _re_fullmatch(
            r"(?i)[^.;:()\d±]{0,50}\b(?:and|while|whereas|but)\s+(?:(?:in|among|for)\s+(?:the\s+)?"
            r"(?:[A-Za-z-]+\s+){0,3}?|(?:the\s+)?(?:(?:men|women|males|females|boys|girls|patients|children|adults|"
            r"those|controls|cases|subjects|participants)\s+)?)(?:from\s+)?", between[digits[-1]:]) is not None and (
                "±" not in between)
        # (the middle pattern needs a '(' or one of '.!?')
        # "the highest baseline MIDAS score (120) and still responded, her headache days falling from 30 to 14":
        # the phrase's own value stands in brackets right after it; the numbers of a later clause are no longer its
        own_value = "(" in between and _re_search(r"\(\s*\d+(?:\.\d+)?\s*\)\s*(?:,|and\b)", between) is not None
        if own_value or (spread is None and not parallel and ("±" in between or (
                ("(" in between or "." in between or "!" in between or "?" in between)
                and _re_search(r"\d\s*\(|[.!?]\s+[A-Z]", between)) or _re_search(r"\d\.\d", blank_between))):
            measure_ok = False
    if measure_ok and claim.measure is not None:
        strong |= measure_words(claim, text, off)
        tail = claim.measure.text[-8:].lower()
        if tail.endswith(("time", "interval", "delay")):
            # 'The median time to CD19 recovery was 8 months': the event the time runs to names the column ('CD19
            # recovery (mo)' beside 'Time to first relapse (mo)') more than 'time' does
            event_to = _TIME_TO.match(text, claim.measure.end - off)
            if event_to is not None:
                strong |= set(words_of(event_to.group(1)))
        if claim.measure.text[-3:].lower() == "age":
            # 'The median age at onset was 4 years': the event the age is taken at names the column ('Age at onset'
            # beside 'Age at RTX'), as much as the measure phrase does
            event = _AGE_EVENT.match(text, claim.measure.end - off)
            if event is not None:
                strong |= set(words_of(event.group(1)))
            else:
                # 'and rituximab was given at a mean age of 10.4 years': the clause before 'at a mean age' names
                # the event (back to its comma, semicolon or bracket; 'and' opening it is no word of it)
                before = _AGE_CLAUSE.search(text, max(0, claim.measure.start - off - 80), claim.measure.start - off)
                if before is not None:
                    strong |= set(words_of(before.group(1)))
    last = max(claim.values[i].end for i in idx) - off
    prev_end = max([v.end - off for j, v in enumerate(claim.values) if j not in idx and v.end - off <= first] or [0])
    blank = _blank_times(text)
    near_text = blank[max(prev_end, first - 90):first] + " " + blank[last:last + 40]
    near = set(words_of(near_text))
    if not strong:
        lead_end = min(first, claim_first)
        # a count after a semicolon counts something of its own clause: "median age 60 years; 10/14 were men"
        # (a mean there may carry the measure on: "the mean VAS was 6.9; at 3 months it was 3.6")
        counts = all(claim.values[i].role in ("count", "percent", "total") for i in idx)
        clause = blank.rfind(";", 0, lead_end) + 1 if counts else 0
        # the last number before the lead; digits inside a word ('DAS28', 'HbA1c', 'SF-36') are the measure's name
        lead_start = max([m.end() for m in _re_finditer(r"(?<![A-Za-z\d.-])\d", blank[:lead_end])] or [0])
        lead = blank[max(lead_start, lead_end - 60, clause):lead_end]
        if "y" in lead[:8] and (age := _re_match(r"[\d.]*\s(?:years?|yrs?)(?:\s+of\s+age|\s+old)\b", lead)):
            # 'patients over 60 years of age had a mean VAS of': the words say what the number before them is
            lead = lead[age.end():]
        strong = set(words_of(lead))
        if not strong:
            strong = set(words_of(blank[max(prev_end, first - 60, clause):first]))
        if not strong:
            after = _re_match(r"[^.;:(]{0,80}", blank[last:])
            strong = set(words_of(after.group(0) if after else ""))
        if not strong and claim.measure is not None:
            strong |= set(words_of(claim.measure.text))
    if not measure_ok and _re_search(r"(?i)\b(?:median|mean|average)\s+of\s*$", blank[max(0, first - 30):first]):
        # "were given a median of 4 cycles": the words right after the number name what it counts, whatever the
        # clause before spoke of ('a median of 2 earlier lines (range 1-4) and ... a median of 4 cycles')
        named = _re_match(r"\s*((?:[A-Za-z][\w-]*\s*){1,3})", blank[last:last + 40])
        words = set(words_of(named.group(1))) if named else set()
        if words - _DURATION_WORDS:
            strong = words  # a unit of time alone ('a median of 14 months') names no measure: the lead stands
    sent = set(words_of(blank))
    return strong, near, sent


# the event after a measure phrase ending in 'time' ('time to first relapse', 'time from onset to recovery'): up to
# three words, before the verb or the number
_TIME_TO = regex.compile(r"(?i)\s+(?:from\s+[A-Za-z][\w-]*\s+)?to\s+(?:the\s+)?((?:(?!(?:was|were|is|of|in)\b)"
                         r"[A-Za-z][\w-]*\s*){1,3})")
# the event right after a measure phrase ending in 'age' ('age at onset', 'age at the first infusion')
_AGE_EVENT = regex.compile(r"(?i)\s+at\s+(?:the\s+)?(?:first\s+)?((?!the\b)[a-z][a-z-]+)")
_AGE_CLAUSE = regex.compile(r"(?i)(?:^|[,;(]\s*)(?:and\s+|but\s+|while\s+)?([^,;()\d]{3,60}?)\s+(?:was|were)\s+"
                            r"[a-z]+\s+at\s+(?:a|an|the)\s+$")
_AGE_AT = regex.compile(r"(?i)\bage\s+(?:at\s+(?:the\s+|first\s+)?(?P<what>(?!the\b)[a-z-]+"
                        r"(?:\s+(?:onset|diagnosis|symptoms?|surgery|presentation))?)|of\s+(?P<what>onset|diagnosis))")


_SURVIVAL_WORDS = frozenset({"survival", "pfs", "os", "dfs", "rfs", "efs", "ttp", "ttf", "progression", "relapse",
                             "recurrence", "event"})
# the age a per-patient table gives unless its header says otherwise: at the treatment or entry it describes
_AGE_OF_TABLE = (r"(?i)(?:treatment|inclusion|enrol(?:l)?ment|entry|admission|presentation|referral|study\s+entry|"
                 r"start|beginning|initiation|surgery|operation)")


def _link_values(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
                 vspans: list[tuple[int, int]]) -> list[Link]:
    """Columns, time and rows for the values `idx` of one claim (one side of a comparison)."""
    infos = paper.infos_of(table)
    vals = [claim.values[i] for i in idx]
    strong, near, sent = _local_words(claim, idx, text, off)
    # the measure phrase's abbreviations are spelt out only when its words were kept ('the highest baseline MIDAS
    # score (120) and ..., her headache days falling from 30 to 14': the phrase is another clause's)
    measure_text = claim.measure.text if claim.measure and not strong.isdisjoint(words_of(claim.measure.text)) else ""
    strong = paper.voc.expand(list(strong), measure_text)
    first_v = min(claim.values[i].start for i in idx) - off
    last_v = max(claim.values[i].end for i in idx) - off
    # 'had more relapses before rituximab than those with FRNS (mean 4.4 vs 3.0)', 'a median of 4 relapses before
    # rituximab': the event of a time point is no measure word (the words around the numbers)
    strong = _without_events(strong, text[max(0, first_v - 90):last_v + 60])
    unit = next((v.unit for v in vals if v.unit and v.unit != "%" and v.role not in ("p", "percent")), None)
    kind = claim.kind
    count_claim = kind in ("count", "total", "sample_size", "category_counts") or all(
        v.role in ("count", "n", "total") for v in vals)
    # asked once: it reads only the claim, its text and the columns, which nothing below changes
    categorical = kind == "category_counts" or _looks_categorical(claim, idx, text, off, infos)
    if categorical:
        cat = _category_link(claim, idx, text, off, paper, state, table, infos, vspans)
        if cat is not None:
            return cat
    if kind in ("count", "sample_size") or all(v.role in ("count", "n") for v in vals):
        rows, row_ev, row_alts, row_reason = _rows_for(claim, idx, text, off, paper, state, table, infos, vspans)
        if row_reason is not None:
            return [_no_link(claim, idx, row_reason, table.label, row_ev)]
        return _count_link(claim, idx, text, off, paper, state, table, infos, rows, row_ev, row_alts, vspans)

    # Category counts: "10 men and 8 women" — a category column whose values the words name.
    if categorical:
        cat = _category_link(claim, idx, text, off, paper, state, table, infos, vspans)
        if cat is not None:
            return cat

    rows, row_ev, row_alts, row_reason = _rows_for(claim, idx, text, off, paper, state, table, infos, vspans)
    if row_reason is not None:
        return [_no_link(claim, idx, row_reason, table.label, row_ev)]

    lead = _LEAD_PEOPLE_N.match(text) if not any(v.role in ("count", "n", "total", "percent") for v in vals) else None
    n = number_of(lead.group("n")) if lead is not None and lead.end() <= vals[0].start - off else None
    # (a size some column's filled cells have may be the patients with data: 'the 9 who relapsed')
    if n is not None and int(n) not in {len(rows.ids), len(table.rows), *(
            sum(r.cells[k].number is not None for r in table.rows) for k, c in enumerate(table.columns)
            if c.dtype in ("integer", "decimal"))}:
        # "Twelve patients referred in the same period who declined infusions had a mean NRS of 7.6 ... (P = 0.41)":
        # the sentence is about patients no set of rows of that size stands for
        return [_no_link(claim, idx, f"it is about the {n} patients the sentence opens with, whom the table does "
                         "not pick out", table.label, row_ev)]

    if kind == "p_value" or all(v.role == "p" for v in vals):
        return [_p_link(claim, idx, text, off, paper, state, table, infos, rows, row_ev, strong, near, sent)]

    # a count of patients is never the number of cells of a column it names ('Four patients (22%) had a baseline
    # score of 4'): it is a count of rows meeting a condition, or no link
    counts_rows = all(v.role in ("count", "percent") for v in vals)
    if (count_claim or counts_rows) and kind != "total" and (counts_rows or not (strong & set().union(
            *(c.words for c in infos if c.numeric)))):
        # "Eleven patients completed ..." — a count of rows; the condition is a range filter or a threshold.
        return _count_link(claim, idx, text, off, paper, state, table, infos, rows, row_ev, row_alts, vspans)
    if kind in ("threshold", "criterion") or any(v.role == "threshold" for v in vals):
        return [_threshold_link(claim, idx, text, off, paper, state, table, infos, rows, row_ev, row_alts, strong,
                                near, vspans)]

    patient = _numbered_patient(claim, idx, text, off, table)
    if patient is not None and not all(v.role in ("value", "mean", "before", "after") for v in vals):
        # "Patient 4 had the widest range ...": a statistic of one patient is no statistic of all rows
        return [_no_link(claim, idx, f"the sentence speaks of patient {patient}, whose row gives no such statistic",
                         table.label)]
    if patient is not None:
        # "In case 7, the VAS fell from 8 to 3": that patient's cells, at the time points the numbers name
        scored_p = [t for t in column_scores(infos, strong, near | sent, unit) if t[1].numeric]
        if scored_p and scored_p[0][0] >= 1.0:
            fam = [c for c in infos if c.family == scored_p[0][1].family]
            col, t_ev, _, t_reason = _pick_time(claim, idx, text, off, fam, vspans, kind)
            if t_reason is not None or col is None:
                return [_no_link(claim, idx, t_reason or "no column", table.label)]
            return [_mk(claim, idx, table, [col.column.name], RowSet((patient,), f"row {patient}"),
                        evidence=[f"the sentence names patient {patient}", *t_ev], confidence=0.8,
                        operation="patient")]
        return [_no_link(claim, idx, f"no column of patient {patient}'s row matches what it measures", table.label)]
    if all(v.role == "value" for v in vals):
        first = min(v.start for v in vals) - off
        if _re_search(r"(?i)\d[^\d()]{0,12}\b(?:vs\.?|versus|compared\s+with)\s*$", text[max(0, first - 40):first]):
            # "(mean 192 vs 125)": the second side of a comparison whose groups this link cannot tell apart
            return [_no_link(claim, idx, "it is one side of a comparison whose groups are not identified",
                             table.label)]
        lead = text[max(0, first - 80):first]
        named = list(_MEAN_WORD.finditer(lead))
        if not named:
            return [_no_link(claim, idx, "it is a single value whose statistic (mean, median, estimate) is not "
                             "named", table.label)]
        if next(_PEOPLE_COUNT.finditer(lead[named[-1].end():]), None) is not None:
            # "the mean dose was 141.7 U, and four patients received 200 U": the mean belongs to the clause before;
            # 200 is what the patients just counted share, no mean of anything
            return [_no_link(claim, idx, "it is a value the patients counted just before it share, not a mean",
                             table.label)]
    scored = column_scores(infos, strong, near | sent, unit, count_claim)
    scored = [t for t in scored if t[1].numeric]
    if not scored or scored[0][0] < 1.0:
        if count_claim:
            return _count_link(claim, idx, text, off, paper, state, table, infos, rows, row_ev, row_alts, vspans)
        return [_no_link(claim, idx, "no table column matches what it measures", table.label,
                         [f"words: {', '.join(sorted(strong)[:8])}"])]
    # the time points these values speak of, read once: _times_for reads only the claim, these values and the
    # claim's text (its spans), none of which changes below
    forced = [state.forced_times[i] for i in idx if i in state.forced_times]
    times = forced[:1] if forced else _times_for(claim, idx, text, off, vspans)
    scored = _prefer_timed(scored, times, infos)
    best_score, best, ev = scored[0]
    if any(claim.values[i].unit == "%" and claim.values[i].role != "p" for i in idx) and not (
            best.column.unit == "%" or "%" in (best.column.header or "") or "percent" in best.column.name):
        # "the mean reduction in seizure frequency was 59%": a share worked out from the cells, not a statistic of
        # cells that are no percentages
        return [_no_link(claim, idx, f"it is a percentage, and {best.column.name} is not given in per cent",
                         table.label, [f"matched {best.column.name} on {', '.join(ev)}"])]
    time_unit = next((v.unit for v in vals if v.unit and v.role != "p" and _unit_key(v.unit) in _TIME_KEYS), None)
    if time_unit is not None and _counts_things(best.column):
        # "Infusions were repeated at intervals of 2 to 4 weeks" beside 'Lidocaine infusions (n)': numbers printed
        # with a unit of time are no statistic of a column that counts things and names no unit of time (a column
        # 'Stay (n days)' or 'Sessions per week (n)' names one and is left to the rules below)
        return [_no_link(claim, idx, f"it is given in a unit of time ({time_unit}), and {best.column.name} counts "
                         "things with no unit of time", table.label,
                         [f"matched {best.column.name} on {', '.join(ev)}"])]
    first_at = min(v.start for v in vals) - off
    # the age's event is looked for from the claim's own measure phrase on, when it stands before the numbers: 'The
    # median age at onset was 4 years (range 2-8), and rituximab was given at a mean age of 10.4' gives the second
    # mean no 'age at onset'
    m_at = claim.measure.start - off if claim.measure is not None and not claim.measure.inherited else -1
    qualified = _AGE_AT.search(text[max(0, first_at - 80, m_at if 0 <= m_at < first_at else 0):first_at])
    # (the column's words hold its header's abbreviations spelled out: 'Age at RTX' is the age at rituximab)
    if qualified and "age" in best.words and not set(words_of(qualified.group("what"))) & (set(
            words_of(best.column.header)) | best.words) and not _re_fullmatch(_AGE_OF_TABLE, qualified.group("what")):
        # "age at symptom onset" is not the age a table column gives at inclusion
        return [_no_link(claim, idx, f"the text gives the age at {qualified.group('what')}; the table's "
                         f"{best.column.name} does not say it is that age", table.label)]
    if any(claim.values[i].role == "median" for i in idx) and (
            any(v.role in ("ci_low", "ci_high") for v in claim.values)
            or (best.words & _SURVIVAL_WORDS
                and _re_search(r"(?i)kaplan|log-?rank|\bcox\b|life[- ]table", paper.text))):
        # "Median PFS was 5.5 months (95% CI 3.1-7.9)": an estimate from survival analysis, where censored
        # follow-up counts differently, not the median of the cells
        return [_no_link(claim, idx, "it is a survival (Kaplan-Meier) or model estimate of a median, not the median "
                         "of the table's cells", table.label, [f"matched {best.column.name} on {', '.join(ev)}"])]
    family = [c for c in infos if c.family == best.family]
    col, time_ev, time_alts, time_reason = _pick_time(claim, idx, text, off, family, vspans, kind, times)
    if time_reason is not None:
        return [_no_link(claim, idx, time_reason, table.label, [f"matched {best.column.name} on {', '.join(ev)}"])]
    assert col is not None
    # Another family scoring nearly as well: the link is uncertain.
    rivals = [t for t in scored[1:] if t[1].family != best.family and t[0] >= 0.85 * best_score
              and t[1].words & strong]
    if col.time is not None and any(x != "baseline" for x in times):
        # The claim names a later time the chosen column holds; a rival without that time is no rival.
        rivals = [t for t in rivals if any(c.time == col.time for c in infos if c.family == t[1].family)]
    if rivals and best.words and best.words <= strong:
        # 'the number of relapses fell from 3.9 to 0.7' beside 'Relapses before/after' and 'Time to first relapse':
        # when the measure names every word of the chosen column, a rival with words the sentence never says
        # ('time', 'first') is a longer name, no rival
        rivals = [t for t in rivals if t[1].words <= sent | strong]
    confidence = min(1.0, 0.5 + 0.12 * best_score) * (0.75 if rivals else 1.0)
    evidence = [f"column {col.column.name} matched on {', '.join(ev)}", *time_ev, *row_ev]
    alts = []
    for alt_rows in row_alts:
        alts.append(_mk(claim, idx, table, [col.column.name], alt_rows, evidence=[*alt_rows.evidence],
                        confidence=confidence * 0.6, operation="describe"))
    for tcol in time_alts:
        alts.append(_mk(claim, idx, table, [tcol.column.name], rows, evidence=[f"time could be {tcol.time}"],
                        confidence=confidence * (0.6 if col.time == "baseline" else 1.0), operation="describe"))
    for score, rc, rev in rivals[:1]:
        alts.append(_mk(claim, idx, table, [rc.column.name], rows, evidence=[f"column {rc.column.name} matched on "
                        f"{', '.join(rev)}"], confidence=confidence * score / best_score, operation="describe"))
    paired = _paired_rows(claim, idx, table, col, family, rows)
    if paired is not None:
        alts.append(_mk(claim, idx, table, [col.column.name], paired, evidence=[*paired.evidence],
                        confidence=confidence * 0.6, operation="describe"))
    return [_mk(claim, idx, table, [col.column.name], rows, evidence=evidence, confidence=confidence,
                operation="describe", alternatives=alts)]


def _paired_rows(claim: Claim, idx: list[int], table: Table, col: ColumnInfo, family: list[ColumnInfo],
                 rows: RowSet) -> RowSet | None:
    """One side of a change ('fell from 7.3 at baseline to 3.7 at follow-up') may be worked out over the rows that
    have both values, not over every row that has this one: when the other time's column is blank in some of these
    rows, those rows are a second reading. None when the value is no side of a change, or the readings are one."""
    vals = [claim.values[i] for i in idx]
    if not (claim.kind == "change" or any(v.role in ("before", "after") for v in vals)):
        return None
    if col.time == "baseline":
        partners = [c for c in family if c.time is not None and c.time != "baseline"]
    else:
        partners = [c for c in family if c.time == "baseline"]
    if len(partners) != 1:
        return None
    mine, other = _numeric_cells(table, col.column.name), _numeric_cells(table, partners[0].column.name)
    have = [r for r in rows.ids if r in mine]
    both = tuple(r for r in have if r in other)
    if not both or len(both) == len(have):
        return None
    return RowSet(both, f"{rows.words}, with a value at both times",
                  [f"the rows with both {col.column.name} and {partners[0].column.name} ({len(both)} of {len(have)})"])


def _prefer_timed(scored: list[tuple[float, ColumnInfo, list[str]]], times: list[str], infos: list[ColumnInfo]
                  ) -> list[tuple[float, ColumnInfo, list[str]]]:
    """Among columns that score about as well as the best, prefer one whose family holds the time the claim names,
    then the one whose own words are best covered."""
    if not scored:
        return scored
    top = scored[0][0]
    close = [t for t in scored if t[0] >= 0.85 * top and t[0] > 0]
    if len(close) < 2:
        return scored

    def key(t: tuple[float, ColumnInfo, list[str]]) -> tuple[int, float, float]:
        fam = [c for c in infos if c.family == t[1].family]
        timed = any(c.time is not None and any(same_time(x, c.time) for x in times) for c in fam) if times else False
        cover = len([w for w in t[2] if not w.startswith("unit")]) / max(1, len(t[1].words))
        return (0 if timed else 1, -t[0], -cover)

    close.sort(key=key)
    names = [t[1].column.name for t in scored]
    if len(set(names)) == len(names) and all(t[1].table is scored[0][1].table for t in scored):
        # Columns of one table have unique names, so no two of these entries are equal: an entry is in `close`
        # exactly when it is one of its objects (and equality of ColumnInfos compares whole tables, slowly).
        kept = {id(t) for t in close}
        rest = [t for t in scored if id(t) not in kept]
    else:
        rest = [t for t in scored if t not in close]
    return close + rest


def _mk(claim: Claim, idx: list[int], table: Table, columns: list[str], rows: RowSet, *, evidence: list[str],
        confidence: float, operation: str, alternatives: list[Link] | None = None, condition: str | None = None,
        rows_b: RowSet | None = None) -> Link:
    return Link(claim_id=claim.id, table=table.label, columns=columns, row_filter=rows.words,
                row_ids=list(rows.ids), evidence=evidence, confidence=round(max(0.0, min(1.0, confidence)), 3),
                alternatives=alternatives or [], values=idx, operation=operation, condition=condition,
                row_ids_b=list(rows_b.ids) if rows_b else [])


def _pick_time(claim: Claim, idx: list[int], text: str, off: int, family: list[ColumnInfo],
               vspans: list[tuple[int, int]], kind: str, times: list[str] | None = None
               ) -> tuple[ColumnInfo | None, list[str], list[ColumnInfo], str | None]:
    """The family column for the time the claim names; a reason when that time is not tabulated. `times`: what
    _times_for gives for these arguments, when the caller has it (it is read, never changed)."""
    if times is None:
        times = _times_for(claim, idx, text, off, vspans)
    vals = [claim.values[i] for i in idx]
    if claim.kind == "change" and vals and all(v.side == 0 for v in vals):
        times = ["baseline"]
    # "decreased from 6.9 ± 1.2 to 3.6 ± 2.0": the second side of a change is the value after, whatever its role
    after = any(v.role == "after" for v in vals) or (claim.kind == "change" and bool(vals)
                                                      and all(v.side == 1 for v in vals))
    if any(v.role == "before" for v in vals):
        times = ["baseline"]
    elif after:
        # 'from 4.0 ± 1.5 before treatment to 1.4 ± 1.5 after it': a baseline named in the clause belongs to the
        # value before; the value after is at a later time whether or not that time is named
        times = [t for t in times if t != "baseline"]
    if len(family) == 1:
        only = family[0]
        if times and only.time is not None and not any(same_time(t, only.time) for t in times):
            return None, [], [], f"the time point it names ({', '.join(times)}) is not tabulated"
        if times and only.time is None and any(t != "baseline" for t in times) and kind != "range":
            return None, [], [], f"the table gives {only.column.name} at one time only, not at {times[0]}"
        return only, [], [], None
    if times:
        hits = [c for c in family if c.time is not None and any(same_time(t, c.time) for t in times)]
        if hits:
            return hits[0], [f"time {hits[0].time}"], [], None
        follow = _only_later(family, text)
        if times == ["post"] and follow is not None:
            return follow, [f"at follow-up: the only later time, {follow.time}"], [], None
        return None, [], [], f"the time point it names ({', '.join(times)}) is not tabulated"
    base = [c for c in family if c.time == "baseline"]
    if after:
        # "fell from 7.2 to 2.4": the value after is at the one later time point the table holds, if only one
        later = [c for c in family if c.time is not None and c.time != "baseline"]
        if base and len(later) == 1:
            return later[0], [f"the value after the change: the only later time, {later[0].time}"], [], None
        return None, [], [], "the time point of the value after the change is not named"
    if base:
        # (the later columns are weaker readings: 'the median flare count of the men was 2' may speak of after
        # treatment; they only turn a disagreement with the baseline into an ambiguity)
        return base[0], ["no time named: the baseline column"], [c for c in family if c is not base[0]], None
    return family[0], ["no time named"], family[1:], None


_FOLLOW_UP_WORD = regex.compile(r"\bfollow[- ]?up\b", regex.I)
_OTHER_POST = regex.compile(r"\b(?:after|following|post|discharge|end|completion|once)\b", regex.I)


def _only_later(family: list[ColumnInfo], sentence: str) -> ColumnInfo | None:
    """What 'at follow-up', which names no date, means: the one later column of a family that also has a baseline
    column, when that column is the follow-up by its header or its legend ('NRS FU', 'FU, follow-up at 12 weeks').
    None otherwise, and when the sentence also speaks of a time 'after' something (just after treatment is another
    time point than the follow-up, and may be one the table does not hold)."""
    if not _FOLLOW_UP_WORD.search(sentence) or _OTHER_POST.search(sentence):
        return None
    later = [c for c in family if c.time is not None and c.time != "baseline"]
    if len(later) != 1 or not any(c.time == "baseline" for c in family):
        return None
    col = later[0].column
    labels = [col.header or "", col.time or ""] + [lc.meaning for lc in later[0].table.legend
                                                    if regex.search(r"(?<!\w)" + regex.escape(lc.code) + r"(?!\w)",
                                                                    col.header or "")]
    return later[0] if any(_FOLLOW_UP_WORD.search(x) for x in labels) else None


def _times_for(claim: Claim, idx: list[int], text: str, off: int, vspans: list[tuple[int, int]]) -> list[str]:
    """The time points a group of values speaks of: the claim's time phrase, else the clause around them."""
    out: list[str] = []
    if claim.kind == "change" and all(claim.values[i].side == 1 for i in idx) and claim.time is not None:
        out = [t.key for t in time_mentions(claim.time.text, cue_free=True)] or (
            ["post"] if _re_search(r"\b(?:after|post|following)\b", claim.time.text, regex.I) else [])
        if out:
            return out
    first = min(claim.values[i].start for i in idx) - off
    last = max(claim.values[i].end for i in idx) - off
    # A time phrase right after the numbers ('6 before treatment', '5 at 3 months') is theirs.
    trailing = [m for m in time_mentions(text[last:last + 60], last + off)
                if _re_match(r"\s*(?:at|after|by|on|in|within)?\s*$", text[last:m.start - off])]
    if trailing and not (claim.kind == "change" and all(claim.values[i].side == 0 for i in idx)):
        return [trailing[0].key]
    clause_start = _clause_start(text, first, claim, idx, off)
    before = text[clause_start:first]
    if "from" in before and _re_search(r"\bfrom\s*\(?\s*$", before) and _re_search(
            r"\b(?:decreas|increas|reduc|declin|fell|rose|drop|improv|chang|went|rais|lower)", text, regex.I):
        return ["baseline"]
    # The time named in the numbers' own clause comes first; the claim's time phrase may belong to another clause.
    ms = time_mentions(before + " ", clause_start + off, vspans)
    if ms:
        return list(dict.fromkeys(m.key for m in ms))
    if claim.time is not None and not claim.time.inherited and _in_sentence(claim, claim.time):
        out = [t.key for t in time_mentions(claim.time.text, cue_free=True)]
        if not out and _re_search(r"\b(?:before|baseline|pre)\b", claim.time.text, regex.I):
            out = ["baseline"]
        if not out and _re_search(r"\b(?:after|post|following)\b", claim.time.text, regex.I):
            out = ["post"]
    if out:
        return out
    if "to" in before and _re_search(r"\bto\s*\(?\s*$", before) and _re_search(r"\bfrom\b", text[:clause_start]):
        ms = [m for m in time_mentions(text, off, vspans) if m.key != "baseline"]
    return list(dict.fromkeys(m.key for m in ms))


def _in_sentence(claim: Claim, phrase: Phrase) -> bool:
    """Is a phrase inside the claim's own sentence (not carried over from another)?"""
    if not claim.sentence_spans:
        return True
    return any(a <= phrase.start and phrase.end <= b for a, b in claim.sentence_spans)


def _clause_start(text: str, first: int, claim: Claim, idx: list[int], off: int, stat_cut: bool = True) -> int:
    prev = [v.end - off for j, v in enumerate(claim.values) if j not in idx and v.end - off <= first]
    s = max(prev) if prev else 0
    cut = max(text.rfind(";", 0, first), text.rfind(", but", 0, first), text.rfind(" but ", 0, first))
    # Another statistic earlier in the sentence (a mean ± SD, a P) ends the clause of the one before it.
    stats_before = [m.end() for m in _STAT_END.finditer(text, 0, first)] if stat_cut else []
    return max(s, cut + 1 if cut >= 0 else 0, max(stats_before) if stats_before else 0)


_P_END = regex.compile(r"\bP\s*[=<>≤≥]\s*[\d.]+\)?", regex.I)
_STAT_END = regex.compile(r"±\s*\d[\d.]*(?:\s*\((?:median|range|IQR)[^)]*\))?|\bP\s*[=<>≤≥]\s*[\d.]+\)?", regex.I)


# -- rows


def _is_n(claim: Claim, v: Value) -> bool:
    """Is this value the size of the group the claim speaks of ('of the 18', 'n = 18', '5 of 11')?"""
    return v.role == "n" or claim.kind == "sample_size" or (v.role == "total" and claim.kind == "count")


_PATIENT_NO = regex.compile(r"\b(?:patient|case|subject|participant)\s*(?:no\.?|number|#)?\s*(\d{1,4})\b", regex.I)


def _numbered_patient(claim: Claim, idx: list[int], text: str, off: int, table: Table) -> str | None:
    """The row id of a numbered patient the sentence names before these numbers ('Patient 12 had ...'), when the
    table has a row with that id and the number is not itself one of the claim's values."""
    first = min(claim.values[i].start for i in idx) - off
    ids = {r.id for r in table.rows}
    own = {(v.start - off, v.end - off) for v in claim.values}
    for m in _PATIENT_NO.finditer(text, 0, first):
        if m.group(1) in ids and (m.start(1), m.end(1)) not in own:
            if next(_PEOPLE_COUNT.finditer(text[m.end():first]), None) is not None:
                # "... is missing for patient 10; in the other 13 patients it fell from ...": a count of
                # patients after the named one is whom the numbers describe
                continue
            return m.group(1)
    return None


def _named_after(claim: Claim, idx: list[int], text: str, off: int, table: Table, infos: list[ColumnInfo]
                 ) -> RowSet | None:
    """The rows a group named right after the numbers picks out ('52.4 years in the treatment group')."""
    last = max(claim.values[i].end for i in idx) - off
    if claim.kind == "change" and all(claim.values[i].side == 0 for i in idx):
        # "from 6.0 to 3.3 in the patients with Behcet disease": the value before shares the group named after
        # the value after it
        later = [v for v in claim.values if v.side == 1 and v.start - off >= last]
        if later and _re_match(r"(?:\s*±\s*\d[\d.]*)?[^\d;.]{0,40}?\bto\s*$", text[last:later[0].start - off]):
            nxt = [v for v in claim.values if v.side == 0 and v.start > later[0].start]
            last = max(v.end for v in later if not nxt or v.start < nxt[0].start) - off
    # (with the whole number right after a level word: '68.8 years in grade 3 and 55.2 years in grade 2')
    tail = _re_match(r"[^\d;.]*(?:(?<=(?i:grade|stage|class|type|level)\s+)\d+(?![\d.]))?", text[last:])
    return _named_rows(tail.group(0), table, infos) if tail else None


def _lead_text(text: str, claim: Claim, idx: list[int], off: int) -> str:
    """The sentence up to the claim's first number: where its subject is named."""
    return text[:max(0, min(claim.values[i].start for i in idx) - off)]


def _rows_with_data(table: Table, infos: list[ColumnInfo], n: int, text: str, every: bool = False
                    ) -> RowSet | None:
    """'The MIDAS score at 3 months is missing for patient 10; in the other 13 patients it fell from ...': the n
    rows whose cells are filled in the numeric columns the sentence names (``every``: in every numeric column of
    ``infos``), when those columns leave out the same rows and exactly n remain (None otherwise: a subset the words
    define some other way)."""
    words = set(words_of(text))
    sets = set()
    for c in infos:
        if not c.numeric or not (every or c.words & words):
            continue
        k = [x.name for x in table.columns].index(c.column.name)
        ids = tuple(r.id for r in table.rows if r.cells[k].number is not None)
        if len(ids) < len(table.rows):
            sets.add(ids)
    if len(sets) != 1:
        return None
    (ids,) = sets
    if len(ids) != n:
        return None
    return RowSet(ids, "the rows with data", [f"n = {n}: the rows whose cells the sentence's measure fills"])


def _named_rows(text: str, table: Table, infos: list[ColumnInfo], subject_words: bool = False) -> RowSet | None:
    """Rows a sentence names by a section heading ('in arm A') or by a category of a column ('in the women',
    'patients with neuropathy'): a subset, not all rows."""
    for sec in {r.section for r in table.rows if r.section}:
        ws = set(words_of(sec)) - {"group", "arm", "cohort"}
        if ws and ws <= set(words_of(text)):
            ids = tuple(r.id for r in table.rows if r.section == sec)
            return RowSet(ids, f"section {sec!r}", [f"the sentence names the section {sec!r}"])
    cands: list[str] | None = None  # the same for every column: read once, when first needed
    withs: list[str] = []
    without: regex.Match[str] | None = None
    without_read = False
    for c in infos:
        if c.numeric:
            continue
        if c.table is table:
            k, values, multi = c.cell_values()
        else:
            k = [x.name for x in table.columns].index(c.column.name)
            values = {r.cells[k].text for r in table.rows if r.cells[k].text}
            multi = [(v, _rx(r"(?i)\b" + regex.escape(v) + r"\b")) for v in values if " " in v]
        if len(values) < 2:
            continue
        # a value of several words named whole ('patients with multiple sclerosis')
        phrases = [v for v, rx in multi if rx.search(text)]
        # ... or a code by the meaning its legend gives ('patients with rheumatoid arthritis' for 'RA')
        phrases += [lc.code for lc in c.column.codes if lc.code in values and lc.code not in phrases
                    and _meaning_named(lc.meaning, text)]
        if len(phrases) == 1:
            ids = tuple(r.id for r in table.rows if r.cells[k].text == phrases[0])
            return RowSet(ids, f"{c.column.name} in {phrases}", [f"'{phrases[0]}' names rows in {c.column.name}"],
                          f"{c.column.name} == {phrases[0]!r}")
        # "Patients without diabetes were younger": the rows whose yes/no column says no, or that lack a value
        # (the same for every column: looked for once, when first needed)
        if not without_read:
            without = None if not _may_hold(text, ("without",)) else _re_search(
                r"(?i)\b(?:patients?|subjects?|participants?|cases?|those|children|women|men)\s+"
                r"without\s+(?:an?\s+|the\s+)?([A-Za-z][\w-]*(?:\s+\d)?)", text)
            without_read = True
        if without is not None and without.group(1).lower() not in _STOP:
            w = without.group(1)
            hit = _category_matches(w, c, legend=False)
            if {v.lower() for v in values} <= _YES_NO:
                hit = [v for v in values if v.lower() not in _YES] if hit else []
            elif hit and len(hit) < len(values):
                hit = sorted(values - set(hit))
            else:
                hit = []
            if hit:
                ids = tuple(r.id for r in table.rows if r.cells[k].text in hit)
                return RowSet(ids, f"{c.column.name} in {hit}", [f"'without {w}' names {hit} in {c.column.name}"],
                              " or ".join(f"{c.column.name} == {x!r}" for x in hit))
        if cands is None:
            withs = _with_words(text)
            cands = _category_words(text, subject_words) + withs
        for w in cands:
            if w.lower() in _STOP or len(w) < 2:
                continue
            hit = _category_matches(w, c, legend=False)
            if not hit and w in withs:
                # a code named by its whole one-word meaning ('those with a pseudocyst' for 'PC')
                hit = sorted({lc.code for lc in [*c.column.codes, *table.legend]
                              if lc.code in values and lc.meaning.strip().lower() == w.lower()})
            if hit and len(hit) < len(values):
                ids = tuple(r.id for r in table.rows if r.cells[k].text in hit)
                return RowSet(ids, f"{c.column.name} in {hit}", [f"'{w}' names {hit} in {c.column.name}"],
                              " or ".join(f"{c.column.name} == {x!r}" for x in hit))
    return _graded_rows(text, table, infos)


# The last header word of a column of a few whole levels ('KL grade', 'NYHA class', 'Stage')
_LEVEL_WORDS = ("grade", "stage", "class", "type", "level")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}


# After a level named in a count's clause, only these words (or none, or punctuation) may follow: 'had grade 3
# toxicity' counts something else graded, not the column's rows
_LEVEL_NEXT = regex.compile(r"\s*(?:$|[^\w\s]|(?:disease|and|or|was|were|in|among)\b)", regex.I)


def _named_level(text: str, infos: list[ColumnInfo], table: Table | None = None, count: bool = False
                 ) -> tuple[ColumnInfo, Decimal, str] | None:
    """'KL grade 3': a column of a few whole levels (at most six), headed by a level word (grade, stage, class,
    type, level), and the level the text names right after that word (one the column holds), with the words read.
    ``count``: for a count of patients, stricter (a count is judged on it alone): the whole header is written before
    the level ('KL grade 3' for 'KL grade', not 'grade 3'), and no other word follows it (_LEVEL_NEXT)."""
    if not _may_hold(text, _LEVEL_WORDS):
        return None
    for c in infos:
        if not c.numeric or (table is not None and c.table is not table):
            continue
        head = c.column.header.split()
        if not head or head[-1].lower() not in _LEVEL_WORDS:
            continue
        said = r"\s+".join(map(regex.escape, head)) if count else regex.escape(head[-1])
        m = _re_search(r"(?i)\b" + said + r"\s+(\d+|i{1,3}|iv|vi?)\b", text)
        if m is None or (count and not _LEVEL_NEXT.match(text, m.end())):
            continue
        level = Decimal(m.group(1)) if m.group(1).isdigit() else Decimal(_ROMAN[m.group(1).lower()])
        levels = {v for r in c.table.rows if (v := r.cell(c.column.name).number) is not None}
        if not levels or len(levels) > 6 or any(v != v.to_integral_value() for v in levels) or level not in levels:
            continue
        return c, level, m.group(0)
    return None


def _graded_rows(text: str, table: Table, infos: list[ColumnInfo]) -> RowSet | None:
    """'patients with KL grade 3': the rows whose level column (_named_level) holds the level named."""
    hit = _named_level(text, infos, table)
    if hit is None:
        return None
    c, level, said = hit
    ids = tuple(r.id for r in table.rows if r.cell(c.column.name).number == level)
    return RowSet(ids, f"{c.column.name} == {level}", [f"'{said}' names the rows with {c.column.name} {level}"],
                  f"{c.column.name} == {level}")


def _with_words(text: str) -> list[str]:
    """'Patients with WON needed ...', 'those with a pseudocyst': the category named after 'with'."""
    return [m.group(1) for m in _re_finditer(
        r"(?i)\b(?:patients?|subjects?|participants?|cases?|those|children|women|men)\s+with\s+(?:an?\s+|the\s+)?"
        r"([A-Za-z][\w-]*(?:\s+\d)?)", text)]


def _category_words(text: str, subject_words: bool) -> list[str]:
    """The words of a sentence that may name a category of rows: after 'in', 'among', 'of', 'for'; every word of a
    subject; the sentence's lead word; the verb of a relative clause on its subject."""
    cands = [m.group(1) for m in _re_finditer(
        r"(?i)\b(?:in|among|of|for)\s+(?:the\s+)?(?:\d+\s+)?(?:patients?\s+with\s+|those\s+with\s+)?"
        r"([A-Za-z][\w-]*(?:\s+\d)?)", text)]
    if subject_words:
        cands += [w for w in _re_findall(r"[A-Za-z][\w-]*", text)]
    # the sentence's own subject: "Non-responders had a mean ..."
    lead = _re_match(r"\W*(?:the\s+)?([A-Za-z][\w-]*)\s+(?=[a-z(])", text)
    if lead:
        cands.append(lead.group(1))
    # "Patients who improved had ...": the relative clause of the subject names the category
    rel = _re_match(r"\W*(?:the\s+)?(?:patients?|subjects?|participants?|cases?|those)\s+(?:who|that)\s+"
                    r"(?:were\s+|had\s+)?([A-Za-z][\w-]*)", text, regex.I)
    if rel:
        cands.append(rel.group(1))
    return cands


_COMPLETED = regex.compile(r"(?i)\b(?:completed|finished|attended|reached|returned\s+for|were\s+seen\s+at|"
                           r"available\s+(?:at|for)|with\s+(?:complete\s+)?(?:data\s+(?:at|for)\s+)?)\s+"
                           r"(?:the\s+|their\s+)?(?:[\w-]+\s+)?follow[- ]?up\b")


def _completers(text: str, table: Table, infos: list[ColumnInfo]) -> RowSet | None:
    """'the 11 patients who completed follow-up': the rows with a number in every numeric column of a later time
    point; None when the text says no such thing or the table has no later time."""
    if "follow" not in text.lower() or not _COMPLETED.search(text):
        return None
    later = [c.column.name for c in infos if c.numeric and c.time is not None and c.time != "baseline"]
    if not later:
        return None
    cells = [_numeric_cells(table, name) for name in later]
    ids = tuple(r.id for r in table.rows if all(r.id in c for c in cells))
    return RowSet(ids, "the rows with follow-up values", [f"completed follow-up: a value in {', '.join(later)}"])


def _rows_for(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
              infos: list[ColumnInfo], vspans: list[tuple[int, int]]
              ) -> tuple[RowSet, list[str], list[RowSet], str | None]:
    """The rows a claim speaks of, the evidence, other readings, or a reason it names no identifiable subset."""
    if state.side_rows is not None:
        return state.side_rows, list(state.side_rows.evidence), [], None
    all_rows = RowSet(paper.row_ids(table), "all rows")
    subject = claim.subject.text if claim.subject is not None and not claim.subject.inherited else ""
    judged = [vspans[i] for i in idx if not _is_n(claim, claim.values[i])]
    is_count = all(claim.values[i].role in ("count", "n", "total", "percent") for i in idx)
    scope = subject or text
    scope_off = claim.subject.start if subject and claim.subject is not None else off
    if subject and claim.subject is not None and paper.text[claim.subject.start:claim.subject.end] != subject:
        scope_off = -1  # normalised phrase: spans cannot be trusted, skip span checks
    lead = _lead_text(text, claim, idx, off)
    grouped = is_count and _the_groups(table, all_rows) is not None  # a count in a table of two groups
    if grouped and _re_search(
            r"(?i)\b(?:in|of|for)\s+(?:each|both|either)\s+(?:of\s+the\s+)?(?:groups?|arms?)\b|"
                               r"\bper\s+(?:group|arm)\b", _re_match(r"[^.;()]{0,40}", text[max(
                                   vspans[i][1] for i in idx) - off:]).group(0)):  # type: ignore[union-attr]
        # "4 of 6 patients in each group": a number for every group at once, no one set of rows
        return all_rows, [], [], "the number is given for each group at once"
    if is_count:
        # "in 1 patient in the early group and 3 in the delayed group": another claim's count is no subset size
        judged = judged + [(v.start, v.end) for c in paper.claims_nearby(text, off) if c.id != claim.id
                           for v in c.values if v.role == "count"
                           and _re_search(r"(?i)\b(?:in|among)\s+$", paper.text[max(0, v.start - 12):v.start])]
    skip = judged if scope_off >= 0 else []
    n = stated_n(scope, skip, max(scope_off, 0))
    if n is None and subject:
        n = stated_n(text, judged, off)
    filters = range_filters(scope, infos, table, skip, max(scope_off, 0)) if scope_off >= 0 or subject else []
    if not filters and subject:
        filters = range_filters(text, infos, table, judged, off)
    # A count's own range ("11 patients completed 3-6 infusions") is its condition, handled by _count_link.
    if is_count and not subject:
        filters = [f for f in filters if n is not None and len(f.ids) == n]
    ev: list[str] = []
    lead_to_first = text[:min(claim.values[i].start for i in idx) - off]
    # the pattern needs one of its pronouns: a text holding none is not searched
    local_these = _re_search(r"(?i)\b(?:of|among)\s+(?:these|them|those|whom)\b[^;.]{0,20}$", lead_to_first) \
        if _may_hold(lead_to_first, ("these", "them", "those", "whom")) else None
    if local_these and is_count and state.counted:
        # "Of the 12 patients, 9 improved; of these, 6 were women": the rows just counted, whatever n came before
        return state.counted[0], ["'of these': the rows counted before"], state.counted[1:], None
    if filters:
        f = filters[0]
        if n is not None and n != len(f.ids):
            if n == len(table.rows):
                return all_rows, [f"n = {n} is every row"], [], None
            return all_rows, [], [], (f"the text names {n} patients but {len(f.ids)} rows have {f.words}")
        if n is not None:
            f.evidence.append(f"n = {n} agrees")
            paper.subsets_by_n.setdefault(n, f)
        f.fronted = fronted(text)
        state.subset = f
        return f, list(f.evidence), [], None
    scope_low = scope.lower()
    # (the pattern matches case, in lowercase text: it needs one of its three words as they stand)
    # ('than those without', 'those with X': a group the words define, no reference back to the rows counted)
    these = _re_search(r"\b(?:these|those(?!\s+(?:with|without|who|whose|in\s+whom)\b)|them)\b", scope_low) \
        if "these" in scope_low or "those" in scope_low \
        or "them" in scope_low else None
    if these is None and scope is not text:
        # "Of the 12 patients, 9 improved; of these, 6 were women": the words right before the count refer back
        # (local_these: the same search of the same words)
        these = local_these
    if these is None and state.counted_in == off and "their" in scope_low and _re_search(r"(?:^|[;:]\s*)their\b",
                                                                                          scope_low):
        # "Five patients had diabetes; their median HbA1c was ...": the rows just counted in this sentence
        these = _re_search(r"\btheir\b", scope_low)
    if these is None and state.counted_in == off and state.counted and "with" in text:
        # "Five patients (41.7%) were men, with a mean age of 52.4 years": the statistic of the rows just counted
        these = _re_search(r"(?i),?\s+with\s+(?:a\s+|an\s+)?(?:mean|median|average)\b[^.;:()\d]{0,40}$",
                           text[:min(claim.values[i].start for i in idx) - off])
    if n is not None:
        if n == len(table.rows):
            return all_rows, [f"n = {n}: every row"], [], None
        if these and state.counted and any(len(c.ids) == n for c in state.counted):
            uniq = list({c.ids: c for c in state.counted}.values())
            uniq.sort(key=lambda c: len(c.ids) != n)
            return uniq[0], [f"'these {n}': the rows counted before"], uniq[1:], None
        if state.subset is not None and len(state.subset.ids) == n:
            return state.subset, [f"the {n} patients named before ({state.subset.words})"], [], None
        if n in paper.subsets_by_n:
            s = paper.subsets_by_n[n]
            return s, [f"the {n} patients named earlier ({s.words})"], [], None
        if is_count and any(claim.values[i].role == "n" or claim.values[i].value == n for i in idx):
            return all_rows, [], [], None
        # "Among the 5 patients with multiple sclerosis": a category the rows name, as many as the text says
        named = _named_rows(subject, table, infos, True) if subject else None
        named = named or _named_rows(lead, table, infos)
        if named is not None and len(named.ids) == n:
            return named, [*named.evidence, f"n = {n} agrees"], [], None
        done = _completers(subject or lead, table, infos)
        if done is not None and len(done.ids) == n:
            return done, [*done.evidence, f"n = {n} agrees"], [], None
        with_data = _rows_with_data(table, infos, n, text)
        if with_data is not None:
            return with_data, list(with_data.evidence), [], None
        return all_rows, [], [], f"the {n} patients it speaks of are not identifiable in the table"
    if these and state.counted:
        return state.counted[0], ["'these': the rows counted before"], state.counted[1:], None
    # a sentence that compares two groups ('higher than', 'vs') names both: its lead does not say whose a number is
    comparing = _may_hold(text, ("vs", "versus", "than", "compared")) and _re_search(
        r"(?i)\b(?:vs\.?|versus|than|compared)\b", text) is not None
    is_p = claim.kind in ("p_value", "test") or all(claim.values[i].role == "p" for i in idx)
    groups_named = _group_values_named(text, table) if not is_count else 0
    # a P value keeps every row (its two groups must stay in reach) unless the sentence names one group only
    one_group = groups_named == 1 and not _re_search(r"(?i)\b(?:between|both)\b", text)
    after = _named_after(claim, idx, text, off, table, infos) if not is_count and not is_p and \
        claim.kind != "category_counts" else None
    if after is not None and _re_search(r"\d", lead):
        # "52.4 years in the treatment group and 49.0 years in the control group": after another group's number,
        # the group named right after this number is its own, not the one the sentence opened with
        return after, [*after.evidence, "named right after the number"], [], None
    if after is None and not is_count and not is_p and claim.kind != "category_counts":
        # "Women had a mean age of 41.6 years and men 44.6 years": after another number, a group named between
        # that number and this one is this number's own, not the one the sentence opened with
        # ('4 women) with a median age of 58': a group named after a count is the counted one, so the words after
        # the other number must open with a conjunction, past its unit and bracket)
        last_digit = _re_search(r"\d(?=\D*$)", lead)
        between = lead[last_digit.end():] if last_digit is not None else ""
        own = _named_rows(between, table, infos, True) if _re_match(
            r"\s*(?:[^\W\d]+\.?\s*)?[)\]]?\s*,?\s*(?:and|but|while|whereas|;)\s", between, regex.I) else None
        if own is not None:
            return own, [*own.evidence, "named right before the number, after another number"], [], None
    if not is_count and not comparing and claim.kind != "category_counts" and (not is_p or one_group):
        named = _named_rows(subject, table, infos, True) if subject else None
        named = named or _named_rows(lead, table, infos)
        if named is not None:
            return named, list(named.evidence), [RowSet(all_rows.ids, "all rows", ["all rows, if the words above "
                                                        "only describe the patients"])], None
    if comparing and not is_count and not is_p and claim.kind != "category_counts" and (
            _named_rows(subject, table, infos, True) if subject else None
            or _named_rows(lead, table, infos)) is not None:
        # "Patients with X needed more procedures than those with Y (median 2.5 vs 1)": the sentence compares
        # groups of rows, so its numbers belong to one of them, not to every row
        return all_rows, [], [], "the sentence compares groups of the table and does not say which this number is"
    if not is_count and not is_p and claim.kind != "category_counts":
        # "52.4 years in the treatment group and 49.0 years in the control group": the group right after
        if after is not None:
            return after, [*after.evidence, "named right after the number"], [], None
        if groups_named >= 2:
            return all_rows, [], [], "the sentence speaks of two groups of the table and does not say which this is"
    if grouped and claim.kind != "category_counts":
        # "1 patient in the early group and 3 in the delayed group": the group right after the count
        last = max(claim.values[i].end for i in idx) - off
        tail = _re_match(r"[^\d;.]*", text[last:])
        tail_text = _re_sub(r"(?i)\b(?:and|or|but|vs\.?|versus|compared)\b.*", "", tail.group(0)) if tail else ""
        after = _named_rows(tail_text, table, infos) if _re_search(r"(?i)\b(?:in|among)\b", tail_text) else None
        named_groups = _group_values_named(text, table)
        if after is not None and named_groups >= 1:
            return after, [*after.evidence, "named right after the count"], [], None
        if named_groups >= 2:
            return all_rows, [], [], "the sentence speaks of two groups of the table and does not say which this is"
    if not is_count and not is_p and claim.kind != "category_counts":
        bound = _BOUND_BEFORE.search(subject or lead)
        if bound is not None:
            # "Older patients (over 60 years) had a mean baseline VAS of 8.3": the rows over that bound of the one
            # column in its unit; a bound no single column holds leaves the rows unread
            sub = _bound_rows(bound, table, infos)
            if sub is None:
                return all_rows, [], [], (f"it describes the patients {' '.join(bound.group(0).split())}, whom "
                                          "the table does not pick out")
            return sub, list(sub.evidence), [], None
    if not is_count:
        thr = _QUALIFIED_BY_NUMBER.search(subject or lead)
        if thr is not None and _bounded_first(thr.group(0)):
            # "Children with 5 or more relapses before rituximab were older at onset (mean 5.0 years)": the patients
            # meeting a threshold of their own (a bound in years is read above), which this link does not pick out
            q = _re_sub(r"(?i)\s+(?:was|were|is|are)\b.*", "", thr.group("q"))
            return all_rows, [], [], (f"it describes the patients {' '.join(q.split())}, whom the table does not "
                                      "pick out")
        qual = _unread_qualifier(subject or lead, paper, table, infos)
        if qual is not None and is_p:
            # "Patients with WON were older than those with a pseudocyst (P = ...)": the qualifier is the first of
            # the two categories the P compares (the pair is read from all rows), not a subset left unread
            pair = _category_pair(text[:min(claim.values[i].start for i in idx) - off], infos, all_rows)
            if pair is not None and _unexplained(qual, []) <= set(words_of(pair[3])):
                qual = None
        if qual is not None:
            return all_rows, [], [], (f"it describes the patients {qual}, whom the table does not pick out")
        noun = _GROUP_NOUN.search(subject or lead) if not is_p else None
        if noun is not None:
            # "The mean age of the non-responders was 58.5 years": a group of patients no category of the table
            # names (one that does was read above)
            return all_rows, [], [], f"it describes the {noun.group(0).lower()}, whom the table does not pick out"
    recent = state.subset or (state.weak if is_count else None)
    if recent is not None:
        if is_count:
            # A fresh count ("5 patients maintained ...") may mean everyone or the subset named just before.
            return all_rows, ["no subset named: all rows"], [
                RowSet(recent.ids, recent.words, [f"the subset named before: {recent.words}"],
                       recent.condition)], None
        alts = []
        is_p = all(claim.values[i].role == "p" for i in idx)
        if not is_p:
            # The sentence names no subset of its own: all rows are a second, weaker reading (it can only turn
            # a disagreement into an ambiguity, never a verdict of its own).
            alts = [RowSet(all_rows.ids, "all rows", ["the sentence names no subset: all rows"])]
        return recent, [f"inherited from the paragraph: {recent.words}"], alts, None
    return all_rows, ev, [], None


# -- counts and thresholds


def _looks_categorical(claim: Claim, idx: list[int], text: str, off: int, infos: list[ColumnInfo]) -> bool:
    # "10/14 (71%) were men": a count with the total it is taken from
    roles = {claim.values[i].role for i in idx}
    if not roles <= {"count", "percent", "total"} or roles == {"total"}:
        return False
    for i in idx:
        if claim.values[i].role == "total":
            continue
        w, clause = _count_target(text, claim.values[i].start - off, claim.values[i].end - off, infos)
        if w and any(_category_matches(w, c) for c in infos if not c.numeric):
            return True
        if any(len({lc.code for lc in c.column.codes if _meaning_named(lc.meaning, clause)}) == 1
               for c in infos if not c.numeric):
            return True
        if _named_level(clause, infos, count=True) is not None:
            return True  # 'Four patients had KL grade 3'
    return False


def _count_word(after: str, infos: list[ColumnInfo]) -> str:
    """The word naming what a count counts: the first word after it ('7 women'), else a word of its clause that
    names a yes/no column by its header ('2 patients needed self-catheterisation' for 'Catheter')."""
    w = _first_word(after)
    if w and any(_category_matches(w, c) for c in infos if not c.numeric):
        return w
    # a column without values counts here too (its empty set of values is within yes/no)
    yes_no = [c for c in infos if not c.numeric and (not c.distinct_texts() or c.matching()[0])]
    if not yes_no:
        return w
    clause = _re_match(r"(?:[^.;:]|\.\d)*", after)
    for word in _re_findall(r"[A-Za-z][\w-]*", clause.group(0) if clause else ""):
        for part in word.split("-"):
            if len(part) >= 5 and any(_category_matches(part, c) for c in yes_no):
                return part
    return w


_IN_BEFORE = regex.compile(r"(?i)\b(?:in|among|by|for)\s+(?:the\s+|only\s+|just\s+|another\s+)?$")


def _predicate_before(text: str, at: int, end: int | None = None) -> str | None:
    """What a count that follows its predicate counts: 'Walled-off necrosis was present in 8 patients' gives
    'Walled-off necrosis was present'; None when the count does not come after 'in' or 'among'."""
    head = text[:at]
    m = _IN_BEFORE.search(head[-24:])
    elliptic = end is not None and _re_match(r"(?i)\s*(?:(?:patients?|cases?)\s+)?(?:(?:in|among)\b|[).,;]|$)",
                                              text[end:])
    if m is None and elliptic and _re_search(r"(?i)\b(?:and|while|whereas|but)\s+$", head):
        # "Delirium occurred in 1 patient in one group and 3 in the other": the 3 shares the first count's predicate
        first = _re_search(r"(?i)^(.*?)\b(?:in|among)\s+(?:the\s+|only\s+)?(?:\d+|one|two|three|four|five|six|seven|"
                           r"eight|nine|ten)\b", head)
        return first.group(1) if first and not _re_search(r"[;:]|\.(?!\d)", first.group(1)) else None
    if m is None:
        return None
    head = head[:len(head) - len(m.group(0))]
    cut = max([k.end() for k in _re_finditer(r"[;:]|\.(?!\d)|,\s+|\b(?:and|but|while|whereas)\s+", head)] or [0])
    return head[cut:]


def _count_target(text: str, at: int, end: int, infos: list[ColumnInfo]) -> tuple[str, str]:
    """The word naming what the count at [at, end) counts and the clause it was read from: the predicate before it
    when it names a category ('WON was present in 8'), else the words after it ('8 had WON')."""
    pred = _predicate_before(text, at, end)
    if pred is not None:
        for word in _re_findall(r"[A-Za-z][\w-]*", pred):
            if word.lower() not in _STOP and len(word) >= 2 and any(
                    _category_matches(word, c) for c in infos if not c.numeric):
                return word, pred
            for part in word.split("-"):
                if len(part) >= 5 and any(_category_matches(part, c) for c in infos if not c.numeric
                                          and {v.lower() for v in c.distinct_texts()} <= _YES_NO):
                    return part, pred
        if any(len({lc.code for lc in c.column.codes if _meaning_named(lc.meaning, pred)}) == 1
               for c in infos if not c.numeric) or _named_level(pred, infos, count=True) is not None:
            return "", pred
    after = text[end:end + 60]
    clause = _re_match(r"(?:[^.;:]|\.\d)*", after)
    clause_text = clause.group(0) if clause else ""
    # the count's own clause: 'was achieved by 7 of 14 patients (50%), a partial response by 3' names the partial
    # response in the next one
    brk = _CLAUSE_BREAK.search(clause_text)
    if brk is not None:
        clause_text = clause_text[:brk.start()]
    w = _count_word(after, infos)
    if not (w and any(_category_matches(w, c) for c in infos if not c.numeric)):
        # "Five patients (56%) were positive for AChR antibodies": a value of one category column in the clause,
        # printed as the table prints it, before the next number
        head = _re_match(r"(?:(?!\band\b|\bor\b|,)[^\d])*", _re_sub(r"\(\s*[\d.]+\s*%\s*\)", " ", clause_text))
        words = [x for x in _re_findall(r"[A-Za-z][\w-]*", head.group(0) if head else "")
                 if x.lower() not in _STOP and len(x) >= 2]
        # (as the table prints it, or capitalised there: 'Two children became seizure-free' for 'Seizure-free')
        hits = {(c.column.name, x) for x in words for c in infos if not c.numeric
                and (x in c.distinct_texts() or x[:1].upper() + x[1:] in c.distinct_texts())
                and x.lower() not in _YES_NO}
        if len(hits) == 1:
            return next(iter(hits))[1], clause_text
    return w, clause_text


def _first_word(s: str) -> str:
    # "10/14 (71%) were men", "Ten of the 14 patients were men": the total the count is taken from is skipped
    m = _re_match(r"(?:\s*/\s*\d+|\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?\d+)?"
                  r"\s*(?:\(\s*[\d.]+\s*%\s*\)\s*)?[\s(%)]*(?:(?:patients?|children|cases|subjects|participants|"
                  r"adults|infants)\s+(?:\(\s*[\d.]+\s*%\s*\)\s*)?"
                  r"(?:with\s+|had\s+|were\s+)?|were\s+|had\s+)?(?:an?\s+|the\s+)?"
                  r"([A-Za-z][\w-]*(?:\s+\d)?)", s)
    return m.group(1) if m else ""


_SEX = {"m": "m", "male": "m", "males": "m", "men": "m", "man": "m", "boys": "m", "boy": "m",
        "f": "f", "female": "f", "females": "f", "women": "f", "woman": "f", "girls": "f", "girl": "f"}


_YES = frozenset({"yes", "y", "+"})
_YES_NO = _YES | frozenset({"no", "n", "-", "−"})


def _category_matches(word: str, c: ColumnInfo, legend: bool = True) -> list[str]:
    """The distinct cell texts of a category column that `word` names (a value, a sex word, a legend meaning);
    memoised in the column's info, as it reads only the word and the (frozen) column, its table and legend."""
    key = (word, legend)
    hit = c._categories.get(key)
    if hit is None:
        hit = c._categories[key] = tuple(_category_matches_of(word, c, legend))
    return list(hit)


def _category_matches_of(word: str, c: ColumnInfo, legend: bool) -> list[str]:
    w = word.lower()
    values = c.distinct_texts()
    out: list[str] = []
    if w in _YES_NO:
        return out  # "had no ..." says nothing of which yes/no column it counts
    yes_no, head, lowered, codes = c.matching()
    if yes_no:
        # a yes/no column counts its 'yes' rows under the verb of its header: 'responded' for 'Response';
        # 'non-responders' are its 'no' rows
        negated = _re_match(r"non-?|un(?=[a-z]{5})", w)
        stem = w[negated.end():] if negated else w
        if (len(stem) >= 5 and any(h[:5] == stem[:5] for h in head)) or (
                len(stem) >= 3 and " ".join(words_of(c.column.header)) == stem.rstrip("s")):
            # ... or the whole header, however short ('a rash' for 'Rash')
            return [v for v in values if (v.lower() in _YES) != bool(negated)]
        return out
    sex = c.column.dtype == "sex"
    w_sex = _SEX.get(w)
    w_bare = w.rstrip("s")
    w_stem = _verb_stem(w) if len(w) >= 5 else ""
    for v, vl, vl_bare, v_sex, v_stem in lowered:
        if vl == w or (sex and v_sex and v_sex == w_sex):
            out.append(v)
        elif len(w) >= 4 and vl_bare == w_bare:
            out.append(v)
        elif len(w_stem) >= 4 and v_stem == w_stem:
            out.append(v)  # "Healing was achieved in 12" names the rows whose outcome is "Healed"
    if not out and legend and w not in _GENERIC_HEADS and w not in head:
        # ('disease' in 'VKH, Vogt-Koyanagi-Harada disease' names no diagnosis; nor 'response', the column's own
        # header word, in 'NR, no response')
        for code, meaning_words in codes:
            if code in values and w in meaning_words:
                out.append(code)
        if len(set(out)) > 1:
            return []  # 'acute' in 'acute gout' and 'acute bronchitis' names neither
    return out


# Head nouns that many legend meanings share: alone, they name none of them
_GENERIC_HEADS = frozenset({"disease", "diseases", "syndrome", "syndromes", "disorder", "disorders", "infection",
                            "infections", "injury", "failure", "cancer", "tumour", "tumor", "deficiency", "type",
                            "grade", "stage", "lesion", "lesions", "condition", "conditions", "illness"})


def _verb_stem(w: str) -> str:
    """'healing', 'healed' -> 'heal'; 'improved', 'improvement' -> 'improv': one suffix off, then a final e."""
    for suffix in ("ment", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def _category_link(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
                   infos: list[ColumnInfo], vspans: list[tuple[int, int]]) -> list[Link] | None:
    rows, row_ev, row_alts, reason = _rows_for(claim, idx, text, off, paper, state, table, infos, vspans)
    if reason is not None:
        return [_no_link(claim, idx, reason, table.label, row_ev)]
    links = []
    totals = [i for i in idx if claim.values[i].role == "total"]
    if any(claim.values[i].value != len(rows.ids) for i in totals):
        # "Of the 7 women, 4 had ...", "10/12 were men" over 14 rows: the total is a subset's size, which the
        # count paths read (or leave unverifiable)
        return None
    for i in totals:
        links.append(_mk(claim, [i], table, [], rows, evidence=[f"the total is the size of {rows.words}", *row_ev],
                         confidence=0.8, operation="count"))
    for i in idx:
        v = claim.values[i]
        if v.role not in ("count", "percent"):
            continue
        if v.role == "count" and _re_search(r"(?i)\b(?:of|out\s+of|among)\s+(?:the\s+|these\s+|those\s+|all\s+)?$",
                                            text[max(0, v.start - off - 20):v.start - off]):
            # "Seven of the 12 patients (58%) were female": 12 is the total the count is taken from
            links.append(_no_link(claim, [i], "it is the total a count is taken from, not the count", table.label))
            continue
        unit_word = _re_match(r"\s+([A-Za-z][\w-]*)", text[v.end - off:v.end - off + 40]) if v.role == "count" else None
        if unit_word is not None and set(words_of(unit_word.group(1))) & set().union(
                *(c.words for c in infos if c.numeric)):
            # "Two patients who needed 4 procedures had WON": a number of what a numeric column counts, not of
            # patients
            links.append(_no_link(claim, [i], f"it is a number of {unit_word.group(1)}, not of patients", table.label))
            continue
        at = v
        if v.role == "percent":
            # "in 6 patients (43%)": the share of the count just before it counts the same patients
            prev = [claim.values[j] for j in idx if claim.values[j].role == "count" and claim.values[j].end <= v.start
                    and _re_match(r"\s*(?:(?:out\s+)?of\s+(?:the\s+)?\d+\s+|/\s*\d+\s*)?(?:[A-Za-z]+\s+){0,2}\(\s*$",
                                  text[claim.values[j].end - off:v.start - off])]
            at = prev[-1] if prev else v
        w, clause_text = _count_target(text, at.start - off, at.end - off, infos)
        if _re_search(r"(?i)\b(?:neither|nor|not|no|none|without|never|free\s+of|absen\w*|lack\w*)\b",
                      clause_text):
            # "Two patients had neither fever nor rash": a negated or combined condition, not the category's count
            links.append(_no_link(claim, [i], "it counts patients by a negated or combined condition", table.label))
            continue
        upto = text[:at.end - off + 40]
        # (a threshold of an earlier clause counts other patients: 'A reduction of at least 50% ... was achieved by
        # 7 of 14 patients (50%), a partial response by 3')
        upto = upto[max([m.end() for m in _CLAUSE_BREAK.finditer(upto, 0, at.start - off)] or [0]):]
        if _bounded_first(upto):
            # "Of the children with more than 4 relapses, three were boys", "Three boys had 5 or more relapses": the
            # category is counted among the patients meeting a threshold, which this link does not combine
            links.append(_no_link(claim, [i], "it counts a category among the patients meeting a threshold",
                                  table.label))
            continue
        named_in = {c.column.name for c in infos if not c.numeric and (
            any(_meaning_named(lc.meaning, clause_text) for lc in c.column.codes)
            or any(_category_matches(x, c) for x in _re_findall(r"[A-Za-z][\w-]*", clause_text)
                   if x.lower() not in _STOP and len(x) >= 3))}
        level = _named_level(clause_text, infos, table, count=True)
        if level is not None:
            named_in.add(level[0].column.name)
        if len(named_in) >= 2:
            # "Three patients with rheumatoid arthritis were women": two categories at once, not one of them
            links.append(_no_link(claim, [i], "it counts patients by two categories at once ("
                                  + ", ".join(sorted(named_in)) + ")", table.label))
            continue
        if level is not None:
            # "Four patients had KL grade 3", "grade 3 was found in 4": the rows of a level column at that level
            lc, lv, said = level
            cond = f"{lc.column.name} == {lv}"
            if claim.kind != "category_counts":
                state.counted = [RowSet(tuple(rows_meeting(table, rows.ids, cond)[0]), cond,
                                        [f"the rows counted: {cond}"], cond)]
                state.counted_in = off
            links.append(_mk(claim, [i], table, [lc.column.name], rows, evidence=[
                f"'{said}' names the rows with {lc.column.name} {lv}", *row_ev], confidence=0.8, operation="count",
                condition=cond, alternatives=[_mk(claim, [i], table, [lc.column.name], a, evidence=a.evidence,
                                                  confidence=0.7, operation="count", condition=cond)
                                              for a in row_alts]))
            continue
        for c in infos:
            if c.numeric:
                continue
            # a legend meaning written out in the count's clause ('6 patients had rheumatoid arthritis')
            spelled = sorted({lc.code for lc in c.column.codes if _meaning_named(lc.meaning, clause_text)})
            cats = _joined_values(clause_text, c) or (
                spelled if len(spelled) == 1 else (_category_matches(w, c) if w else []))
            if cats:
                cond = " or ".join(f"{c.column.name} == {x!r}" for x in cats)
                event = _event_of_category(text, at, off, clause_text, w, c, cats)
                if event and at.value < len(rows_meeting(table, rows.ids, cond)[0]):
                    # "One patient with NR stopped treatment", "Treatment was stopped in 1 patient with NR": the
                    # patients of the category who also did something the table does not hold are a part of it
                    # (fewer than all of them: no verdict; as many or more: judged on the category, as before)
                    links.append(_no_link(claim, [i], f"it counts the patients with {', '.join(cats)} who also "
                                          f"{' '.join(event)}, which the table does not hold", table.label))
                    break
                if claim.kind != "category_counts":
                    # the rows counted, for 'their median ...' or 'these patients' next
                    state.counted = [RowSet(tuple(rows_meeting(table, rows.ids, cond)[0]), f"{c.column.name} in {cats}",
                                            [f"the rows counted: {c.column.name} in {cats}"], cond)]
                    state.counted_in = off
                alts = [_mk(claim, [i], table, [c.column.name], a, evidence=a.evidence, confidence=0.7,
                            operation="count", condition=cond) for a in row_alts]
                within = _nested_categories(text[at.end - off:], c, cats)
                if within:
                    # "Seven children were responders, two of whom became seizure-free": the count may hold the rows
                    # of the category named within it, which the table keeps apart
                    both = " or ".join(f"{c.column.name} == {x!r}" for x in [*cats, *within])
                    alts.append(_mk(claim, [i], table, [c.column.name], rows, evidence=[
                        f"the count may include {within}, named as part of it", *row_ev], confidence=0.6,
                        operation="count", condition=both))
                links.append(_mk(claim, [i], table, [c.column.name], rows, evidence=[f"'{w}' is {cats} in "
                             f"{c.column.name}", *row_ev], confidence=0.85, operation="count", condition=cond,
                             alternatives=alts))
                break
        else:
            links.append(_no_link(claim, [i], "the category it counts is not a table column's value", table.label))
    rest = [i for i in idx if claim.values[i].role not in ("count", "percent", "total")]
    if rest:
        links.append(_no_link(claim, rest, "not a count of a table category", table.label))
    return links or None


# What follows a count of patients whose category is theirs: the word for them (after a share in brackets, if any),
# then 'with X' (_WITH_CATEGORY), or the category right before that word (_CATEGORY_PEOPLE), or a relative clause
# (_RELATIVE_PEOPLE)
_COUNTED = r"(?:patients?|children|cases?|subjects?|participants?|adults|women|men|boys|girls)"
_SHARE = r"(?:\(\s*[\d.]+\s*%\s*\)\s+)?"
_WITH_CATEGORY = regex.compile(r"\s+" + _SHARE + r"(?:[A-Za-z-]+\s+)?" + _COUNTED + r"\s+" + _SHARE + r"with\s",
                               regex.I)
_CATEGORY_PEOPLE = regex.compile(r"\s+" + _SHARE + r"(?:[\w-]+\s+){1,3}?" + _COUNTED + r"\b", regex.I)
_RELATIVE_PEOPLE = regex.compile(r"\s+(?:[A-Za-z-]+\s+)?" + _COUNTED + r"\s+(?:who|that|whose|in\s+whom)\b", regex.I)


def _event_of_category(text: str, at: Value, off: int, clause: str, word: str, c: ColumnInfo,
                       cats: list[str]) -> list[str]:
    """'One patient with NR stopped treatment': the words of what the patients of a category named after 'with'
    also did (before the count, 'Treatment was stopped in 1 patient with NR', or after the category), which
    neither the column nor the legend explains; [] when the count names the category alone."""
    k = clause.find(word) if word else -1
    tail = clause[k + len(word):] if k >= 0 else ""
    if _RELATIVE_PEOPLE.match(text, at.end - off) is not None:
        # 'The two patients who bled both had WON': the relative clause says who they are; the category is theirs
        tail = clause.replace(word, " ") if word else clause
    elif _WITH_CATEGORY.match(text, at.end - off) is None:
        # ('One NR patient stopped treatment': the category right before the word for people)
        before_people = _CATEGORY_PEOPLE.match(text, at.end - off)
        if before_people is None or not word or word not in before_people.group(0):
            return []
    pred = _predicate_before(text, at.start - off) or ""
    known = set(words_of(c.column.header)) | {x for lc in [*c.column.codes, *c.table.legend] if lc.code in cats
                                               for x in words_of(lc.meaning)} | set(words_of(" ".join(cats)))
    extra = _unexplained(pred + " " + tail, []) - known
    return [x for x in dict.fromkeys(words_of(pred + " " + tail)) if x in extra]


def _joined_values(clause: str, c: ColumnInfo) -> list[str]:
    """'Response (CR or PR) was seen in 10': two or more cell values of one column joined by 'or', 'and', '/' or
    commas count the rows holding any of them; [] when the clause joins none."""
    values = c.distinct_texts()
    if len(values) < 3:
        return []  # of two values, both are every row
    found = sorted((m.start(), m.end(), v) for v in values if v and not v.isdigit()
                   for m in _rx(r"(?<!\w)" + regex.escape(v) + r"(?!\w)").finditer(clause))
    run: list[str] = []
    for i, (a, _b, v) in enumerate(found):
        if i and _re_fullmatch(r"\s*(?:,\s*(?:or\s+|and\s+)?|or|and|/|\+)\s*", clause[found[i - 1][1]:a]):
            run.append(v)
        elif len(run) < 2:
            run = [v]
        else:
            break
    out = sorted(set(run)) if len(run) >= 2 else []
    if not out:
        # 'Partial or complete responses were seen in 4': two legend meanings sharing their last word
        meaning = {lc.meaning.strip().lower(): lc.code for lc in c.column.codes if lc.code in values}
        for m in _rx(r"(?i)\b([a-z-]+)\s+(?:or|and|/)\s+([a-z-]+)\s+([a-z-]+)\b").finditer(clause):
            head = m.group(3).lower()
            heads = (head, head[:-1]) if head.endswith("s") else (head,)
            codes = [next((meaning[f"{w.lower()} {h}"] for h in heads if f"{w.lower()} {h}" in meaning), None)
                     for w in (m.group(1), m.group(2))]
            if all(codes):
                out = sorted({x for x in codes if x})
                break
    return out if len(out) < len(values) else []


_WITHIN = regex.compile(r"(?i)\b(?:of\s+whom|of\s+which|of\s+these|of\s+those|including|among\s+(?:them|whom|these)|"
                        r"with\s+\w+\s+of\s+them)\b(?P<rest>[^.;]{0,80})")


def _nested_categories(after: str, col: ColumnInfo, cats: list[str]) -> list[str]:
    """Other values of the same category column named as part of a count, right after it ('..., two of whom became
    seizure-free', 'including three with a complete response')."""
    m = _WITHIN.search(after[:120])
    if m is None:
        return []
    out: list[str] = []
    for x in _re_findall(r"[A-Za-z][\w-]*", m.group("rest")):
        if x.lower() in _STOP or len(x) < 3:
            continue
        out += [y for y in _category_matches(x, col) if y not in cats and y not in out]
    return out


_THRESH = regex.compile(
    r"(?P<op>less than|fewer than|below|under|lower than|more than|greater than|over|above|exceeding|exceeded|"
    r"exceeds|exceed|at least|at most|no more than|[<>≤≥]=?)\s*"
    # ('at least a 50% reduction': an article only before a per cent)
    r"(?:an?\s+(?=\d+(?:\.\d+)?\s*(?:%|percent)))?(?P<num>\d+(?:\.\d+)?)\s*(?P<pct>%|percent)?"
    r"(?P<rest>[^.;]{0,80})", regex.I)
# Every match of _THRESH holds one of these (its operator holds one; short words, which a substring search finds
# fast even in a long text).
_THRESH_NEEDS = ("than", "below", "under", "over", "above", "exceed", "least", "most", "<", ">", "≤", "≥")
# the operator after the number: 'five or more relapses', '2 or fewer flares' (a number word or digits; 'aged 65
# years or older' puts a unit between, and is read elsewhere)
_THRESH_AFTER = regex.compile(
    r"(?<![\w.])(?P<num>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s*(?P<pct>%)|(?P<pct>))\s+(?P<op>or\s+(?:more|greater|fewer|less))\b(?P<rest>[^.;]{0,80})", regex.I)
# A change named right before its size ('reduction of', 'reduction in seizures of', 'fell by'), to the threshold
_CHANGE_BEFORE = regex.compile(
    r"\b(improvement|reduction|decrease|decline|drop|increase|rise|gain|change|fell|fallen|decreased|dropped|"
    r"declined|reduced|improved|increased|rose|risen)(?:\s+in(?:\s+[\w-]+){1,3}?)?\s+(?:of|by)\s+$", regex.I)
_CHANGE_VERBS = {"fell": "reduction", "fallen": "reduction", "decreased": "reduction", "dropped": "reduction",
                 "declined": "reduction", "reduced": "reduction", "improved": "improvement", "increased": "increase",
                 "rose": "increase", "risen": "increase"}
_THRESH_AFTER_NEEDS = ("or more", "or greater", "or fewer", "or less")
_OPS = {"or more": ">=", "or greater": ">=", "or fewer": "<=", "or less": "<=",
        "less than": "<", "fewer than": "<", "below": "<", "under": "<", "lower than": "<", "more than": ">",
        "greater than": ">", "over": ">", "above": ">", "exceeding": ">", "exceeded": ">", "exceeds": ">",
        "exceed": ">", "at least": ">=", "at most": "<=",
        "no more than": "<=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "≤": "<=", "≥": ">="}
# What a statistic's comparator follows: 'P < 0.001', 'p-value > .05', 't(11) < 2', 'χ2 = 3.1'. Its number is
# that statistic, never a threshold on the patients' values.
_STAT_BEFORE_OP = regex.compile(r"(?:\b[Pp](?:[- ]?values?)?|\b[tFzUHWQ]|χ2|χ²|\b(?i:chi)[- ]?(?i:squared?))\s*"
                                r"(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\)\s*)?$")
# 'fell by at least 2', 'an improvement of more than 3 points': the threshold is on a change, not on a value
_CHANGE_BY = regex.compile(r"\b(?:fell|falls?|fallen|drop\w*|decreas\w*|declin\w*|reduc\w*|improv\w*|increas\w*|"
                           r"rose|rise[sn]?|gain\w*|los[st]\w*|chang\w*|worsen\w*)\b[^.;]{0,30}?\b(?:by|of)\s*$",
                           regex.I)
_LOWER_IS_BETTER = frozenset({"pain", "symptom", "severity", "disability", "fatigue", "depression", "anxiety",
                              "nausea", "dyspnea", "dyspnoea", "itch", "stiffness"})


def _threshold_condition(text: str, infos: list[ColumnInfo], table: Table, strong: set[str], claim: Claim,
                         idx: list[int], off: int, vspans: list[tuple[int, int]]
                         ) -> tuple[str, list[str], str | None] | None:
    """A row condition from a threshold phrase: ('col_b < 0.5*col_a', evidence, reason-if-undecidable)."""
    after_ops = _may_hold(text, _THRESH_AFTER_NEEDS)
    if not after_ops and not _may_hold(text, _THRESH_NEEDS):
        return None
    found = [*(_THRESH.finditer(text) if _may_hold(text, _THRESH_NEEDS) else ()),
             *(_THRESH_AFTER.finditer(text) if after_ops else ())]
    for m in found:
        op = _OPS.get(" ".join(m.group("op").lower().split()))
        if op is None or _STAT_BEFORE_OP.search(text, max(0, m.start() - 20), m.start()) is not None:
            continue
        value = number_of(m.group("num"))
        if value is None:
            continue
        v_at = min(claim.values[i].start for i in idx) - off
        if v_at > m.end("num") and _NEXT_CLAUSE.search(text, m.end("num"), v_at) is not None:
            # 'Seven children had at least 1 relapse after rituximab, and nine had none': the threshold is the
            # earlier clause's; a count after ', and' / ', while' / ';' counts something of its own
            return "", [], "the threshold belongs to an earlier clause of the sentence, not to this count"
        num = value
        rest = m.group("rest")
        pct = bool(m.group("pct"))
        words = _without_events(set(words_of(rest)) | strong, text)
        # "a reduction of at least 50% in headache days was achieved by 7", "had a reduction in seizures of at
        # least 50%", "Seizure frequency fell by at least 50% in 7", "a seizure reduction of 50% or more": the change
        # named right before its size; it defines the count right after it only ('..., a partial response by 3 and
        # no response by 4' counts something else), and the words before it may name the measure
        before = _CHANGE_BEFORE.search(text, max(0, m.start() - 60), m.start()) if pct and not _re_search(
            r"\d", text[m.end("num"):min(claim.values[i].start for i in idx) - off]) else None
        if before is not None:
            words |= _without_events(set(words_of(text[max(0, m.start() - 60):m.start()])), text)
        fam_scores = column_scores([c for c in infos if c.numeric], words, set(), None)
        if not fam_scores or fam_scores[0][0] <= 0:
            continue
        best = fam_scores[0][1]
        family = [c for c in infos if c.family == best.family]
        base = next((c for c in family if c.time == "baseline"), None)
        times = [t.key for t in time_mentions(text, off, vspans)]
        later = next((c for c in family if c.time not in (None, "baseline") and any(same_time(t, c.time or "")
                                                                                   for t in times)), None)
        if later is None:
            later = next((c for c in family if c.time not in (None, "baseline")), None) if len(family) == 2 else None
        rel = _re_search(r"\bof\s+(?:their\s+|the\s+)?(?:baseline|initial|pre\w*|starting)\b", rest, regex.I)
        change = _re_search(r"\b(improvement|reduction|decrease|decline|drop|increase|rise|gain|change)\b", rest,
                              regex.I)
        if change is None:
            change = before
        if pct and (rel or change):
            if base is None or later is None:
                return "", [], "the threshold compares time points the table does not both hold"
            a, b = base.column.name, later.column.name
            f = num / 100
            if rel:
                return f"{b} {op} {f}*{a}", [f"'{m.group(0).strip()[:40]}': {b} {op} {f} x {a}"], None
            direction = change.group(1).lower() if change else ""
            direction = _CHANGE_VERBS.get(direction, direction)
            if direction in ("improvement",):
                if not (best.words & _LOWER_IS_BETTER):
                    return "", [], "whether an improvement is a rise or a fall of this measure is not stated"
                direction = "reduction"
            if direction in ("reduction", "decrease", "decline", "drop"):
                return f"{b} {_flip(op)} {1 - f}*{a}", [f"'{m.group(0).strip()[:40]}': {b} {_flip(op)} "
                                                        f"{1 - f} x {a}"], None
            if direction in ("increase", "rise", "gain"):
                return f"{b} {op} {1 + f}*{a}", [f"'{m.group(0).strip()[:40]}': {b} {op} {1 + f} x {a}"], None
            return "", [], "the direction of the change is not stated"
        col = base or best
        if later is not None and later.time is not None and any(same_time(t, later.time) for t in times) and not any(
                t == "baseline" for t in times):
            # 'fewer than 3 flares after treatment': the column of the later time the sentence names
            col = later
        elif later is not None and base is not None and not times:
            # '1 or fewer relapses after rituximab': an event no time phrase knows, after a word that says which side
            # of it ('after', 'following' or 'before', 'prior to'; both, or neither, leave the baseline)
            post = _re_search(r"(?i)\b(?:after|following)\s", rest) is not None
            pre = _re_search(r"(?i)\b(?:before|prior\s+to)\s", rest) is not None
            if post and not pre:
                col = later
        if not pct and _CHANGE_BY.search(text, max(0, m.start() - 60), m.start()):
            return "", [], (f"the threshold ('by {m.group('op')} {m.group('num')}') is on a change between time "
                            "points, which no column holds")
        if not pct:
            return f"{col.column.name} {op} {num}", [f"'{m.group(0).strip()[:40]}': {col.column.name} {op} {num}"], None
    return None


# the word after 'before' / 'after' / 'following' / 'prior to': the event a time point is taken from ('relapses after
# rituximab'), as a header's 'after X' is its time (header_to_time), not its measure
_EVENT_WORD = regex.compile(r"(?i)\b(?:before|after|following|prior\s+to)\s+(?:the\s+|their\s+)?(?:first\s+)?"
                            r"([A-Za-z][A-Za-z0-9-]*)")


def _without_events(words: set[str], text: str) -> set[str]:
    """The measure words of a claim less the events its time points are taken from ('5 or more relapses after
    rituximab' is about relapses, not about the 'Age at RTX' column, whose legend spells 'rituximab'); the words
    are kept whole when nothing else would be left."""
    if not _may_hold(text, ("before", "after", "following", "prior")):
        return words
    found = list(_EVENT_WORD.finditer(text))
    events = {w for m in found for w in words_of(m.group(1))}
    if events:
        # a word that is also said outside the events is the measure too ('5661 infusions before infusion')
        blanked = "".join(text[a:b] for a, b in zip([0, *[m.end(1) for m in found]],
                                                      [*[m.start(1) for m in found], len(text)], strict=True))
        events -= set(words_of(blanked))
    kept = words - events
    return kept if kept and kept != words else words


# Where a clause of a list of results ends: ', a partial response by 3', ', and 4 ...', '; ...'
_CLAUSE_BREAK = regex.compile(r",\s+(?:an?|and|while|whereas|but)\s|;")


def _bounded_first(text: str) -> bool:
    """Whether the text holds a threshold on the patients' values ('more than 4 relapses', '5 or more'), not a
    statistic's comparator ('P < 0.05')."""
    found = [*(_THRESH.finditer(text) if _may_hold(text, _THRESH_NEEDS) else ()),
             *(_THRESH_AFTER.finditer(text) if _may_hold(text, _THRESH_AFTER_NEEDS) else ())]
    return any(_STAT_BEFORE_OP.search(text, max(0, m.start() - 20), m.start()) is None for m in found)


_NEXT_CLAUSE = regex.compile(r"(?i),\s*(?:and|while|whereas|but)\s|;|\bwhereas\b|\bwhile\b")


def _flip(op: str) -> str:
    return {"<": ">", ">": "<", "<=": ">=", ">=": "<="}[op]


def _count_link(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
                infos: list[ColumnInfo], rows: RowSet, row_ev: list[str], row_alts: list[RowSet],
                vspans: list[tuple[int, int]]) -> list[Link]:
    """Numbers of patients. A stated n ('of the 18') is the size of the subset; a count is the number of rows
    meeting the sentence's range or threshold. A count whose sentence says more than the table holds ('had no
    benefit after 1-2 infusions') is unverifiable unless the rows agree."""
    out: list[Link] = []
    n_idx = [i for i in idx if _is_n(claim, claim.values[i])]
    c_idx = [i for i in idx if i not in n_idx]
    subsets: list[RowSet] = []
    for i in [i for i in n_idx if rows.words == "all rows" and claim.values[i].value != len(rows.ids)]:
        # "Of the 7 women, ...": the n is the size of the category its noun names
        noun = _first_word(text[claim.values[i].end - off:claim.values[i].end - off + 30])
        named = _named_rows(f"in the {noun}", table, infos) if noun else None
        # "allocated to early (n = 6) or delayed (n = 6)": the n is the size of the group named just before it
        qual = _re_search(r"(?:([A-Za-z][\w-]*)\s+)?([A-Za-z][\w-]*)(?:\s+(?:group|arm|cohort))?\s*[(\[]\s*"
                          r"(?:[nN]\s*[=:]\s*)?$",
                          text[max(0, claim.values[i].start - off - 40):claim.values[i].start - off])
        # ('Men (n = 10)': a word for people that is a sex names the rows of that sex)
        if named is None and qual is not None and (not _re_fullmatch(_PEOPLE, qual.group(2), regex.I)
                                                   or qual.group(2).lower() in _SEX):
            named = _named_rows(f"in the {qual.group(2)}", table, infos)
            if named is None and qual.group(1) and qual.group(2).lower() in _GENERIC_HEADS:
                # 'Patients with Behcet disease (n = 3)': a generic head names nothing alone; with the word before
                named = _named_rows(f"in the {qual.group(1)} {qual.group(2)}", table, infos)
            if named is None:
                out.append(_no_link(claim, [i], f"the n is the size of the '{qual.group(2)}' patients, which the "
                                    "table does not pick out", table.label))
                n_idx = [j for j in n_idx if j != i]
                continue
        if named is None and qual is None and len(noun) >= 5 and noun.isalpha() and noun.islower() \
                and noun.endswith("s") and not _re_fullmatch(_PEOPLE, noun) and noun not in _SEX:
            # "5 of the 7 responders": the n is the size of a group its plural noun names, which no column picks
            # out (a legend's 'responder' may sit in several codes); it is not every row
            out.append(_no_link(claim, [i], f"the n is the size of the '{noun}', which the table does not pick "
                                "out", table.label))
            n_idx = [j for j in n_idx if j != i]
            continue
        if named is not None:
            out.append(_mk(claim, [i], table, [], named, evidence=[f"n = the size of {named.words}",
                                                                   *named.evidence], confidence=0.7,
                           operation="count"))
            n_idx = [j for j in n_idx if j != i]
            subsets.append(named)
    # an n that names no category and is far from the table's size describes another population
    far = [i for i in n_idx if rows.words == "all rows" and not (
        len(rows.ids) / 2 <= claim.values[i].value <= 2 * len(rows.ids))]
    if far:
        out.append(_no_link(claim, far, f"the table's {len(rows.ids)} rows may not be the population this n "
                            "describes", table.label))
        n_idx = [i for i in n_idx if i not in far]
    qualified = [i for i in n_idx if rows.words == "all rows" and claim.values[i].value != len(rows.ids)
                 and _QUALIFIED_N.match(text, claim.values[i].end - off)]
    if qualified:
        # "of the 10 patients with data after treatment": a subset the words define, not every row
        out.append(_no_link(claim, qualified, "the n names patients the words qualify (those with data, who "
                            "completed, ...), which the table cannot pick out", table.label))
        n_idx = [i for i in n_idx if i not in qualified]
    if n_idx:
        out.append(_mk(claim, n_idx, table, [], rows, evidence=[f"n = the size of {rows.words}", *row_ev],
                       confidence=0.8, operation="count",
                       alternatives=[_mk(claim, n_idx, table, [], a, evidence=a.evidence, confidence=0.7,
                                         operation="count") for a in row_alts]))
    if not c_idx:
        return out
    if qualified and not subsets and rows.words == "all rows":
        # "compared with 5 of the 7 without": the count is taken within the patients its n names, which the
        # table cannot pick out, so counting it over every row would judge it against the wrong patients
        return [*out, _no_link(claim, c_idx, "it counts within patients the words qualify, which the table cannot "
                               "pick out", table.label)]
    if len(subsets) == 1 and rows.words == "all rows":
        # "Only 2 of the 7 patients with medication overuse had ...": the count is taken within the rows its n
        # names, not over every row (the n alone was linked to that subset above)
        rows, row_alts = subsets[0], []
    vals = [claim.values[i] for i in c_idx]
    strong = set(words_of(claim.measure.text)) if claim.measure else set()
    cond = _threshold_condition(text, infos, table, strong, claim, c_idx, off, vspans)
    if cond is not None:
        c, ev, reason = cond
        if reason:
            return [*out, _no_link(claim, c_idx, reason, table.label)]
        state.counted = [RowSet(tuple(rows_meeting(table, r.ids, c)[0]), f"{r.words} with {c}", [], None)
                         for r in [rows, *row_alts]]
        if c not in paper.conditions:
            paper.conditions.append(c)
        link = _mk(claim, c_idx, table, _cond_columns(c), rows, evidence=[*ev, *row_ev], confidence=0.75,
                   operation="threshold", condition=c,
                   alternatives=[_mk(claim, c_idx, table, _cond_columns(c), a, evidence=a.evidence, confidence=0.7,
                                     operation="threshold", condition=c) for a in row_alts])
        return [*out, link]
    first = min(v.start for v in vals) - off
    # A range before the count belongs to another subject ("11 patients given 3-6 infusions, 5 who ...").
    fl = [f for f in range_filters(text, infos, table, vspans, off)
          if f.span is None or f.span[0] >= min(v.start for v in vals)]
    if fl:
        f = fl[0]
        m = _re_search(regex.escape(f.words.split(" in ")[0]), text)  # never None for words; span via evidence
        del m
        rng_at = _range_pos(text, f)
        clause = text[first:rng_at[1]] if rng_at else text[first:]
        extra = _unexplained(clause, [f])
        if rows.words != "all rows" and set(f.ids) == set(rows.ids) and not any(
                v.value == len(rows.ids) for v in vals) and any(
                v.value == len(rows.ids) for i, v in enumerate(claim.values) if i not in c_idx):
            # "4 of the 9 patients given 4-6 infusions still reported ...": the range names the patients the n
            # counts, within which the count is taken; it is not what the count counts (the clause may stop
            # before the words that say what is)
            extra = extra or {"what is counted within them"}
        negated = bool(_re_search(r"\b(?:never|not|n't|failed to|without|did not|could not)\b", clause, regex.I))
        ids = set(f.ids)
        if negated:
            ids = {r for r in rows.ids if r not in ids}
        sub = RowSet(tuple(r for r in rows.ids if r in ids), ("not " if negated else "") + f.words, f.evidence,
                     (f"not ({f.condition})" if negated else f.condition))
        state.counted = [sub]
        ok = any(v.value == len(sub.ids) for v in vals)
        if ok or not extra:
            return [*out, _mk(claim, c_idx, table, _cond_columns(f.condition or ""), rows,
                              evidence=[*f.evidence, *(["negated: rows outside the range"] if negated else []),
                                        *row_ev], confidence=0.8 if not extra else 0.55, operation="threshold",
                              condition=sub.condition)]
        return [*out, _no_link(claim, c_idx, "the count may be defined by something the table does not hold ("
                               + ", ".join(sorted(extra)[:4]) + ")", table.label, f.evidence)]
    neg = _negated_earlier_range(text, off, vals, infos, table)
    if neg is not None:
        outside = f"not ({neg.condition})"
        return [*out, _mk(claim, c_idx, table, _cond_columns(outside), rows,
                          evidence=[*neg.evidence, "the count is those who did not, named after the range"],
                          confidence=0.7, operation="threshold", condition=outside)]
    qual = _qualitative_conditions(text, infos, paper)
    if qual and rows.words != "all rows":
        main, *others = qual
        # The condition is inferred from words, not printed, so which patients were counted is in doubt too:
        # "5 of 11 kept a lower dose" may be the subset's count or the paper's earlier count over all rows.
        everyone = RowSet(tuple(r.id for r in table.rows), "all rows", ["the count may be the one the paper "
                                                                        "gave before over all rows"])
        alts = [_mk(claim, c_idx, table, _cond_columns(o), rows, evidence=[f"the threshold used before: {o}"],
                    confidence=0.6, operation="threshold", condition=o) for o in others]
        alts += [_mk(claim, c_idx, table, _cond_columns(o), everyone, evidence=list(everyone.evidence),
                     confidence=0.5, operation="threshold", condition=o) for o in others]
        return [*out, _mk(claim, c_idx, table, _cond_columns(main), rows,
                          evidence=[f"a change without a number: {main}", *row_ev], confidence=0.6,
                          operation="threshold", condition=main, alternatives=alts)]
    subject_is_count = claim.subject is not None and any(
        claim.subject.start <= v.start < claim.subject.end for v in vals)
    if subject_is_count and not n_idx and claim.subject is not None:
        rel = _re_match(r"\s*(?:who|that|which|with|whose)\b[^,.;()]{0,100}", paper.text[claim.subject.end:])
        extra = _unexplained(claim.subject.text + " " + (rel.group(0) if rel else ""), [])
        extra -= set(words_of(table.caption)) | set().union(*(c.words for c in infos))
        if rows.words == "all rows" and not all(len(rows.ids) / 2 <= v.value <= 2 * len(rows.ids) for v in vals):
            return [*out, _no_link(claim, c_idx, f"the table's {len(rows.ids)} rows may not be the population "
                                   "this count describes", table.label)]
        at = min(v.start for v in vals) - off
        if not any(v.value == len(rows.ids) for v in vals) and _DATA_FOR.search(text, max(0, at - 80), at):
            # "so 3-month data are available for 14 patients": the rows whose cells the sentence's measures fill,
            # when exactly that many; else no row condition the table holds (never every row)
            with_data = None
            if len(vals) == 1:
                n = int(vals[0].value)
                times = _times_for(claim, c_idx, text, off, vspans)
                # the measures it names, else every column at the time it names ('3-month data')
                with_data = _rows_with_data(table, infos, n, text) or (_rows_with_data(table, [
                    c for c in infos if c.time is not None and any(same_time(t, c.time) for t in times)], n, "",
                    every=True) if times else None)
            if with_data is not None:
                return [*out, _mk(claim, c_idx, table, [], with_data, evidence=list(with_data.evidence),
                                  confidence=0.7, operation="count")]
            return [*out, _no_link(claim, c_idx, "it counts the patients with data, which the table's cells do not "
                                   "single out", table.label)]
        pred = _predicate_before(text, at)
        if pred is not None and _re_search(r"[A-Za-z]{3,}", pred) and not any(v.value == len(rows.ids) for v in vals):
            # "Infection was present in 8 patients": the count is of those the clause before it describes
            return [*out, _no_link(claim, c_idx, f"it counts the patients in whom '{' '.join(pred.split()[:8])}', "
                                   "which is not a row condition the table holds", table.label)]
        if extra and not any(v.value == len(rows.ids) for v in vals):
            return [*out, _no_link(claim, c_idx, "the patients it counts are defined by something the table does "
                                   "not hold (" + ", ".join(sorted(extra)[:4]) + ")", table.label)]
        if _CHANGE_WORDS.search(text) and not any(v.value == len(rows.ids) for v in vals):
            # "Scores fell by more than 50% in 7 patients": a condition this link could not read, not everyone
            return [*out, _no_link(claim, c_idx, "the sentence counts the patients meeting a condition that could "
                                   "not be read as a row filter", table.label)]
        return [*out, _mk(claim, c_idx, table, [], rows, evidence=[f"size of {rows.words}", *row_ev],
                          confidence=0.7, operation="count")]
    enrolled = [i for i in c_idx if _ENROLLED.match(text, claim.values[i].end - off)]
    if enrolled and rows.words == "all rows":
        # "Fourteen women were treated": the study's patients; the table may list them all, or only some
        if all(claim.values[i].value == len(rows.ids) for i in enrolled):
            out.append(_mk(claim, enrolled, table, [], rows, evidence=[f"size of {rows.words}", *row_ev],
                           confidence=0.6, operation="count"))
        else:
            out.append(_no_link(claim, enrolled, f"the table's {len(rows.ids)} rows may not be every patient "
                                "this count describes", table.label))
        c_idx = [i for i in c_idx if i not in enrolled]
        if not c_idx:
            return out
    return [*out, _no_link(claim, c_idx, "what it counts is not something the table holds", table.label)]


# "data are available for", "results were complete in": a count of the patients with data follows
_DATA_FOR = regex.compile(r"(?i)\b(?:data|results?|measurements?|scores?|values?|follow-?up)\s+(?:were|was|are|is|"
                          r"became)\s+(?:available|complete|obtained|recorded|collected|missing)\s+(?:for|in|from|on)\s+"
                          r"(?:the\s+|only\s+|all\s+)?$")
_QUALIFIED_N = regex.compile(r"(?i)\s+(?:(?:\w+\s+)?(?:patients?|subjects?|participants?|cases?|women|men|children)?\s*"
                             r"(?:with|without|who|that|whose|in\s+whom|evaluable|available|assessed|remaining|"
                             r"completing)\b"
                             # 'against 3 of the 9 younger children': a comparative names the rest of a group the
                             # sentence set apart before ('older than 10 years'), which is not every row
                             r"|(?:younger|older|other|later|earlier|heavier|lighter|taller|shorter|sicker)\s+"
                             r"(?:\w+\s+)?(?:patients?|subjects?|participants?|cases?|women|men|children|boys|"
                             r"girls|adults|infants|ones)\b)")
_TWO_GROUPS = regex.compile(r"(?i)\b(?:groups?|arms?)\b[^.;]*\b(?:than|vs\.?|versus|compared\s+(?:with|to)|and)\b[^.;]*"
                            r"\b(?:groups?|arms?)\b|\bbetween\s+(?:the\s+)?(?:two\s+)?(?:groups|arms)\b")
_CHANGE_WORDS = regex.compile(r"(?i)\d\s*%|\b(?:more|less|fewer|greater)\s+than\b|\bat\s+(?:least|most)\b|"
                              r"\b(?:fell|rose|dropped|improv\w*|decreas\w*|increas\w*|reduc\w*|worsen\w*)\b")
_ENROLLED = regex.compile(r"\s+(?:consecutive\s+|adult\s+|eligible\s+)?(?:patients|women|men|subjects|participants|"
                          r"cases|children|adults|individuals)\s+(?:[^.;]{0,120}?\s)?(?:were|was)\s+"
                          r"(?:treated|included|enrolled|studied|analy[sz]ed|identified|reviewed|recruited)\b",
                          regex.I)


def _negated_earlier_range(text: str, off: int, vals: list[Value], infos: list[ColumnInfo], table: Table
                           ) -> RowSet | None:
    """'11 who completed 3-6 infusions, 5 who never completed': a count whose clause negates the verb an earlier
    range of the same sentence was given with counts the rows outside that range."""
    first = min(v.start for v in vals) - off
    end = _re_search(r"[,;.]", text[max(v.end for v in vals) - off:])
    clause = text[first:(max(v.end for v in vals) - off + end.start()) if end else len(text)]
    neg = _re_search(r"\b(?:never|not|n't|failed\s+to)\s+(?:\w+\s+)?([a-z]{4,})", clause, regex.I)
    if neg is None:
        return None
    stem = neg.group(1).lower()[:5]
    for f in range_filters(text, infos, table, offset=off):
        if f.span is None or f.span[0] >= first + off:
            continue
        cue = text[max(0, f.span[0] - off - 40):f.span[0] - off].lower()
        if stem in cue:
            return f
    return None


_CHANGE_WORD = regex.compile(r"\b(decreas\w*|reduc\w*|lower\w*|fell|fallen|declin\w*|increas\w*|rais\w*|rose|"
                             r"higher)\s+((?:[A-Za-z-]+\s+){0,3}[A-Za-z-]+)", regex.I)


def _qualitative_conditions(text: str, infos: list[ColumnInfo], paper: _Paper) -> list[str]:
    """'maintained decreased opioid use': any fall from the baseline column to the later one, plus every
    threshold the paper used before on the same two columns (each a reading of what was counted)."""
    m = _CHANGE_WORD.search(text)
    if not m:
        return []
    if _re_search(r"\d\s*(?:%|per\s*cent)\s*$", text[max(0, m.start() - 12):m.start()]):
        # "had a ‡50% reduction" (a '≥' the PDF's font lost): the change has a size this reader did not take as a
        # threshold, so it is no change 'without a number'
        return []
    if _re_match(r"\s+(?:[A-Za-z-]+\s+){0,3}?(?:of|by)\s+(?:at\s+least\s+|more\s+than\s+|over\s+|[≥>]=?\s*)?\d",
                 text[m.end(1):m.end(1) + 60]):
        # "and 7 (50%) a reduction of at least 30%", "decreased by 2 points": the change has a size after it, so
        # counting any fall at all would drop that threshold (a size this reader did not take stays unread)
        return []
    ws = set(words_of(m.group(2)))
    scored = [t for t in column_scores([c for c in infos if c.numeric], ws, set(), None) if t[0] > 0]
    if not scored:
        return []
    fam = [c for c in infos if c.family == scored[0][1].family]
    base = next((c for c in fam if c.time == "baseline"), None)
    later = [c for c in fam if c.time not in (None, "baseline")]
    if base is None or len(later) != 1:
        return []
    a, b = base.column.name, later[0].column.name
    down = not m.group(1).lower().startswith(("increas", "rais", "rose", "higher"))
    main = f"{b} {'<' if down else '>'} 1*{a}"
    prior = [c for c in paper.conditions if set(_cond_columns(c)) == {a, b} and c != main]
    return [main, *prior]


def _range_pos(text: str, f: RowSet) -> tuple[int, int] | None:
    for e in f.evidence:
        m = _re_match(r"range '(.+)' filters", e, regex.S)
        if m:
            k = text.find(m.group(1))
            if k >= 0:
                return k, k + len(m.group(1))
    return None


_QUALIFIED = regex.compile(r"(?i)\b(?:patients?|subjects?|participants?|cases?|those|children|women|men|"
                           r"individuals)\s+(?P<q>(?:with|without|who|whose|having|receiving|undergoing|treated\s+"
                           r"with|on)\b[^,.;:()\d]{2,60})")


# the words qualifying patients, numbers included ('children with 5 or more relapses', 'given three or more agents')
_QUALIFIED_BY_NUMBER = regex.compile(r"(?i)\b(?:patients?|subjects?|participants?|cases?|those|children|women|men|"
                                     r"boys|girls|individuals)\s+(?P<q>(?:with|without|who|whose|having|given|"
                                     r"receiving|undergoing|treated\s+with|on)\b[^.;:()]{2,60})")


# A bound on the patients a statistic describes: 'patients over 60 years', '(older than 65 years)', 'aged < 18 years'
# (right after a word for people or 'aged': 'Over 12 months, the mean fell' bounds no patients)
_BOUND_BEFORE = regex.compile(r"(?i)(?:(?<!\w)(?:patients?|subjects?|participants?|children|adults|women|men|those|"
                              r"cases|people)\s*\(?\s*(?:aged\s+|who\s+were\s+)?|(?<!\w)aged\s+|(?=(?:older|younger)\s))"
                              r"(?P<op>older\s+than|younger\s+than|over|above|under|below|more\s+than|"
                              r"less\s+than|[<>≤≥])\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>years?|yrs?|months?|weeks?|"
                              r"days?|kg)(?!\w)")
_BOUND_OPS = {"older than": ">", "over": ">", "above": ">", "more than": ">", ">": ">", "younger than": "<",
              "under": "<", "below": "<", "less than": "<", "<": "<", "≥": ">=", "≤": "<="}


def _bound_rows(bound: regex.Match[str], table: Table, infos: list[ColumnInfo]) -> RowSet | None:
    """The rows past a bound of the one numeric column printed in the bound's unit ('over 60 years': age > 60);
    None when no column, or more than one, is in that unit."""
    unit = unit_to_canonical(bound.group("unit"))
    cols = [c for c in infos if c.numeric and c.table is table and c.time in (None, "baseline")
            and c.column.unit and unit_to_canonical(c.column.unit) == unit]
    if not cols and unit == "year":
        # 'over 60 years' of an 'Age' column printed without its unit
        cols = [c for c in infos if c.numeric and c.table is table and "age" in c.words]
    if len(cols) != 1:
        return None
    op = _BOUND_OPS[" ".join(bound.group("op").lower().split())]
    cond = f"{cols[0].column.name} {op} {Decimal(bound.group('num'))}"
    ids = tuple(rows_meeting(table, [r.id for r in table.rows], cond)[0])
    return RowSet(ids, cond, [f"'{' '.join(bound.group(0).split())}': {cond}"], cond)


# Nouns for a group of patients by what happened to them or what they do
_GROUP_NOUN = regex.compile(r"(?i)\b(?:non-?|poor\s+|good\s+|partial\s+|complete\s+)?(?:responders|survivors|"
                            r"completers|relapsers|remitters|progressors|smokers|drinkers|users|carriers|converters|"
                            r"dropouts|drop-outs|withdrawals|decedents)\b")


def _unread_qualifier(lead: str, paper: _Paper, table: Table, infos: list[ColumnInfo]) -> str | None:
    """'Patients with complications had ...': the words that qualify the patients a statistic describes, when
    neither the table (its caption, columns, legend) nor the paper's title accounts for them; None otherwise."""
    m = _QUALIFIED.search(lead)
    if m is None:
        return None
    q = _re_sub(r"(?i)\s+(?:had|has|have|was|were|is|are|showed|needed|required|did|the|a|an)\b.*", "", m.group("q"))
    title = _re_split(r"\n\s*\n", paper.text.lstrip(), 1)[0][:300]
    explained = set(words_of(table.caption)) | set(words_of(title)) | set().union(
        *(c.words for c in infos)) | {w for lc in table.legend for w in words_of(lc.meaning)}
    extra = _unexplained(q, []) - explained - {"with", "without", "who", "whose", "having", "receiving",
                                               "undergoing", "treated"}
    return " ".join(q.split()) if extra else None


def _unexplained(text: str, filters: list[RowSet]) -> set[str]:
    """Content words of a count's sentence that neither a filter nor generic verbs explain."""
    ws = set(words_of(text))
    for f in filters:
        ws -= set(words_of(f.words.replace("_", " ")))
    return {w for w in ws if w not in _GENERIC and w not in _NEGATION and not w.isdigit() and len(w) > 2}


_NEGATION = frozenset({"never", "not", "even", "failed", "without", "did", "could", "yet", "still"})


def _cond_columns(cond: str) -> list[str]:
    cols = _re_findall(r"[A-Za-z_][A-Za-z0-9_]*", cond)
    return list(dict.fromkeys(c for c in cols if c not in ("and", "or")))


def _threshold_link(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
                    infos: list[ColumnInfo], rows: RowSet, row_ev: list[str], row_alts: list[RowSet],
                    strong: set[str], near: set[str], vspans: list[tuple[int, int]]) -> Link:
    """A statement about all patients ('all had a score exceeding 5'): the rows that break it; or a count of rows
    over a threshold."""
    cond = _threshold_condition(text, infos, table, strong, claim, idx, off, [])
    if cond is None:
        return _no_link(claim, idx, "no table column matches the threshold", table.label)
    c, ev, reason = cond
    if reason:
        return _no_link(claim, idx, reason, table.label)
    universal = claim.kind == "criterion" or bool(_re_search(
        r"\b(?:all|every|each)\s+(?:of\s+the\s+)?(?:patients?|subjects?|participants?|cases?)\b|"
        r"\b(?:inclusion|included|eligible|eligibility)\b", text, regex.I))
    if universal and rows.words == "all rows":
        return _mk(claim, idx, table, _cond_columns(c), rows, evidence=[*ev, "a statement about every patient"],
                   confidence=0.7, operation="criterion", condition=c)
    state.counted = [RowSet(tuple(rows_meeting(table, r.ids, c)[0]), f"{r.words} with {c}", [], None)
                     for r in [rows, *row_alts]]
    return _mk(claim, idx, table, _cond_columns(c), rows, evidence=[*ev, *row_ev], confidence=0.7,
               operation="threshold", condition=c,
               alternatives=[_mk(claim, idx, table, _cond_columns(c), a, evidence=a.evidence, confidence=0.65,
                                 operation="threshold", condition=c) for a in row_alts])


# -- P values


# 'from baseline to 6 months', 'between baseline and the last visit': a change between two times of one measure
_FROM_TIME_TO_TIME = regex.compile(
    r"(?i)\b(?:from|between)\s+(?:the\s+)?(?:baseline|pre-?(?:treatment|operative|infusion)|(?:the\s+)?start)\s+"
    r"(?:to|and)\s+(?:the\s+)?(?:\d+(?:\.\d+)?\s*(?:days?|weeks?|months?|years?)|follow[- ]?up|(?:the\s+)?end\b|"
    r"(?:the\s+)?last\s+visit|discharge)")


def _p_link(claim: Claim, idx: list[int], text: str, off: int, paper: _Paper, state: _State, table: Table,
            infos: list[ColumnInfo], rows: RowSet, row_ev: list[str], strong: set[str], near: set[str],
            sent: set[str]) -> Link:
    """A P value from the rows: two time points of one measure (test_columns), or two tabulated groups."""
    first = min(claim.values[i].start for i in idx) - off
    clause = _clause_start(text, first, claim, idx, off, stat_cut=False)
    # "more headache days than those without (..., P = 0.011) and had tried more preventive drugs (..., P = 0.017)":
    # a P value earlier in the sentence closes the clause its own test was about
    if "P" in text[clause:first] or "p" in text[clause:first]:
        clause = max([clause, *(m.end() for m in _P_END.finditer(text, clause, first))])
    local = text[clause:first]
    local_words = set(words_of(_blank_times(text)[clause:first]))
    mstrong = _without_events(local_words | measure_words(claim, text, off), local)
    scored = [t for t in column_scores(infos, mstrong, strong | sent, None) if t[1].numeric]
    all_rows = RowSet(paper.row_ids(table), "all rows")
    # only when the sentence opens with that side ('Among the men, those with WON ...' names a subset the rows
    # may not hold: no wider reading then)
    opens_with_side = _re_match(r"\s*" + _SIDE_OPENING + r"\s", text[:first], regex.I) is not None

    def pair_in(t: str) -> tuple[RowSet, RowSet, str, str] | None:
        """Two categories compared in `t`, among the claim's rows; or among all rows when the claim's rows are
        one of the two ('Patients with WON needed more procedures than those with PC (..., P = .004)': the
        subject names the first side, and the P compares it with the second)."""
        found = _category_pair(t, infos, rows)
        if found is None and opens_with_side and set(rows.ids) != set(all_rows.ids):
            wider = _category_pair(t, infos, all_rows)
            if wider is not None and set(rows.ids) in (set(wider[0].ids), set(wider[1].ids)):
                return wider
        return found

    def narrowed(groups: tuple[RowSet, RowSet, str, str]) -> tuple[RowSet, RowSet, str, str] | None:
        """The two sides within a category of another column named before them ('Among the men, those with WON
        needed more procedures than those with PC': WON men against PC men); None when that reading is unclear
        (words naming categories of several columns, or a side left empty)."""
        at = text.find(groups[3].split(" and ")[0], 0, first)
        # the word after 'among', 'in' or 'for' before the sides (a measure's own words may name categories too:
        # 'pain' is in a legend's 'Chronic Abdominal Pain')
        words = _re_findall(r"(?i)\b(?:among|in|for)\s+(?:the\s+|all\s+)?([A-Za-z][\w-]*)", text[:at]) if at > 0 else []
        named = {(c.column.name, tuple(_category_matches(w, c))) for c in infos
                 if not c.numeric and c.column.name != groups[2] for w in words if _category_matches(w, c)}
        if not named:
            return groups
        if len(named) != 1:
            return None
        (col, values), = named
        a, b, pair_col, ev = groups
        sides = [RowSet(_rows_holding(table, col, values, g.ids), f"{g.words} and {col} in {list(values)}",
                        [*g.evidence, f"within {col} in {list(values)}"]) for g in (a, b)]
        if not sides[0].ids or not sides[1].ids:
            return None
        return sides[0], sides[1], pair_col, f"{ev}, within {col} in {list(values)}"

    if not scored or scored[0][0] < 1.0:
        # "Responders were more often women (P = 0.04)": a category compared between two groups (Fisher, chi-square)
        groups = pair_in(local) or pair_in(text[:first])
        if groups is not None:
            groups = narrowed(groups)
            if groups is None:
                return _no_link(claim, idx, "it compares two groups within a subset the link does not read",
                                table.label)
        outcome = _category_outcome(text[:first], infos, groups[2]) if groups is not None else None
        if groups is not None and outcome is not None:
            a, b, _, ev = groups
            col, cats = outcome
            return _mk(claim, idx, table, [col], a, rows_b=b,
                       evidence=[f"compares {col} ({' or '.join(cats)}) between {ev}", *row_ev], confidence=0.65,
                       operation="test_categories", condition=" or ".join(f"{col} == {x!r}" for x in cats))
        return _no_link(claim, idx, "no table column matches what it compares", table.label)
    scored = _prefer_timed(scored, [t.key for t in time_mentions(local, clause + off)], infos)
    # "(mean 2.4 vs 5.8, P = 0.008)": two values side by side in the P's own brackets are two groups at one time,
    # so the P compares groups, never two time points over every row
    paren = text.rfind("(", 0, first)
    side_by_side = paren >= 0 and ")" not in text[paren:first] and _re_search(
        r"(?i)\d\s*(?:[A-Za-z/%]+\s*)?(?:vs\.?|versus)\s*[-−]?\d", text[paren:first]) is not None and (
        # ... unless the clause says they are two times: 'decreased from baseline to 6 months (7.1 vs 3.9, P = ...)'
        _FROM_TIME_TO_TIME.search(text, clause, paren) is None)
    groups = pair_in(local) or pair_in(text[:first]) or (
        _the_groups(table, rows) if side_by_side or _re_search(
            r"(?i)\bbetween\s+(?:the\s+)?(?:two\s+)?(?:groups|arms)\b|"
            r"\b(?:the\s+)?(?:two|both)\s+(?:groups|arms)\b", text[:first]) else None)
    if groups is not None:
        groups = narrowed(groups)
        if groups is None:
            return _no_link(claim, idx, "it compares two groups within a subset the link does not read", table.label)
    if groups is not None:
        a, b, _, ev = groups
        best = scored[0][1]
        family = [c for c in infos if c.family == best.family]
        if len(family) > 1:
            # the measure at several time points: the sentence must say which one the groups are compared at
            times = [t.key for t in time_mentions(text[:first], off)]
            timed = [c for c in family if c.time is not None and any(same_time(x, c.time) for x in times)]
            if len(timed) != 1:
                return _no_link(claim, idx, "it compares groups at a time point the sentence does not make clear",
                                table.label)
            best = timed[0]
        return _mk(claim, idx, table, [best.column.name], a, rows_b=b,
                   evidence=[f"compares {best.column.name} between {ev}", *row_ev], confidence=0.7,
                   operation="test_groups")
    if _TWO_GROUPS.search(text[:first]) or side_by_side:
        # "lower in the treatment group than in the control group (P = ...)": a test between groups, never the
        # paired test of two time points over every row
        return _no_link(claim, idx, "it compares two groups the link cannot pick out in the table", table.label)
    best = scored[0][1]
    family = [c for c in infos if c.family == best.family]
    if len(family) < 2:
        # 'In the year after rituximab the number of relapses fell from 3.9 to 0.7 (P < 0.001)': a P of no two groups
        # compares a measure at two times, which a column alone ('Age at RTX', on 'rituximab') never is; the best
        # column that has them and shares a word of the clause is the measure
        timed_alt = next((t[1] for t in scored[1:] if t[0] >= 1.0 and t[1].words & mstrong and sum(
            1 for c in infos if c.family == t[1].family and c.time is not None) >= 2), None)
        if timed_alt is not None:
            best = timed_alt
            family = [c for c in infos if c.family == best.family]
    times = [t.key for t in time_mentions(local, clause + off)]
    if not times:
        times = [t.key for t in time_mentions(text, off)]
        if claim.time is not None and _in_sentence(claim, claim.time):
            times += [t.key for t in time_mentions(claim.time.text, cue_free=True)]
    if _mentions_baseline(local) and "baseline" not in times:
        times.append("baseline")
    follow = _only_later(family, text)
    if follow is not None and follow.time is not None:
        times = [follow.time if t == "post" else t for t in times]
    times = list(dict.fromkeys(times))
    if any(not any(c.time is not None and same_time(t, c.time) for c in family) for t in times):
        bad = [t for t in times if not any(c.time is not None and same_time(t, c.time) for c in family)]
        return _no_link(claim, idx, f"it involves a time point the table does not hold ({', '.join(bad)})",
                        table.label)
    cols = [c for c in family if c.time is not None and any(same_time(t, c.time) for t in times)]
    if len(cols) == 1 and cols[0].time != "baseline":
        base = next((c for c in family if c.time == "baseline"), None)
        if base is not None:
            cols = [base, cols[0]]
    elif (len(cols) == 1 and cols[0].time == "baseline") or (not cols and _re_search(
            # ('fell from a median of 4 to 0': the statistic may be named between 'from' and its number)
            r"\bfrom\s+(?:(?:a|an|the)\s+)?(?:(?:mean|median|average)\s+(?:of\s+)?)?[-−]?\d[\d.]*\s*"
            r"(?:±\s*[\d.]+\s*)?(?:\([^()]*\)\s*)?to\s+[-−]?\d", local)):
        # "fell from 7.2 to 5.8 (P = ...)": baseline against the one later time point the table holds
        bases = [c for c in family if c.time == "baseline"]
        later = [c for c in family if c.time is not None and c.time != "baseline"]
        if len(bases) == 1 and len(later) == 1:
            cols = [bases[0], later[0]]
    if len(cols) != 2:
        return _no_link(claim, idx, "the two things it compares are not identifiable in the table", table.label)
    cols.sort(key=lambda c: 0 if c.time == "baseline" else 1)
    return _mk(claim, idx, table, [c.column.name for c in cols], rows,
               evidence=[f"compares {cols[0].column.name} with {cols[1].column.name}", *row_ev],
               confidence=0.7, operation="test_columns")


# The words that open one side of a comparison of two categories: 'Patients with WON ... than those with PC'.
_SIDE_OPENING = r"(?:patients|those|children|women|men|cases|subjects)\s+(?:with|in)"


def _category_pair(text: str, infos: list[ColumnInfo], rows: RowSet
                   ) -> tuple[RowSet, RowSet, str, str] | None:
    """Two categories of one category column named in a comparison ('between men and women', 'X vs. Y'):
    the two row sets to test between."""
    # each pattern needs a word looked for first: 'and', 'vs' or 'versus' for the first, 'than' for the others
    m = _re_search(
        r"\b(?:between|in)\s+(?:the\s+)?([\w-]+(?:\s+\d)?)\s+(?:and|vs\.?|versus)\s+(?:the\s+)?"
        r"([\w-]+(?:\s+\d)?)|\b([\w-]+)\s+(?:vs\.?|versus)\s+([\w-]+)", text, regex.I) \
        if _may_hold(text, ("and", "vs", "versus")) else None
    # "Responders were younger than non-responders"
    than = (_re_search(
        r"\b(?:in|among|for)\s+(?:the\s+)?([\w-]+)(?:\s+(?:group|arm|patients))?\s+than\s+"
        r"(?:in\s+|among\s+|for\s+)?(?:the\s+)?([\w-]+)", text, regex.I) or _re_search(
        r"\b([\w-]+)\s+(?:\w+\s+){0,4}?(?:\w+er|more|less|fewer)\b(?:\s+[\w-]+){0,3}?\s+"
        r"than\s+(?:the\s+|in\s+)?([\w-]+)", text, regex.I)) if _may_hold(text, ("than",)) else None
    # "Patients with WON were older than those with PC"
    with_than = _re_search(
        r"\b" + _SIDE_OPENING + r"\s+(?:a\s+|an\s+|the\s+)?([\w-]+)"
        r"[^.;()]{0,60}?\s+than\s+(?:those|patients|children|cases|subjects|the\s+ones)\s+(?:with|in)\s+"
        r"(?:a\s+|an\s+|the\s+)?([\w-]+)", text, regex.I) if than is not None else None
    # "Patients with medication overuse had more headache days than those without": the 'yes' rows of the yes/no
    # column the words after 'with' name against its 'no' rows (only a yes/no column: 'without' says no more)
    without = _re_search(
        r"\b" + _SIDE_OPENING + r"\s+(?:a\s+|an\s+|the\s+)?([\w-]+)"
        r"[^.;()]{0,80}?\s+than\s+(?:in\s+)?(?:those|patients|children|cases|subjects)\s+without\b", text, regex.I) \
        if _may_hold(text, ("than",)) and _may_hold(text, ("without",)) else None
    if without is not None:
        for c in infos:
            values = c.distinct_texts()
            if c.numeric or not values or not {v.lower() for v in values} <= _YES_NO:
                continue
            yes = list(dict.fromkeys(_category_matches(without.group(1), c)))
            no = [v for v in values if v not in yes]
            ra, rb = _rows_holding(c.table, c.column.name, yes, rows.ids), _rows_holding(c.table, c.column.name,
                                                                                          no, rows.ids)
            if yes and ra and rb:
                col = c.column.name
                return (RowSet(ra, f"{col} in {yes}"), RowSet(rb, f"{col} in {no}"), col,
                        f"with and without {without.group(1)}")
    if not m and not than:
        return None
    pairs = []
    if m:
        pairs.append((m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4)))
    if with_than:
        pairs.append((with_than.group(1), with_than.group(2)))
    if than:
        pairs.append((than.group(1), than.group(2)))
    for w1, w2 in pairs:
        found = _category_pair_of(w1, w2, infos, rows)
        if found is not None:
            return found
    return None


def _meaning_named(meaning: str, text: str) -> bool:
    """Does the text spell out a legend meaning of several words, as printed or un-inverted ('arthritis,
    reactive' is also 'reactive arthritis')?"""
    found = _meaning_pattern(meaning)
    if found is None:
        return False
    rx, word = found
    # every match holds `word` (see _meaning_pattern): a text without it, letters compared as the pattern compares
    # them, is not searched
    return (not word or _may_hold(text, (word,))) and rx.search(text) is not None


@lru_cache(maxsize=512)
def _meaning_pattern(meaning: str) -> tuple[regex.Pattern[str], str] | None:
    """The pattern that finds a meaning of several words, and a lowercase ASCII word each of its matches holds
    ('' when none is known): the longest word of the part both of its phrases spell as printed (the words after
    the last ', ' when the meaning is also read un-inverted, else the whole meaning), if that word is ASCII."""
    m = " ".join(meaning.split())
    if " " not in m:
        return None
    phrases = [m]
    head, sep, tail = m.rpartition(", ")
    shared = m
    if sep and head and tail and len(tail.split()) <= 2:
        phrases.append(f"{tail} {head}")
        shared = tail
    word = max(shared.split(" "), key=len)
    return (regex.compile(r"(?i)\b(?:" + "|".join(regex.escape(p) for p in phrases) + r")\b"),
            word.lower() if word.isascii() else "")


def _category_outcome(text: str, infos: list[ColumnInfo], group_column: str) -> tuple[str, list[str]] | None:
    """The category column (other than the groups') one value of which the sentence names ('more often women'),
    with that value: the outcome a 2 x 2 test compares. None unless exactly one column fits."""
    found: list[tuple[str, list[str]]] = []
    words = [w for w in _re_findall(r"[A-Za-z][\w-]*", text) if w.lower() not in _STOP]
    for c in infos:
        if c.numeric or c.column.name == group_column or len(c.distinct_texts()) != 2:
            continue
        for w in words:
            cats = _category_matches(w, c, legend=False)
            if cats and len(cats) == 1:
                found.append((c.column.name, cats))
                break
    return found[0] if len(found) == 1 else None


def _rows_holding(table: Table, column: str, values: Iterable[str], among: Iterable[str]) -> tuple[str, ...]:
    """The ids of the rows in `among` whose `column` cell holds one of `values`, in table order."""
    k = [x.name for x in table.columns].index(column)
    want, texts = set(among), set(values)
    return tuple(r.id for r in table.rows if r.id in want and r.cells[k].text in texts)


def _category_pair_of(w1: str, w2: str, infos: list[ColumnInfo], rows: RowSet
                      ) -> tuple[RowSet, RowSet, str, str] | None:
    for c in infos:
        if c.numeric:
            continue
        a, b = list(dict.fromkeys(_category_matches(w1, c))), list(dict.fromkeys(_category_matches(w2, c)))
        if a and b and set(a) != set(b):
            col = c.column.name
            ra, rb = _rows_holding(c.table, col, a, rows.ids), _rows_holding(c.table, col, b, rows.ids)
            if ra and rb:
                return (RowSet(ra, f"{col} in {a}"), RowSet(rb, f"{col} in {b}"), col, f"{w1} and {w2}")
    return None


def links_rows(table: Table, ids: Iterable[str]) -> list[Row]:
    """The table rows with these ids, in table order."""
    want = set(ids)
    return [r for r in table.rows if r.id in want]


def _cell(row: Row, column: str) -> Cell:
    """A row's cell by column name (KeyError when absent); cells are in column order, so try the usual place."""
    for c in row.cells:
        if c.column == column:
            return c
    raise KeyError(column)


def value_of(claim: Claim, i: int) -> Value:
    return claim.values[i]


# ----------------------------------------------------------------------------------------------------------
# Row conditions (shared with recomputation)

_ATOM = regex.compile(r"^\s*(?P<col>[A-Za-z_]\w*)\s*(?P<op><=|>=|==|<|>)\s*(?:'(?P<s>(?:[^'\\]|\\.)*)'|"
                      r"(?P<f>-?\d+(?:\.\d+)?)\*(?P<rc>[A-Za-z_]\w*)|(?P<n>-?\d+(?:\.\d+)?))\s*$")


@dataclass(frozen=True)
class RowTest:
    """How a row meets a condition: True/False, None when a cell it needs is empty; `edge` when it sits exactly
    on a strict threshold."""

    ok: bool | None
    edge: bool = False


# The comparison of each operator (one call, not a dict of five comparisons per row).
_COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    "<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge, "==": operator.eq}
# RowTests are frozen: one instance of each outcome serves every row.
_UNKNOWN = RowTest(None)
_OUTCOME = {(ok, edge): RowTest(ok, edge) for ok in (True, False) for edge in (True, False)}


def eval_condition(row: Row, condition: str) -> RowTest:
    """Evaluate a Link.condition on one row ('b < 0.5*a', 'a >= 3 and a <= 6', "sex == 'M' or ...", 'not (...)')."""
    return _condition_test(condition)(row)


_RowCheck = Callable[[Row], RowTest]


@lru_cache(maxsize=1024)
def _condition_test(condition: str) -> _RowCheck:
    """A condition parsed once into a test of one row (a table's rows are all tested against the same text)."""
    cond = condition.strip()
    if cond.startswith("not (") and cond.endswith(")"):
        inner = _condition_test(cond[5:-1])

        def negated(row: Row) -> RowTest:
            t = inner(row)
            return RowTest(None if t.ok is None else not t.ok, t.edge)
        return negated
    if " or " in cond:
        alternatives = [_condition_test(c) for c in cond.split(" or ")]

        def any_of(row: Row) -> RowTest:
            parts = [test(row) for test in alternatives]
            if any(p.ok for p in parts):
                return RowTest(True, any(p.edge for p in parts))
            return RowTest(None if any(p.ok is None for p in parts) else False, any(p.edge for p in parts))
        return any_of
    if " and " in cond:
        requirements = [_condition_test(c) for c in cond.split(" and ")]

        def all_of(row: Row) -> RowTest:
            parts = [test(row) for test in requirements]
            if any(p.ok is False for p in parts):
                return RowTest(False, any(p.edge for p in parts))
            return RowTest(None if any(p.ok is None for p in parts) else True, any(p.edge for p in parts))
        return all_of
    m = _ATOM.match(cond)
    if not m:
        return lambda row: _UNKNOWN
    col, op, text, ref = m.group("col"), m.group("op"), m.group("s"), m.group("rc")
    want = text.replace("\\'", "'") if text is not None else None
    factor = Decimal(m.group("f")) if ref else None
    number = Decimal(m.group("n")) if not ref and text is None else None
    compare, strict = _COMPARE[op], op in ("<", ">")

    def atom(row: Row) -> RowTest:
        try:
            cell = row.cell(col)
        except KeyError:
            return _UNKNOWN
        if want is not None:
            return _UNKNOWN if cell.empty else _OUTCOME[cell.text == want, False]
        value = cell.number
        if value is None:
            return _UNKNOWN
        if factor is not None:
            try:
                other = row.cell(ref).number
            except KeyError:
                return _UNKNOWN
            if other is None:
                return _UNKNOWN
            rhs = factor * other
        else:
            assert number is not None
            rhs = number
        return _OUTCOME[compare(value, rhs), strict and value == rhs]
    return atom


def rows_meeting(table: Table, ids: Iterable[str], condition: str) -> tuple[list[str], list[str], list[str]]:
    """(rows meeting the condition, rows exactly on a strict threshold, rows that cannot be tested)."""
    meet, edge, unknown = [], [], []
    test = _condition_test(condition)
    for r in links_rows(table, ids):
        t = test(r)
        if t.ok is None:
            unknown.append(r.id)
        elif t.ok:
            meet.append(r.id)
        if t.edge:
            edge.append(r.id)
    return meet, edge, unknown
