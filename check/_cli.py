"""The `paperaudit` command: parses options, calls one public function, writes the result."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from paperaudit.schemas import AuditReport, AuditSettings, OutputError, PaperAuditError

from ._codes import CODES, explain
from ._report import render_report
from ._writers import claims_to_csv, claims_to_json, claims_to_text, write_tables, write_text

# Extraction and the audit pull in spaCy, scipy and pdfplumber (seconds of start-up); they are imported inside
# the commands that need them, so `--help` and `explain` answer at once.

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Audit the numbers in published papers. With no PAPER, each command runs on the bundled example.",
    pretty_exceptions_enable=False,
)


class ClaimFormat(str, Enum):
    text = "text"
    json = "json"
    csv = "csv"


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"
    html = "html"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class Show(str, Enum):
    problems = "problems"
    all = "all"


def _fail(message: str) -> None:
    typer.echo(f"paperaudit: {message}", err=True)
    raise typer.Exit(2)


def _paper_path(paper: Path | None) -> Path:
    from paperaudit.extract import bundled_example

    return paper if paper is not None else bundled_example()


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text(out, text)


def _expand(papers: list[Path]) -> list[Path]:
    """Folders become the .txt and .pdf files inside them, sorted."""
    out: list[Path] = []
    for p in papers:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix.lower() in (".txt", ".pdf") and q.is_file()))
        else:
            out.append(p)
    return out


@app.command("extract")
def extract_cmd(
    paper: Annotated[Path | None, typer.Argument(help="A .txt or .pdf paper (default: the bundled example).")] = None,
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Folder for <paper stem>/tableN.csv and tables.json.")]
    = Path("outputs"),
) -> None:
    """Recover the paper's tables: one CSV per table and tables.json with the full schema."""
    from paperaudit.extract import read_paper

    path = _paper_path(paper)
    result = read_paper(path)
    written = write_tables(result, out_dir, path.stem)
    if not result.tables:
        typer.echo(f"{path}: no table found; wrote {written[-1]}", err=True)
    else:
        for t in result.tables:
            typer.echo(f"{t.label}: {len(t.rows)} rows x {len(t.columns)} columns"
                       + (f", {len(t.ambiguities)} ambiguous lines" if t.ambiguities else ""), err=True)
        typer.echo(f"wrote {len(written)} files to {written[-1].parent}", err=True)


@app.command("claims")
def claims_cmd(
    paper: Annotated[Path | None, typer.Argument(help="A .txt or .pdf paper (default: the bundled example).")] = None,
    fmt: Annotated[ClaimFormat, typer.Option("--format", help="text, json or csv.")] = ClaimFormat.text,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
) -> None:
    """List every statistic the prose reports, with its place, subject and subset."""
    from paperaudit.extract import read_paper

    result = read_paper(_paper_path(paper))
    render = {"text": claims_to_text, "json": claims_to_json, "csv": claims_to_csv}[fmt.value]
    _emit(render(result), out)


def _stream_corpus(paths: list[Path], settings: AuditSettings, fmt: str, out: Path | None, jobs: int,
                   backend: str) -> int:
    """Write each paper's report as soon as it is done (no report is kept), unreadable ones to stderr; return
    the exit code over all of them."""
    from ._audit import exit_code
    from ._corpus import audit_corpus

    rc = 0
    tmp = out.with_name(f".{out.name}.partial") if out is not None else None
    try:
        sink = open(tmp, "w", encoding="utf-8") if tmp is not None else sys.stdout  # noqa: SIM115
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror}") from None
    try:
        for r in audit_corpus(paths, settings, jobs=jobs, backend=backend):
            if r.error:
                typer.echo(f"paperaudit: {r.error}", err=True)
            else:
                sink.write(render_report(r, fmt, settings.show_all))
                sink.flush()
            rc = max(rc, exit_code([r], settings.fail_on))
    finally:
        if tmp is not None:
            sink.close()
    if tmp is not None and out is not None:
        os.replace(tmp, out)
    return rc


@app.command("audit")
def audit_cmd(
    papers: Annotated[list[Path] | None, typer.Argument(help="Papers or folders (default: the bundled example).")]
    = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text, json, jsonl, csv, md or html.")]
    = ReportFormat.text,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this.")]
    = FailOn.error,
    show: Annotated[Show, typer.Option("--show", help="'all' also prints consistent findings.")] = Show.problems,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for many papers.")] = 1,
    dask: Annotated[bool, typer.Option("--dask", help="Use Dask for many papers (needs the 'dask' extra).")]
    = False,
) -> None:
    """Recompute every number the prose reports from the table, and flag those that disagree."""
    from ._audit import audit_paper, exit_code

    settings = AuditSettings(fail_on=fail_on.value, show_all=show is Show.all)
    paths = _expand(papers or [_paper_path(None)])
    if not paths:
        _fail("no .txt or .pdf papers found")
    reports: list[AuditReport]
    if len(paths) == 1 and not (papers and papers[0].is_dir()):
        reports = [audit_paper(paths[0], settings)]
    else:
        raise typer.Exit(_stream_corpus(paths, settings, fmt.value, out, jobs, "dask" if dask else "processes"))
    text = "".join(render_report(r, fmt.value, settings.show_all) for r in reports if not r.error)
    _emit(text, out)
    raise typer.Exit(exit_code(reports, settings.fail_on))


@app.command("explain")
def explain_cmd(
    code: Annotated[str | None, typer.Argument(help="A code such as PA201; none lists all.")] = None,
) -> None:
    """Print the long form of a finding code."""
    if code is None:
        for c in CODES.values():
            typer.echo(f"{c.code}  {c.title}")
        return
    try:
        typer.echo(explain(code), nl=False)
    except KeyError:
        _fail(f"unknown code {code!r}; `paperaudit explain` lists them")


def main() -> None:
    """Console entry point: every failure is one line on stderr and exit code 2, never a traceback."""
    try:
        # With standalone_mode=False click returns the code of a typer.Exit instead of raising it.
        rc = app(standalone_mode=False)
    except PaperAuditError as exc:
        typer.echo(f"paperaudit: {exc.one_line()}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("paperaudit: interrupted", err=True)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the CLI must never print a traceback
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2)
        if os.environ.get("PAPERAUDIT_DEBUG"):
            raise
        typer.echo(f"paperaudit: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
    sys.exit(rc if isinstance(rc, int) else 0)
