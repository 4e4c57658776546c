"""Benchmark of prose claims: the round trip of random statistics through random prose, and time on the seed.

Random statistics are rendered in every supported phrasing (tests/synthetic/prose.py) with random line breaks and
words hyphenated at line ends; a case passes when every value comes back with the same role, raw text, decimals and
span. Prints the pass rate overall and per phrasing, the recall on the catalogue of phrasings found in real papers,
then the time `document_to_claims` takes on the seed paper.

Run: .venv/bin/python benchmarks/bench_claims.py [N_CASES] [SEED]
"""

from __future__ import annotations

import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paperaudit.extract import document_to_claims, read_document  # noqa: E402
from tests.synthetic.prose import PHRASINGS, case_round_trips, random_case  # noqa: E402

SEED_PAPER = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seed" / "000_2c192a6e3247354c.txt"


def round_trip(n_cases: int = 5000, seed: int = 11, verbose: bool = False) -> float:
    """Share of cases whose values all come back; prints per-phrasing figures."""
    rng = random.Random(seed)
    total: collections.Counter[str] = collections.Counter()
    ok: collections.Counter[str] = collections.Counter()
    t0 = time.perf_counter()
    for _ in range(n_cases):
        case = random_case(rng)
        total[case.phrasing] += 1
        if case_round_trips(case):
            ok[case.phrasing] += 1
        elif verbose:
            print(f"--- {case.phrasing}: {case.text!r}")
    elapsed = time.perf_counter() - t0
    for name in PHRASINGS:
        if total[name]:
            print(f"  {name:24s} {ok[name]:5d}/{total[name]:<5d} {100 * ok[name] / total[name]:6.2f} %")
    rate = sum(ok.values()) / max(1, sum(total.values()))
    print(f"round trip: {sum(ok.values())}/{sum(total.values())} cases = {100 * rate:.2f} % "
          f"({1000 * elapsed / max(1, n_cases):.2f} ms per case)")
    return rate


def seed_time(repeats: int = 10) -> float | None:
    """Best time of document_to_claims on the seed paper (ms), when the shared corpus is present."""
    if not SEED_PAPER.is_file():
        print("seed paper absent: skipping its timing")
        return None
    doc = read_document(SEED_PAPER)
    document_to_claims(doc, [])  # warm: spaCy and the regular expressions load once
    best = float("inf")
    n = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        n = len(document_to_claims(doc, []))
        best = min(best, time.perf_counter() - t0)
    print(f"seed: {n} claims in {1000 * best:.1f} ms (best of {repeats})")
    return 1000 * best


def catalogue() -> float:
    """Recall on the phrasing catalogue of real papers (tests/data/phrasings.jsonl), per phrasing."""
    from tests.extract.test_claims_phrasings import catalogue_recall

    recall, per = catalogue_recall()
    for name, (found, n) in per.items():
        print(f"  {name:32s} {found:3d}/{n:<3d}")
    print(f"phrasing catalogue recall: {100 * recall:.2f} % over {sum(n for _, n in per.values())} values, "
          f"{len(per)} phrasings")
    return recall


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    n = int(args[0]) if args else 5000
    seed = int(args[1]) if len(args) > 1 else 11
    round_trip(n, seed, verbose="-v" in sys.argv)
    catalogue()
    seed_time()


if __name__ == "__main__":
    main()
