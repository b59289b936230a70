"""How long ``kgbuild --help`` takes, beside a bare ``python -c pass``, same machine, same run.

    python bench/cli_startup.py [--runs 10]

Both are started as new processes, alternating, ``--runs`` times each;
reported: the median wall time of each, in seconds, and the difference.
The CLI imports a command's libraries only when it runs, so ``--help``
costs Python, click and kgbuild's small modules, not spaCy.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall(command: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    kgbuild = shutil.which("kgbuild", path=str(Path(sys.executable).parent)) or "kgbuild"
    commands = {"python -c pass": [sys.executable, "-c", "pass"], "kgbuild --help": [kgbuild, "--help"]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, m in medians.items():
        print(f"{name:<16} {m:.3f} s (median of {args.runs})")
    print(f"difference       {medians['kgbuild --help'] - medians['python -c pass']:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
