"""``kgbuild run --update``: a corpus in parts gives the bytes of one run, and kill -9 in an update loses nothing.

    python bench/update.py [--shared ../shared] [--chars 0] [--parts 4] [--kills 3] [--run-args "..."]

The feed is People's Daily, January 1998, rebuilt as in bench/corpus.py
(``--chars 0``: the whole month, 3,148 articles, 1.86 million characters),
cut into ``--parts`` consecutive parts. Then, each a whole ``kgbuild``
process with the default settings (or ``--run-args``):

1. ``kgbuild run FEED -o whole``: one run over everything;
2. ``kgbuild run PART1 -o parts``, then ``kgbuild run PARTk --update parts``
   for the other parts; before the last part, ``--kills`` updates with it
   are killed with SIGKILL, at spread points: while the update extracts
   (its SQLite transaction open, rows written into it) and while it writes
   (when its first temporary export file appears). After each kill the
   folder's exports and its record of articles must be exactly those of
   before the update;
3. graph.ttl, graph.gexf and statements.jsonl of ``parts`` compared with
   ``whole`` byte for byte, and the rows of articles.sqlite but for each
   article's origin (the file and line it was read from: the feed's in one
   run, a part's in the other).

Prints each run's wall time and the result of each check; exit status 1 if
any fails. Works in a temporary folder outside the repository.
"""
from __future__ import annotations

import argparse
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import write_feed

from kg.output import OUTPUTS, RECORDS

KGBUILD = [sys.executable, "-m", "kg.cli", "run"]


def exports(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in OUTPUTS}


def rows(out: Path, origin: bool = True) -> list[tuple[str, str]]:
    """The rows of articles.sqlite; without ``origin``, with each article's origin (the file and
    line it was read from, which differ between one feed and its parts) left out."""
    db = sqlite3.connect(out / RECORDS)
    try:
        return db.execute("SELECT id, " + ("record" if origin else "json_remove(record, '$.article.origin')")
                          + " FROM articles ORDER BY seq").fetchall()
    finally:
        db.close()


def timed(args: list[str]) -> float:
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"update: {' '.join(args)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    return time.perf_counter() - t


def kill_update(part: Path, out: Path, run_args: list[str], when: str, delay: float) -> str:
    """Start an update and kill -9 it at ``when`` (``extracting``: ``delay`` s after its transaction
    has rows; ``writing``: when its first temporary export file appears). Returns what it saw."""
    proc = subprocess.Popen([*KGBUILD, str(part), "--update", str(out), *run_args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = out / f"{RECORDS}-journal"
    t0 = time.perf_counter()
    try:
        while proc.poll() is None:
            if when == "extracting" and journal.exists():
                time.sleep(delay)
                break
            if when == "writing" and any(p.name.startswith((".graph.ttl.", ".graph.gexf.")) for p in out.iterdir()):
                break
            time.sleep(0.005)
        if proc.poll() is not None:
            return f"the update ended ({proc.returncode}) before the kill point"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return f"killed {time.perf_counter() - t0:.1f} s in"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--chars", type=int, default=0, help="characters of the feed (0: the whole month)")
    ap.add_argument("--parts", type=int, default=4)
    ap.add_argument("--kills", type=int, default=3, help="updates killed before the last part goes in")
    ap.add_argument("--run-args", default="", help="more options for every kgbuild run")
    args = ap.parse_args()
    run_args = shlex.split(args.run_args)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="kgupdate-") as d:
        tmp = Path(d)
        feed = tmp / "feed.jsonl"
        n_articles, n_chars = write_feed(args.shared, feed, args.chars)
        lines = feed.read_text(encoding="utf-8").splitlines(keepends=True)
        size = -(-len(lines) // args.parts)
        parts = []
        for k in range(args.parts):
            parts.append(tmp / f"part{k + 1}.jsonl")
            parts[-1].write_text("".join(lines[k * size:(k + 1) * size]), encoding="utf-8")
        print(f"feed: {n_articles:,} articles, {n_chars:,} characters, in {args.parts} parts of up to "
              f"{size:,} articles; kgbuild run {' '.join(run_args) or '(default settings)'}")

        whole, out = tmp / "whole", tmp / "parts"
        print(f"one run over everything: {timed([*KGBUILD, str(feed), '-o', str(whole), *run_args]):.1f} s")
        print(f"part 1, a new run: {timed([*KGBUILD, str(parts[0]), '-o', str(out), *run_args]):.1f} s")
        for k, part in enumerate(parts[1:], 2):
            if k == len(parts):
                before, records = exports(out), rows(out)
                whens = [("extracting", 2.0 + 8.0 * i) for i in range(max(0, args.kills - 1))]
                whens += [("writing", 0.0)] if args.kills else []
                for when, delay in whens:
                    seen = kill_update(part, out, run_args, when, delay)
                    same = exports(out) == before and rows(out) == records
                    failed += not same
                    print(f"kill -9 of the update with part {k} while {when}"
                          f"{f' ({delay:.0f} s after its first rows)' if when == 'extracting' else ''}: {seen}; "
                          f"earlier output and records {'intact' if same else 'CHANGED'}")
            print(f"part {k}, --update: {timed([*KGBUILD, str(part), '--update', str(out), *run_args]):.1f} s")

        same = {n: a == b for (n, a), b in zip(exports(out).items(), exports(whole).values())}
        same_rows = rows(out, origin=False) == rows(whole, origin=False)
        failed += not all(same.values()) + (not same_rows)
        print("parts with --update vs one run: " + ", ".join(f"{n} {'identical' if s else 'DIFFERENT'}"
                                                              for n, s in same.items())
              + f"; {RECORDS} rows {'identical' if same_rows else 'DIFFERENT'} but for where each article "
              f"was read from ({len(rows(out)):,} articles)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
