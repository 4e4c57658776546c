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
import gc
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
    document_to_tables,
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


# Memos that hold no part of a paper: compiled patterns, the spaCy pipeline, decimal contexts, the null
# distributions of rank tests by sample size. Start-up work, kept warm like the imports.
_START_UP_MEMOS = frozenset({"_rx", "_nlp", "_row_attrs", "quantum", "_context", "rule_words", "_mwu_cdf",
                             "_wilcoxon_pmf"})


def _clear_text_caches() -> None:
    """Empty every memo of the package that holds text of a paper (found by walking the modules, so a memo added
    later is emptied too), so every timed run does all of its work: a memo filled by an earlier audit of the same
    text would flatter the figure."""
    import importlib
    import pkgutil

    import paperaudit.check
    import paperaudit.extract

    for pkg in (paperaudit.check, paperaudit.extract):
        for info in pkgutil.iter_modules(pkg.__path__):
            if info.name == "__main__":
                continue
            mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
            for name, obj in vars(mod).items():
                if name not in _START_UP_MEMOS and hasattr(obj, "cache_clear") and \
                        getattr(obj, "__module__", "") == mod.__name__:
                    obj.cache_clear()


def _reference_work() -> int:
    """A fixed pure-Python workload (~10 ms on this machine): timed beside each audit run, it shows
    how fast the machine was in that minute, so a slow audit figure can be told from a slow machine."""
    acc = 0
    words = [f"w{i % 97}" for i in range(3000)]
    for _ in range(30):
        seen: dict[str, int] = {}
        for w in words:
            seen[w] = seen.get(w, 0) + len(w)
        acc += sum(sorted(seen.values())[:10])
    return acc


def seed_speed(repeats: int = 30, freeze: bool = False) -> tuple[str, dict[str, float]]:
    """Median milliseconds to audit the seed in-process after start-up, read_document done once: the whole of
    table recovery + claim extraction + audit ('total'), and each step of the same runs ('table', 'claims',
    'audit'), and a fixed reference workload timed right after each run ('reference'). Every text memo is emptied
    before each run. ``freeze``: the objects alive after start-up (modules,
    compiled patterns, spaCy) are moved out of the garbage collector's sight first (gc.freeze), as a long-lived
    process would do once after its imports."""
    seed = REPO.parent / "shared" / "corpus" / "seed" / "000_2c192a6e3247354c.txt"
    path = seed if seed.is_file() else REPO / "corpus" / "ketamine_outpatient.txt"
    doc = read_document(path)
    audit_paper(document_to_paper(doc))  # warm-up: imports, compiled patterns, spaCy's tokenizer
    if freeze:
        gc.collect()
        gc.freeze()
    runs: dict[str, list[float]] = {"table": [], "claims": [], "audit": [], "total": [], "reference": []}
    try:
        for _ in range(repeats):
            _clear_text_caches()
            t0 = time.perf_counter()
            tables = document_to_tables(doc)
            t1 = time.perf_counter()
            claims = document_to_claims(doc, tables)
            t2 = time.perf_counter()
            audit_paper(Paper(document=doc, tables=tables, claims=claims))
            t3 = time.perf_counter()
            _reference_work()
            t4 = time.perf_counter()
            for key, ms in (("table", t1 - t0), ("claims", t2 - t1), ("audit", t3 - t2), ("total", t3 - t0),
                            ("reference", t4 - t3)):
                runs[key].append(ms * 1000)
    finally:
        if freeze:
            gc.unfreeze()
    out = {key: statistics.median(v) for key, v in runs.items()}
    # the spread of the end-to-end figure: this machine's speed varies from minute to minute
    q1, _, q3 = statistics.quantiles(runs["total"], n=4)
    out.update(fastest=min(runs["total"]), q1=q1, q3=q3, reference_fastest=min(runs["reference"]))
    return path.name, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=int, default=300)
    ap.add_argument("--injected", type=int, default=1000)
    ap.add_argument("--pipeline-clean", type=int, default=100, help="clean papers through table recovery too")
    ap.add_argument("--pipeline-injected", type=int, default=300, help="injected papers through table recovery too")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    t0 = time.perf_counter()
    # the seed first, in a process that has only started up (the generated papers below leave a large heap)
    for freeze in (False, True):
        name, ms = seed_speed(freeze=freeze)
        how = "start-up objects frozen (gc.freeze)" if freeze else "plain"
        print(f"audit of {name} in-process after start-up, {how}: {ms['total']:.1f} ms end to end (table "
              f"recovery {ms['table']:.1f} + claims {ms['claims']:.1f} + audit {ms['audit']:.1f}: link, recompute, "
              f"judge, cross checks; medians of 30 runs, text memos emptied before each; end to end fastest "
              f"{ms['fastest']:.1f}, quartiles {ms['q1']:.1f}-{ms['q3']:.1f})")
        print(f"  the machine in the same minute: a fixed reference workload took {ms['reference']:.2f} ms (median; "
              f"fastest {ms['reference_fastest']:.2f}), so the audit cost {ms['total'] / ms['reference']:.1f} "
              f"reference workloads (the fastest audit {ms['fastest'] / ms['reference_fastest']:.1f})")
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
    print(f"total benchmark time: {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
