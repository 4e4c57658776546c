"""claims_to_standalone_findings on test-statistic claims: hand-built claims with real spans from the demo paper
and the APA test documents (read from ../shared/corpus at run time), checked against the hand-worked verdicts in
tests/data/standalone/. Once the claim extractor fills Paper.claims, the same expectations are run through it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import regex

from paperaudit.check._standalone import claims_to_standalone_findings
from paperaudit.extract._numbers import parse_decimal
from paperaudit.schemas import AuditSettings, Claim, Finding, Value

DATA = Path(__file__).resolve().parents[1] / "data" / "standalone"

# A generic APA results pattern, for building claims by hand in this test only.
APA = regex.compile(
    r"(?P<name>\bt|\bF|χ2|\bZ|\bz|\br|\bQb?)\s*(?:\(\s*(?P<df1>\d+(?:\.\d+)?)(?:\s*,\s*(?P<df2>\d+(?:\.\d+)?))?\s*\))?"
    r"\s*=\s*(?P<stat>[-−]?\d*\.?\d+),\s*p\s*(?P<cmp><|=|>)\s*(?P<p>\d*\.\d+)")
NAMES = {"t": "t", "F": "F", "χ2": "chi2", "Z": "z", "z": "z", "r": "r", "Q": "Q", "Qb": "Qb"}


def _value(text: str, m: regex.Match[str], group: str, role: str, comparator: str = "=") -> Value:
    raw = m.group(group)
    value, decimals = parse_decimal(raw)
    start, end = m.span(group)
    assert text[start:end] == raw
    return Value(role=role, raw=raw, value=value, decimals=decimals, start=start, end=end,
                 comparator=comparator)  # type: ignore[arg-type]


def text_to_test_claims(text: str) -> list[Claim]:
    claims = []
    for m in APA.finditer(text):
        values = [_value(text, m, "stat", "statistic")]
        if m.group("df1"):
            values.append(_value(text, m, "df1", "df1" if m.group("df2") else "df"))
        if m.group("df2"):
            values.append(_value(text, m, "df2", "df2"))
        values.append(_value(text, m, "p", "p", m.group("cmp")))
        claims.append(Claim(id=f"test-{m.start()}", kind="test", section="results", values=values,
                            test_name=NAMES[m.group("name")], sentence=m.group(0)))
    return claims


def _expected(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _p_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.role == "p"]


def _match(findings: list[Finding], text: str, rows: list[dict[str, str]]) -> None:
    """Every expected row has exactly one P finding whose spans hold its statistic and P, with its verdict."""
    ps = _p_findings(findings)
    assert len(ps) == len(rows), [(f.reported, f.status) for f in ps]
    for row, f in zip(rows, ps, strict=True):
        printed = {text[a:b] for a, b in f.spans}
        assert row["statistic"] in printed and row["p"] in printed, (row, printed)
        assert (f.code, f.status) == (row["code"], row["status"]), (row["why"], f)
        assert f.explanation and f.rule and f.recomputed
        if f.status == "inconsistent":
            assert f.severity in ("warning", "error")


def test_demo_paper_welch_tests(shared_corpus: Path) -> None:
    text = (shared_corpus / "demo" / "to_err_is_human.txt").read_text(encoding="utf-8")
    claims = text_to_test_claims(text)
    findings = claims_to_standalone_findings(claims, AuditSettings(), source_text=text)
    _match(findings, text, _expected("demo_expected.csv"))
    good, bad = _p_findings(findings)
    assert good.note and "Welch" in good.note
    assert bad.conclusion_flips is False and bad.severity == "error"


def _pdf_text(path: Path) -> str:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


APA_FILES = sorted({r["file"] for r in _expected("apa_expected.csv")})


@pytest.mark.parametrize("name", APA_FILES)
def test_apa_documents_by_hand_built_claims(shared_corpus: Path, name: str) -> None:
    text = _pdf_text(shared_corpus / "apa" / name)
    rows = [r for r in _expected("apa_expected.csv") if r["file"] == name]
    findings = claims_to_standalone_findings(text_to_test_claims(text), AuditSettings(), source_text=text)
    _match(findings, text, rows)


@pytest.mark.parametrize("name", APA_FILES)
def test_apa_documents_through_the_extractor(shared_corpus: Path, name: str) -> None:
    from paperaudit.extract import read_paper

    paper = read_paper(shared_corpus / "apa" / name)
    claims = [c for c in paper.claims if c.value("statistic") is not None]
    if not claims:
        pytest.skip("the claim extractor does not yet yield test-statistic claims for this document")
    findings = claims_to_standalone_findings(list(paper.claims), AuditSettings(), source_text=paper.source_text)
    rows = [r for r in _expected("apa_expected.csv") if r["file"] == name]
    judged = [(f.reported, f.status) for f in _p_findings(findings)]
    for row in rows:
        hits = [f for f in _p_findings(findings)
                if row["statistic"] in {paper.source_text[a:b] for a, b in f.spans}
                and row["p"] in {paper.source_text[a:b] for a, b in f.spans}]
        assert hits, (row, judged)
        assert (hits[0].code, hits[0].status) == (row["code"], row["status"]), row["why"]


def test_test_claim_without_its_p_pairs_with_the_next_p_value_claim() -> None:
    text = "We found t(28) = 2.20, and p = .03 for that."
    m = regex.search(r"t\((28)\) = (2\.20)", text)
    assert m
    p_at = text.index(".03")
    stat = Value(role="statistic", raw="2.20", value=parse_decimal("2.20")[0], decimals=2, start=m.start(2),
                 end=m.end(2))
    df = Value(role="df", raw="28", value=parse_decimal("28")[0], decimals=0, start=m.start(1), end=m.end(1))
    p = Value(role="p", raw=".03", value=parse_decimal(".03")[0], decimals=2, start=p_at, end=p_at + 3)
    claims = [Claim(id="a", kind="test", values=[stat, df], test_name="t"),
              Claim(id="b", kind="p_value", values=[p])]
    (f,) = claims_to_standalone_findings(claims, None)
    assert (f.status, f.reported) == ("inconsistent", ".03")
    assert sorted(f.spans) == sorted([(stat.start, stat.end), (df.start, df.end), (p.start, p.end)])


def _v(text: str, raw: str, role: str, after: int = 0) -> Value:
    start = text.index(raw, after)
    value, decimals = parse_decimal(raw)
    return Value(role=role, raw=raw, value=value, decimals=decimals, start=start, end=start + len(raw))  # type: ignore[arg-type]


def test_unknown_test_is_unverifiable_and_df_beyond_total_n_is_flagged() -> None:
    text = "U = 12, p = .04; t(40) = 2.1, p = .04, N = 30"
    u, pu = _v(text, "12", "statistic"), _v(text, ".04", "p")
    a = Claim(id="u", kind="test", values=[u, pu], test_name="U")
    half = text.index(";")
    vals = [_v(text, "2.1", "statistic", half), _v(text, "40", "df", half), _v(text, ".04", "p", half),
            _v(text, "30", "n", half)]
    b = Claim(id="t", kind="test", values=vals, test_name="t", sentence=text[half + 2:])
    findings = claims_to_standalone_findings([a, b], None)
    by = {(f.claim_id, f.code): f for f in findings}
    assert by[("u", "PA501")].status == "unverifiable" and by[("u", "PA501")].reason
    assert by[("t", "PA501")].status == "consistent"
    assert by[("t", "PA503")].status == "inconsistent" and by[("t", "PA503")].severity == "warning"
    assert by[("t", "PA503")].spans == sorted([(v.start, v.end) for v in (vals[0], vals[1], vals[3])])


@pytest.mark.parametrize("name", ["to_err_is_human.txt", "to_err_is_human.pdf"])
def test_demo_paper_through_the_extractor(shared_corpus: Path, name: str) -> None:
    from paperaudit.extract import read_paper

    paper = read_paper(shared_corpus / "demo" / name)
    if not any(c.value("statistic") is not None for c in paper.claims):
        pytest.skip("the claim extractor does not yet yield test-statistic claims for this document")
    findings = claims_to_standalone_findings(list(paper.claims), AuditSettings(), source_text=paper.source_text)
    for row in _expected("demo_expected.csv"):
        hits = [f for f in _p_findings(findings)
                if {row["statistic"], row["df"], row["p"]} <= {paper.source_text[a:b] for a, b in f.spans}]
        assert len(hits) == 1, (row, [(f.reported, f.status) for f in _p_findings(findings)])
        assert (hits[0].code, hits[0].status) == (row["code"], row["status"]), row["why"]
    assert not [f for f in findings if f.status == "inconsistent" and f.role != "p"]
