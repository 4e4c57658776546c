"""Throughput of audit_corpus over generated text papers, with 1 and 2 worker processes: papers/s and peak RSS.

    .venv/bin/python benchmarks/bench_corpus.py [--papers 300] [--jobs 1 2] [--seed 1]

Papers are D's generated papers (tests/synthetic/papers.py: a per-patient table in the flattened raw-text style with
prose reporting its statistics), or A's bare tables (tests/synthetic/tables.py) when that module is absent, each
after a results paragraph with a mean, an APA t-test and a percentage so the standalone checks have work. One bad
(binary) file is mixed in to show it costs nothing. Each configuration runs in a fresh Python process, so start-up
(imports, lazy models) is included in its wall time and its peak RSS is its own: the parent's, and the largest
worker's. "1st report" is start-up (imports, lazy models, the first paper); "then papers/s" is the rate after it.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _prose(rng: random.Random) -> str:
    """A results paragraph of generic statistics (nothing from a real paper)."""
    n = rng.randint(12, 80)
    mean = rng.randint(10, 90) / 10 + rng.randint(0, 9) / 100
    t = rng.randint(50, 400) / 100
    df = n - 2
    return (f"Results\nThe mean number of visits was {mean:.2f} (SD {rng.randint(5, 30) / 10:.1f}; n = {n}). "
            f"Groups differed, t({df}) = {t:.2f}, p = .{rng.randint(1, 99):02d}. Of the {n} patients, "
            f"{n // 3} ({100 * (n // 3) / n:.0f}%) improved.\n\n")


def write_corpus(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    from tests.synthetic.tables import random_table, render_flat_text

    try:
        from tests.synthetic.papers import random_paper

        def make(rng: random.Random) -> str:
            return _prose(rng) + random_paper(rng).text
    except ImportError:
        def make(rng: random.Random) -> str:
            return _prose(rng) + render_flat_text(random_table(rng), rng)

    paths = []
    for i in range(count):
        text = make(rng)
        p = folder / f"paper_{i:04d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    bad = folder / "zz_broken.txt"
    bad.write_bytes(b"\x00\x01 binary \x00")
    return [*paths, bad]


def run_one(folder: str, jobs: int) -> dict[str, float]:
    """In this (fresh) process: audit every paper in `folder`, keeping no report; the figures as a dict."""
    t0 = time.perf_counter()
    from paperaudit.check import audit_corpus

    paths = sorted(Path(folder).glob("*.txt"))
    findings = errors = 0
    first = None
    for report in audit_corpus(paths, jobs=jobs, progress=False):
        if first is None:
            first = time.perf_counter() - t0
        findings += len(report.findings)
        errors += bool(report.error)
    wall = time.perf_counter() - t0
    first = first or wall
    kib = 1024.0  # ru_maxrss is in KiB on Linux
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    return {
        "first_s": first, "steady_papers_per_s": (len(paths) - 1) / (wall - first) if wall > first else 0.0,
        "cpu_s": cpu, "papers_per_cpu_s": len(paths) / cpu if cpu else 0.0,
        "papers": len(paths), "jobs": jobs, "wall_s": wall, "papers_per_s": len(paths) / wall,
        "findings": findings, "unreadable": errors,
        "peak_rss_parent_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib,
        "peak_rss_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=300)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--one", nargs=2, metavar=("FOLDER", "JOBS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        write_corpus(Path(tmp), args.papers, args.seed)
        print(f"audit_corpus over {args.papers} generated text papers + 1 unreadable file (seed {args.seed})")
        print(f"{'jobs':>4}  {'wall s':>7}  {'papers/s':>8}  {'1st report s':>12}  {'then papers/s':>13}  "
              f"{'CPU s':>7}  {'papers/CPU s':>12}  "
              f"{'parent RSS MiB':>14}  {'worker RSS MiB':>14}  {'findings':>8}  unreadable")
        for jobs in args.jobs:
            done = subprocess.run([sys.executable, __file__, "--one", tmp, str(jobs)], capture_output=True,
                                  text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            worker = f"{r['peak_rss_worker_mib']:.0f}" if jobs > 1 else "-"
            print(f"{jobs:>4}  {r['wall_s']:>7.2f}  {r['papers_per_s']:>8.1f}  {r['first_s']:>12.2f}  "
                  f"{r['steady_papers_per_s']:>13.1f}  {r['cpu_s']:>7.1f}  "
                  f"{r['papers_per_cpu_s']:>12.1f}  {r['peak_rss_parent_mib']:>14.0f}  {worker:>14}  "
                  f"{r['findings']:>8}  {r['unreadable']}")
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall-clock figures are shared-machine "
              "figures; papers per CPU second do not depend on the load)")


if __name__ == "__main__":
    main()
