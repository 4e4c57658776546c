"""audit_corpus and `paperaudit audit` over several papers: every paper reported once, unreadable ones as error
reports (exit 2) while the rest go on, progress on stderr only, workers and Dask options validated."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from paperaudit.check import audit_corpus
from paperaudit.schemas import SettingsError
from tests.synthetic.tables import random_table, render_flat_text

GOOD = 4


def _corpus(folder: Path, bad: bool = True) -> list[Path]:
    """A few generated text papers (and, with `bad`, a binary file and an empty file that cannot be read)."""
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(GOOD):
        text = ("Results\nThe mean number of visits was 4.5 (n = 50); t(28) = 2.20, p = .03.\n\n"
                + render_flat_text(random_table(rng), rng))
        p = folder / f"paper_{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    if bad:
        (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text \x00")
        (folder / "empty.txt").write_bytes(b"")
        paths += [folder / "broken.txt", folder / "empty.txt"]
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_paper_reported_once_and_bad_ones_carry_an_error(tmp_path: Path, jobs: int) -> None:
    paths = _corpus(tmp_path)
    missing = tmp_path / "missing.txt"
    reports = list(audit_corpus([*paths, missing], jobs=jobs, progress=False))
    by_path = {r.path: r for r in reports}
    assert len(reports) == len(paths) + 1 and len(by_path) == len(reports)
    for p in paths[:GOOD]:
        r = by_path[str(p)]
        assert r.error is None and r.source_text == p.read_text(encoding="utf-8")
    for p in (tmp_path / "broken.txt", tmp_path / "empty.txt", missing):
        r = by_path[str(p)]
        assert r.error and str(p) in r.error and r.source_text == ""


def test_serial_run_is_lazy_and_in_input_order(tmp_path: Path) -> None:
    paths = _corpus(tmp_path, bad=False)
    it = audit_corpus(paths, progress=False)
    first = next(it)
    assert first.path == str(paths[0])
    assert [r.path for r in it] == [str(p) for p in paths[1:]]


def test_closing_a_parallel_run_early_stops_cleanly(tmp_path: Path) -> None:
    paths = _corpus(tmp_path, bad=False)
    it = audit_corpus(paths * 3, jobs=2, progress=False)
    assert next(it).error is None
    it.close()  # shuts the pool down, cancelling what had not started


def test_bad_settings_raise_settings_error() -> None:
    with pytest.raises(SettingsError):
        audit_corpus([], jobs=0)
    with pytest.raises(SettingsError):
        audit_corpus([], backend="threads")
    try:
        import dask  # noqa: F401
    except ImportError:
        with pytest.raises(SettingsError, match="dask"):
            audit_corpus([], backend="dask")


def test_progress_goes_to_stderr_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = _corpus(tmp_path)
    reports = list(audit_corpus(paths, jobs=1, progress=True))
    assert len(reports) == len(paths)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "auditing" in captured.err and f"{len(paths)}/{len(paths)}" in captured.err


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    list(audit_corpus(_corpus(tmp_path), progress=None))
    captured = capsys.readouterr()
    assert captured.out == "" and "auditing" not in captured.err


def test_cli_folder_exit_2_when_a_paper_is_unreadable(tmp_path: Path) -> None:
    _corpus(tmp_path / "mixed")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "paperaudit.check", "audit", str(tmp_path / "mixed"), "-j", "1",
                           "--fail-on", "never"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("paperaudit: ") == 2 and "broken.txt" in done.stderr and "empty.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert all(f"paper_{i}.txt" in done.stdout for i in range(GOOD))
    assert "broken.txt" not in done.stdout and "auditing" not in done.stdout


def test_cli_streams_reports_to_a_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from paperaudit.check._cli import app

    _corpus(tmp_path / "clean", bad=False)
    out = tmp_path / "reports.jsonl"
    result = CliRunner().invoke(app, ["audit", str(tmp_path / "clean"), "--format", "jsonl", "-o", str(out),
                                      "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert all(f"paper_{i}.txt" in written for i in range(GOOD))
    assert not list(tmp_path.glob(".*.partial"))


def test_parallel_reports_equal_serial_ones(tmp_path: Path) -> None:
    paths = _corpus(tmp_path)
    serial = {r.path: r for r in audit_corpus(paths, jobs=1, progress=False)}
    parallel = {r.path: r for r in audit_corpus(paths, jobs=2, progress=False)}
    assert serial == parallel  # the JSON hop between processes loses nothing (Decimals, spans, tuples)
