"""Tables recovered from raw text: caption, stacked header, flattened rows, legend and footnotes.

The steps, for each caption line ("Table 1.", "Table S2", "TABLE.", "Table 2:"):
caption -> header fragments -> body lines (rows, section headings, summary rows; prose or page fragments printed
inside are skipped and noted) -> legend and footnotes -> column count and column profiles -> one reading per row
(or an Ambiguity) -> Table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate, pairwise, repeat
from operator import add
from typing import NamedTuple

import regex

from paperaudit.schemas import (
    Ambiguity,
    Cell,
    Column,
    Document,
    Footnote,
    LegendCode,
    Row,
    SectionHeading,
    SummaryRow,
    Table,
)
from paperaudit.schemas._build import from_dict

from ._numbers import parse_decimal
from ._table_header import (
    HeaderLine,
    fragments_to_headers,
    header_atoms,
    header_code_time,
    header_to_name,
    header_to_time,
    header_to_unit,
    legend_times,
    natural_count,
    sub_header_phrases,
)
from ._table_rows import (
    Profile,
    RowToken,
    SplitMemo,
    cell_units_in,
    learn_profiles,
    multi_codes,
    refine_profiles,
    split_row,
    tokens_to_row_tokens,
)
from ._table_tokens import MISSING, SEX_VALUES, SYMBOL_MARKS, Definition, Token, line_tokens, shape, text_to_definitions

__all__ = ["text_to_tables"]

_CAPTION = regex.compile(
    r"^[ \t]*(?P<label>(?:Table|TABLE)(?:[ \t]*(?P<num>S?\d{1,2}[A-Za-z]?|[IVX]{1,4})(?![\d]))?)"
    r"(?P<sep>[ \t]*[.:|—–-][ \t]*|[ \t]+(?=[\p{Lu}\p{N}(])|[ \t]*$)"
)


_TABLE_WORD = re.compile("Table|TABLE")

# Cells, rows and columns validated from a dict by the model's own validator: what Cell(**kw) runs, without its
# Python frame and keyword packing (same models, same fields set; a cell per table position, the bulk of the models)
_new_cell = from_dict(Cell)
_new_row = from_dict(Row)
_new_column = from_dict(Column)


def _caption_at(text: str) -> regex.Match[str] | None:
    """_CAPTION.match(text), tried only when the text holds 'Table' or 'TABLE', which every match opens with."""
    return _CAPTION.match(text) if "Table" in text or "TABLE" in text else None


_SUMMARY = regex.compile(
    r"^(?:Mean|Means|SD|S\.D\.|SEM|SE|Median|Total|Totals|Sum|Range|IQR|Min|Max|Minimum|Maximum|Average|%|n|N|"
    r"Mean\s*±\s*SD|Mean\s*\(SD\)|Median\s*\(IQR\)|Median\s*\(range\))[:.]?$"
)
# the first characters of the labels _SUMMARY matches
_SUMMARY_FIRST = frozenset("MSTRIA%nN")
_FOOT_DIGIT = regex.compile(r"^[ \t]*(?P<mark>\d{1,2})(?=[ \t]*\p{Lu}\p{Ll})[ \t]*(?=\S)")
_FOOT_START = regex.compile(r"^[ \t]*(?P<mark>[*†‡§¶#]{1,3}|[a-h](?=[ \t]*\p{Lu})|[a-h](?=[ \t]))[ \t]*(?=\S)")
_UNIT_HINT = regex.compile(
    r"(?i)\b(?:studies|trials|sites|centres|centers|author|reference|country|countries|study|trial|site)\b"
    r"(?!\s+(?:patients?|participants?|subjects?|population|cohort))"
)
_SEX_HINT = regex.compile(r"(?i)\b(?:sex|gender)\b")
_LEGEND_LEAD = regex.compile(r"\s*(?:Abbreviations?|Notes?|Key)\s*:")
_WRAPPED_WORD = regex.compile(r"\p{L}[\p{L}'’-]*[,;]?")


_new_tuple = tuple.__new__


class _Line(NamedTuple):
    """A line of the source (span without the line ending); a named tuple, made for every line of the text."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(source: str) -> list[_Line]:
    pieces = source.split("\n")
    if "\r" not in source:
        # what the loop below makes, built in C: each line starts one past the end of the one before (``starts``
        # holds one start more, past the last line)
        lens = list(map(len, pieces))
        starts = list(accumulate(map((1).__add__, lens), initial=0))
        return list(map(_new_tuple, repeat(_Line), zip(starts, map(add, starts, lens), pieces, strict=False)))
    out: list[_Line] = []
    pos = 0
    for piece in pieces:
        end = pos + len(piece)
        if piece.endswith("\r"):
            out.append(_Line(pos, end - 1, piece[:-1]))
        else:
            out.append(_Line(pos, end, piece))
        pos = end + 1
    return out


def _lower_words(tokens: list[str]) -> int:
    return sum(1 for t in tokens if len(t) >= 2 and t[0].islower() and t.rstrip(".,;:").isalpha())


def _is_prose(text: str) -> bool:
    toks = text.split()
    if len(toks) < 5:
        return bool(toks) and text[:1].isspace() and toks[0][:1].islower() and _lower_words(toks) >= 2
    return _lower_words(toks) >= max(3, 0.45 * len(toks))


def _numberish(tok: str) -> bool:
    if tok.isdigit() and tok.isascii():
        return True  # shaped "int" as it stands, with nothing to strip
    body = tok.rstrip(SYMBOL_MARKS) or tok
    if len(body) > 1 and body[-1] in "abcdefgh" and body[-2].isdigit():
        body = body[:-1]
    inner = body.strip("(),;[]")
    if inner[:1].isalpha():
        # shape(inner) is then a missing marker, a sex value or a word-like shape, and tok opens with that letter or
        # one of '(),;[]' (inner is tok less such characters before it), which opens no number or date shape: the
        # lines below answer True only for a missing marker or sex value that no bracket wraps, without the patterns
        return (inner in MISSING or inner in SEX_VALUES) and inner == body.strip(",;")
    s = shape(inner)
    if s in ("sex", "missing") and inner != body.strip(",;"):
        return False
    return s in ("int", "dec", "pct", "date", "missing", "sex", "cmp", "range") or (
        s if inner == tok else shape(tok)) in ("int", "dec", "pct", "date")


def _is_data(text: str) -> bool:
    toks = text.split()
    if len(toks) < 3:
        return False
    lower = _lower_words(toks)
    # _is_prose(text), from the tokens and lower-case words counted once
    if len(toks) < 5:
        if text[:1].isspace() and toks[0][:1].islower() and lower >= 2:
            return False
    elif lower >= max(3, 0.45 * len(toks)):
        return False
    if lower >= 2 and lower >= 0.25 * len(toks):
        return False
    n = sum(map(_numberish, toks))  # the number of numberish tokens (True counts 1)
    return n >= 2 and n >= 0.34 * len(toks)


def _summary_label(text: str) -> tuple[str, int] | None:
    """(label, number of label tokens) when the line starts with a summary label followed by numbers."""
    toks = text.split()
    if not toks or toks[0][0] not in _SUMMARY_FIRST:
        return None  # no summary label opens with another character
    for k in (3, 2, 1):
        if len(toks) > k and _SUMMARY.match(" ".join(toks[:k])) and not _YEAR.match(toks[k]):
            rest = toks[k:]
            if rest and sum(1 for t in rest if _numberish(t) or t in ("±", "(", ")")) >= 0.6 * len(rest):
                return " ".join(toks[:k]), k
    return None


def _is_heading(text: str) -> bool:
    toks = text.split()
    if not toks or len(toks) > 7 or len(text.strip()) > 70:
        return False
    first = text.strip()[0]
    if not (first.isupper() or first.isdigit()):
        return False
    return not _is_prose(text) and sum(1 for t in toks if _numberish(t)) <= 1


def _surely_legend(text: str) -> bool:
    """A legend line that no row could be: several code definitions, or an 'Abbreviations:' lead."""
    if _LEGEND_LEAD.match(text):
        return True
    # one definition at most per ';'-separated part: without a ';' there are never two
    return ";" in text and len(_line_definitions(text)) >= 2


@lru_cache(maxsize=256)
def _line_definitions(text: str) -> tuple[Definition, ...]:
    """text_to_definitions of a whole line, memoised on its text (bounded): the body's end is found by asking a
    legend line both whether it is surely a legend and whether it is legend-like."""
    return tuple(text_to_definitions(text, 0, len(text)))


def _legend_like(text: str) -> bool:
    """A legend line: it opens with a code definition, or holds several."""
    defs = _line_definitions(text)
    if len(defs) >= 2:
        return True
    return bool(defs) and defs[0].start - (len(text) - len(text.lstrip())) <= 16 and not _is_prose(
        text[: defs[0].start]
    )


def _footnote_start(text: str) -> regex.Match[str] | None:
    return _FOOT_START.match(text)


def text_to_tables(document: Document) -> list[Table]:
    """Every captioned table in the text that has a body, recovered into the Table schema."""
    source = document.source_text
    tables: list[Table] = []
    # only the lines that hold 'Table' or 'TABLE' can open a caption (see _caption_at): they are tried in order,
    # each past the end of the last table found
    hits = [m.start() for m in _TABLE_WORD.finditer(source)]
    if not hits:
        return tables
    lines = _lines(source)
    starts = [line.start for line in lines]
    i = 0
    for c in sorted({bisect_right(starts, pos) - 1 for pos in hits}):
        if c < i:
            continue
        m = _CAPTION.match(lines[c].text)
        if m is not None:
            found = _block_to_table(source, lines, c, m)
            if found is not None:
                table, nxt = found
                tables.append(table)
                i = max(nxt, c + 1)
    return tables


@dataclass
class _Body:
    rows: list[_Line]
    headings: list[tuple[int, _Line]]  # (index of the next row, line)
    summaries: list[_Line]
    notes: list[str]
    last: int  # index of the last body line
    continued: list[tuple[int, _Line]] = field(default_factory=list)  # (index of the row above, its wrapped words)


def _find_body(lines: list[_Line], start: int) -> _Body | None:
    rows: list[_Line] = []
    headings: list[tuple[int, _Line]] = []
    summaries: list[_Line] = []
    notes: list[str] = []
    continued: list[tuple[int, _Line]] = []
    cont_at: list[int] | None = None
    pending_heading: _Line | None = None
    last = start
    j = start
    while j < len(lines):
        line = lines[j]
        text = line.text
        if line.blank:
            j += 1
            continue
        if cont_at is None:  # lines that open 'Table N (continued)', found once per table
            # a match opens with spaces, tabs or a form feed and then 'table' in some case (no other character
            # matches its letters case-blind): the five characters after those are 'table' lower-cased
            cont_at = [k for k in range(start, len(lines)) if lines[k].text.lstrip(" \t\f")[:5].lower() == "table"
                       and _CONTINUED.match(lines[k].text)]
        cont = _continuation_at(lines, j, rows) if rows and any(j <= k <= j + 3 for k in cont_at) else None
        if cont is not None:
            # the table goes on after a page break: page furniture, 'Table 1 (continued)' and the repeated header
            # are skipped, the rows below are this table's
            notes.append(f"continued after a page break: lines {j + 1}-{cont} (caption, header, page furniture) "
                         "skipped")
            j = cont
            continue
        if _caption_at(text) and j > start:
            break
        if _summary_label(text):
            summaries.append(line)
            last = j
            j += 1
            continue
        if rows and _surely_legend(text):
            break
        if (_is_data(text) or _next_id(text, rows) or j == start) and not summaries:
            if pending_heading is not None:
                headings.append((len(rows), pending_heading))
                pending_heading = None
            rows.append(line)
            last = j
            j += 1
            continue
        if _is_data(text) and summaries:
            break
        if rows and last == j - 1 and _wrapped_words(text) and (
                text.strip()[:1].islower() or any(f" {text.strip()} " in f" {r.text.strip()} " for r in rows)
                or _cut_list(rows[-1].text)):
            # "injury" under "... Spinal cord NA 300 ...": the end of a cell wrapped onto a line of its own
            k = j + 1
            while k < len(lines) and lines[k].blank:
                k += 1
            if k < len(lines) and _is_data(lines[k].text) and _similar(lines[k].text, rows):
                continued.append((len(rows) - 1, line))
                last = j
                j += 1
                continue
        if _footnote_start(text) or (_legend_like(text) and not _is_heading(text)):
            break
        if _is_prose(text) or (text[:1].isspace() and text.strip()[:1].islower()):
            # a page fragment or prose inside the block: skip it when table rows follow
            k = j
            while k < len(lines) and (lines[k].blank or (not _is_data(lines[k].text)
                                                          and not _caption_at(lines[k].text)
                                                          and k - j < 15)):
                k += 1
            if k < len(lines) and _is_data(lines[k].text) and rows and _similar(lines[k].text, rows):
                notes.append(f"prose printed inside the table block (lines {j + 1}-{k}) was skipped")
                j = k
                continue
            break
        if _is_heading(text):
            nxt = j + 1
            while nxt < len(lines) and (lines[nxt].blank or (_is_prose(lines[nxt].text) and nxt - j < 15)):
                nxt += 1
            if nxt < len(lines) and _is_data(lines[nxt].text) and not _summary_label(lines[nxt].text):
                pending_heading = line
                j += 1
                continue
        break
    if not rows:
        return None
    return _Body(rows, headings, summaries, notes, last, continued)


def _cut_cells(row: Row, profiles: list[Profile]) -> list[int]:
    """The text cells of a row that end in a comma: a list cut off at the line's end ('LEV, CYC,')."""
    return [j for j, c in enumerate(row.cells) if c.text.endswith(",") and profiles[j].dtype in ("category", "text")]


def _complete_cut_lists(source: str, body: _Body, rows: list[Row], profiles: list[Profile]) -> list[Row]:
    """A row whose one text cell ends in a comma ('3 M 2 11.4 SDNS LEV, CYC, 5 2 ...') and whose next line is a
    wrapped cell's words ('MMF, CNI'): those words end that cell, which no other reading allows (a list does not
    end in a comma). The cell's text is the whole list; its raw and span stay the part on the row's line."""
    by_start = {r.start: k for k, r in enumerate(rows)}
    out = list(rows)
    for k, line in body.continued:
        head = body.rows[k]
        toks = line_tokens(source, head.start, head.end)
        at = by_start.get(toks[0].start) if toks else None
        if at is None:
            continue
        cut = _cut_cells(rows[at], profiles)
        if len(cut) != 1:
            continue
        j = cut[0]
        cell = rows[at].cells[j]
        cells = list(rows[at].cells)
        cells[j] = cell.model_copy(update={"text": f"{cell.text} {' '.join(line.text.split())}"})
        out[at] = rows[at].model_copy(update={"cells": cells})
    return out


def _wrapped_cell_doubts(source: str, body: _Body, rows: list[Row], profiles: list[Profile]) -> list[Ambiguity]:
    """A row whose cell wrapped onto a line of its own is in doubt: the words belong to one of its text cells, which
    one the line does not say. The reading that completes a cell to a value another row has comes second; the
    row's numbers are the same in every reading."""
    out: list[Ambiguity] = []
    by_start = {r.start: r for r in rows}
    for k, line in body.continued:
        head = body.rows[k]
        toks = line_tokens(source, head.start, head.end)
        row = by_start.get(toks[0].start) if toks else None
        words = " ".join(line.text.split())
        if row is None:
            continue
        first = [c.raw for c in row.cells]
        readings = [first]
        if len(_cut_cells(row, profiles)) == 1:
            continue  # completed by _complete_cut_lists: no doubt
        for j, c in enumerate(row.cells):
            if profiles[j].dtype not in ("category", "text") or not c.text or c.text[:1].isdigit():
                continue
            longer = f"{c.text} {words}"
            known = any(r.cells[j].text == longer for r in rows)
            reading = [*first[:j], longer, *first[j + 1:]]
            if known:
                readings.insert(1, reading)
            else:
                readings.append(reading)
        s, e = line.start, line.end
        out.append(Ambiguity(raw=source[row.start:row.end], start=row.start, end=row.end, row_id=row.id,
                             reason=f"the line below it ({source[s:e].strip()!r}) continues one of its text cells",
                             readings=readings))
    return out


_CONTINUED = regex.compile(r"(?i)^[ \t]*(?:\f)?[ \t]*Table[ \t]*S?\d{0,2}[A-Za-z]?[ \t.:]*[(\[]?[ \t]*"
                           r"(?:continued|cont'?d|cont\.)[ \t]*[)\]]?")


def _continuation_at(lines: list[_Line], j: int, rows: list[_Line]) -> int | None:
    """When a 'Table N (continued)' caption starts within three lines of j with only page furniture before it (a
    running foot, a page number: no row of the table), the index of the first data line after it and its repeated
    header."""
    k = j
    while k < len(lines) and k - j <= 3 and not _CONTINUED.match(lines[k].text):
        text = lines[k].text
        if not lines[k].blank and (len(text.split()) > 12 or (_is_data(text) and _similar(text, rows))):
            return None
        k += 1
    if k >= len(lines) or k - j > 3 or not _CONTINUED.match(lines[k].text):
        return None
    k += 1
    while k < len(lines) and k - j <= 20 and (lines[k].blank or not _is_data(lines[k].text)):
        k += 1
    return k if k < len(lines) and _is_data(lines[k].text) else None


def _wrapped_words(text: str) -> bool:
    """A line of one to three words and no number: what a wrapped cell leaves on a line of its own."""
    words = text.split()
    return 1 <= len(words) <= 3 and all(_WRAPPED_WORD.fullmatch(w) for w in words) and not \
        _caption_at(text)


# a word with a comma right before a number: a list of words cut off at its cell's line end ('LEV, CYC, 5 2'), whose
# rest is printed on the next line ('MMF, CNI')
_CUT_LIST = regex.compile(r"\p{L}[\p{L}'’-]*,[ \t]+[\d.]+(?:[ \t]|$)")


def _cut_list(text: str) -> bool:
    """Whether a row's line holds a list of words cut off before a number (its rest wrapped onto the next line)."""
    return "," in text and bool(_CUT_LIST.search(text))


def _next_id(text: str, rows: list[_Line]) -> bool:
    """A line that numbers itself as the row after the last one ("12 ..." after "11 ...") and is not prose."""
    toks = text.split()
    if len(toks) < 2 or not rows or _is_prose(text) or not toks[0].isdigit():
        return False
    prev = rows[-1].text.split()
    return bool(prev) and prev[0].isdigit() and int(toks[0]) == int(prev[0]) + 1


def _similar(text: str, rows: list[_Line]) -> bool:
    counts = [len(r.text.split()) for r in rows]
    n = len(text.split())
    return min(abs(n - c) for c in counts) <= 2


def _notes_end(lines: list[_Line], start: int) -> tuple[list[_Line], list[_Line], int]:
    """Legend and footnote lines after the body: (legend lines, footnote lines, index of the last one)."""
    legend: list[_Line] = []
    foot: list[_Line] = []
    last = start - 1
    j = start
    open_sentence = False
    current: list[_Line] | None = None
    while j < len(lines):
        line = lines[j]
        text = line.text
        if line.blank:
            j += 1
            open_sentence = False
            continue
        if _caption_at(text):
            break
        if (_footnote_start(text) or _FOOT_DIGIT.match(text)) and not _is_data(text):
            current = foot
        elif _legend_like(text):
            current = legend
        elif open_sentence and current is not None and not text[:1].isspace():
            pass
        else:
            # a short note line directly followed by a footnote belongs to the block
            nxt = j + 1
            while nxt < len(lines) and lines[nxt].blank:
                nxt += 1
            if (nxt < len(lines) and (_footnote_start(lines[nxt].text) or _legend_like(lines[nxt].text))
                    and len(text.split()) <= (20 if current is not None else 6)):
                current = current if current is not None else legend
                pass
            else:
                break
        assert current is not None
        current.append(line)
        last = j
        open_sentence = not text.rstrip().endswith((".", ")", ".)"))
        j += 1
    return legend, foot, last


_CAPTION_WORDS = regex.compile(r"(?i)\b(?:of|and|in|with|for|by|the|at|on|to|characteristics|data|details|"
                               r"features|summary|outcomes?|results)\b")


_CAPTION_NOUNS = regex.compile(r"characteristics|data|details|features|summary|outcomes?|results|findings|overview")


def _caption_like(text: str) -> bool:
    """A caption's wording: three words or more, mostly in lower case or joined by function words, no numbers."""
    words = text.split()
    if len(words) == 2 and words[0][:1].isupper() and words[1].islower() and _CAPTION_NOUNS.fullmatch(words[1]):
        return True  # "Individual data", "Patient characteristics"
    if len(words) < 3 or _is_data(text) or any(ch.isdigit() for ch in text):
        return False
    lower = sum(1 for w in words[1:] if w[:1].islower())
    return bool(words[0][:1].isupper()) and lower >= max(1, (len(words) - 1) // 2) and bool(
        _CAPTION_WORDS.search(text))


def _caption_text(lines: list[_Line], i: int, m: regex.Match[str]) -> tuple[str, int, int, int]:
    """Caption text (after the label), its span, and the index of its last line."""
    line = lines[i]
    start = line.start + m.end("sep")
    end = line.end
    k = i
    bare = not line.text[m.end("sep"):].strip()
    if bare:
        # "Table 1" alone on its line, its caption on the next: a phrase in running words ("Patient characteristics
        # and outcomes"), not a header line of capitalised names
        j = i + 1
        while j < len(lines) and lines[j].blank and j - i <= 2:
            j += 1
        if j < len(lines) and _caption_like(lines[j].text):
            k = j
            start = lines[j].start + (len(lines[j].text) - len(lines[j].text.lstrip()))
            end = lines[j].end
    while not lines[k].text.rstrip().endswith(".") and k + 1 < len(lines) and not lines[k + 1].blank and \
            lines[k + 1].text.strip()[:1].islower() and not _is_data(lines[k + 1].text):
        k += 1
        end = lines[k].end
    text = " ".join(lines[i].text[m.end("sep"):].split() + [w for q in lines[i + 1:k + 1] for w in q.text.split()])
    while end > start and lines[k].text and end > lines[k].start and lines[k].text[end - lines[k].start - 1:].isspace():
        end -= 1
    return text, start, end, k


def _block_to_table(source: str, lines: list[_Line], i: int, m: regex.Match[str]) -> tuple[Table, int] | None:
    caption, cap_start, cap_end, cap_last = _caption_text(lines, i, m)
    vertical = _vertical_table(source, lines, i, m, caption, (cap_start, cap_end), cap_last)
    if vertical is not None:
        return vertical
    # the body starts at the first data-like line within reach of the caption
    j = cap_last + 1
    limit = min(len(lines), j + 80)
    body_start = None
    while j < limit:
        text = lines[j].text
        if _caption_at(text):
            return None
        if _is_data(text):
            body_start = j
            break
        j += 1
    if body_start is None:
        return None
    # a first row with few numbers is still the row numbered just before the first data-like one
    while True:
        k = body_start - 1
        while k > cap_last and lines[k].blank:
            k -= 1
        first = lines[body_start].text.split()
        prev = lines[k].text.split() if k > cap_last else []
        if (len(prev) >= 3 and prev[0].isdigit() and first and first[0].isdigit()
                and int(prev[0]) + 1 == int(first[0]) and not _is_prose(lines[k].text)):
            body_start = k
            continue
        break
    header_lines: list[HeaderLine] = []
    blank = False
    h0 = cap_last + 1
    for k in range(h0, body_start):
        line = lines[k]
        if line.blank:
            blank = True
            continue
        header_lines.append(HeaderLine(line.start, line.end, blank and bool(header_lines)))
        blank = False
    body = _find_body(lines, body_start)
    if body is None:
        return None
    # with headings inside the body, a heading-like line printed just above the first row heads the first group
    if body.headings and header_lines and header_lines[-1].blank_before and not body.headings[0][0] == 0:
        last = header_lines[-1]
        text = source[last.start:last.end]
        if _is_heading(text) and len(header_lines) > 1:
            header_lines.pop()
            body.headings.insert(0, (0, _Line(last.start, last.end, text)))
    legend_lines, foot_lines, notes_last = _notes_end(lines, body.last + 1)
    marks, footnotes = _footnotes(source, foot_lines)
    definitions: list[Definition] = []
    if len(legend_lines) == 1:
        definitions = text_to_definitions(source, legend_lines[0].start, legend_lines[0].end)
    # definitions that wrap over a line break: join the legend lines into one span
    if len(legend_lines) > 1:
        definitions = text_to_definitions(source, legend_lines[0].start, legend_lines[-1].end)
    codes = {" ".join(d.code.split()) for d in definitions}
    mark_set = frozenset(marks)
    raw_tokens = [line_tokens(source, r.start, r.end) for r in body.rows]
    _merge_study_labels(raw_tokens)
    hint_unit = bool(_UNIT_HINT.search(caption))
    # header candidates and the column count
    # legend codes that name a time point ('BL, baseline; FU, follow-up at 12 weeks') qualify the header words
    code_times = legend_times((" ".join(d.code.split()), d.meaning) for d in definitions)
    atoms, costs = header_atoms(source, header_lines, frozenset(code_times))
    lo, hi = natural_count(costs)
    # a line of sub-headers under a spanning header ('before diet on diet') adds a column per phrase but one
    subs = len(sub_header_phrases(source, header_lines))
    if subs:
        hi += subs - 1
    short_units = cell_units_in(raw_tokens)
    prepared = multi_codes(codes)
    base_rows = [tokens_to_row_tokens(source, toks, mark_set, codes, short_units, prepared) for toks in raw_tokens]
    learned = _learn_codes(base_rows, hi)
    codes_all = codes | learned
    # tokens_to_row_tokens reads only the codes of several words: when learning added none, the rows are as read
    if {c for c in codes_all if " " in c} == {c for c in codes if " " in c}:
        row_tokens = [list(r) for r in base_rows]
    else:
        prepared_all = multi_codes(codes_all)
        row_tokens = [tokens_to_row_tokens(source, toks, mark_set, codes_all, short_units, prepared_all)
                      for toks in raw_tokens]
    splits = SplitMemo()
    n, profiles = _choose_columns(row_tokens, codes, lo, hi, splits)
    if n == 0:
        return None
    rebuilt = fragments_to_headers(source, header_lines, n, (atoms, costs),
                                   [p.dtype in ("integer", "decimal") for p in profiles])
    headers = [h.text for h in rebuilt] if rebuilt else [""] * n
    sub_times = [h.time for h in rebuilt] if rebuilt else [None] * n
    header_spans = [h.spans for h in rebuilt] if rebuilt else [[] for _ in range(n)]
    for j2, h in enumerate(headers):
        if _SEX_HINT.search(h) and profiles[j2].dtype == "category":
            profiles[j2].dtype = "sex"
    # learn multi-token codes from rows that must merge, then split every row
    conflicts: set[str] = {c for c in codes if " " in c}
    for _ in range(2):
        for r in row_tokens:
            if len(r) > n:
                readings = splits.split_rows([r], profiles, conflicts)[0]
                if len(readings) == 1:
                    for j2, g in enumerate(readings[0][1]):
                        if len(g) > 1 and profiles[j2].dtype in ("category", "text"):
                            text = " ".join(t.clean for t in g)
                            profiles[j2].vocab.add(text)
                            conflicts.add(text)
    for p in profiles:
        if p.dtype == "category" and p.codes and len(p.codes) >= 0.6 * len(p.vocab):
            p.closed = True
    rows: list[Row] = []
    ambiguities: list[Ambiguity] = []
    sections: list[SectionHeading] = []
    heading_at = dict(body.headings)
    current_section: str | None = None
    names: list[str] = []
    taken: set[str] = set()
    for j2, h in enumerate(headers):
        names.append(header_to_name(h, taken, j2))
    for _h_index, hline in body.headings:
        s = hline.start + (len(hline.text) - len(hline.text.lstrip()))
        sections.append(SectionHeading(text=hline.text.strip(), start=s, end=s + len(hline.text.strip())))
    used_ids: set[str] = set()
    pairs = _code_like_pairs(row_tokens, codes, first_is_id=profiles[0].dtype == "id")
    # every line has exactly a token per column: a pair joined into one cell would need a blank cell that nothing
    # else in the table shows (with longer lines about, a blank and a code of two tokens could offset each other)
    no_blanks = all(len(r) == n for r in row_tokens if r)
    all_readings = splits.split_rows(row_tokens, profiles, conflicts)
    candidates = {f"{a} {b}" for a, b in pairs} | {c for c in learned if " " in c} | {
        " ".join(t.clean for t in g) for rd in all_readings if len(rd) == 1 for g in rd[0][1]
        if len(g) > 1 or (g and g[0].shape == "code")}
    # when no row is free of candidates, a header whose fragments admit one column count only gives the usual count
    status = _settle_by_length(base_rows, {c for c in candidates if " " in c and c not in codes},
                               n if lo == hi == n else None)
    for cand, verdict in _settle_by_followers(base_rows).items():
        status.setdefault(cand, verdict)
    for cand in _repeated_codes(all_readings, profiles):
        status.setdefault(cand, "join")
    for idx, (line, toks) in enumerate(zip(body.rows, row_tokens, strict=True)):
        if idx in heading_at:
            current_section = heading_at[idx].text.strip()
        readings = all_readings[idx]
        span_s, span_e = (toks[0].start, toks[-1].end) if toks else (line.start, line.end)
        raw = source[span_s:span_e]
        if len(readings) != 1:
            ambiguities.append(Ambiguity(
                raw=raw, start=span_s, end=span_e,
                reason=("the tokens admit several splittings into the columns" if readings
                        else "the tokens fit no splitting into the columns"),
                readings=[[source[g[0].start:g[-1].end] if g else "" for g in rd] for _, rd in readings],
            ))
            continue
        groups = readings[0][1]
        cells = [_cell(source, names[c], profiles[c], g, marks) for c, g in enumerate(groups)]
        rid = cells[0].text if profiles[0].dtype == "id" and cells[0].text else f"r{len(rows) + 1}"
        if rid in used_ids:
            rid = f"r{len(rows) + 1}"
        used_ids.add(rid)
        rows.append(_new_row({"id": rid, "index": len(rows), "section": current_section, "cells": cells,
                              "start": span_s, "end": span_e}))
        doubt = _reading_doubt(toks, groups, pairs, codes, status,
                               pairs_need_blank=no_blanks and len(toks) == n and all(groups))
        if doubt is not None:
            reason, other = doubt
            alt = [[source[g[0].start:g[-1].end] if g else "" for g in rd] for _, rd in
                   split_row(other, profiles, conflicts)] if other is not None else []
            first = [c.raw for c in cells]
            ambiguities.append(Ambiguity(raw=raw, start=span_s, end=span_e, row_id=rid, reason=reason,
                                         readings=[first, *[a for a in alt if a != first]]))
    rows = _split_digit_marks(rows, profiles, {mk for mk in marks if mk.isdigit()})
    ambiguities += _wrapped_cell_doubts(source, body, rows, profiles)
    rows = _complete_cut_lists(source, body, rows, profiles)
    summary_rows: list[SummaryRow] = []
    for sline in body.summaries:
        label, k = _summary_label(sline.text) or ("", 0)
        toks_all = line_tokens(source, sline.start, sline.end)
        vals = tokens_to_row_tokens(source, toks_all[k:], mark_set, set())
        placed = _place_summary(vals, profiles)
        s0 = toks_all[0].start
        if placed is None:
            ambiguities.append(Ambiguity(raw=source[s0:toks_all[-1].end], start=s0, end=toks_all[-1].end,
                                         reason="a summary row whose values do not fit the columns one to one",
                                         readings=[]))
            continue
        cells = [_cell(source, names[c], profiles[c], g, marks, summary=True) for c, g in enumerate(placed)]
        summary_rows.append(SummaryRow(label=label, cells=cells, start=s0, end=toks_all[-1].end))
    columns = []
    legend_codes = [LegendCode(code=" ".join(d.code.split()), meaning=d.meaning, start=d.start, end=d.end)
                    for d in definitions]
    # each row's cell texts, read once for every column's codes (none to read without a legend)
    row_texts = [[cell.text for cell in r.cells] for r in rows] if legend_codes else []
    for c in range(n):
        used = {t[c] for t in row_texts if c < len(t)}
        col_codes = [lc for lc in legend_codes if lc.code in used]
        dtype = profiles[c].dtype
        header = headers[c]
        columns.append(_new_column({
            "name": names[c], "header": header, "dtype": dtype,
            "unit": header_to_unit(header),
            "time": header_to_time(header) or header_code_time(header, code_times) or sub_times[c],
            "codes": col_codes,
            "header_spans": header_spans[c],
        }))
    end_line = max(body.last, notes_last)
    end = lines[end_line].end
    while end > 0 and source[end - 1].isspace():
        end -= 1
    kind = "per_patient"
    # a caption naming a study or cohort makes a per-unit table only when no column is the sex of a person
    if (hint_unit or (headers and _UNIT_HINT.search(headers[0]))) and not any(p.dtype == "sex" for p in profiles):
        kind = "per_unit"
    if sum(1 for p in profiles if p.dtype == "text") >= max(1, (n - 1) // 2) and any(
        t.shape == "stat" for r in row_tokens for t in r
    ):
        kind = "summary"
    label = " ".join(m.group("label").split())
    if m.group("num"):
        label = "Table " + m.group("num")
    else:
        label = "Table"
    notes = list(body.notes)
    if header_lines and not lo <= n <= hi:
        notes.append(f"the rows give {n} columns but the header fragments suggest {lo}-{hi}: headers are a best guess")
    if header_lines and n > hi:
        # more columns than the header can hold: a code of several tokens was probably cut in two; keep the rows
        # as read but flag each one, so nothing downstream trusts them silently
        for kept in rows:
            ambiguities.append(Ambiguity(
                raw=source[kept.start:kept.end], start=kept.start, end=kept.end, row_id=kept.id,
                reason="the rows split into more columns than the header fragments can name",
                readings=[[c.raw for c in kept.cells]],
            ))
    if ambiguities:
        notes.append(f"{len(ambiguities)} line(s) admit no single splitting and are reported as ambiguities")
    table = Table(
        label=label, caption=caption, caption_start=cap_start, caption_end=cap_end, kind=kind,
        source="text", page=None, start=lines[i].start + (len(lines[i].text) - len(lines[i].text.lstrip())),
        end=end, columns=columns, rows=rows, summary_rows=summary_rows, sections=sections, legend=legend_codes,
        footnotes=footnotes, ambiguities=ambiguities, notes=notes,
    )
    return table, end_line + 1


_YEAR = regex.compile(r"^(?:19|20)\d\d[a-z]?[,;]?$")


def _merge_study_labels(rows: list[list[Token]]) -> None:
    """Join "Author 2005" / "Author et al. 2005" at the start of rows into one token when most rows start so.

    Tables with one row per study label each row by author and year; the year is part of the label, not a value.
    """
    def label_len(toks: list[Token]) -> int:
        for k in (1, 2, 3):
            if len(toks) > k and _YEAR.match(toks[k].text) and toks[0].text[:1].isupper() and all(
                shape(t.text) in ("word", "other") for t in toks[:k]
            ):
                return k + 1
        return 0

    found = [label_len(r) for r in rows]
    if not rows or sum(1 for f in found if f) < 0.8 * len(rows):
        return
    for r, k in zip(rows, found, strict=True):
        if k:
            r[:k] = [Token(" ".join(t.text for t in r[:k]), r[0].start, r[k - 1].end)]


def _code_like_pairs(rows: list[list[RowToken]], codes: set[str], first_is_id: bool = False
                     ) -> set[tuple[str, str]]:
    """Pairs of adjacent tokens that may be one code of several tokens or a word and the next column's value.

    A word (or abbreviation) followed by a short code part (a small number, a roman numeral, an abbreviation) may
    be one code ("XY 2") or a code and the next cell: only the legend, or the other rows' token counts, settle it.
    Pairs the legend defines, words the legend defines alone and sex values are left out."""
    # a code vocabulary is small: a word followed by six or more different numbers is a word and the next
    # column's numbers
    numbers_after: dict[str, set[str]] = {}
    # (only words are looked up below: a token that opens with no letter is never a code's first word)
    for r in rows:
        for t, nxt in pairwise(r):
            if t.clean[:1].isalpha() and nxt.clean.isdigit():
                numbers_after.setdefault(t.clean, set()).add(nxt.clean)
    out: set[tuple[str, str]] = set()
    for r in rows:
        for k in range(1 if first_is_id else 0, len(r) - 1):
            t, nxt = r[k], r[k + 1]
            a, b = t.clean, nxt.clean
            if not a[:1].isalpha():
                continue  # tested first: most tokens are numbers
            if b.isdigit() and len(numbers_after.get(a, ())) >= 6:
                continue
            if t.marks or a in SEX_VALUES or a in codes or " " in a or " " in b:
                continue
            if shape(a) not in ("word", "roman", "missing", "other") or not a.replace("-", "").isalnum():
                continue
            if not (shape(b) == "roman" or (b.isdigit() and len(b) <= 2) or (b.isalpha() and b.isupper()
                                                                              and 2 <= len(b) <= 6)) or b in MISSING:
                continue
            if f"{a} {b}" in codes or any(c.startswith(f"{a} {b} ") for c in codes):
                continue
            out.add((a, b))
    return out


def _settle_by_length(rows: list[list[RowToken]], candidates: set[str], header_count: int | None) -> dict[str, str]:
    """Which candidate codes of several tokens the other rows settle: "join" or "split", by agreement of lengths.

    Rows that hold no candidate give the table's usual token count. A candidate is one cell ("join") when the rows
    holding it reach that count only with it joined, and two cells ("split") when they reach it only as printed;
    when no row is free of candidates, or the rows disagree, the candidate stays unsettled (absent)."""
    seqs = [[t.clean for t in r] for r in rows]
    longest_first = sorted(((c.split(), c) for c in candidates), key=lambda x: -len(x[0]))

    # a candidate can start only at its first word: each word's candidates, longest first as above (a candidate is
    # never blank: its words are cleans of tokens)
    by_first: dict[str, list[tuple[list[str], str]]] = {}
    for words, c in longest_first:
        if words:
            by_first.setdefault(words[0], []).append((words, c))

    def found(seq: list[str]) -> list[str]:
        """The candidates a row holds, longest first and not overlapping."""
        out: list[str] = []
        i = 0
        while i < len(seq):
            for words, c in by_first.get(seq[i], ()):
                if seq[i:i + len(words)] == words:
                    out.append(c)
                    i += len(words)
                    break
            else:
                i += 1
        return out

    held = [found(q) for q in seqs]
    free = [len(q) for q, h in zip(seqs, held, strict=True) if not h]
    if len(free) >= 2:
        usual, count = Counter(free).most_common(1)[0]
        if count < 0.6 * len(free):
            return {}
    elif header_count is not None:
        usual = header_count
    else:
        return {}
    settled: dict[str, str] = {}
    # candidates settled in one pass constrain the rows that also hold others in the next
    for _ in range(3):
        votes: dict[str, Counter[str]] = {c: Counter() for c in candidates}
        for q, h in zip(seqs, held, strict=True):
            if not h:
                continue
            if len(h) > 10:
                for c in h:
                    votes[c]["other"] += 1
                continue
            extras = [len(c.split()) - 1 for c in h]
            need = len(q) - usual  # tokens the row has beyond the usual count
            # the subsets of its candidates whose joining gives the usual count (and agrees with those settled)
            fits = [mask for mask in range(1 << len(h))
                    if sum(e for i, e in enumerate(extras) if mask >> i & 1) == need
                    and all(settled.get(c) is None or (settled[c] == "join") == bool(mask >> i & 1)
                            for i, c in enumerate(h))]
            for i, c in enumerate(h):
                ways = {bool(mask >> i & 1) for mask in fits}
                votes[c]["join" if ways == {True} else "split" if ways == {False} else "other"] += 1
        before = len(settled)
        for c, v in votes.items():
            if c in settled:
                continue
            if v["join"] and not v["split"] and v["join"] >= 2 * v["other"]:
                settled[c] = "join"
            elif v["split"] and not v["join"] and v["split"] >= 2 * v["other"]:
                settled[c] = "split"
        if len(settled) == before:
            break
    return settled


def _settle_by_followers(rows: list[list[RowToken]], least: int = 3) -> dict[str, str]:
    """Two-token candidates the co-occurrence of tokens settles: "join" or "split".

    A word printed at least ``least`` times and always followed by the same short token ("NH" always before "1")
    holds that token as part of its code: were the token the next column's value, it would vary with the patient.
    Were three or more words all always followed by one token, that token is more likely a column of equal values,
    so those stay unsettled. A word followed by several different tokens, each of which also follows other words,
    is a cell of its own before the next column's values."""
    # each word's followers with their counts, in order of first appearance (a plain dict counts as a Counter would)
    followers: dict[str, dict[str, int]] = {}
    for r in rows:
        for left, right in pairwise(r):
            a = left.clean
            if not left.marks and a[:1].isalpha():
                after = followers.get(a)
                if after is None:
                    followers[a] = {right.clean: 1}
                else:
                    b = right.clean
                    after[b] = after.get(b, 0) + 1
    fixed: dict[str, list[str]] = {}
    for a, after in followers.items():
        if len(after) == 1 and sum(after.values()) >= least:
            fixed.setdefault(next(iter(after)), []).append(a)
    out: dict[str, str] = {}
    for b, words in fixed.items():
        if len(words) <= 2 and b not in MISSING:
            for a in words:
                out[f"{a} {b}"] = "join"
    # the words printed before each token, read only for the followers of a word followed by three or more
    before: dict[str, set[str]] | None = None
    for a, after in followers.items():
        if len(after) >= 3 and sum(after.values()) >= least:
            if before is None:
                before = {}
                for r in rows:
                    for left, right in pairwise(r):
                        before.setdefault(right.clean, set()).add(left.clean)
            for b in after:
                if len(before.get(b, ())) >= 2 and f"{a} {b}" not in out:
                    out[f"{a} {b}"] = "split"
    return out


def _tally_cells(all_readings: list[list[tuple[float, list[list[RowToken]]]]], profiles: list[Profile]
                 ) -> tuple[Counter[tuple[int, str]], dict[tuple[int, str], set[str]], set[tuple[int, str]],
                            dict[tuple[int, str], str]]:
    """Over the rows that split one way only, in the text columns: how often each cell of several tokens occurs,
    the rests each first word comes with, the words seen as a whole cell, and each cell's first word."""
    seen: Counter[tuple[int, str]] = Counter()
    rests: dict[tuple[int, str], set[str]] = {}
    alone: set[tuple[int, str]] = set()
    first_of: dict[tuple[int, str], str] = {}
    for readings in all_readings:
        if len(readings) != 1:
            continue
        for j, g in enumerate(readings[0][1]):
            if profiles[j].dtype not in ("category", "text") or not g:
                continue
            if len(g) == 1:
                alone.add((j, g[0].clean))
                continue
            text = " ".join(t.clean for t in g)
            seen[(j, text)] += 1
            first_of[(j, text)] = g[0].clean
            rests.setdefault((j, g[0].clean), set()).add(" ".join(t.clean for t in g[1:]))
    return seen, rests, alone, first_of


def _repeated_codes(all_readings: list[list[tuple[float, list[list[RowToken]]]]], profiles: list[Profile],
                    least: int = 3) -> set[str]:
    """Cells of several tokens that at least ``least`` rows read the same way in one column, whose first word
    always comes with the same rest and never alone: a code of the column, not a word and the next cell."""
    seen, rests, alone, first_of = _tally_cells(all_readings, profiles)
    return {text for (j, text), c in seen.items()
            if c >= least and len(rests[(j, first_of[(j, text)])]) == 1 and (j, first_of[(j, text)]) not in alone}


def _reading_doubt(toks: list[RowToken], groups: list[list[RowToken]], pairs: set[tuple[str, str]],
                   codes: set[str], status: dict[str, str], pairs_need_blank: bool = False
                   ) -> tuple[str, list[RowToken] | None] | None:
    """Why the kept reading of a row rests on an unsettled choice (and the tokens of the other choice), or None.

    Two choices need evidence: whether a code-like pair is one cell or two, and whether a run of several tokens
    is one cell. The legend settles them, and so do the other rows when only one choice gives them the usual
    number of tokens; otherwise the row is flagged."""
    for g in groups:
        # a cell of several tokens, or one code token of several words
        if len(g) > 1:
            text = " ".join([t.clean for t in g])
        elif g and g[0].shape == "code" and " " in g[0].clean:
            text = g[0].clean
        else:
            continue
        if text not in codes and status.get(text) != "join":
            return ("a cell of several tokens that neither the legend nor the other rows settle as one code", None)
    # where two cells of word-like tokens meet, a cell of several tokens no legend defines could end a token
    # earlier or later: only the legend settles that boundary
    wordy = ("word", "code", "roman", "other", "missing")
    for j in range(len(groups) - 1):
        left, right = groups[j], groups[j + 1]
        if not left or not right or left[-1].shape not in wordy or right[0].shape not in wordy:
            continue
        if any((len(g) > 1 or g[0].shape == "code") and " ".join(t.clean for t in g) not in codes
               and status.get(" ".join(t.clean for t in g)) != "join" for g in (left, right)):
            return ("two cells of word-like tokens meet and a code of several tokens no legend defines could end "
                    "elsewhere", None)
    # a row with a token for every cell, in a table where no line is short of one: joining a pair would need a
    # blank cell the table never shows, so the pairs are two cells
    cell_of: dict[int, int] | None = None  # each token's cell, made when a pair is found
    for k in range(len(toks) if pairs_need_blank or not pairs else 0, len(toks) - 1):
        a, b = toks[k], toks[k + 1]
        if (a.clean, b.clean) not in pairs:
            continue
        if cell_of is None:
            cell_of = {id(t): j for j, g in enumerate(groups) for t in g}
        if cell_of.get(id(a)) != cell_of.get(id(b)) and status.get(f"{a.clean} {b.clean}") != "split":
            joined = RowToken(f"{a.raw} {b.raw}", f"{a.clean} {b.clean}", b.marks, "code", a.start, b.end,
                              a.parts + b.parts)
            return ("a code-like pair of tokens was read as two cells; neither the legend nor the other rows "
                    "say it is not one code", [*toks[:k], joined, *toks[k + 2:]])
    return None


def _uniformity(lengths: list[int]) -> float:
    return Counter(lengths).most_common(1)[0][1] / len(lengths) if lengths else 0.0


def _learn_codes(rows: list[list[RowToken]], header_hi: int) -> set[str]:
    """Multi-token codes no legend defines, learnt from the rows: a word always followed by the same short code
    part ("XY 2", "Grade 3 AB"), whose joining makes the rows' token counts agree (or brings them down to what the
    header fragments allow when every row holds such a code)."""
    learned: set[str] = set()
    seqs = [[t.clean for t in r] for r in rows]
    for _ in range(16):
        followers: dict[str, set[str]] = {}
        seen: Counter[str] = Counter()
        for seq in seqs:
            for k, a in enumerate(seq):
                # only words are counted: a code opens with a letter, and what exclusively follows one is a word
                if a[:1].isalpha():
                    seen[a] += 1
                    followers.setdefault(a, set()).add(seq[k + 1] if k + 1 < len(seq) else "")
        base = _uniformity([len(q) for q in seqs])
        mode = Counter(len(q) for q in seqs).most_common(1)[0][0] if seqs else 0
        best: tuple[float, str, set[str]] | None = None
        for a, foll in followers.items():
            if seen[a] < 2 or not 1 <= len(foll) <= 3 or "" in foll:
                continue
            if not a[:1].isalpha() or (shape(a) not in ("word", "roman") and a not in learned) or a in SEX_VALUES:
                continue
            if len(foll) > 1 and any(b.isdigit() for b in foll):
                continue  # a word before varying numbers is a word and the next column's values
            if not all(shape(b) == "roman" or (b.isdigit() and len(b) <= 2) or (
                    b.isalpha() and b.isupper() and 2 <= len(b) <= 6) for b in foll):
                continue
            if any(b in MISSING for b in foll):
                continue  # 'NA', 'ND' after a word is the next column left blank, not the end of a code
            merged = [_join_pair(q, a, foll) for q in seqs]
            gain = _uniformity([len(q) for q in merged]) - base
            b0 = next(iter(foll))
            # an abbreviation that only ever follows this word is the end of the same code ("Type 2 AB")
            exclusive = len(foll) == 1 and b0.isalpha() and b0.isupper() and seen[b0] == seen[a]
            if exclusive or gain > 0.001 or (gain >= 0 and mode > header_hi and all(len(m) < len(q) for m, q in zip(
                    merged, seqs, strict=True) if a in q)):
                score = gain + 0.001 * seen[a]
                if best is None or score > best[0]:
                    best = (score, a, foll)
        if best is None:
            break
        _, a, foll = best
        learned.discard(a)
        learned.update(f"{a} {b}" for b in foll)
        seqs = [_join_pair(q, a, foll) for q in seqs]
    return learned


def _join_pair(seq: list[str], a: str, followers: set[str]) -> list[str]:
    out: list[str] = []
    k = 0
    while k < len(seq):
        if seq[k] == a and k + 1 < len(seq) and seq[k + 1] in followers:
            out.append(f"{a} {seq[k + 1]}")
            k += 2
        else:
            out.append(seq[k])
            k += 1
    return out


def _learn_repeated_cells(row_tokens: list[list[RowToken]], profiles: list[Profile], conflicts: set[str],
                          splits: SplitMemo) -> list[list[tuple[float, list[list[RowToken]]]]] | None:
    """Multi-token cells that several rows split the same way are codes of their column: learn them. Returns every
    row's readings under the final profiles when the last pass learnt nothing (so they need not be split again),
    else None."""
    for _ in range(2):
        all_readings = splits.split_rows(row_tokens, profiles, conflicts)
        seen, suffixes, alone, first_of = _tally_cells(all_readings, profiles)
        # a code's first word always comes with the same rest and never alone; a word followed by varying numbers
        # is a word and the next column's values
        new = {(j, text) for (j, text), c in seen.items()
               if c >= 2 and text not in profiles[j].vocab and len(suffixes[(j, first_of[(j, text)])]) == 1
               and (j, first_of[(j, text)]) not in alone}
        if not new:
            return all_readings
        for j, text in new:
            profiles[j].vocab.add(text)
            conflicts.add(text)
    return None


def _vertical_table(source: str, lines: list[_Line], i: int, m: regex.Match[str], caption: str,
                    cap_span: tuple[int, int], cap_last: int) -> tuple[Table, int] | None:
    """A table printed one cell per line (text copied from HTML or a spreadsheet): the header cells, then the rows'
    cells in reading order. Kept only when exactly one column count makes every column agree on its kind."""
    cells: list[_Line] = []
    j = cap_last + 1
    while j < len(lines) and lines[j].blank and j - cap_last <= 2:
        j += 1
    while j < len(lines) and not lines[j].blank:
        text = lines[j].text.strip()
        toks = text.split()
        if not toks or len(toks) > 4 or _is_prose(lines[j].text) or _caption_at(lines[j].text):
            break
        if len(toks) > 1 and any(_numberish(t) for t in toks):
            break
        cells.append(lines[j])
        j += 1
    if len(cells) < 4:
        return None

    def numeric(line: _Line) -> bool:
        return _numberish(line.text.strip())

    fits: list[int] = []
    for n in range(2, min(12, len(cells) // 2) + 1):
        head, rest = cells[:n], cells[n:]
        if len(rest) % n or len(rest) < 2 * n or any(numeric(h) for h in head):
            continue
        if any(h.text.strip()[:1].islower() or h.text.strip()[:1] in "([" for h in head):
            continue
        rows = [rest[k:k + n] for k in range(0, len(rest), n)]
        kinds = [{numeric(r[c]) for r in rows} for c in range(n)]
        if all(len(k) == 1 for k in kinds) and any(True in k for k in kinds):
            fits.append(n)
    if len(fits) != 1:
        return None
    n = fits[0]
    head, rest = cells[:n], cells[n:]
    taken: set[str] = set()
    columns: list[Column] = []
    body_rows: list[Row] = []
    numeric_cols = [numeric(rest[c]) for c in range(n)]
    names = [header_to_name(h.text.strip(), taken, c) for c, h in enumerate(head)]

    def span(line: _Line) -> tuple[int, int]:
        s0 = line.start + len(line.text) - len(line.text.lstrip())
        return s0, s0 + len(line.text.strip())

    for c, h in enumerate(head):
        text = h.text.strip()
        vals = [rest[k + c].text.strip() for k in range(0, len(rest), n)]
        dtype = ("decimal" if any("." in v for v in vals) else "integer") if numeric_cols[c] else "category"
        columns.append(Column(name=names[c], header=text, dtype=dtype, unit=header_to_unit(text),
                              time=header_to_time(text), header_spans=[span(h)]))
    for k in range(0, len(rest), n):
        group = rest[k:k + n]
        row_cells = []
        for c, line in enumerate(group):
            s0, e0 = span(line)
            raw = source[s0:e0]
            number = decimals = None
            if numeric_cols[c]:
                try:
                    number, decimals = parse_decimal(raw)
                except ValueError:
                    number = decimals = None
            row_cells.append(Cell(column=names[c], raw=raw, text=raw, number=number, decimals=decimals,
                                  start=s0, end=e0))
        rid = f"r{len(body_rows) + 1}"
        body_rows.append(Row(id=rid, index=len(body_rows), cells=row_cells, start=row_cells[0].start or 0,
                             end=row_cells[-1].end or 0))
    label = "Table " + m.group("num") if m.group("num") else "Table"
    kind = "summary" if not numeric_cols[0] and all(numeric_cols[1:]) else "per_patient"
    start = lines[i].start + (len(lines[i].text) - len(lines[i].text.lstrip()))
    table = Table(label=label, caption=caption, caption_start=cap_span[0], caption_end=cap_span[1], kind=kind,
                  source="text", start=start, end=span(cells[-1])[1], columns=columns, rows=body_rows,
                  notes=["printed one cell per line"])
    return table, lines.index(cells[-1]) + 1


def _choose_columns(row_tokens: list[list[RowToken]], codes: set[str], lo: int, hi: int,
                    splits: SplitMemo) -> tuple[int, list[Profile]]:
    """The column count (and profiles) under which the most rows split one way only."""
    counts = Counter(len(r) for r in row_tokens if r)
    if not counts:
        return 0, []
    candidates = {c for c, _ in counts.most_common(3)} | set(range(max(2, lo), min(hi, max(counts)) + 1))

    def score(cost: float, coherent: int, n: int) -> float:
        return -cost + 0.01 * coherent + (10.0 * len(row_tokens) if lo <= n <= hi else 0) + 0.001 * counts.get(n, 0)

    # The cost is a sum of reading costs, none negative, and at most n profiles are coherent, so score(0.0, n, n)
    # bounds a count's score from above (each float step rounds monotonically). Counts are tried best bound
    # first; one whose bound cannot beat the best score so far (nor tie it with a smaller count, which wins ties as
    # in ascending order) is never tried: the count chosen is the one trying all would choose.
    bounds = {n: score(0.0, n, n) for n in candidates if n >= 2}
    best: tuple[float, int, list[Profile]] | None = None
    for n in sorted(bounds, key=lambda c: (-bounds[c], c)):
        if best is not None and (bounds[n] < best[0] or (bounds[n] == best[0] and n > best[1])):
            continue
        profiles = learn_profiles(row_tokens, n, codes, first_is_id_hint=False)
        conflicts = {c for c in codes if " " in c}
        profiles = refine_profiles(row_tokens, profiles, conflicts, codes, splits)
        settled = _learn_repeated_cells(row_tokens, profiles, conflicts, splits)
        if settled is None:
            settled = splits.split_rows(row_tokens, profiles, conflicts)
        cost = 0.0
        for readings in settled:
            cost += readings[0][0] + (1.0 if len(readings) > 1 else 0.0) if readings else 6.0
        coherent = sum(1 for p in profiles if p.dtype not in ("text",))
        got = score(cost, coherent, n)
        if best is None or got > best[0] or (got == best[0] and n < best[1]):
            best = (got, n, profiles)
    if best is None:
        return 0, []
    return best[1], best[2]


def _place_summary(vals: list[RowToken], profiles: list[Profile]) -> list[list[RowToken]] | None:
    n = len(profiles)
    numeric = [j for j, p in enumerate(profiles) if p.dtype in ("integer", "decimal")]
    if len(vals) == len(numeric):
        out: list[list[RowToken]] = [[] for _ in range(n)]
        for v, j in zip(vals, numeric, strict=True):
            out[j] = [v]
        return out
    if len(vals) == n - 1:
        return [[], *[[v] for v in vals]]
    return None


def _split_digit_marks(rows: list[Row], profiles: list[Profile], digit_marks: set[str]) -> list[Row]:
    """A numbered footnote's superscript glued to a whole number ("9915" for 991 and mark 5): split it only when
    the footnotes define that number and the value is longer than every other value of its column would allow."""
    if not digit_marks or not rows:
        return rows
    out = list(rows)
    for c, p in enumerate(profiles):
        if p.dtype not in ("integer", "decimal"):
            continue
        lengths = [len(r.cells[c].text.lstrip("-")) for r in rows if r.cells[c].text.lstrip("-").isdigit()]
        if len(lengths) < 3:
            continue
        common = Counter(lengths).most_common(1)[0][0]
        for k, r in enumerate(out):
            cell = r.cells[c]
            digits = cell.text.lstrip("-")
            if not digits.isdigit() or cell.marks:
                continue
            for mk in sorted(digit_marks, key=len, reverse=True):
                others = [n for n in lengths if n != len(digits)]
                if digits.endswith(mk) and len(digits) - len(mk) == common and others and len(digits) > max(others):
                    text = cell.text[: -len(mk)]
                    number, decimals = parse_decimal(text)
                    new_cell = cell.model_copy(update={"text": text, "marks": [mk], "number": number,
                                                       "decimals": decimals})
                    cells = list(r.cells)
                    cells[c] = new_cell
                    out[k] = r.model_copy(update={"cells": cells})
                    break
    return out


def _cell(source: str, column: str, profile: Profile, group: list[RowToken], marks: dict[str, str] | frozenset,
          summary: bool = False) -> Cell:
    if not group:
        return _new_cell({"column": column, "raw": "", "text": "", "placed": True})
    last = group[-1]
    start, end = group[0].start, last.end
    raw = source[start:end]
    mk = list(last.marks)
    text = raw[: len(raw) - len("".join(mk))] if mk else raw
    number = None
    decimals = None
    if summary or profile.dtype in ("integer", "decimal", "id"):
        if text.isdigit() and text.isascii():
            number, decimals = Decimal(text), 0  # parse_decimal's answer for plain digits, without its clean-up
        else:
            try:
                number, decimals = parse_decimal(text)
            except ValueError:
                number, decimals = None, None
    return _new_cell({"column": column, "raw": raw, "text": text, "number": number, "decimals": decimals, "marks": mk,
                      "start": start, "end": end})


def _footnotes(source: str, lines: list[_Line]) -> tuple[dict[str, str], list[Footnote]]:
    """Footnotes (mark, text) from the footnote lines; a line without a mark continues the previous footnote."""
    notes: list[Footnote] = []
    marks: dict[str, str] = {}
    for line in lines:
        fm = _footnote_start(line.text) or _FOOT_DIGIT.match(line.text)
        if fm is not None:
            text = line.text[fm.end():].strip()
            s = line.start + (len(line.text) - len(line.text.lstrip()))
            notes.append(Footnote(mark=fm.group("mark"), text=text, start=s, end=line.start + len(line.text.rstrip())))
            marks[fm.group("mark")] = text
        elif notes:
            last = notes[-1]
            notes[-1] = Footnote(mark=last.mark, text=f"{last.text} {line.text.strip()}", start=last.start,
                                 end=line.start + len(line.text.rstrip()))
    return marks, notes
