"""``kgbuild query`` on a large output folder: its Oxigraph store against reading graph.ttl.

    python bench/query.py OUT [--runs 3]

OUT is the output folder of a ``kgbuild run`` (graph.ttl and graph.oxigraph).
Each named query is run as a whole ``kgbuild query`` process, ``--runs``
times (median), on the folder (which opens the store read-only) and on a copy
of graph.ttl alone in a temporary folder (which reads the Turtle into memory
first, as every query did before the store). Prints the number of triples,
each query's CSV lines and wall times, and whether both ways printed the same.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.query import named_queries

KGBUILD = [sys.executable, "-m", "kg.cli", "query"]


def timed(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"query: {' '.join(args)} failed:\n{r.stderr[-2000:]}")
    return time.perf_counter() - t, r.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    store = ox.Store.read_only(str(args.out / "graph.oxigraph"))
    triples = len(store)
    del store
    size = (args.out / "graph.ttl").stat().st_size
    print(f"{args.out}: {triples:,} triples, graph.ttl {size / 1e6:.1f} MB; whole processes, median of {args.runs}")
    print(f"{'query':24} {'lines':>7} {'store s':>8} {'graph.ttl s':>12}  same output")
    differ = 0
    with tempfile.TemporaryDirectory(prefix="kgquery-") as d:
        alone = Path(d) / "graph.ttl"
        shutil.copyfile(args.out / "graph.ttl", alone)
        for name in named_queries():
            on_store = [timed([*KGBUILD, str(args.out), "--name", name, "--format", "csv"]) for _ in range(args.runs)]
            on_ttl = [timed([*KGBUILD, str(alone), "--name", name, "--format", "csv"]) for _ in range(args.runs)]
            same = on_store[0][1] == on_ttl[0][1]
            differ += not same
            print(f"{name:24} {on_store[0][1].count(chr(10)) - 1:>7,} "
                  f"{statistics.median(t for t, _ in on_store):>8.2f} {statistics.median(t for t, _ in on_ttl):>12.2f}"
                  f"  {'yes' if same else 'NO'}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
