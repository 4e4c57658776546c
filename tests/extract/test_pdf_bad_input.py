"""Bad PDF input: one-line InputError (exit 2 from the CLI, no traceback); a failing page is noted, the rest read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen import canvas

from paperaudit.extract import _pdf as pdfmod
from paperaudit.extract import read_document
from paperaudit.schemas import InputError


def _make(path: Path, *, text: bool = True, pages: int = 2, encrypt: object = None) -> Path:
    c = canvas.Canvas(str(path), encrypt=encrypt)
    for p in range(pages):
        if text:
            c.drawString(72, 720, f"Page {p + 1} reports that 18 patients were seen.")
        else:
            c.rect(72, 500, 200, 100, fill=1)
        c.showPage()
    c.save()
    return path


def _one_line(exc: InputError) -> str:
    line = exc.one_line()
    assert "\n" not in line
    return line


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated_pdf_is_an_input_error(tmp_path: Path, fraction: float) -> None:
    data = _make(tmp_path / "ok.pdf").read_bytes()
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(InputError) as err:
        read_document(bad)
    assert "truncated" in _one_line(err.value) or "damaged" in _one_line(err.value)


def test_encrypted_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = _make(tmp_path / "enc.pdf", encrypt=pdfencrypt.StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(InputError, match="encrypted"):
        read_document(path)


def test_zero_page_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                     b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises(InputError, match="no pages"):
        read_document(path)


def test_image_only_pdf_is_an_input_error(tmp_path: Path) -> None:
    path = _make(tmp_path / "scan.pdf", text=False)
    with pytest.raises(InputError, match="no text layer"):
        read_document(path)


def test_not_really_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("just some words, not a PDF at all")
    with pytest.raises(InputError, match="not a PDF"):
        read_document(path)


def test_empty_pdf_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        read_document(path)


def test_a_failing_page_is_noted_and_the_rest_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _make(tmp_path / "three.pdf", pages=3)
    real = pdfmod.page_to_layout

    def flaky(page: object, number: int):  # noqa: ANN202
        if number == 2:
            raise RuntimeError("broken content stream")
        return real(page, number)

    monkeypatch.setattr(pdfmod, "page_to_layout", flaky)
    doc = read_document(path)
    assert [p.error is not None for p in doc.pages] == [False, True, False]
    assert "broken content stream" in (doc.pages[1].error or "")
    assert any("page 2 could not be read" in n for n in doc.notes)
    assert "Page 1 reports" in doc.source_text and "Page 3 reports" in doc.source_text


def test_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    path = _make(tmp_path / "scan.pdf", text=False)
    exe = Path(sys.executable).with_name("paperaudit")
    if not exe.exists():
        pytest.skip("paperaudit console script not installed in this environment")
    proc = subprocess.run([str(exe), "claims", str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "no text layer" in proc.stderr
    assert "Traceback" not in proc.stderr
