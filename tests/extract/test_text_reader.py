"""The .txt reader: decoding, BOM, fallbacks, and each bad input as one line with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from paperaudit.extract import read_document
from paperaudit.schemas import InputError


def test_utf8_bom_dropped_and_line_endings_kept(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes("\ufeffMean age 45 \u00b1 12.\r\nNext line\r\n".encode())
    doc = read_document(p)
    assert doc.source_text == "Mean age 45 \u00b1 12.\r\nNext line\r\n"
    assert doc.encoding == "utf-8" and doc.notes == []
    first = doc.lines[0]
    assert doc.source_text[first.start:first.end] == "Mean age 45 \u00b1 12."


def test_cp1252_fallback_is_noted(tmp_path: Path) -> None:
    p = tmp_path / "b.txt"
    p.write_bytes("Age 45 \u00b1 12 years \u2013 all patients".encode("cp1252"))
    doc = read_document(p)
    assert "\u00b1" in doc.source_text and "\u2013" in doc.source_text
    assert doc.encoding == "cp1252"
    assert any("cp1252" in n for n in doc.notes)


def test_form_feeds_split_pages(tmp_path: Path) -> None:
    p = tmp_path / "c.txt"
    p.write_text("page one\fpage two\n")
    doc = read_document(p)
    assert [pg.number for pg in doc.pages] == [1, 2]
    assert doc.source_text[doc.pages[1].start:doc.pages[1].end] == "page two\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02binary\x00" * 50, "binary"),
        ("blank.txt", b"   \n\n\t  \n", "white space"),
        ("noise.txt", bytes(range(1, 9)) * 200, "no readable text"),
    ],
)
def test_bad_input_raises_input_error(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(p)


@pytest.mark.parametrize("verb", ["extract", "claims", "audit"])
@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.txt", None), ("empty.txt", b""), ("binary.bin", b"\x00\xff" * 100), ("dir", "DIR")],
)
def test_cli_bad_input_one_line_exit_2(tmp_path: Path, verb: str, name: str, content: object) -> None:
    p = tmp_path / name
    if content == "DIR":
        p.mkdir()
        (p / "notapaper.bin").write_bytes(b"\x00")
    elif isinstance(content, bytes):
        p.write_bytes(content)
    args = [verb, str(p)] + (["--out-dir", str(tmp_path / "out")] if verb == "extract" else [])
    r = subprocess.run([sys.executable, "-m", "paperaudit.check", *args], capture_output=True, text=True)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("paperaudit: ")
