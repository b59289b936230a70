"""Is this version of kgbuild as fast as an earlier one? Throughput of two versions, side by side.

    python bench/versions.py --ref REV [--new REV] [--shared ../shared] [--runs 3] [--json]

Checks out ``--ref`` (and ``--new``, else the working tree is the new
version) and times ``kg.run.run`` of each, with and without the NER model, on
the same inputs as bench/ner.py (the MSRA NER test text as a JSONL feed, 20
sentences an article, and the newspaper page of ``--shared``). Each timing
runs in a fresh process of its version, models loaded before the clock
starts; the versions alternate, pass after pass, so that the machine's
moods fall on both; the best of ``--runs`` passes counts. Reported:
characters per second of each and the ratio new/ref (above 1: the new one
is faster). Absolute figures depend on the machine, the ratio much less.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from same_output import ROOT, checkout, msra_feed  # noqa: E402

# Run in the version's own checkout: load the pipeline, then time one run over the inputs.
TIMED = """
import json, sys, time
from pathlib import Path
from kg.nlp import load_pipeline
from kg.run import run
out, ner, inputs = Path(sys.argv[1]), sys.argv[2] == "ner", sys.argv[3:]
pipeline = load_pipeline(ner=ner)
t = time.perf_counter()
result = run(inputs, out, pipeline=pipeline)
print(json.dumps({"seconds": time.perf_counter() - t, "statements": result.statements}))
"""


def timed(tree: Path, inputs: list[str], out: Path, ner: bool) -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", TIMED, str(out), "ner" if ner else "rules", *inputs],
                          env=env, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", required=True, help="the earlier version (a git revision)")
    ap.add_argument("--new", help="the later version (default: the working tree)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kgbuild-versions-") as tmp:
        tmp = Path(tmp)
        trees = {"ref": checkout(args.ref, tmp / "ref"), "new": checkout(args.new, tmp / "new") if args.new else ROOT}
        try:
            inputs = [str(msra_feed(args.shared, tmp / "msra_test.jsonl")),
                      *map(str, sorted((args.shared / "corpus").glob("*.txt")))]
            chars = sum(len(json.loads(line)["text"]) for line in open(inputs[0], encoding="utf-8")) \
                + sum(len(Path(p).read_text(encoding="utf-8")) for p in inputs[1:])
            best = {(v, ner): float("inf") for v in trees for ner in (True, False)}
            for _ in range(args.runs):
                for ner in (False, True):
                    for version, tree in trees.items():
                        r = timed(tree, inputs, tmp / f"out-{version}-{ner}", ner)
                        best[version, ner] = min(best[version, ner], r["seconds"])
        finally:
            for version in ("ref", "new"):
                if trees[version] != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(trees[version])],
                                   check=False)
    result = {"characters": chars, "ref": args.ref, "new": args.new or "working tree", "runs": args.runs}
    for ner, name in ((False, "rules_only"), (True, "with_ner")):
        result[name] = {"ref_chars_per_s": round(chars / best["ref", ner]),
                        "new_chars_per_s": round(chars / best["new", ner]),
                        "ratio_new_to_ref": round(best["ref", ner] / best["new", ner], 3)}
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"kgbuild run on {chars:,} characters, best of {args.runs}, {result['ref']} vs {result['new']}:")
    for name in ("rules_only", "with_ner"):
        r = result[name]
        print(f"  {name:<11} ref {r['ref_chars_per_s']:>8,}  new {r['new_chars_per_s']:>8,} characters/s"
              f"  new/ref {r['ratio_new_to_ref']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
