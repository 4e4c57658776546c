"""Generated papers typeset as PDFs (reportlab), with the true content of every table kept beside.

`tables_to_pdf` typesets prose (one or two columns) and the tables of `tests.synthetic.tables.random_table`:
borderless or ruled, headers wrapped over two or three lines in narrow cells, section headings spanning the
table, summary rows, legend and footnotes below, and a landscape page for wide tables. Nothing here is taken from
a real paper.
"""

from __future__ import annotations

import random
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from tests.synthetic.tables import SynthTable, _prose, random_table

__all__ = ["random_pdf_tables", "tables_to_pdf"]

_MARGIN = 50.0


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_flowable(text: str, style: ParagraphStyle, superscript_marks: bool) -> str | Paragraph:
    """A body cell: plain text, or a paragraph with its footnote mark raised."""
    if superscript_marks and text and (text[-1] in "*†‡§" or (text[-1].isalpha() and text[-1].islower()
                                                                and len(text) > 1 and text[-2].isdigit())):
        k = len(text)
        while k > 1 and text[k - 1] in "*†‡§":
            k -= 1
        if k == len(text):
            k -= 1
        return Paragraph(f"{_esc(text[:k])}<super>{_esc(text[k:])}</super>", style)
    return text


def _table_flowables(t: SynthTable, rng: random.Random, width: float) -> list:
    size = rng.choice([7.0, 7.5, 8.0, 8.5, 9.0])
    fam, bold = rng.choice([("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold")])
    cap = ParagraphStyle("cap", fontName=bold, fontSize=size + 1, leading=size + 3)
    head = ParagraphStyle("head", fontName=rng.choice([bold, fam]), fontSize=size, leading=size + 1.5)
    body = ParagraphStyle("body", fontName=fam, fontSize=size, leading=size + 1.5)
    note = ParagraphStyle("note", fontName=fam, fontSize=size - 0.5, leading=size + 1)
    sup = rng.random() < 0.4
    n = t.n_columns
    # sometimes one column of multi-word codes is set narrow, so its cells run over two lines
    multi_word = [j for j in range(1, n) if t.dtypes[j] == "category" and any(" " in r[j] for r in t.rows)]
    wrap_col = rng.choice(multi_word) if multi_word and rng.random() < 0.3 else None
    rows: list[list[object]] = []
    # header cells wrap inside narrow columns: two or three lines
    rows.append([Paragraph(_esc(h), head) for h in t.headers])
    sections = dict(t.sections)
    spans: list[int] = []
    for i, r in enumerate(t.rows):
        if i in sections:
            spans.append(len(rows))
            rows.append([sections[i]] + [""] * (n - 1))
        rows.append([Paragraph(_esc(c), body) if j == wrap_col else _cell_flowable(c, body, sup)
                     for j, c in enumerate(r)])
    summary_at = len(rows)
    for lab, cells in t.summary:
        rows.append([lab, *cells[1:]] if n > 1 else [lab])
    # column widths from content (never below it), headers forced to wrap; shrink the font until it fits
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def content_widths(sz: float) -> list[float]:
        out = []
        for j in range(n):
            texts = [r[j] for r in t.rows] + [([lab, *cells[1:]] if n > 1 else [lab])[j] for lab, cells in t.summary]
            if j == wrap_col:
                texts = [w for x in texts for w in x.split()]
            cells = [stringWidth(x, fam, sz) for x in texts]
            words = [stringWidth(w, head.fontName, sz) for w in t.headers[j].split()]
            out.append(max([*cells, *words, 8.0]) + 5)
        return out

    while sum(content_widths(size)) > width and size > 5.5:
        size -= 0.5
        for st in (head, body):
            st.fontSize, st.leading = size, size + 1.5
    base = content_widths(size)
    spare = max(0.0, width - sum(base))
    widths = [w + min(rng.uniform(2, 12), spare / n) for w in base]
    style = [("FONT", (0, 0), (-1, -1), fam, size), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
             ("TOPPADDING", (0, 0), (-1, -1), rng.choice([0.5, 1, 2])),
             ("BOTTOMPADDING", (0, 0), (-1, -1), rng.choice([0.5, 1, 2]))]
    if rng.random() < 0.5:
        align = rng.choice(["RIGHT", "CENTER"])
        style.append(("ALIGN", (1, 1), (-1, -1), align))
        body.alignment = {"RIGHT": 2, "CENTER": 1}[align]
    ruled = rng.random()
    if ruled < 0.5:  # booktabs-like rules
        style += [("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                  ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]
    elif ruled < 0.65:  # full grid
        style.append(("GRID", (0, 0), (-1, -1), 0.4, colors.black))
    for k in spans:
        style.append(("SPAN", (0, k), (-1, k)))
        style.append(("FONT", (0, k), (-1, k), "Helvetica-Oblique" if fam == "Helvetica" else "Times-Italic", size))
    if t.summary:
        style.append(("LINEABOVE", (0, summary_at), (-1, summary_at), 0.4, colors.black))
    out: list = [Spacer(1, 8), Paragraph(f"{_esc(t.label)}. {_esc(t.caption)}.", cap), Spacer(1, 4)]
    out.append(RLTable(rows, colWidths=widths, style=TableStyle(style), repeatRows=0, hAlign="LEFT"))
    out.append(Spacer(1, 3))
    if t.legend:
        sep = rng.choice([" – ", " = ", ": "])
        out.append(Paragraph(_esc("; ".join(f"{c}{sep}{m}" for c, m in t.legend) + "."), note))
    for mark, text in t.footnotes:
        out.append(Paragraph(f"<super>{_esc(mark)}</super>{_esc(text)}" if sup else _esc(f"{mark}{text}"), note))
    out.append(Spacer(1, 8))
    return out


def tables_to_pdf(tables: list[SynthTable], path: str | Path, rng: random.Random, *, columns: int = 1) -> Path:
    """Typeset prose and tables into a PDF at `path`; wide tables go on landscape pages."""
    path = Path(path)
    pw, ph = A4
    text = ParagraphStyle("text", fontName="Times-Roman", fontSize=10, leading=12.5)
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
                          bottomMargin=_MARGIN)
    fw = pw - 2 * _MARGIN
    fh = ph - 2 * _MARGIN
    gut = 18.0
    frames_text = ([Frame(_MARGIN, _MARGIN, fw, fh, id="one")] if columns == 1 else
                   [Frame(_MARGIN, _MARGIN, (fw - gut) / 2, fh, id="left"),
                    Frame(_MARGIN + (fw + gut) / 2, _MARGIN, (fw - gut) / 2, fh, id="right")])

    def feet(canvas, d):  # noqa: ANN001 - reportlab callback
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(_MARGIN, 25, "Synthetic Journal of Generated Studies")
        canvas.drawRightString(canvas._pagesize[0] - _MARGIN, 25, str(d.page))
        canvas.restoreState()

    lw, lh = landscape(A4)
    doc.addPageTemplates([
        PageTemplate(id="text", frames=frames_text, onPage=feet),
        PageTemplate(id="wide", frames=[Frame(_MARGIN, _MARGIN, fw, fh, id="wide")], onPage=feet),
        PageTemplate(id="land", frames=[Frame(_MARGIN, _MARGIN, lw - 2 * _MARGIN, lh - 2 * _MARGIN, id="land")],
                     pagesize=(lw, lh), onPage=feet),
    ])
    story: list = [Paragraph("A generated study of generated patients", ParagraphStyle(
        "title", fontName="Helvetica-Bold", fontSize=14, leading=17)), Spacer(1, 10)]
    for t in tables:
        for _ in range(rng.randint(1, 3)):
            story.append(Paragraph(_esc(_prose(rng, rng.randint(3, 8)).replace(" \n", " ")), text))
            story.append(Spacer(1, 4))
        wide = t.n_columns > 10
        if columns == 2 or wide:
            story += [NextPageTemplate("land" if wide else "wide"), PageBreak()]
            story += _table_flowables(t, rng, (lw if wide else pw) - 2 * _MARGIN)
            story += [NextPageTemplate("text"), PageBreak()]
        else:
            story += _table_flowables(t, rng, fw)
    story.append(Paragraph(_esc(_prose(rng, 4).replace(" \n", " ")), text))
    doc.build(story)
    return path


def random_pdf_tables(rng: random.Random, n: int = 1, **options: object) -> list[SynthTable]:
    """`n` random tables with distinct labels, as one paper would hold them."""
    out: list[SynthTable] = []
    for k in range(n):
        t = random_table(rng, label=f"Table {k + 1}", **options)  # type: ignore[arg-type]
        out.append(t)
    return out


def case_series_to_pdf(text: str, headers: list[str], rows: list[list[str]], path: Path) -> Path:
    """A case series written as plain text (prose, 'Table 1' block, prose) typeset as a one-column PDF: the prose
    lines as printed, the table as a borderless grid of ``headers`` and ``rows`` (cells as printed). The table block
    of the text (from its 'Table 1' line to its last row) is replaced by the grid and its caption."""
    from reportlab.pdfgen import canvas

    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Table 1"))
    # the table's last row as printed (its first two cells): prose below the table may also begin with a digit
    # ('0.004) and the OME ...'), and a row number in a wrapped header ('3 months') is no row
    key = " ".join(" ".join(rows[-1][:2]).split())
    last = next((i for i, line in enumerate(lines) if i > start and " ".join(line.split()).startswith(key)), None)
    if last is None:
        last = max(i for i, line in enumerate(lines) if i > start and line[:1].isdigit())
    caption = " ".join(lines[start].split())
    if caption == "Table 1":  # caption printed on the next line
        caption += " " + lines[start + 1].strip()
    page = canvas.Canvas(str(path), pagesize=A4)
    y = 800.0

    def line(s: str, font: str = "Helvetica", size: int = 9) -> None:
        nonlocal y
        if s[:1] == " " and s.strip():
            # a line printed with leading white space begins a page in the raw text (pages out of order): it
            # begins a page of the PDF too, so the reader's page break marks the fragment as the space did
            page.showPage()
            y = 800.0
        page.setFont(font, size)
        page.drawString(_MARGIN, y, s)
        y -= 12

    for s in lines[:start]:
        line(s)
    line(caption, "Helvetica-Bold")
    widths = [max(len(h), *(len(r[j]) for r in rows)) for j, h in enumerate(headers)]
    xs = [_MARGIN]
    for w in widths[:-1]:
        xs.append(xs[-1] + 5.2 * w + 14)
    page.setFont("Helvetica-Bold", 8)
    for x, h in zip(xs, headers, strict=True):
        page.drawString(x, y, h)
    y -= 12
    page.setFont("Helvetica", 8)
    for r in rows:
        for x, v in zip(xs, r, strict=True):
            page.drawString(x, y, v)
        y -= 11
    for s in lines[last + 1:]:
        line(s)
    page.save()
    return path
