"""Benchmark of the audit on generated papers and the seed; prints the figures.

    .venv/bin/python benchmarks/bench_audit.py [--clean 300] [--injected 1000] [--seed 0]

- clean papers: generated tables with prose reporting their true statistics; any inconsistent finding on a
  reported number is a false alarm.
- injected errors: one judged number per paper moved past its rounding window; caught when a finding at exactly
  that span is inconsistent.
- speed: time to audit the seed (or the bundled example) in-process after start-up, median of repeated runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from paperaudit.check import audit_paper  # noqa: E402
from paperaudit.extract import (  # noqa: E402
    document_to_claims,
    document_to_paper,
    read_document,
    string_to_document,
    text_to_paper,
)
from paperaudit.schemas import Paper  # noqa: E402
from tests.synthetic.papers import inject_error, random_paper, truth_table  # noqa: E402


def _paper(text: str, name: str, synth: object, truth: bool) -> Paper:
    """The extracted paper; with `truth`, the generated table itself stands in for table recovery."""
    if not truth:
        return text_to_paper(text, name)
    doc = string_to_document(text, name)
    tables = [truth_table(synth)]  # type: ignore[arg-type]
    return Paper(document=doc, tables=tables, claims=document_to_claims(doc, tables))


def run_clean(n: int, seed: int, truth: bool = False) -> tuple[int, int, int, list[str]]:
    """(papers, judged numbers, false alarms, examples)."""
    rng = random.Random(seed)
    alarms = 0
    judged = 0
    examples: list[str] = []
    for i in range(n):
        p = random_paper(rng)
        rep = audit_paper(_paper(p.text, f"clean{i}.txt", p, truth))
        spans = {(x.start, x.end) for x in p.judged()}
        judged += len(spans)
        for f in rep.findings:
            if f.status == "inconsistent" and any(tuple(s) in spans for s in f.spans):
                alarms += 1
                if len(examples) < 5:
                    examples.append(f"clean{i}: {f.code} {f.explanation}")
    return n, judged, alarms, examples


def run_injected(n: int, seed: int, truth: bool = False) -> tuple[int, int, list[str]]:
    """(injections, caught at the right span, examples of misses)."""
    rng = random.Random(seed + 1)
    caught = 0
    misses: list[str] = []
    for i in range(n):
        p, x = inject_error(random_paper(rng), rng)
        rep = audit_paper(_paper(p.text, f"inj{i}.txt", p, truth))
        hit = [f for f in rep.findings if (x.start, x.end) in [tuple(s) for s in f.spans]]
        if any(f.status == "inconsistent" for f in hit):
            caught += 1
        elif len(misses) < 8:
            why = hit[0].status + ": " + (hit[0].reason or hit[0].explanation) if hit else "no finding"
            misses.append(f"inj{i}: {x.role} {x.raw} (true {x.true}): {why[:140]}")
    return n, caught, misses


def seed_speed(repeats: int = 20) -> tuple[str, float, float]:
    """Median milliseconds to audit the seed in-process after start-up: (name, extraction + audit, audit alone on
    the extracted paper with the linker's caches cleared)."""
    from paperaudit.check import _link

    seed = REPO.parent / "shared" / "corpus" / "seed" / "000_2c192a6e3247354c.txt"
    path = seed if seed.is_file() else REPO / "corpus" / "ketamine_outpatient.txt"
    doc = read_document(path)
    paper = document_to_paper(doc)
    audit_paper(paper)
    full, alone = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        audit_paper(document_to_paper(doc))
        full.append((time.perf_counter() - t0) * 1000)
        for f in (_link._time_mentions_cached, _link._blank_times, _link._words_cached, _link._group_kind,
                  _link._ranges_in):
            f.cache_clear()
        t0 = time.perf_counter()
        audit_paper(paper)
        alone.append((time.perf_counter() - t0) * 1000)
    return path.name, statistics.median(full), statistics.median(alone)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=int, default=300)
    ap.add_argument("--injected", type=int, default=1000)
    ap.add_argument("--pipeline-clean", type=int, default=100, help="clean papers through table recovery too")
    ap.add_argument("--pipeline-injected", type=int, default=300, help="injected papers through table recovery too")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t0 = time.perf_counter()
    for truth in (True, False):
        how = "generated table given (audit alone)" if truth else "full pipeline (table recovered from text)"
        print(f"== {how}")
        n, judged, alarms, ex = run_clean(a.clean if truth else a.pipeline_clean, a.seed, truth)
        print(f"clean papers: {n}, reported numbers judged: {judged}, false alarms: {alarms}")
        for e in ex:
            print("  ", e)
        n, caught, misses = run_injected(a.injected if truth else a.pipeline_injected, a.seed, truth)
        print(f"injected errors: {n}, caught at the right span: {caught} ({100 * caught / max(1, n):.1f} %)")
        for m in misses:
            print("  ", m)
    name, ms, alone = seed_speed()
    print(f"audit of {name} in-process after start-up: {ms:.1f} ms with table and claim extraction, "
          f"{alone:.1f} ms for the audit alone (link, recompute, judge, cross checks; median of 20)")
    print(f"total benchmark time: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
