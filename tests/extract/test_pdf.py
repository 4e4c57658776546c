"""PDF reader and geometry tables on generated PDFs: reading order, words and spans, running heads, tables."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from paperaudit.extract import document_to_tables, read_document
from paperaudit.schemas import Document
from tests.synthetic.pdfs import random_pdf_tables, tables_to_pdf
from tests.synthetic.tables import SynthTable, random_table

LEFT = [f"Left column sentence number {i} says alpha{i} and nothing else of note here." for i in range(14)]
RIGHT = [f"Right column sentence number {i} says omega{i} and nothing else of note here." for i in range(14)]


def _two_column_pdf(path: Path) -> Path:
    """A page of two text columns (same font and leading, so their lines share baselines) with a running foot."""
    w, h = A4
    style = ParagraphStyle("t", fontName="Times-Roman", fontSize=10, leading=12)

    def foot(c: canvas.Canvas, _doc: object) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(50, 25, "Generated Journal of Layout Tests")
        c.drawRightString(w - 50, 25, str(c.getPageNumber()))

    doc = BaseDocTemplate(str(path), pagesize=A4)
    frames = [Frame(50, 50, (w - 118) / 2, h - 100, id="l"), Frame(50 + (w - 118) / 2 + 18, 50, (w - 118) / 2,
                                                                    h - 100, id="r")]
    doc.addPageTemplates([PageTemplate(id="two", frames=frames, onPage=foot)])
    from reportlab.platypus import FrameBreak

    doc.build([Paragraph(" ".join(LEFT), style), FrameBreak(), Paragraph(" ".join(RIGHT), style)])
    return path


def _check_words(doc: Document) -> None:
    for w in doc.words:
        assert doc.source_text[w.start:w.end] == w.text
        assert w.x0 <= w.x1 and w.top <= w.bottom
    for ln in doc.lines:
        assert "\n" not in doc.source_text[ln.start:ln.end]


def test_two_columns_read_left_then_right(tmp_path: Path) -> None:
    doc = read_document(_two_column_pdf(tmp_path / "two.pdf"))
    text = " ".join(doc.source_text.split())
    assert doc.pages[0].columns == 2
    # every left sentence comes whole, in order, before the first right sentence
    last_left = max(text.index(s) for s in LEFT)
    first_right = min(text.index(s) for s in RIGHT)
    assert last_left < first_right
    assert [text.index(s) for s in LEFT] == sorted(text.index(s) for s in LEFT)
    _check_words(doc)


def test_running_foot_and_page_number_are_out_of_the_flow(tmp_path: Path) -> None:
    doc = read_document(_two_column_pdf(tmp_path / "two.pdf"))
    flow_end = doc.pages[-1].end
    assert "Generated Journal" not in doc.source_text[:flow_end]
    assert "Generated Journal" in doc.source_text[flow_end:]
    assert any("out of the reading flow" in n for n in doc.notes)


def test_tight_word_gaps_are_not_glued(tmp_path: Path) -> None:
    """Words placed 0.2 em apart with no space characters (pdfplumber's default tolerance glues them)."""
    path = tmp_path / "tight.pdf"
    c = canvas.Canvas(str(path))
    x = 72.0
    words = ["mean", "age", "was", "45.2", "years"]
    for word in words:
        c.setFont("Helvetica", 12)
        c.drawString(x, 700, word)
        x += c.stringWidth(word, "Helvetica", 12) + 0.2 * 12
    c.showPage()
    c.save()
    doc = read_document(path)
    assert [w.text for w in doc.words] == words
    assert doc.source_text.strip() == "mean age was 45.2 years"


def test_superscript_mark_stays_with_its_word(tmp_path: Path) -> None:
    path = tmp_path / "sup.pdf"
    c = canvas.Canvas(str(path))
    t = c.beginText(72, 700)
    t.setFont("Helvetica", 10)
    t.textOut("body mass index 25.6")
    t.setFont("Helvetica", 6)
    t.setRise(4)
    t.textOut("a")
    t.setRise(0)
    t.setFont("Helvetica", 10)
    t.textOut(" kg")
    c.drawText(t)
    c.showPage()
    c.save()
    doc = read_document(path)
    assert doc.source_text.strip() == "body mass index 25.6a kg"


def _score(truth: SynthTable, doc: Document) -> tuple[int, int]:
    tables = {t.label: t for t in document_to_tables(doc)}
    got = tables[truth.label]
    assert got.source == "pdf"
    assert any("geometry" in n for n in got.notes)
    ok = sum(1 for i, want in enumerate(truth.clean_rows)
             if i < len(got.rows) and [c.text for c in got.rows[i].cells] == want)
    return ok, len(truth.clean_rows)


def test_one_column_paper_tables_recovered(tmp_path: Path) -> None:
    rng = random.Random(11)
    truths = random_pdf_tables(rng, 2)
    doc = read_document(tables_to_pdf(truths, tmp_path / "p.pdf", rng, columns=1))
    _check_words(doc)
    for truth in truths:
        ok, n = _score(truth, doc)
        assert ok == n


def test_table_cells_trace_to_words(tmp_path: Path) -> None:
    rng = random.Random(5)
    truth = random_table(rng, label="Table 1", n_cols=6, n_rows=8, marks=False, sections=False, summary=False)
    doc = read_document(tables_to_pdf([truth], tmp_path / "p.pdf", rng, columns=1))
    table = document_to_tables(doc)[0]
    starts = {w.start for w in doc.words}
    for row in table.rows:
        for cell in row.cells:
            if cell.start is not None:
                assert cell.start in starts
                assert doc.source_text[cell.start:cell.end] == cell.raw
            if cell.number is not None:
                assert str(cell.number) == cell.text.replace("−", "-") or cell.number == type(cell.number)(cell.text)


def test_sections_summary_and_marks(tmp_path: Path) -> None:
    rng = random.Random(3)
    truth = random_table(rng, label="Table 1", n_cols=7, n_rows=12, sections=True, summary=True, marks=True)
    doc = read_document(tables_to_pdf([truth], tmp_path / "p.pdf", rng, columns=1))
    got = document_to_tables(doc)[0]
    assert [s.text for s in got.sections] == [text for _, text in truth.sections]
    assert [s.label for s in got.summary_rows] == [lab for lab, _ in truth.summary]
    assert [[c.text for c in r.cells] for r in got.rows] == truth.clean_rows
    for i, r in enumerate(got.rows):
        assert r.section == truth.section_of(i)


def test_wide_table_on_landscape_page(tmp_path: Path) -> None:
    rng = random.Random(8)
    truth = random_table(rng, label="Table 1", n_cols=13, n_rows=15)
    doc = read_document(tables_to_pdf([truth], tmp_path / "p.pdf", rng, columns=2))
    assert any(p.width and p.height and p.width > p.height for p in doc.pages)
    ok, n = _score(truth, doc)
    assert ok == n


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 10**6), columns=st.sampled_from([1, 2]))
def test_generated_tables_round_trip(tmp_path_factory: pytest.TempPathFactory, seed: int, columns: int) -> None:
    rng = random.Random(seed)
    truths = random_pdf_tables(rng, 1)
    path = tables_to_pdf(truths, tmp_path_factory.mktemp("gen") / "p.pdf", rng, columns=columns)
    doc = read_document(path)
    ok, n = _score(truths[0], doc)
    assert ok >= n - 1  # the benchmark holds the strict bar over hundreds of tables


def test_table_printed_turned_on_a_portrait_page(tmp_path: Path) -> None:
    """A wide table set turned by 90° on a portrait page is read turned back, row by row."""
    from reportlab.platypus import Table as RLTable

    truth = random_table(random.Random(9), n_cols=12, n_rows=20, label="Table 1", sections=False, summary=False,
                         marks=False)
    path = tmp_path / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.saveState()
    c.translate(500, 60)
    c.rotate(90)
    table = RLTable([truth.headers, *truth.rows])
    table.setStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 7)])
    _, height = table.wrapOn(c, 760, 450)
    c.setFont("Helvetica-Bold", 9)
    c.drawString(0, height + 6, "Table 1. Patient data.")
    table.drawOn(c, 0, 0)
    c.restoreState()
    c.showPage()
    c.save()
    doc = read_document(path)
    assert any("turned 90" in n for n in doc.notes)
    assert doc.pages[0].width and doc.pages[0].height and doc.pages[0].width > doc.pages[0].height
    ok, n = _score(truth, doc)
    assert ok == n
