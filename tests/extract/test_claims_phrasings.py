"""The phrasing catalogue: statistic phrasings found in the real papers of ../shared/corpus, with expected values.

Each entry of tests/data/phrasings.jsonl holds a phrasing name, the paper it was found in, a snippet reduced to the
statistic (line breaks and hyphenation as printed) and the values it must yield (role, raw, decimals). Recall is
measured per phrasing; the bar is 98 % of all values.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from paperaudit.extract import document_to_claims, string_to_document

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "phrasings.jsonl"


def load_catalogue() -> list[dict]:
    return [json.loads(line) for line in CATALOGUE.read_text(encoding="utf-8").splitlines() if line.strip()]


def entry_hits(entry: dict) -> tuple[int, int]:
    """(values found with the right role, raw, decimals and span; values expected) for one snippet."""
    prefix = "Results\n\n"
    text = prefix + entry["snippet"] + "\n"
    claims = document_to_claims(string_to_document(text), [])
    got = {(v.start, v.role, v.raw, v.decimals) for c in claims for v in c.values}
    pos = len(prefix)
    hits = 0
    for e in entry["values"]:
        at = text.index(e["raw"], pos)
        pos = at + len(e["raw"])
        hits += (at, e["role"], e["raw"], e["decimals"]) in got
    return hits, len(entry["values"])


def catalogue_recall() -> tuple[float, dict[str, tuple[int, int]]]:
    """Overall recall and (found, expected) per phrasing."""
    per: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for entry in load_catalogue():
        h, n = entry_hits(entry)
        per[entry["phrasing"]][0] += h
        per[entry["phrasing"]][1] += n
    found = sum(v[0] for v in per.values())
    total = sum(v[1] for v in per.values())
    return found / total, {k: (v[0], v[1]) for k, v in sorted(per.items())}


def test_catalogue_is_well_formed() -> None:
    entries = load_catalogue()
    assert len(entries) >= 60
    assert len({e["phrasing"] for e in entries}) >= 40
    for e in entries:
        assert len(e["snippet"]) <= 90, e  # reduced to the statistic, never whole sentences
        for v in e["values"]:
            raw = v["raw"].replace(",", "")
            assert v["decimals"] == (len(raw.split(".")[1]) if "." in raw else 0)


def test_recall_per_phrasing() -> None:
    recall, per = catalogue_recall()
    report = "\n".join(f"{k}: {f}/{n}" for k, (f, n) in per.items())
    assert recall >= 0.98, f"recall {recall:.3f}\n{report}"


def _collapse(s: str) -> str:
    return " ".join(s.replace("-\n", "-").split())


def test_snippets_come_from_the_papers(shared_corpus: Path) -> None:
    """Snippets from text papers (and the small APA PDFs) are found, white space folded, in their source."""
    texts: dict[str, str] = {}
    for e in load_catalogue():
        src = e["source"]
        if src.endswith(".txt"):
            texts.setdefault(src, (shared_corpus / src).read_text(encoding="utf-8"))
        elif src.startswith("apa/"):
            if src not in texts:
                pdfplumber = pytest.importorskip("pdfplumber")
                with pdfplumber.open(shared_corpus / src) as pdf:
                    texts[src] = "\n".join(p.extract_text() or "" for p in pdf.pages)
        else:
            continue  # long PDFs: checked by hand when the entry was written (their text depends on the reader)
        assert _collapse(e["snippet"]) in _collapse(texts[src]), e
