"""Tokens of a flattened table line: their shapes, footnote marks glued to them, and the legend's code definitions.

A flattened row is a run of space-separated tokens; each token keeps its span in ``source_text`` so every cell can
be traced back. Shapes ("int", "dec", "date", ...) are what the row splitter compares against column types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

# Printed markers of a missing value: a cell that fits any column.
MISSING = frozenset({"–", "—", "-", "NA", "N/A", "n/a", "na", "NR", "ND", "nd", "n.a.", "…", "...", "/", "x"})
SEX_VALUES = frozenset({"M", "F", "Male", "Female", "male", "female", "m", "f", "W", "Man", "Woman", "Men", "Women"})
SYMBOL_MARKS = "*†‡§¶#"

_INT = regex.compile(r"^[-−–]?\d{1,3}(?:,\d{3})+$|^[-−–]?\d+$")
_DEC = regex.compile(r"^[-−–]?\d*[.·]\d+$|^[-−–]?\d{1,3}(?:,\d{3})+[.·]\d+$")
_PCT = regex.compile(r"^[-−–]?\d+(?:[.·]\d+)?%$")
_CMP = regex.compile(r"^(?:[<>≤≥~≈]|<=|>=)[-−–]?\d*[.·]?\d+%?$")
_RANGE = regex.compile(r"^[-−–]?\d+(?:[.·]\d+)?(?:[–—-]|to)\d+(?:[.·]\d+)?%?$")
_DATE = regex.compile(
    r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}/\d{4}|\d{4}/\d{1,2})$"
)
_ROMAN = regex.compile(r"^(?:I{1,3}|IV|V|VI{0,3}|IX|X)$")
_WORD = regex.compile(r"^[\p{L}][\p{L}\p{N}'’/+.\-]*$")
_PAREN_NUM = regex.compile(r"^\(?[-−–]?\d+(?:[.·]\d+)?%?(?:[-–,;]\s?[-−–]?\d+(?:[.·]\d+)?%?)?\)?[,;]?$")
_WS_TOKEN = regex.compile(r"\S+")


# ASCII characters str.isspace takes for white space and the regex module's \s does not
_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f")
_new_tuple = tuple.__new__


class Token(NamedTuple):
    """A token of a line: its text and half-open span in source_text. A named tuple: immutable, and made many
    times per table, more cheaply than a frozen dataclass."""

    text: str
    start: int
    end: int


def line_tokens(source: str, start: int, end: int) -> list[Token]:
    """Whitespace-separated tokens of source[start:end], each with its absolute span."""
    text = source[start:end]
    if text.isascii() and not _SEPARATORS.intersection(text):
        # in ASCII, str.split's whitespace is _WS_TOKEN's but for the separators \x1c-\x1f: the same tokens, each
        # found after the end of the one before (it opens with a character that is no space)
        out: list[Token] = []
        pos = 0
        for word in text.split():
            at = text.find(word, pos)
            pos = at + len(word)
            out.append(_new_tuple(Token, (word, start + at, start + pos)))
        return out
    return [_new_tuple(Token, (m.group(), *m.span())) for m in _WS_TOKEN.finditer(source, start, end)]


# the ends of a value split_marks finds no mark at when no footnote defines one
MARK_ENDS = ("", *SYMBOL_MARKS)


def split_marks(text: str, defined: frozenset[str]) -> tuple[str, list[str]]:
    """Split footnote marks glued to the end of a value: ("12c", {"c"}) -> ("12", ["c"]).

    Symbol marks (*, †, ‡, ...) are always split from a value they cannot belong to; a letter or digit mark only
    when the footnotes define it and what is left is a number.
    """
    if not defined and text[-1:] not in MARK_ENDS:
        return text, []  # nothing to split: what the loop below returns for a value without a symbol at its end
    marks: list[str] = []
    body = text
    changed = True
    while changed and body:
        changed = False
        for m in sorted(defined, key=len, reverse=True):
            if m and body.endswith(m) and len(body) > len(m):
                rest = body[: -len(m)]
                if m[0] in SYMBOL_MARKS or (m.isalpha() and rest[-1].isdigit()):
                    marks.insert(0, m)
                    body = rest
                    changed = True
                    break
        if not changed and body[-1] in SYMBOL_MARKS and len(body) > 1 and body.rstrip(SYMBOL_MARKS):
            stripped = body.rstrip(SYMBOL_MARKS)
            marks.insert(0, body[len(stripped):])
            body = stripped
            changed = True
    return body, marks


def shape(text: str) -> str:
    """Shape of a value (marks already split): int, dec, pct, date, sex, missing, roman, word, num+ or other."""
    if text.isdigit() and text.isascii():
        return "int"  # what _INT says of ASCII digits (none of them is a missing marker), without a regex
    if text in MISSING:
        return "missing"
    if text[:1].isalpha():
        # a letter is no digit, sign, point or comparison: none of the number or date shapes below can match
        return _word_shape(text)
    if _INT.match(text):
        return "int"
    if _DEC.match(text):
        return "dec"
    if _PCT.match(text):
        return "pct"
    if _CMP.match(text):
        return "cmp"
    if _RANGE.match(text) and not _DATE.match(text):
        return "range"
    if _DATE.match(text):
        return "date"
    return _word_shape(text)


def _word_shape(text: str) -> str:
    """Shape of a value that has no number or date shape: sex, roman, word, paren or other."""
    if text in SEX_VALUES:
        return "sex"
    if _ROMAN.match(text):
        return "roman"
    if _WORD.match(text):
        return "word"
    if _PAREN_NUM.match(text):
        return "paren"
    return "other"


def decimals_of(text: str) -> int:
    """Digits after the decimal point of a printed number."""
    t = text.replace("·", ".")
    return len(t.split(".", 1)[1].rstrip("%")) if "." in t else 0


def is_number_shape(s: str) -> bool:
    return s in ("int", "dec", "pct")


@lru_cache(maxsize=4096)
def is_codey(text: str) -> bool:
    """Could continue a categorical code after its first token ("1" in "XYZ 1", "II", "DM"). Memoised: the row
    splitter asks it of the same few tokens for every column count and reading it tries."""
    if _ROMAN.match(text) or (text.isdigit() and len(text) <= 2):
        return True
    return bool(_WORD.match(text))


# 'RA, rheumatoid arthritis' (two capitals or more); also one capital before a lower-case meaning ('Y, yes; N,
# no; R, responder'), which a legend of one-letter codes prints, but not 'A, Amoxicillin'-like capitalised prose
_COMMA_DEF = regex.compile(r"(?:(?=(?:\p{L}*\p{Lu}){2})[\p{Lu}\d][\p{L}\d/+]{1,11}(?:\s\d{1,2})?|\p{Lu}(?=,\s+\p{Ll}))"
                           r"(?P<sep>,)\s+\p{L}")
_COMMA_SEP = regex.compile(r",\s*")
_LEGEND_SEP = regex.compile(r"\s*(?:[–—=:]|-(?=\s)|\s-|(?<=\S)-(?=\p{Lu})|(?<=\b\p{Lu}{2,}\d*)-(?=\p{L}))\s*")
_LEGEND_PREFIX = regex.compile(r"\s*(?:Abbreviations?|Notes?|Key)\s*:\s*")
_LEGEND_PART = regex.compile(r"[^;]+")
_MEANING_STOP = regex.compile(r"\.\s+(?=\p{Lu})|\.\s*$")


@dataclass(frozen=True)
class Definition:
    """A code defined in a legend: "CODE – meaning"; span of the whole definition."""

    code: str
    meaning: str
    start: int
    end: int


def text_to_definitions(source: str, start: int, end: int) -> list[Definition]:
    """Code definitions in a legend text: "CODE – meaning; CODE- meaning; CODE-meaning; CODE = meaning; CODE,
    meaning" (the comma only after an abbreviation of two capitals or more).

    Parts are separated by ';' (or '.', ',' before a new definition); a code is short (1–4 tokens), a meaning
    starts after a dash, '=' or ':'.
    """
    out: list[Definition] = []
    text = source[start:end]
    prefix = _LEGEND_PREFIX.match(text)
    pos = prefix.end() if prefix else 0
    for m in _LEGEND_PART.finditer(text[pos:]):
        part_start = pos + m.start()
        part = m.group()
        # a part may hold several sentences: only the first definition matters; later sentences are notes
        lead = len(part) - len(part.lstrip())
        body = part.strip()
        if not body:
            continue
        sep = _LEGEND_SEP.search(body)
        comma = _COMMA_DEF.match(body)
        if comma and (sep is None or sep.start() > comma.start("sep")):
            # the 'RA, rheumatoid arthritis; OA, osteoarthritis' style of many journals
            sep = _COMMA_SEP.search(body, comma.start("sep"))
        if sep is None or sep.start() == 0:
            continue
        code = body[: sep.start()].strip()
        meaning = body[sep.end():]
        stop = _MEANING_STOP.search(meaning)
        if stop:
            meaning = meaning[: stop.start()]
        meaning = " ".join(meaning.split())
        words = code.split()
        if not code or not meaning or len(words) > 4 or len(code) > 30 or not meaning[0].isalpha():
            continue
        # a code is an abbreviation or a short capitalised label, never a phrase of prose or a bare number
        if any(ch in "()[]," for ch in code) or not (code[0].isupper() or code[0].isdigit()):
            continue
        if sum(1 for ch in code if ch.isupper()) < 2 and not any(ch.isdigit() for ch in code[1:]) and not (
            len(words) == 1 and code.isupper()
        ):
            continue
        if code.replace(" ", "").replace(".", "").isdigit():
            continue
        if any(w.isalpha() and w.islower() and len(w) > 3 for w in words[1:]):
            continue
        s = start + part_start + lead
        e = s + len(body[: sep.end()]) + len(body[sep.end():].split(". ")[0].rstrip("."))
        out.append(Definition(code=code, meaning=meaning, start=s, end=min(e, end)))
    return out
