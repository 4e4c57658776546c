"""Tables from the words' geometry (PDF input).

    pdf_document_to_tables(document) -> [Table]
      captions -> blocks of lines -> column grid from the x-extent of the body words -> header, rows,
      continuation lines, section headings, summary rows -> legend and footnotes -> Table(source="pdf")

The grid is the set of x-intervals that the words of the body rows cover: a gap that no body word crosses, wider
than a space, separates two columns. That works for ruled and borderless tables alike and for any alignment.
A caption whose block gives no clear grid (fewer than two columns, no body rows) is left to the text path
(extract/_tables_text.py), and each table says in `notes` which path produced it.
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from dataclasses import dataclass, field

from paperaudit.schemas import (
    Cell,
    Column,
    ColumnType,
    Document,
    Footnote,
    LegendCode,
    Row,
    SectionHeading,
    SummaryRow,
    Table,
    TableKind,
    Word,
)

from ._numbers import parse_decimal
from ._table_header import header_code_time, header_to_time, header_to_unit, legend_times

__all__ = ["pdf_document_to_tables"]

_CAPTION = re.compile(r"^\s*(?:table|tab\.)\s*([A-Z]?\d+[A-Za-z]?|[IVX]+)?\b\s*[.:|\-–—]?", re.IGNORECASE)
_NUMBER = re.compile(r"^[<>≤≥~]?\s*[-−–+]?(\d{1,3}(,\d{3})+|\d+)?([.·]\d+)?$")
_NUMERIC_CELL = re.compile(r"^[<>≤≥]?[-−–]?\d[\d.,·]*\s*(\(.*\)|%|±.*|,\s*SD.*)?[a-h]?[*†‡§¶]*$")
_MARKS = "*†‡§¶‖#"
_MISSING = {"–", "-", "—", "NA", "N/A", "n/a", "na", "nd", "ND", "NR", "."}
_SUMMARY = re.compile(r"^(mean|sd|s\.d\.|median|total|average|range|iqr|n|%|mean\s*±\s*sd|sum)\W*$", re.IGNORECASE)
_SEX = {"m", "f", "male", "female", "man", "woman", "men", "women"}
_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?$")
_NOTE_START = re.compile(r"^([*†‡§¶‖#]+|[a-z]\s?[A-Z]|(note|notes|abbreviations?|values|data)\b)")

PDF_NOTE = "recovered from the words' geometry (PDF path)"


@dataclass
class _Line:
    start: int
    end: int
    page: int
    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words) or 1.0


@dataclass
class _Cellw:
    words: list[Word] = field(default_factory=list)


def _doc_lines(document: Document) -> list[_Line]:
    words = sorted(document.words, key=lambda w: w.start)
    starts = [w.start for w in words]
    out: list[_Line] = []
    for ln in document.lines:
        i = bisect.bisect_left(starts, ln.start)
        j = bisect.bisect_right(starts, ln.end - 1) if ln.end > ln.start else i
        ws = [w for w in words[i:j] if w.end <= ln.end]
        if ws:
            out.append(_Line(ln.start, ln.end, ws[0].page, ws))
    return out


def _segments(words: list[Word], em: float = 1.0) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        h = max(w.bottom - w.top, 1.0)
        if out and w.x0 - out[-1][-1].x1 <= em * h:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _grid(body: list[_Line], min_gap: float) -> list[tuple[float, float]]:
    """Column intervals: the union of the body words' x-extents, cut where a gap wider than `min_gap` is left."""
    spans = sorted((w.x0, w.x1) for ln in body for w in ln.words)
    cols: list[list[float]] = []
    for a, b in spans:
        if cols and a - cols[-1][1] <= min_gap:
            cols[-1][1] = max(cols[-1][1], b)
        else:
            cols.append([a, b])
    return [(a, b) for a, b in cols]


def _table_kind(columns: list[Column], rows: list[Row]) -> TableKind:
    """per_patient (a row per person: numbered rows, or sex/age columns), per_unit (a row per study or site:
    names with years), summary (a row per variable: statistics such as '45 (12)', 'mean ± SD', '%')."""
    if columns[0].dtype == "id" or any(c.dtype == "sex" for c in columns):
        return "per_patient"
    firsts = [r.cells[0].text for r in rows]
    others = [c.text for r in rows for c in r.cells[1:] if c.text]
    stats = sum(1 for t in others if re.search(r"\(|±|%|\bSD\b|\bIQR\b|<\s*0?\.\d", t))
    year_col = any(sum(1 for r in rows if re.fullmatch(r"(19|20)\d\d[a-z]?", r.cells[j].text)) >= 0.7 * len(rows)
                   for j in range(1, len(columns)))
    named = sum(1 for t in firsts if re.search(r"\b(19|20)\d\d\b|et al", t)) >= 0.5 * len(firsts)
    if columns[0].dtype in ("category", "text") and (named or year_col):
        return "per_unit"
    if stats >= 0.3 * max(1, len(others)):
        return "summary"
    if columns[0].dtype in ("category", "text") and len(set(firsts)) == len(firsts):
        return "summary" if len(rows) <= 40 else "per_unit"
    return "per_patient"


def _aligned(above: _Line, line: _Line) -> bool:
    """Most cells of `line` start or end where a cell of `above` does (both rows of one grid)."""
    segs_a, segs_b = _segments(above.words), _segments(line.words)
    h = max(above.height, line.height)
    edges = [x for sg in segs_a for x in (sg[0].x0, sg[-1].x1)]
    hits = sum(1 for sg in segs_b if any(abs(sg[0].x0 - e) < h or abs(sg[-1].x1 - e) < h for e in edges))
    return hits >= 0.6 * len(segs_b)


def _merge_complementary(cols: list[tuple[float, float]], body: list[_Line]) -> list[tuple[float, float]]:
    """Join two neighbouring columns that are never filled in the same row when one of them is rarely filled:
    one column whose cells were printed with different alignments, not two columns."""
    changed = True
    while changed and len(cols) > 2:
        changed = False
        occ = [[False] * len(cols) for _ in body]
        for r, ln in enumerate(body):
            for w in ln.words:
                occ[r][_assign(w, cols)] = True
        for j in range(len(cols) - 1):
            both = sum(1 for o in occ if o[j] and o[j + 1])
            a, b = sum(1 for o in occ if o[j]), sum(1 for o in occ if o[j + 1])
            if both == 0 and min(a, b) <= 0.25 * len(body) and min(a, b) > 0:
                cols = [*cols[:j], (cols[j][0], cols[j + 1][1]), *cols[j + 2:]]
                changed = True
                break
    return cols


def _assign(word: Word, cols: list[tuple[float, float]]) -> int:
    best, best_ov = 0, -1e9
    for j, (a, b) in enumerate(cols):
        ov = min(word.x1, b) - max(word.x0, a)
        if ov > best_ov:
            best, best_ov = j, ov
    return best


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip()))


def _data_like(text: str) -> bool:
    """A cell that reads as a value (number, date, sex code, missing mark), not as header words."""
    t = text.strip()
    return _is_numeric(t) or bool(_DATE.match(t)) or t.lower() in _SEX or t in _MISSING


def _snake(text: str) -> str:
    s = re.sub(r"[^0-9a-zA-Z]+", "_", text.lower()).strip("_")
    return s[:48].strip("_") or "column"


def _split_marks(text: str, letter_marks: set[str]) -> tuple[str, list[str]]:
    marks: list[str] = []
    t = text
    while t and t[-1] in _MARKS and len(t) > 1:
        k = len(t)
        while k > 1 and t[k - 1] == t[-1]:
            k -= 1
        marks.insert(0, t[k:])
        t = t[:k].rstrip()
    if len(t) > 1 and t[-1] in letter_marks and (t[-2].isdigit() or t[-2] in ")%"):
        marks.insert(0, t[-1])
        t = t[:-1]
    return t, marks


def _dtype(values: list[str], first: bool) -> ColumnType:
    vals = [v for v in values if v and v not in _MISSING]
    if not vals:
        return "text"
    if all(_NUMBER.match(v) for v in vals):
        if all(re.fullmatch(r"\d+", v) for v in vals):
            if first and len(set(vals)) == len(vals):
                return "id"
            return "integer"
        return "decimal"
    if all(v.lower() in _SEX for v in vals):
        return "sex"
    if all(_DATE.match(v) for v in vals):
        return "date"
    if len(set(vals)) <= max(2, 0.6 * len(vals)):
        return "category"
    return "text"


def _cell(column: str, words: list[Word], source: str, dtype: ColumnType, letter_marks: set[str]) -> Cell:
    if not words:
        return Cell(column=column)
    words = sorted(words, key=lambda w: (w.start))
    same_line = "\n" not in source[words[0].start:words[-1].end]
    raw = source[words[0].start:words[-1].end] if same_line else " ".join(w.text for w in words)
    if same_line:
        raw = " ".join(raw.split())
        if source[words[0].start:words[-1].end] != raw:
            raw = source[words[0].start:words[-1].end]
    text, marks = _split_marks(raw, letter_marks)
    number = decimals = None
    if dtype in ("id", "integer", "decimal") and text not in _MISSING and _NUMBER.match(text):
        try:
            number, decimals = parse_decimal(text)
        except ValueError:
            number = decimals = None
    return Cell(column=column, raw=raw, text=text, number=number, decimals=decimals, marks=marks,
                start=words[0].start, end=words[-1].end)


def _caption_end(lines: list[_Line], i: int) -> int:
    """Index of the last caption line: the caption wraps while a line fills the width and the next is one
    segment starting at the caption's left edge."""
    cap = lines[i]
    k = i
    m = _CAPTION.match(" ".join(w.text for w in cap.words))
    if m and len(" ".join(w.text for w in cap.words)) <= len(m.group(0).strip()) + 2 and k + 1 < len(lines):
        k += 1  # the label alone on its line; the caption text is the next line
    while k + 1 < len(lines):
        nxt = lines[k + 1]
        if nxt.page != cap.page or len(_segments(nxt.words)) > 1 or abs(nxt.x0 - cap.x0) > 2 * cap.height:
            break
        cur = lines[k]
        if (cur.x1 - cur.x0) < 0.8 * (cap.x1 - cap.x0) or nxt.top - cur.bottom > cur.height:
            break
        k += 1
    return k


def _block_to_table(document: Document, lines: list[_Line], ci: int, label: str, stop: int,
                    captioned: bool = True) -> Table | None:
    """The table whose caption is line `ci` (or, uncaptioned, whose block starts at line `ci`)."""
    src = document.source_text
    cap_last = _caption_end(lines, ci) if captioned else ci - 1
    page = lines[ci].page
    after = lines[cap_last + 1:stop]
    page_end = next((p.end for p in document.pages if p.number == page), len(src))
    if after and (after[0].page != page or after[0].start >= page_end) and captioned:
        # the caption ended its page: the table starts on the next one
        page = after[0].page
        page_end = next((p.end for p in document.pages if p.number == page), len(src))
    block: list[_Line] = []
    for ln in after:
        if ln.page != page or ln.start >= page_end:
            break
        if block and (ln.top < block[-1].top - 0.5 * ln.height):
            break  # the flow went back up the page: another column
        if not any(ch.isalnum() for ch in src[ln.start:ln.end]):
            continue  # a rule drawn with dots or dashes
        block.append(ln)
    if len(block) < 3:
        return None
    multi = [len(_segments(ln.words)) >= 2 for ln in block]
    # body: from the first data line (numeric cells) to the last multi-segment line
    first_data = None
    nseg = [len(_segments(ln.words, 0.45)) for ln in block]
    # rows counted in clear cell gaps (justified prose has wide word gaps, not em-wide ones); a candidate row
    # must be about as wide as the widest row near it
    nseg1 = [len(_segments(ln.words)) for ln in block]

    def n_data(ln: _Line) -> int:
        return sum(_data_like(" ".join(w.text for w in sg)) for sg in _segments(ln.words, 0.45))

    for k, ln in enumerate(block):
        if not multi[k] or nseg1[k] < 0.5 * max(nseg1[:k + 6]):
            continue
        nd = n_data(ln)
        if nd >= max(1, 0.5 * (nseg[k] - 1), 0.34 * max(nseg1[:k + 6])):
            # a header line may hold a number ('12 weeks'): the first data row has a data row after it
            later = [m for m in range(k + 1, min(k + 4, len(block))) if multi[m]][:1]
            if not later or n_data(block[later[0]]) >= 1:
                first_data = k
                break
            continue
        # rows of mostly words (one row per study): a value or two, and the next rows built the same way
        nxt = [m for m in range(k + 1, min(k + 6, len(block))) if multi[m]][:2]
        # ...but not a header line with a number in it, above rows that are full of values
        fuller = any(n_data(block[m]) >= max(2, 0.34 * max(nseg1[:m + 6])) and n_data(block[m]) > nd for m in nxt)
        if nd >= 1 and len(nxt) == 2 and not fuller and all(
                n_data(block[m]) >= 1 and abs(nseg[m] - nseg[k]) <= 1 for m in nxt):
            first_data = k
            break
    if first_data is None:
        return None
    def scan_last(start: int, last: int) -> int:
        """Index of the last line of the body: multi-segment lines, with up to three other lines between."""
        gap_run = 0
        for k in range(start, len(block)):
            if k > start and 0 < block[k].top - block[k - 1].bottom and (
                    block[k].top - block[k - 1].bottom > 2.5 * block[k - 1].height):
                break
            if multi[k] and (gap_run == 0 or _aligned(block[last], block[k])):
                last = k
                gap_run = 0
            elif multi[k]:
                break  # cells that do not line up with the rows above: prose or another block
            else:
                gap_run += 1
                if gap_run > 3:
                    break
        return last

    last = scan_last(first_data, first_data)
    # a table the page cut goes on at the top of the next page(s): its lines follow in the flow
    index_of = {id(ln): n for n, ln in enumerate(lines)}
    cur_page = page
    while True:
        trailing = block[last + 1:]
        # only wrapped cells or a section heading between the last row and the foot of the page
        wraps_only = all(len(_segments(ln.words)) == 1 and ln.top - prev.bottom < 1.5 * prev.height
                         for prev, ln in itertools.pairwise(block[last:]))
        if not (last == len(block) - 1 or (wraps_only and len(trailing) <= 3)):
            break
        nxt_end = next((p.end for p in document.pages if p.number == cur_page + 1), 0)
        pos = index_of[id(block[-1])] + 1
        nxt_page: list[_Line] = []
        for ln in lines[pos:stop]:
            if ln.page != cur_page + 1 or ln.start >= nxt_end or (nxt_page and ln.top < nxt_page[-1].top - 2):
                break
            nxt_page.append(ln)
        heading_first = (len(nxt_page) > 1 and len(_segments(nxt_page[1].words)) >= 2
                         and nxt_page[1].top - nxt_page[0].bottom < 1.5 * nxt_page[0].height)
        if not nxt_page or (len(_segments(nxt_page[0].words)) < 2 and not heading_first):
            break
        n_before = len(block)
        block = block + nxt_page
        multi = multi + [len(_segments(ln.words)) >= 2 for ln in nxt_page]
        last = scan_last(n_before, last)
        cur_page += 1
    body = [block[k] for k in range(first_data, last + 1) if multi[k]]
    if len(body) < 1:
        return None
    h = statistics.median(ln.height for ln in body)
    cols = _merge_complementary(_grid(body, 0.36 * h), body)
    if len(cols) < 2:
        return None
    # the last row's cell may run over a line or two below it
    while last + 1 < len(block) and block[last + 1].page == block[last].page:
        under = block[last + 1]
        inside = [j for j, (a, _) in enumerate(cols) if under.x0 >= a - 0.5 * h
                  and under.x1 < (cols[j + 1][0] - 0.2 * h if j + 1 < len(cols) else 1e9)
                  and (j + 1 == len(cols) or under.x0 < cols[j + 1][0])]
        if not (inside and inside != [0] and under.top - block[last].bottom < 0.6 * h
                and len(_segments(under.words)) == 1):
            break
        last += 1
    # rows: each body-range line is a row, a continuation, a section heading or a summary row
    # row pitch from lines that start a row (their first cell is filled); a cell run over two lines is closer
    starts = [ln for ln in body if any(_assign(w, cols) == 0 for w in ln.words)]
    # a first column of row numbers: a line of words alone in it is a heading, never a wrapped cell
    firsts = [" ".join(w.text for w in ln.words if _assign(w, cols) == 0) for ln in body]
    id_first = sum(1 for t in firsts if t.isdigit()) >= 0.8 * len(body)
    first_filled = len(starts) / len(body)
    pitch_list = [b.top - a.top for a, b in itertools.pairwise(starts)]
    pitch = statistics.median(pitch_list) if pitch_list else 2 * h
    raw_rows: list[tuple[str, list[list[Word]], _Line]] = []  # kind, cells, line
    prev_line: _Line | None = None
    for k in range(first_data, last + 1):
        ln = block[k]
        cells: list[list[Word]] = [[] for _ in cols]
        for w in ln.words:
            cells[_assign(w, cols)].append(w)
        filled = [j for j, c in enumerate(cells) if c]
        close = prev_line is not None and (ln.top - prev_line.top) < 0.8 * pitch
        # a heading starts at the table's left edge and runs over the first column's values
        spans_cols = (ln.x0 <= cols[0][0] + 0.5 * h and ln.x1 > cols[0][1] + 0.5 * h
                      and len(_segments(ln.words)) == 1 and not multi[k])
        if not multi[k] and filled == [0] and not _is_numeric(" ".join(w.text for w in ln.words)) and (
                not close or id_first):
            raw_rows.append(("section", [ln.words], ln))
        elif not multi[k] and spans_cols:
            raw_rows.append(("section", [ln.words], ln))
        elif raw_rows and raw_rows[-1][0] in ("row", "summary") and (
                (close and (0 not in filled or not multi[k]))
                or (0 not in filled and len(filled) <= 2 and first_filled >= 0.9)):
            for j, c in enumerate(cells):
                raw_rows[-1][1][j].extend(c)
        else:
            first_text = " ".join(w.text for w in cells[0])
            kind = "summary" if _SUMMARY.match(first_text) else "row"
            raw_rows.append((kind, cells, ln))
        prev_line = ln
    data = [r for r in raw_rows if r[0] == "row"]
    if not data:
        return None
    # prose caught in the grid (a table beside a column of text on the same baselines): long runs of lower-case
    # words in the cells of many rows; better no table than a wrong one
    wordy = sum(1 for _, cells, _ in data
                if any(len(c) >= 6 and min(c, key=lambda w: w.start).text[:1].islower() for c in cells))
    if wordy >= max(2, 0.25 * len(data)):
        return None
    # header: lines between the caption and the first data line
    header_words: list[list[Word]] = [[] for _ in cols]
    # a header word belongs to the column whose values end right of its left edge: cells do not overlap, so
    # a header (left, centred or right aligned, wider than its values or not) starts after the values of the
    # column to its left have ended
    ends = [b for _, b in cols]
    head_lines = block[:first_data]
    if len(head_lines) >= 2:
        ln, above = head_lines[-1], head_lines[-2]
        one = len(_segments(ln.words, 0.45)) == 1
        inner = [b.top - a.bottom for a, b in itertools.pairwise(head_lines[:-1])]
        apart = ln.top - above.bottom > (max(inner) + 0.15 * h if inner else 0.4 * h)
        if (one and abs(ln.x0 - cols[0][0]) < 2 * h and not _is_numeric(src[ln.start:ln.end])
                and (apart or ln.x1 > cols[0][1] + h)):
            raw_rows.insert(0, ("section", [ln.words], ln))
            head_lines = head_lines[:-1]
    for ln in head_lines:
        for seg in _segments(ln.words, 0.45):
            j = min(bisect.bisect_left(ends, seg[0].x0 + 0.2 * h), len(cols) - 1)
            header_words[j].extend(seg)
    notes_lines: list[_Line] = []
    row_lines = {id(r[2]) for r in raw_rows}
    t_x0, t_x1 = cols[0][0], cols[-1][1]
    for ln in block[last + 1:]:
        if id(ln) in row_lines:
            continue
        text = src[ln.start:ln.end].strip()
        prev_bottom = notes_lines[-1].bottom if notes_lines else body[-1].bottom
        gap = ln.top - prev_bottom
        if gap > 3 * h or len(notes_lines) >= 20:
            break
        # a legend in the comma style ('PR, partial response; SD, stable disease') marks itself too
        marked = bool(_NOTE_START.match(text)) or bool(re.search(r"\S\s?(=|–|:)\s?\S", text)) or (
            (";" in text or (bool(notes_lines) and bool(_legend_parts(src[notes_lines[-1].start:notes_lines[-1].end]))))
            and bool(_legend_parts(text)))
        # unmarked note lines are set close, in the table's print size, within the table's width
        small = ln.height <= 1.05 * h and gap <= 1.2 * h and ln.x0 >= t_x0 - 2 * h and ln.x1 <= t_x1 + 2 * h
        if marked or small:
            notes_lines.append(ln)
            continue
        break
    # notes pushed to the top of the next page by the page break
    tail = notes_lines[-1] if notes_lines else block[last]
    t_page = next((p for p in document.pages if p.number == tail.page), None)
    at_foot = t_page is not None and all(ln.start >= t_page.end or ln.page != tail.page
                                         for ln in lines[index_of[id(tail)] + 1:])
    if at_foot:
        nxt_end = next((p.end for p in document.pages if p.number == tail.page + 1), 0)
        for ln in lines[index_of[id(tail)] + 1:stop]:
            if ln.page != tail.page + 1 or ln.start >= nxt_end:
                break
            text = src[ln.start:ln.end].strip()
            if not _NOTE_START.match(text) and not _legend_parts(text) and not (
                    notes_lines and notes_lines[-1].page == ln.page and ln.top - notes_lines[-1].bottom < 0.6 * h):
                break
            notes_lines.append(ln)
    footnotes: list[Footnote] = []
    legend_text: list[_Line] = []
    for ln in notes_lines:
        text = src[ln.start:ln.end]
        m = re.match(r"^\s*([*†‡§¶‖#]+|[a-z](?=\s?[A-Z]))\s?", text)
        if m:
            footnotes.append(Footnote(mark=m.group(1), text=text[m.end():].strip(), start=ln.start, end=ln.end))
        elif _legend_parts(text):
            legend_text.append(ln)
        elif footnotes and not footnotes[-1].text.endswith("."):
            f = footnotes[-1]
            footnotes[-1] = Footnote(mark=f.mark, text=f"{f.text} {text.strip()}", start=f.start, end=ln.end)
        else:
            footnotes.append(Footnote(mark="", text=text.strip(), start=ln.start, end=ln.end))
    letter_marks = {f.mark for f in footnotes if f.mark.isalpha()}
    # columns
    col_values: list[list[str]] = [[] for _ in cols]
    for _, cells, _ in data:
        for j, c in enumerate(cells):
            t = " ".join(w.text for w in sorted(c, key=lambda w: w.start))
            col_values[j].append(_split_marks(t, letter_marks)[0])
    columns: list[Column] = []
    used: set[str] = set()
    for j in range(len(cols)):
        hw = sorted(header_words[j], key=lambda w: (round(w.top), w.x0))
        header = " ".join(w.text for w in hw)
        dtype = _dtype(col_values[j], j == 0)
        name = _snake(header) if header else f"column_{j + 1}"
        base, n = name, 2
        while name in used:
            name, n = f"{base}_{n}", n + 1
        used.add(name)
        # the same reading of units and time points as the text path, so both paths link alike
        columns.append(Column(name=name, header=header, dtype=dtype, unit=header_to_unit(header),
                              time=header_to_time(header), header_spans=[(w.start, w.end) for w in hw]))
    rows: list[Row] = []
    summary: list[SummaryRow] = []
    sections: list[SectionHeading] = []
    section: str | None = None
    section_x: float | None = None  # left edge of a heading whose rows are indented under it
    ids: list[str] = []
    for n_row, (kind, cells, ln) in enumerate(raw_rows):
        if kind == "section":
            ws = sorted(cells[0], key=lambda w: w.start)
            text = src[ws[0].start:ws[-1].end]
            sections.append(SectionHeading(text=text, start=ws[0].start, end=ws[-1].end))
            section = text
            below = raw_rows[n_row + 1][2] if n_row + 1 < len(raw_rows) else None
            section_x = ln.x0 if below is not None and below.x0 > ln.x0 + 0.5 * h else None
            continue
        if section_x is not None and ln.x0 <= section_x + 0.25 * h:
            section = section_x = None  # back at the heading's edge: the indented group has ended
        built = [_cell(columns[j].name, cells[j], src, columns[j].dtype, letter_marks) for j in range(len(cols))]
        spans = [w for c in cells for w in c]
        start, end = min(w.start for w in spans), max(w.end for w in spans)
        if kind == "summary":
            summary.append(SummaryRow(label=built[0].text, cells=built, start=start, end=end))
            continue
        rid = built[0].text if columns[0].dtype == "id" and built[0].text else f"r{len(rows) + 1}"
        ids.append(rid)
        rows.append(Row(id=rid, index=len(rows), section=section, cells=built, start=start, end=end))
    if len(set(ids)) != len(ids):
        rows = [r.model_copy(update={"id": f"r{r.index + 1}"}) for r in rows]
    legend: list[LegendCode] = []
    codes = {c.text for r in rows for c in r.cells if c.text}
    for k, ln in enumerate(legend_text):
        for code, meaning, a, b in _legend_parts(src[ln.start:ln.end]):
            if code in codes or (len(code) <= 12 and any(ch.isupper() for ch in code)):
                legend.append(LegendCode(code=code, meaning=meaning, start=ln.start + a, end=ln.start + b))
        # 'Y, yes; N, no; R,' at a line's end and 'responder (≥50% reduction); PR, ...' on the next: a definition
        # broken by the line, its code a cell value (the text path reads the legend as one text)
        dangling = re.search(r"(?:^|;\s*)([A-Z][A-Za-z0-9+/-]{0,11}),\s*$", src[ln.start:ln.end])
        if dangling and dangling.group(1) in codes and k + 1 < len(legend_text):
            next_line = legend_text[k + 1]
            cont = re.match(r"\s*([a-z][^;]*?)\.?\s*(?:;|$)", src[next_line.start:next_line.end])
            if cont:
                legend.append(LegendCode(code=dangling.group(1), meaning=cont.group(1).strip(),
                                         start=ln.start + dangling.start(1), end=next_line.start + cont.end(1)))
    # a header that names its time by a legend code ('NRS FU'; 'FU, follow-up at 12 weeks'), as on the text path
    code_times = legend_times((lc.code, lc.meaning) for lc in legend)
    columns = [c.model_copy(update={"codes": [lc for lc in legend
                                              if any(r.cells[j].text == lc.code for r in rows)],
                                    "time": c.time or header_code_time(c.header or "", code_times)})
               for j, c in enumerate(columns)]
    kind_t = _table_kind(columns, rows)
    end_line = notes_lines[-1] if notes_lines else block[last]
    cap = lines[ci]
    end = max(end_line.end, rows[-1].end)
    if not captioned:
        return Table(label=label, kind=kind_t, source="pdf", page=page, start=cap.start, end=end, columns=columns,
                     rows=rows, summary_rows=summary, sections=sections, legend=legend, footnotes=footnotes,
                     notes=[PDF_NOTE, "no caption: found by its layout alone"])
    cap_end = lines[cap_last].end
    return Table(label=label, caption=" ".join(src[cap.start:cap_end].split()), caption_start=cap.start,
                 caption_end=cap_end, kind=kind_t, source="pdf", page=page, start=cap.start,
                 end=end, columns=columns, rows=rows, summary_rows=summary,
                 sections=sections, legend=legend, footnotes=footnotes, notes=[PDF_NOTE])


_LEGEND_PART = re.compile(r"(?:^|(?<=[;,.]\s))(?:abbreviations?:\s*)?([A-Za-z0-9][^;,=:–—]{0,20}?)\s*(?:=|–|—|:| - )\s*"
                          r"([^;]+?)(?=;|\.\s|\.$|,\s[A-Z0-9][^;,]{0,20}?\s*(?:=|–|—|:| - )|$)", re.IGNORECASE)


def _legend_parts(text: str) -> list[tuple[str, str, int, int]]:
    """'CODE – meaning; CODE2 = meaning' definitions in a line: (code, meaning, start, end) within the line."""
    out = []
    for m in _LEGEND_PART.finditer(text):
        code, meaning = m.group(1).strip(), m.group(2).strip().rstrip(".")
        if code.lower().startswith(("abbreviation", "note", "source", "values", "data")):
            continue
        if code and meaning and len(code.split()) <= 3:
            out.append((code, meaning, m.start(1), m.end(2)))
    if not out and ";" not in text:
        # one 'DSFS, Drooling Severity and Frequency Scale.' on a line of its own (a legend's last line)
        m1 = re.match(r"\s*([A-Z][A-Z0-9]{1,9}),\s+([A-Za-z][^,;]{2,80}?)\.?\s*$", text)
        if m1 and len(m1.group(2).split()) <= 8:
            return [(m1.group(1), m1.group(2), m1.start(1), m1.end(2))]
    if not out and ";" in text:
        # 'A, amoxicillin; B, bismuth' (the comma style of abbreviation lists)
        pos = 0
        for item in text.split(";"):
            m2 = re.match(r"\s*(?:abbreviations?:\s*)?([A-Z][A-Za-z0-9+/-]{0,11}),\s+([^,]+?)\.?\s*$", item,
                          re.IGNORECASE)
            if m2 and any(ch.isupper() for ch in m2.group(1)):
                out.append((m2.group(1), m2.group(2), pos + m2.start(1), pos + m2.end(2)))
            pos += len(item) + 1
    return out


def _label(m: re.Match[str]) -> str:
    return f"Table {m.group(1)}" if m.group(1) else "Table"


def pdf_document_to_tables(document: Document) -> list[Table]:
    """Every captioned table whose grid the words' x-positions give, plus (from the text path) the captioned
    tables whose geometry was unclear; empty when neither gives any."""
    lines = _doc_lines(document)
    caps: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        text = document.source_text[ln.start:ln.end]
        m = _CAPTION.match(text)
        if m and (m.group(1) or (text.strip().isupper() and len(text.strip()) > len(m.group(0).strip()) + 2)):
            caps.append((i, _label(m)))
    # 'Table 2 shows ...' in the prose is not a caption when a line 'Table 2. ...' (label then punctuation)
    # exists: keep one candidate per label, the punctuated one first
    def punctuated(i: int) -> bool:
        text = document.source_text[lines[i].start:lines[i].end]
        m = _CAPTION.match(text)
        return bool(m and re.match(r"\s*[.:|\-–—]", text[len(m.group(0).rstrip(".:|-–— ")):]))

    best: dict[str, int] = {}
    for i, label in caps:
        if label not in best or (punctuated(i) and not punctuated(best[label])):
            best[label] = i
    caps = [(i, label) for i, label in caps if best[label] == i]
    tables: list[Table] = []
    seen: set[str] = set()
    for n, (i, label) in enumerate(caps):
        if label in seen:
            continue
        stop = caps[n + 1][0] if n + 1 < len(caps) else len(lines)
        try:
            t = _block_to_table(document, lines, i, label, stop)
        except (ValueError, KeyError, IndexError, TypeError, ArithmeticError):
            t = None
        if t is not None:
            tables.append(t)
            seen.add(label)
    if tables and {label for _, label in caps} - seen:
        tables += _text_fallback(document, seen)
    if not caps:
        tables = _uncaptioned(document, lines)
    return tables


def _uncaptioned(document: Document, lines: list[_Line]) -> list[Table]:
    """Tables printed without a caption: runs of at least three lines of aligned cells, with the close lines
    just above them as the header. Labelled 'Table', 'Table (2)', ... in order."""
    out: list[Table] = []
    k = 0
    while k < len(lines):
        run = 0
        while k + run < len(lines) and len(_segments(lines[k + run].words)) >= 2 \
                and lines[k + run].page == lines[k].page:
            run += 1
        if run < 3:
            k += max(run, 1)
            continue
        start = k
        while start > 0 and k - start < 6 and lines[start - 1].page == lines[k].page and (
                0 <= lines[start].top - lines[start - 1].bottom < 1.2 * lines[start].height):
            start -= 1
        label = "Table" if not out else f"Table ({len(out) + 1})"
        try:
            t = _block_to_table(document, lines, start, label, len(lines), captioned=False)
        except (ValueError, KeyError, IndexError, TypeError, ArithmeticError):
            t = None
        if t is not None:
            out.append(t)
            k = max(k + run, next((n for n, ln in enumerate(lines) if ln.start >= t.end), len(lines)))
        else:
            k += run
    return out


def _text_fallback(document: Document, seen: set[str]) -> list[Table]:
    """Captioned tables the geometry left unclear, from the text path, each noted as such."""
    try:
        from ._tables_text import text_to_tables

        others = text_to_tables(document)
    except Exception:  # the text path is another module's; a failure there must not lose the geometry tables
        return []
    out = []
    for t in others:
        if t.label not in seen:
            out.append(t.model_copy(update={"notes": [*t.notes, "geometry unclear; recovered by the text path"]}))
    return out
