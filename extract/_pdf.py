"""PDF input to a Document: the text layer in reading order, with every word's page and coordinates.

    pdf_to_document(path) -> Document          open (pdfplumber), each page parsed once, chars -> layout -> text
    pdf_document_to_tables(document) -> [Table] tables from the words' geometry (extract/_tables_pdf.py)

`source_text` holds the pages in order, each page after the first starting with a newline and a form feed (as
pdftotext prints them). On each page, two-column text is read left column then right column, band by band;
running heads, running feet, page numbers and text printed across the margin (rotated) are kept out of the flow
and appended after the last page, after a form feed, so a sentence that runs over a page break is not cut by
them. Every word is a `Word` with its span and box, so any span
of `source_text` can be traced to its place on a page.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from paperaudit.schemas import AuditSettings, Document, InputError, Line, Page, Word

from ._layout import (
    SEGMENT_GAP_EM,
    Glyph,
    LineBox,
    PageLayout,
    WordBox,
    char_direction,
    clean_char_text,
    glyphs_to_rows,
    pages_to_heads,
    rotate_box,
    rows_to_gutter,
    rows_to_lines,
    split_heads,
)
from ._tables_pdf import pdf_document_to_tables

__all__ = ["pdf_document_to_tables", "pdf_to_document"]

_HEADS_NOTE = ("running heads, running feet, page numbers and rotated margin text are kept out of the reading flow "
               "and appended after the last page, after a form feed")


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None
    if size == 0:
        raise InputError("file is empty", path=str(path))
    if b"%PDF-" not in head:
        raise InputError("not a PDF (no %PDF- header in its first bytes)", path=str(path))


def _open_error(exc: Exception, path: str) -> InputError:
    """A one-line InputError for whatever the PDF parser raised on opening."""
    # pdfplumber wraps pdfminer's errors; the wrapped one says what went wrong
    inner: BaseException = exc
    for _ in range(3):
        nxt = next((a for a in inner.args if isinstance(a, BaseException)), None) or inner.__cause__
        if nxt is None:
            break
        inner = nxt
    name = type(inner).__name__
    text = " ".join(str(inner).split())[:160]
    if "EOF" in text or "EOF" in name:
        return InputError(f"the PDF is truncated or damaged ({name}: {text})", path=path)
    if "Password" in name or "Encryption" in name or "encrypt" in text.lower():
        return InputError("the PDF is encrypted and needs a password", path=path)
    if "Root" in text or "EOF" in name or "Syntax" in name or "xref" in text.lower() or "trailer" in text.lower():
        return InputError(f"the PDF is damaged or truncated ({name}: {text})" if text else
                          f"the PDF is damaged or truncated ({name})", path=path)
    return InputError(f"cannot open the PDF ({name}: {text})" if text else f"cannot open the PDF ({name})",
                      path=path)


def chars_to_glyphs(chars: list[dict[str, Any]], width: float, height: float
                    ) -> tuple[list[Glyph], list[Glyph], int]:
    """pdfplumber chars to glyphs in the page's reading frame, plus glyphs printed in another direction
    (margin text), and the page's reading direction in degrees."""
    dirs = [0 if c.get("upright", True) else char_direction(c.get("matrix"), False) for c in chars]
    counts = Counter(d for d, c in zip(dirs, chars, strict=True) if c["text"].strip())
    main = counts.most_common(1)[0][0] if counts else 0
    body: list[Glyph] = []
    other: list[Glyph] = []
    for d, c in zip(dirs, chars, strict=True):
        text = c["text"]
        if not (text.isascii() and "(" not in text):
            text = clean_char_text(text)
            if not text:
                continue
        if d:
            x0, x1, top, bottom = rotate_box(c["x0"], c["x1"], c["top"], c["bottom"], d, width, height)
        else:
            x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        size = c.get("size") or (x1 - x0) or 1.0
        g = Glyph(text, x0, x1, top, bottom, size)
        (body if d == main else other).append(g)
    return body, other, main


def _join_words(words: list[WordBox]) -> tuple[str, list[tuple[int, int]]]:
    """A line's text and each word's span within it: one space between words, two where the gap is wide
    enough to separate table cells (so the text path can still see the cells)."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, w in enumerate(words):
        if i:
            prev = words[i - 1]
            sep = "  " if w.x0 - prev.x1 > SEGMENT_GAP_EM * max(w.size, prev.size, 1.0) else " "
            parts.append(sep)
            pos += len(sep)
        parts.append(w.text)
        spans.append((pos, pos + len(w.text)))
        pos += len(w.text)
    return "".join(parts), spans


class _TextBuilder:
    """Accumulates source_text, its lines and words."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.lines: list[Line] = []
        self.words: list[Word] = []

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def add_line(self, line: LineBox, page: int) -> None:
        text, spans = _join_words(line.words)
        start = self.pos
        self.add(text)
        self.lines.append(Line(start=start, end=self.pos, page=page))
        for w, (a, b) in zip(line.words, spans, strict=True):
            self.words.append(Word(text=w.text, start=start + a, end=start + b, page=page,
                                   x0=round(w.x0, 2), x1=round(w.x1, 2), top=round(w.top, 2),
                                   bottom=round(w.bottom, 2)))

    def text(self) -> str:
        return "".join(self.parts)


def _add_page_lines(tb: _TextBuilder, lines: list[LineBox], page: int) -> None:
    prev: LineBox | None = None
    for line in lines:
        if prev is not None:
            tb.add("\n")
            gap = line.top - prev.bottom
            if line.column != prev.column or gap > 0.9 * max(line.size, prev.size) or gap < -2 * line.size:
                tb.add("\n")
        tb.add_line(line, page)
        prev = line


def page_chars(page: Any) -> list[dict[str, Any]]:
    """The page's characters straight from pdfminer's layout, in pdfplumber's coordinates (top-left origin,
    shifted by the MediaBox), without pdfplumber's per-attribute object processing (half of its parse time)."""
    from pdfminer.layout import LTChar, LTContainer

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    out: list[dict[str, Any]] = []
    stack = list(reversed(page.layout._objs))
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            out.append({"text": obj.get_text(), "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                        "top": height - obj.y1 + mb_top, "bottom": height - obj.y0 + mb_top,
                        "size": obj.size, "upright": obj.upright, "matrix": obj.matrix})
        elif isinstance(obj, LTContainer):
            stack.extend(reversed(obj._objs))
    return out


def page_to_layout(page: Any, number: int) -> tuple[PageLayout, list[list[WordBox]]]:
    """One pdfplumber page to its layout (rows not yet split from running heads)."""
    width, height = float(page.width), float(page.height)
    body, other, direction = chars_to_glyphs(page_chars(page), width, height)
    if direction in (90, 270):
        width, height = height, width
    layout = PageLayout(number=number, width=width, height=height, rotated=direction)
    if direction:
        layout.notes.append(f"page {number}: text printed turned {direction}°; read turned back "
                            f"(word coordinates are in the turned page's frame)")
    if other:
        for row in glyphs_to_rows(other):
            layout.marginal.append(LineBox(words=row))
    return layout, glyphs_to_rows(body)


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:160]}"


def pdf_to_document(path: str | os.PathLike[str], settings: AuditSettings | None = None) -> Document:
    """Read a PDF's text layer in reading order, with word coordinates.

    Raises InputError for a file that is not a PDF, is damaged, truncated, encrypted, has no pages, or has no
    text layer at all (a scan). A page that fails is recorded (Page.error, Document.notes) and the rest is read.
    """
    import pdfplumber

    p = Path(path)
    name = str(path)
    _check_header(p)
    try:
        pdf = pdfplumber.open(p)
    except Exception as exc:  # the parser raises many unrelated types; each becomes one InputError line
        raise _open_error(exc, name) from None
    notes: list[str] = []
    layouts: list[PageLayout | None] = []
    page_rows: list[list[list[WordBox]]] = []
    errors: dict[int, str] = {}
    sizes: dict[int, tuple[float, float]] = {}
    try:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise _open_error(exc, name) from None
        if not pages:
            raise InputError("the PDF has no pages", path=name)
        for i, page in enumerate(pages, 1):
            try:
                sizes[i] = (float(page.width), float(page.height))
                layout, rows = page_to_layout(page, i)
            except Exception as exc:  # a broken page is reported and the others are still read
                errors[i] = _error_text(exc)
                notes.append(f"page {i} could not be read ({errors[i]})")
                layouts.append(None)
                page_rows.append([])
                continue
            finally:
                try:
                    page.close()
                except Exception:  # noqa: S110 - closing a page only frees caches
                    pass
            layouts.append(layout)
            page_rows.append(rows)
    finally:
        try:
            pdf.close()
        except Exception:  # noqa: S110
            pass
    if all(not rows for rows in page_rows):
        if errors and len(errors) == len(page_rows):
            raise InputError(f"no page of the PDF could be read ({next(iter(errors.values()))})", path=name)
        raise InputError("the PDF has no text layer (image-only or scanned); run OCR on it first", path=name)

    heights = [lay.height if lay else 1.0 for lay in layouts]
    heads = pages_to_heads(page_rows, heights)
    tb = _TextBuilder()
    page_models: list[Page] = []
    marginal: list[tuple[int, LineBox]] = []
    two_col = []
    for i, (maybe_layout, rows) in enumerate(zip(layouts, page_rows, strict=True), 1):
        if i > 1:
            tb.add("\n\f")
        start = tb.pos
        if maybe_layout is None:
            w, h = sizes.get(i, (None, None))
            page_models.append(Page(number=i, start=start, end=start, width=w, height=h, error=errors.get(i)))
            continue
        layout = maybe_layout
        body, marg = split_heads(rows, heads[i - 1])
        marginal += [(i, LineBox(words=sorted(r, key=lambda w: w.x0))) for r in marg]
        marginal += [(i, ln) for ln in layout.marginal]
        gutter = rows_to_gutter(body, layout.width)
        layout.columns = 2 if gutter is not None else 1
        if gutter is not None:
            two_col.append(i)
        _add_page_lines(tb, rows_to_lines(body, layout.width), i)
        notes.extend(layout.notes)
        if not body:
            notes.append(f"page {i}: no text")
        page_models.append(Page(number=i, start=start, end=tb.pos, width=round(layout.width, 2),
                                height=round(layout.height, 2), columns=layout.columns))
    if marginal:
        tb.add("\n\f")
        first = True
        for number, line in marginal:
            if not first:
                tb.add("\n")
            first = False
            tb.add_line(line, number)
        notes.append(_HEADS_NOTE)
    if two_col:
        notes.append(f"two-column pages read left column first, band by band: {', '.join(map(str, two_col))}")
    return Document(path=name, reader="pdf", source_text=tb.text(), notes=notes, pages=page_models,
                    lines=tb.lines, words=tb.words)

