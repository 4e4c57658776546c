"""Page layout from PDF characters: chars -> words -> rows -> columns -> lines in reading order.

Works on plain character boxes (text, x0, x1, top, bottom, size, direction), so it does not care which PDF library
produced them. Every threshold is relative to the font size, never absolute points, so small table print and large
headings are treated alike.

    chars_to_words      characters of one page to words (gaps measured against the font size, superscripts kept)
    words_to_rows       words to physical rows (same height on the page)
    rows_to_gutter      the vertical gutter of a two-column page, or None
    rows_to_lines       rows to lines in reading order (left column, then right column, band by band)
    pages_to_heads      running heads and page numbers (text repeated at the same place across pages)
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

# A gap wider than this many ems between two glyphs starts a new word (letter gaps measured on real papers stay
# below 0.08 em, word gaps above 0.12 em).
WORD_GAP_EM = 0.11
# A gap wider than this many ems inside a row separates two segments (table cells, columns of text).
SEGMENT_GAP_EM = 1.2

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class Glyph:
    """One character with its box in the page's reading frame (y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class WordBox:
    """A word: its text and box, and the font size it was printed in."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class LineBox:
    """Words printed on one line of one column, left to right."""

    words: list[WordBox]
    column: int = 0  # 0 full width, 1 left, 2 right

    @property
    def x0(self) -> float:
        return self.words[0].x0

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
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class PageLayout:
    """A page's lines in reading order plus the lines kept out of the flow (heads, page numbers, margins)."""

    number: int
    width: float
    height: float
    lines: list[LineBox] = field(default_factory=list)
    marginal: list[LineBox] = field(default_factory=list)
    columns: int = 1
    rotated: int = 0
    notes: list[str] = field(default_factory=list)


def char_direction(matrix: tuple[float, ...] | None, upright: bool) -> int:
    """Reading direction of a glyph in degrees: 0 left-to-right, 90 bottom-to-top, 270 top-to-bottom."""
    if upright or not matrix:
        return 0
    a, b = matrix[0], matrix[1]
    if abs(b) > abs(a):
        return 90 if b > 0 else 270
    return 0 if a >= 0 else 180


def clean_char_text(text: str) -> str:
    """Glyph text as it should read: ligatures expanded, unmapped glyphs '(cid:N)' dropped."""
    if "(cid:" in text:
        text = _CID.sub("", text)
    return text.translate(_LIGATURES)


def rotate_box(x0: float, x1: float, top: float, bottom: float, direction: int, width: float, height: float
               ) -> tuple[float, float, float, float]:
    """A box in the frame where text of `direction` reads left to right (the page turned to be read)."""
    if direction == 90:
        return height - bottom, height - top, x0, x1
    if direction == 270:
        return top, bottom, width - x1, width - x0
    if direction == 180:
        return width - x1, width - x0, height - bottom, height - top
    return x0, x1, top, bottom


def _cluster_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by their top, chained within a third of the page's body size (as pdfplumber clusters)."""
    if not glyphs:
        return []
    body = statistics.median(g.size for g in glyphs) or 1.0
    tol = max(0.8, 0.3 * body)
    ordered = sorted(glyphs, key=lambda g: g.top)
    rows: list[list[Glyph]] = [[ordered[0]]]
    last = ordered[0].top
    for g in ordered[1:]:
        if g.top - last <= tol:
            rows[-1].append(g)
        else:
            rows.append([g])
        last = g.top
    return _merge_script_rows(rows)


def _merge_script_rows(rows: list[list[Glyph]]) -> list[list[Glyph]]:
    """Superscripts and subscripts clustered apart (their tops are shifted) rejoin the line they sit on: a row
    of small glyphs that overlaps the next (or previous) row of larger glyphs vertically."""
    if len(rows) < 2:
        return rows

    def beside(r: list[Glyph], other: list[Glyph]) -> bool:
        # every glyph of a script touches a glyph of the line it belongs to (just after or just before it)
        if len(r) > 12:
            return False
        return all(any(abs(o.x1 - g.x0) < 0.6 * o.size or abs(g.x1 - o.x0) < 0.6 * o.size for o in other)
                   for g in r)

    out: list[list[Glyph]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        rmax = max(g.size for g in r)
        rtop, rbot = min(g.top for g in r), max(g.bottom for g in r)
        if i + 1 < len(rows):
            nxt = rows[i + 1]
            nsize = statistics.median(g.size for g in nxt)
            ntop = min(g.top for g in nxt)
            if rmax < 0.85 * nsize and rbot > ntop + 0.25 * nsize and beside(r, nxt):
                rows[i + 1] = r + nxt
                i += 1
                continue
        if out:
            prev = out[-1]
            psize = statistics.median(g.size for g in prev)
            pbot = max(g.bottom for g in prev)
            if rmax < 0.85 * psize and rtop < pbot - 0.25 * psize and beside(r, prev):
                prev.extend(r)
                i += 1
                continue
        out.append(r)
        i += 1
    return out


def _row_to_words(row: list[Glyph]) -> list[WordBox]:
    words: list[WordBox] = []
    cur: list[Glyph] = []

    def flush() -> None:
        if cur:
            text = "".join(g.text for g in cur)
            if text.strip():
                words.append(WordBox(text=text, x0=cur[0].x0, x1=max(g.x1 for g in cur),
                                     top=min(g.top for g in cur), bottom=max(g.bottom for g in cur),
                                     size=max(g.size for g in cur)))
            cur.clear()

    for g in sorted(row, key=lambda g: (g.x0, g.top)):
        if not g.text.strip():
            flush()
            continue
        if cur:
            prev = cur[-1]
            em = max(prev.size, g.size, 1.0)
            gap = g.x0 - prev.x1
            # a raised smaller glyph right after a word is its superscript (a footnote mark, an exponent)
            script = g.size < 0.85 * prev.size and g.bottom < prev.bottom - 0.15 * prev.size and gap < 0.4 * em
            if (gap > WORD_GAP_EM * em and not script) or gap < -0.6 * em:
                flush()
        cur.append(g)
    flush()
    return words


def _join_letterspaced(words: list[WordBox]) -> list[WordBox]:
    """Letter-spaced text ('P A T I E N T S', tracked small capitals) printed as single letters with equal gaps:
    a run of three or more one-letter words with even, narrow gaps is one word (a word gap is wider)."""
    out: list[WordBox] = []
    i = 0
    while i < len(words):
        j = i
        gaps: list[float] = []
        while j + 1 < len(words) and len(words[j].text) == 1 and len(words[j + 1].text) == 1:
            g = words[j + 1].x0 - words[j].x1
            if g > 0.5 * words[j].size or (gaps and g > 1.5 * min(gaps) + 0.02 * words[j].size):
                break
            gaps.append(g)
            j += 1
        if j - i >= 2:
            start = i
            # a word glued to the run at the same gap ('p-V' before 'A L U E') belongs to it
            if out and words[i].x0 - out[-1].x1 <= 1.2 * max(gaps) and len(out[-1].text) <= 3:
                start_word = out.pop()
                run = [start_word, *words[i:j + 1]]
            else:
                run = words[start:j + 1]
            out.append(WordBox(text="".join(w.text for w in run), x0=run[0].x0, x1=run[-1].x1,
                               top=min(w.top for w in run), bottom=max(w.bottom for w in run),
                               size=max(w.size for w in run)))
            i = j + 1
        else:
            out.append(words[i])
            i += 1
    return out


def glyphs_to_rows(glyphs: list[Glyph]) -> list[list[WordBox]]:
    """Glyphs to rows of words, top to bottom, each row left to right."""
    rows = []
    for row in _cluster_rows(glyphs):
        words = _join_letterspaced(_row_to_words(row))
        if words:
            rows.append(words)
    rows.sort(key=lambda r: min(w.top for w in r))
    return rows


def segments(words: list[WordBox], gap_em: float = SEGMENT_GAP_EM) -> list[list[WordBox]]:
    """Words of a row split where the gap exceeds `gap_em` ems (cells, or the two columns of a page)."""
    out: list[list[WordBox]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 - out[-1][-1].x1 <= gap_em * max(w.size, out[-1][-1].size, 1.0):
            out[-1].append(w)
        else:
            out.append([w])
    return out


def rows_to_gutter(rows: list[list[WordBox]], width: float) -> float | None:
    """The x of the gutter between two text columns, or None for a one-column page.

    A gutter is the x (in the middle part of the text block) crossed by the fewest rows; it is accepted only when
    many rows hold text on both sides of it and each side reads like prose (one segment per row, most rows filling
    the side), so the gaps between the columns of a table are not taken for a gutter.
    """
    if len(rows) < 8:
        return None
    left = min(w.x0 for r in rows for w in r)
    right = max(w.x1 for r in rows for w in r)
    span = right - left
    if span < 0.4 * width:
        return None
    lo, hi = int(left + 0.28 * span), int(left + 0.72 * span)
    if hi <= lo:
        return None
    cover = [0] * (hi - lo + 1)
    for r in rows:
        for w in r:
            a, b = max(lo, int(w.x0) - 1), min(hi, int(w.x1) + 1)
            for x in range(a, b + 1):
                cover[x - lo] += 1
    best = min(cover)
    if best > 0.15 * len(rows):
        return None
    # the widest run of least-covered x
    runs: list[tuple[int, int]] = []
    start = None
    for i, c in enumerate([*cover, 10**9]):
        if c == best and start is None:
            start = i
        elif c != best and start is not None:
            runs.append((start, i - 1))
            start = None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    gx = lo + (a + b) / 2
    lefts: list[list[WordBox]] = []
    rights: list[list[WordBox]] = []
    both = 0
    for r in rows:
        if any(w.x0 < gx < w.x1 for w in r):
            continue
        lw = [w for w in r if w.x1 <= gx]
        rw = [w for w in r if w.x0 >= gx]
        if lw:
            lefts.append(lw)
        if rw:
            rights.append(rw)
        if lw and rw:
            both += 1
    # text on both sides over much of the page (their lines need not share baselines)
    if both < 3 or min(len(lefts), len(rights)) < max(5, 0.25 * len(rows)):
        return None
    scores: list[float] = []
    for side, edge in ((lefts, (left, gx)), (rights, (gx, right))):
        if edge[1] - edge[0] < 0.25 * span:
            return None
        widths = sorted(max(w.x1 for w in ws) - min(w.x0 for w in ws) for ws in side)
        full = widths[int(0.9 * (len(widths) - 1))]
        if full < 0.25 * span:
            return None
        prose = sum(1 for ws in side
                    if len(segments(ws, 1.5)) == 1 and max(w.x1 for w in ws) - min(w.x0 for w in ws) >= 0.6 * full)
        scores.append(prose / len(side))
    # one side must read like prose; the other may hold a table beside some prose
    if max(scores) < 0.5 or min(scores) < 0.1:
        return None
    return gx


def _table_like(words: list[WordBox]) -> bool:
    return len(segments(words)) >= 2


def rows_to_lines(rows: list[list[WordBox]], width: float, depth: int = 0, column: int = 0) -> list[LineBox]:
    """Rows to lines in reading order.

    On a page (or part of one) with a gutter, each band between full-width rows is read left part first, then
    right part, and each part is looked at again for a gutter of its own (a sidebar beside two columns). A row cut
    by the gutter whose both halves look like table cells (or one half cells and the other short) is kept whole,
    so a table across both columns is not torn apart.
    """
    gutter = rows_to_gutter(rows, width) if depth < 3 else None
    if gutter is None:
        return [LineBox(words=sorted(r, key=lambda w: w.x0), column=column) for r in rows]
    out: list[LineBox] = []
    band_left: list[list[WordBox]] = []
    band_right: list[list[WordBox]] = []
    lw_all = [max(w.x1 for w in r if w.x1 <= gutter) - min(w.x0 for w in r if w.x1 <= gutter)
              for r in rows if any(w.x1 <= gutter for w in r)]
    rw_all = [max(w.x1 for w in r if w.x0 >= gutter) - min(w.x0 for w in r if w.x0 >= gutter)
              for r in rows if any(w.x0 >= gutter for w in r)]
    full_l = sorted(lw_all)[int(0.9 * (len(lw_all) - 1))] if lw_all else 0.0
    full_r = sorted(rw_all)[int(0.9 * (len(rw_all) - 1))] if rw_all else 0.0
    col_l, col_r = 2 * column + 1, 2 * column + 2

    def part(rs: list[list[WordBox]], col: int) -> list[LineBox]:
        if not rs:
            return []
        ext = max(w.x1 for r in rs for w in r) - min(w.x0 for r in rs for w in r)
        return rows_to_lines(rs, ext, depth + 1, col)

    def flush() -> None:
        out.extend(part(band_left, col_l))
        out.extend(part(band_right, col_r))
        band_left.clear()
        band_right.clear()

    split: list[tuple[list[WordBox], list[WordBox], list[WordBox], bool, bool]] = []
    filled: list[bool] = []
    for r in rows:
        words = sorted(r, key=lambda w: w.x0)
        crossing = any(w.x0 < gutter < w.x1 for w in words)
        lw = [w for w in words if w.x1 <= gutter]
        rw = [w for w in words if w.x0 >= gutter]
        cand = False
        if not crossing and lw and rw:
            lt, rt = _table_like(lw), _table_like(rw)
            lshort = (lw[-1].x1 - lw[0].x0) < 0.6 * full_l
            rshort = (rw[-1].x1 - rw[0].x0) < 0.6 * full_r
            lsz, rsz = statistics.median(w.size for w in lw), statistics.median(w.size for w in rw)
            aligned = abs(lsz - rsz) < 0.05 * lsz and abs(min(w.top for w in lw) - min(w.top for w in rw)) < 0.15 * lsz
            cand = ((lt or lshort) and (rt or rshort)) or ((lt or rt) and aligned)
        split.append((words, lw, rw, crossing, cand))
        filled.append(bool(lw and rw) and (
            (not _table_like(lw) and (lw[-1].x1 - lw[0].x0) >= 0.92 * full_l)
            or (not _table_like(rw) and (rw[-1].x1 - rw[0].x0) >= 0.92 * full_r)))
    wholes = [crossing or (cand and ((i > 0 and split[i - 1][4]) or (i + 1 < len(split) and split[i + 1][4])))
              for i, (_, _, _, crossing, cand) in enumerate(split)]
    # a run of such rows where one side is mostly full lines of prose is a table beside a text column
    i = 0
    while i < len(split):
        if not wholes[i] or split[i][3]:
            i += 1
            continue
        j = i
        while j < len(split) and wholes[j] and not split[j][3]:
            j += 1
        if sum(filled[i:j]) >= 0.5 * (j - i):
            for m in range(i, j):
                wholes[m] = False
        i = j
    # a table caption printed in one column right above a table that spans the page goes with the table
    for i, (words, _, _, _, _) in enumerate(split):
        if wholes[i] or not _CAPTION_START.match(" ".join(w.text for w in words)):
            continue
        for k in (1, 2):
            if i + k < len(split) and wholes[i + k]:
                for m in range(i, i + k):
                    wholes[m] = True
                break
    for i, (words, lw, rw, _, _) in enumerate(split):
        # a table row across the gutter comes with neighbours like it; a lone one is two short column lines
        whole = wholes[i]
        if whole:
            flush()
            out.append(LineBox(words=words, column=column))
            continue
        if lw:
            band_left.append(lw)
        if rw:
            band_right.append(rw)
    flush()
    return out


_DIGITS = re.compile(r"\d+")
_CAPTION_START = re.compile(r"^\s*(table|tab\.)\s*[A-Z]?\d+[A-Za-z]?\b", re.IGNORECASE)


def head_key(text: str) -> str:
    """Text of a running head with its numbers blanked, so 'Page 3' and 'Page 4' compare equal."""
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _is_page_number(text: str) -> bool:
    t = " ".join(text.lower().split())
    return bool(re.fullmatch(r"(page\s+)?\d{1,4}(\s+(of|/)\s+\d{1,4})?|[ivxlc]{1,6}|-\s*\d{1,4}\s*-", t))


def pages_to_heads(pages_rows: list[list[list[WordBox]]], heights: list[float], depth: int = 2) -> list[set[int]]:
    """For each page, the indices of rows that are running heads, running feet or page numbers.

    A candidate is one of the first or last `depth` rows of a page, inside the top or bottom eighth of the page and
    set apart from the text next to it. It is a running head when its text (numbers blanked) recurs as a candidate
    on another page, when it holds a bare page number, or when it is small print in the outermost margin.
    """
    cands: list[list[tuple[int, str, bool]]] = []
    body_size = {id(rows): statistics.median(w.size for r in rows for w in r) for rows in pages_rows if rows}
    for rows, h in zip(pages_rows, heights, strict=True):
        c: list[tuple[int, str, bool]] = []
        n = len(rows)
        for i in [*range(min(depth, n)), *range(max(depth, n - depth), n)]:
            r = rows[i]
            top, bottom = min(w.top for w in r), max(w.bottom for w in r)
            size = max(w.size for w in r)
            # a running head is set apart from the text it sits above or below
            gap_below = min(w.top for w in rows[i + 1]) - bottom if i + 1 < n else 1e9
            gap_above = top - max(w.bottom for w in rows[i - 1]) if i > 0 else 1e9
            taken = {j for j, _, _ in c}
            # a running head is set apart from the text it sits above or below, and a second head line
            # sits next to the first
            if i < depth:
                apart = gap_below > 0.8 * size and (i == 0 or gap_above > 0.8 * size or i - 1 in taken)
            else:
                apart = gap_above > 0.8 * size and (i == n - 1 or gap_below > 0.8 * size)
            if apart and (bottom < 0.125 * h or top > 0.875 * h):
                text = " ".join(w.text for w in sorted(r, key=lambda w: w.x0))
                outer = bottom < 0.06 * h or top > 0.94 * h
                small = size <= 0.9 * body_size.get(id(rows), size) and len(r) <= 12
                segs = segments(r)
                numbered = len(segs) <= 2 and any(_is_page_number(" ".join(w.text for w in sg)) for sg in segs)
                c.append((i, text, (outer and small) or numbered))
        cands.append(c)
    counts = Counter(k for c in cands for k in {head_key(t) for _, t, _ in c})
    out: list[set[int]] = []
    for c in cands:
        s: set[int] = set()
        for i, t, sure in c:
            if _CAPTION_START.match(t):
                continue  # a table caption at the top of a page is not a running head
            if (counts[head_key(t)] >= 2 and len(pages_rows) > 1) or sure:
                s.add(i)
        out.append(s)
    return out


def split_heads(rows: list[list[WordBox]], heads: set[int]) -> tuple[list[list[WordBox]], list[list[WordBox]]]:
    """Rows without the running heads, and the running heads."""
    body: list[list[WordBox]] = []
    marg: list[list[WordBox]] = []
    for i, r in enumerate(rows):
        (marg if i in heads else body).append(r)
    return body, marg
