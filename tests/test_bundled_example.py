"""The bundled example and the hand-checked expectations every engineer tests against.

(a) The example is installed with the package. (b) The expected files agree with their texts, with the tables
and with each other (the oracle checks itself). (c) The pipeline reproduces them on the bundled example and on the
seed: `paperaudit extract` gives table1.csv, extraction finds every expected statistic, the audit gives the
expected verdicts. The seed cases skip with a reason when ../shared is absent.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from scipy import stats
from typer.testing import CliRunner

from paperaudit.extract import bundled_example, read_document, read_paper
from paperaudit.schemas import Paper
from tests.conftest import REPO, SEED, need_shared

EXAMPLE = "ketamine_outpatient"
SEED_DATA = REPO / "tests" / "data" / "seed"
STATUSES = {"consistent", "inconsistent", "unverifiable", "not judged"}
WORD_NUMBERS = {"one": 1, "two": 2, "five": 5, "eleven": 11}
# Roles that name the same reported number in different words ("Eleven patients": a count, or the n of a subset).
ROLE_CLASSES = [{"count", "n", "total"}, {"value", "mean"}]



def _installed(name: str) -> Path:
    return Path(str(resources.files("paperaudit.corpus").joinpath(name)))


def _read_text(path: Path) -> str:
    """The file as every span points into it: UTF-8, a BOM dropped, line endings untouched."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return fh.read()


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@dataclass
class Case:
    """One paper with its expected files."""

    name: str
    text_path: Path
    data_dir: Path
    _cache: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self._cache.setdefault("text", _read_text(self.text_path))

    @property
    def claims(self) -> dict[str, Any]:
        return self._cache.setdefault("claims", json.loads((self.data_dir / "expected_claims.json").read_text("utf-8")))

    @property
    def verdicts(self) -> dict[str, Any]:
        return self._cache.setdefault(
            "verdicts", json.loads((self.data_dir / "expected_verdicts.json").read_text("utf-8")))

    @property
    def table(self) -> list[list[str]]:
        return self._cache.setdefault("table", _read_csv(self.data_dir / "table1.csv"))


def _bundled_case() -> Case:
    return Case("bundled", bundled_example(), _installed(EXAMPLE))


def _seed_case() -> Case:
    need_shared()
    if not SEED.is_file():
        pytest.skip(f"seed paper missing at {SEED}")
    return Case("seed", SEED, SEED_DATA)


@pytest.fixture(params=["bundled", "seed"])
def case(request: pytest.FixtureRequest) -> Case:
    return _bundled_case() if request.param == "bundled" else _seed_case()


# ------------------------------------------------------------------ (a) installed with the package


def test_bundled_example_is_installed() -> None:
    path = bundled_example()
    assert path.is_file()
    assert path.name == f"{EXAMPLE}.txt"
    assert path.resolve() == _installed(f"{EXAMPLE}.txt").resolve()
    for name in ("table1.csv", "expected_claims.json", "expected_verdicts.json"):
        assert _installed(f"{EXAMPLE}/{name}").is_file(), f"{EXAMPLE}/{name} is not installed as package data"
    repo_copy = REPO / "corpus" / f"{EXAMPLE}.txt"
    if repo_copy.is_file():
        assert path.read_bytes() == repo_copy.read_bytes()


def test_bundled_example_reads_as_a_document() -> None:
    doc = read_document(bundled_example())
    assert doc.source_text == _read_text(bundled_example())
    assert "Table 1." in doc.source_text


# ------------------------------------------------------------------ (b) the expected files check themselves


def test_expected_spans_point_at_their_numbers(case: Case) -> None:
    text = case.text
    assert case.claims["sha256"] == hashlib.sha256(case.text_path.read_bytes()).hexdigest(), (
        "the paper changed since the expectations were worked out: spans must be redone")
    for item in case.claims["claims"] + case.claims["not_statistics"] + case.verdicts["verdicts"]:
        assert text[item["start"]:item["end"]] == item["raw"], item["id"]
    spans = [(c["start"], c["end"]) for c in case.claims["claims"] + case.claims["not_statistics"]]
    assert len(spans) == len(set(spans)), "two expectations share a span"


def test_expected_values_parse_from_raw(case: Case) -> None:
    for c in case.claims["claims"]:
        raw = c["raw"]
        if raw.isalpha():
            assert Decimal(c["value"]) == WORD_NUMBERS[raw.lower()] and c["decimals"] == 0, c["id"]
        else:
            assert Decimal(c["value"]) == Decimal(raw), c["id"]
            assert c["decimals"] == (len(raw.split(".")[1]) if "." in raw else 0), c["id"]


def test_claims_and_verdicts_line_up(case: Case) -> None:
    claims, verdicts = case.claims["claims"], case.verdicts["verdicts"]
    assert [c["id"] for c in claims] == [v["id"] for v in verdicts]
    for c, v in zip(claims, verdicts, strict=True):
        assert (c["raw"], c["start"], c["end"], c["role"]) == (v["raw"], v["start"], v["end"], v["role"])
        assert v["status"] in STATUSES, v["id"]
        assert v["why"], v["id"]
        if v["status"] in ("consistent", "inconsistent"):
            assert v["recomputed"] and v["rule"], v["id"]
        if v["status"] == "unverifiable":
            assert v["reason"], v["id"]
            if "ambiguous" in v["reason"]:
                assert len(v["alternatives"]) >= 2, v["id"]
                assert {a["status"] for a in v["alternatives"]} == {"consistent", "inconsistent"}, v["id"]
        if c["protocol"]:
            assert v["status"] == "not judged", f"{v['id']}: a protocol number is not judged against the table"
        if c["group"] == "comparison group":
            assert v["status"] in ("unverifiable", "not judged"), f"{v['id']}: the comparison group is untabulated"
    ids = {c["id"] for c in claims}
    for x in case.verdicts["cross_checks"]:
        assert set(x["ids"]) <= ids and re.fullmatch(r"PA3\d\d", x["code"]), x


def test_expected_table_shape(case: Case) -> None:
    header, *rows = case.table
    assert len(header) == 11 and len(set(header)) == 11
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", h) for h in header), header
    assert len(rows) == 18 and all(len(r) == 11 for r in rows)
    assert [r[0] for r in rows] == [str(i) for i in range(1, 19)]


def test_expected_table_rows_are_printed_in_the_text(case: Case) -> None:
    lines = {line.rstrip() for line in case.text.splitlines()}
    for row in case.table[1:]:
        assert " ".join(row) in lines, row


def test_bundled_table_equals_seed_table() -> None:
    bundled = _read_csv(_installed(f"{EXAMPLE}/table1.csv"))
    seed = _read_csv(SEED_DATA / "table1.csv")
    assert bundled[1:] == seed[1:]


def test_bundled_and_seed_expectations_agree() -> None:
    """The rendition keeps the seed's figures, so every expected number has the same verdict in both."""
    ours = json.loads(_installed(f"{EXAMPLE}/expected_verdicts.json").read_text("utf-8"))["verdicts"]
    seed = json.loads((SEED_DATA / "expected_verdicts.json").read_text("utf-8"))["verdicts"]
    strip = ("start", "end", "columns")
    assert {x["id"]: {k: v for k, v in x.items() if k not in strip} for x in ours} == {
        x["id"]: {k: v for k, v in x.items() if k not in strip} for x in seed}


def _rounds_to(x: Decimal, raw: str) -> bool:
    q = Decimal(1).scaleb(-(len(raw.split(".")[1]) if "." in raw else 0))
    return Decimal(raw) in (x.quantize(q, ROUND_HALF_UP), x.quantize(q, ROUND_HALF_EVEN))


def _seed_names_sha256() -> list[str]:
    """The seed's extracted column names, as hashes: the names spell its header words, so the data keeps them hashed
    and table1.csv is headed in our own words (same columns, same order)."""
    data = json.loads((SEED_DATA / "table1_names_sha256.json").read_text("utf-8"))
    return list(data["names_sha256"])


def _sha(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def _columns(case: Case) -> dict[str, list[str]]:
    header, *rows = case.table
    cols = {"_id": [r[0] for r in rows], **{h: [r[i] for r in rows] for i, h in enumerate(header)}}
    if case.name == "seed":  # the verdicts name the seed's columns as extraction names them
        cols |= {digest: [r[i] for r in rows] for i, digest in enumerate(_seed_names_sha256())}
    return cols


def _values(case: Case, column: str, row_ids: list[str] | None) -> list[Decimal]:
    cols = _columns(case)
    column = column if column in cols else _sha(column)
    keep = set(row_ids) if row_ids else set(cols["_id"])
    return [Decimal(v) for rid, v in zip(cols["_id"], cols[column], strict=True) if rid in keep]


def _describe(xs: list[Decimal], role: str, ddof: int) -> Decimal:
    n = len(xs)
    mean = sum(xs) / n
    if role == "mean":
        return mean
    if role == "sd":
        return (sum((x - mean) ** 2 for x in xs) / (n - ddof)).sqrt()
    if role == "median":
        s = sorted(xs)
        return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return min(xs) if role == "min" else max(xs)


def test_oracle_recomputes_from_its_table(case: Case) -> None:
    """Each decided mean, SD, median, min, max and table P value is recomputed here from table1.csv alone."""
    checked = 0
    for v in case.verdicts["verdicts"]:
        if v["status"] not in ("consistent", "inconsistent") or not v.get("columns"):
            continue
        if v["role"] in ("mean", "sd", "median", "min", "max") and len(v["columns"]) == 1:
            ddof = 0 if "n formula" in v.get("note", "") else 1
            x = _describe(_values(case, v["columns"][0], v.get("rows")), v["role"], ddof)
        elif v["role"] == "p":
            a, b = ([float(x) for x in _values(case, c, v.get("rows"))] for c in v["columns"])
            x = Decimal(float(stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True).pvalue))
        else:
            continue
        assert abs(x - Decimal(v["recomputed"])) < Decimal("0.00006"), (v["id"], x)
        assert _rounds_to(x, v["raw"]) == (v["status"] == "consistent"), (v["id"], x)
        checked += 1
    assert checked >= 20


def test_oracle_counts_from_its_table(case: Case) -> None:
    """The subset counts the verdicts rest on, recounted from table1.csv."""
    header, *rows = case.table
    # Both tables print the same columns in the same order: infusions, VRS before / at 6 months, opioid before / at 6.
    inf, vb, v6, ob, o6 = 5, 7, 8, 9, 10
    completers = [r for r in rows if 3 <= int(r[inf]) <= 6]
    below_half = [r for r in rows if 2 * int(r[o6]) < int(r[ob])]
    assert len(completers) == 11 and len(rows) - len(completers) == 7
    assert [r[0] for r in below_half] == ["6", "12", "13", "15", "16"]
    assert [r[0] for r in below_half if r in completers] == ["6", "12", "13"]
    gain = {r[0]: (int(r[vb]) - int(r[v6])) / int(r[vb]) for r in below_half}
    assert sorted(k for k, g in gain.items() if g > 0.5) == ["12"]
    assert sorted(k for k, g in gain.items() if g >= 0.5) == ["12", "13"]
    assert sum(int(r[inf]) for r in rows) == 55
    assert Counter(r[header.index("sex")] for r in rows) == {"M": 10, "F": 8}
    assert [r[0] for r in rows if int(r[vb]) <= 5] == ["2", "7", "13", "18"]


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?", text.lower())


def _shingles(words: list[str], k: int = 10) -> set[str]:
    """Runs of 10 words with at least 7 real words (the pre-stop check's definition)."""
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)
            if sum(w.isalpha() and len(w) > 2 for w in words[i:i + k]) >= 7}


def test_bundled_text_is_in_our_own_words() -> None:
    corpus = need_shared()
    ours = _shingles(_words(_read_text(bundled_example())))
    for path in sorted(corpus.rglob("*")):
        if path.suffix in (".txt", ".htm", ".html") and path.is_file():
            shared = ours & _shingles(_words(path.read_text(errors="ignore")))
            assert not shared, f"the bundled example repeats {path.name}: {sorted(shared)[:3]}"


def test_bundled_text_keeps_the_layout_quirks() -> None:
    """The example is only worth bundling while it stays as messy as real PDF text: guard against tidying."""
    text = _read_text(bundled_example())
    lines = text.split("\n")
    caption = next(i for i, line in enumerate(lines) if line.startswith("Table 1."))
    before = next(line for line in reversed(lines[:caption]) if line.strip())
    assert not before.rstrip().endswith((".", "?", "!", ":")), "Table 1 no longer interrupts a sentence"
    legend = next(i for i in range(caption, len(lines)) if lines[i].startswith("CAP-"))
    after = next(line for line in lines[legend + 2:] if line.strip())
    assert re.match(r" [a-z]", after), "no prose page fragment right after the legend"
    header_block = lines[caption + 1:next(i for i in range(caption, len(lines)) if lines[i].startswith("1 28 "))]
    assert header_block.count("") >= 10, "the headers are no longer stacked with blank lines inside"
    assert "discussion" in lines, "the lower-case section heading is gone"
    assert text.index("\nMethods\n") > text.index("between 3 and 6 weekly infusions"), "Methods fragment not first"
    assert sum(bool(re.search(r"[a-z]-$", line.rstrip(" "))) for line in lines) >= 20, "too few hyphenated breaks"
    for real_hyphen in ("non-\ncancerous", "2-\n12 weeks", "(7-\n10)", "(11-\n13)", "0-10-\ncm"):
        assert real_hyphen in text, real_hyphen
    assert "(P = \n0.17)" in text and "92 ±100" in text and "ar-\n\nrhythmia" in text


def test_bundled_text_keeps_the_seed_figures() -> None:
    seed = _seed_case()
    numbers = re.compile(r"\d+(?:\.\d+)?")
    assert Counter(numbers.findall(_read_text(bundled_example()))) == Counter(numbers.findall(seed.text))


# ------------------------------------------------------------------ (c) the pipeline reproduces the expectations


@cache
def _paper(path: Path) -> Paper:
    return read_paper(path)


def test_extract_cli_reproduces_table1(case: Case, tmp_path: Path) -> None:
    from paperaudit.check._cli import app

    # With no PAPER the command runs on the bundled example, so the bundled case also covers the default.
    paper = [] if case.name == "bundled" else [str(case.text_path)]
    result = CliRunner().invoke(app, ["extract", *paper, "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    got = _read_csv(tmp_path / case.text_path.stem / "table1.csv")
    assert got[1:] == case.table[1:], "cells differ"
    if case.name == "seed":
        assert [_sha(n) for n in got[0]] == _seed_names_sha256(), "column names differ"
    else:
        assert got[0] == case.table[0], "column names differ"


def _same_role(expected: str, got: str) -> bool:
    return expected == got or any(expected in c and got in c for c in ROLE_CLASSES)


def _found_values(paper: Paper) -> dict[tuple[int, int], tuple[Any, Any]]:
    return {(v.start, v.end): (c, v) for c in paper.claims for v in c.values}


def test_extraction_finds_every_expected_statistic(case: Case) -> None:
    found = _found_values(_paper(case.text_path))
    missing, wrong = [], []
    for e in case.claims["claims"]:
        hit = found.get((e["start"], e["end"]))
        if hit is None:
            missing.append(f"{e['id']} {e['raw']!r}")
            continue
        claim, v = hit
        if (v.raw, v.value, v.decimals) != (e["raw"], Decimal(e["value"]), e["decimals"]) or not (
                e["protocol"] or _same_role(e["role"], v.role)):
            wrong.append(f"{e['id']}: expected {e['role']} {e['raw']}, got {v.role} {v.raw} ({claim.kind})")
    assert not missing and not wrong, f"missing: {missing}; wrong: {wrong}"


def test_extraction_marks_protocol_numbers_and_groups(case: Case) -> None:
    found = _found_values(_paper(case.text_path))
    problems = []
    for e in case.claims["claims"]:
        hit = found.get((e["start"], e["end"]))
        if hit is None:
            continue
        claim, v = hit
        phrases = " ".join(p.text for p in [v.group, claim.subject, *claim.groups] if p is not None).lower()
        if e["protocol"] and claim.kind not in ("dose", "setting", "criterion"):
            problems.append(f"{e['id']}: protocol number extracted as {claim.kind}")
        if e["group"] == "comparison group" and e["role"] in ("mean", "sd", "median") and not re.search(
                r"comparison|control", phrases):
            problems.append(f"{e['id']}: comparison-group value attributed to {phrases!r}")
        if e["group"] == "the 11 patients given 3-6 infusions" and e["role"] in ("mean", "sd", "median") and not (
                re.search(r"\b11\b|eleven", phrases)):
            problems.append(f"{e['id']}: value of the 11 completers attributed to {phrases!r}")
    assert not problems, problems


def test_extraction_keeps_real_hyphens_at_line_ends(case: Case) -> None:
    """'2-\\n12 weeks' and '(7-\\n10)' are never read as 212 or 710; no reported number spans a line break."""
    paper = _paper(case.text_path)
    for c in paper.claims:
        for v in c.values:
            assert "\n" not in v.raw and paper.source_text[v.start:v.end] == v.raw, v
            assert v.value not in (Decimal(212), Decimal(710), Decimal(1113)), v


@cache
def _report(path: Path) -> Any:
    from paperaudit.check import audit_paper

    return audit_paper(_paper(path))


def _own_findings(findings: list[Any], start: int, end: int) -> list[Any]:
    """Findings that judge this number against the table (PA2xx), or a statement the rows contradict (PA302)."""
    return [f for f in findings if [start, end] in [list(s) for s in f.spans]
            and (f.code.startswith("PA2") or f.code == "PA302")]


def _close(got: str | None, expected: str, variants: dict[str, str]) -> bool:
    try:
        g = Decimal(str(got))
    except ArithmeticError:
        return False
    return any(abs(g - Decimal(x)) <= Decimal("0.0006") * max(Decimal(1), abs(Decimal(x)))
               for x in [expected, *variants.values()])


def test_audit_gives_the_expected_verdicts(case: Case) -> None:
    findings = _report(case.text_path).findings
    problems = []
    for e in case.verdicts["verdicts"]:
        own = _own_findings(findings, e["start"], e["end"])
        statuses = {f.status for f in own}
        tag = f"{e['id']} ({e['raw']}, expected {e['status']})"
        if e["status"] == "consistent":
            if not own and e.get("defines_subset"):
                continue  # "3-6" in "the 11 patients given 3-6 infusions" is the row filter itself
            if not own or statuses != {"consistent"}:
                problems.append(f"{tag}: got {sorted(statuses) or 'no finding'}")
        elif e["status"] == "inconsistent":
            bad = [f for f in own if f.status == "inconsistent"]
            if not bad:
                problems.append(f"{tag}: got {sorted(statuses) or 'no finding'}")
            elif re.fullmatch(r"[\d.]+", e["recomputed"]) and not any(
                    _close(x, e["recomputed"], e.get("variants", {}))
                    for f in bad for x in [f.recomputed, *(a.recomputed for a in f.alternatives)]):
                problems.append(f"{tag}: recomputed {[f.recomputed for f in bad]}, expected {e['recomputed']}")
        elif e["status"] == "unverifiable":
            if statuses != {"unverifiable"}:
                problems.append(f"{tag}: got {sorted(statuses) or 'no finding'}")
            elif e.get("both_readings") and not any(len(f.alternatives) >= 2 for f in own):
                problems.append(f"{tag}: no finding lists both readings")
        elif statuses & {"consistent", "inconsistent"}:
            problems.append(f"{tag}: a protocol number or threshold was judged {sorted(statuses)}")
    assert not problems, "\n".join(problems)


def test_audit_flags_the_expected_cross_checks(case: Case) -> None:
    findings = _report(case.text_path).findings
    spans = {c["id"]: [c["start"], c["end"]] for c in case.claims["claims"]}
    missing = []
    for x in case.verdicts["cross_checks"]:
        if x["status"] != "inconsistent":
            continue
        want = [spans[i] for i in x["ids"]]
        if not any(f.code == x["code"] and f.status == "inconsistent"
                   and all(s in [list(t) for t in f.spans] for s in want) for f in findings):
            missing.append(f"{x['code']} {x['what']}")
    assert not missing, missing


def test_audit_leaves_non_statistics_alone(case: Case) -> None:
    findings = _report(case.text_path).findings
    judged = [x["id"] for x in case.claims["not_statistics"]
              if any(f.status != "unverifiable" for f in _own_findings(findings, x["start"], x["end"]))]
    assert not judged, judged
