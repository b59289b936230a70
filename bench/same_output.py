"""Do two versions of kgbuild write the same bytes? A check for refactors.

    python bench/same_output.py --ref REV [--new REV] [--shared ../shared] [--quick]

Runs ``kgbuild run`` of the version at git revision ``--ref`` and of the
working tree (or of ``--new``), each from its own checkout, on the same
inputs, with and without ``--no-ner``, and compares ``graph.ttl``,
``graph.gexf`` and ``statements.jsonl`` byte for byte. The inputs: the
built-in sample, the newspaper page of ``--shared``, the team-written
articles (``tests/data/gold_articles.jsonl``) and the MSRA NER test text as
a JSONL feed (20 sentences an article, as bench/ner.py builds it; left out
with ``--quick``). Exit status 1 when any file differs.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.ttl", "graph.gexf", "statements.jsonl")
PER_ARTICLE = 20


def msra_feed(shared: Path, path: Path) -> Path:
    """The MSRA NER test sentences, 20 to an article, as JSONL (characters of the BIO file)."""
    sentences, chars = [], []
    for line in (shared / "data/msra_ner/msra_test_bio.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            chars.append(line[0])
        elif chars:
            sentences.append("".join(chars))
            chars = []
    if chars:
        sentences.append("".join(chars))
    with path.open("w", encoding="utf-8") as f:
        for n, i in enumerate(range(0, len(sentences), PER_ARTICLE)):
            record = {"id": f"msra-{n}", "text": "".join(sentences[i:i + PER_ARTICLE])}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def checkout(rev: str, where: Path) -> Path:
    """A worktree of ``rev``; the ontology folder is linked where the installed package finds it."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(where), rev], check=True)
    link = where / "kg" / "ontology"
    if not link.exists():
        link.symlink_to(where / "ontology")
    return where


def run_version(tree: Path, inputs: list[str], out: Path, ner: bool) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, "-c", "from kg.cli import main; main()", "run", *inputs, "-o", str(out),
               "--no-progress"]
    if not ner:
        command.append("--no-ner")
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{tree}: kgbuild run failed:\n{done.stderr}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", required=True, help="git revision to compare against")
    ap.add_argument("--new", default=None, help="git revision to compare (default: the working tree)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--quick", action="store_true", help="leave out the MSRA feed")
    args = ap.parse_args()
    shared = args.shared.resolve()
    with tempfile.TemporaryDirectory(prefix="kgbuild-same-") as tmp:
        tmp = Path(tmp)
        trees = {"ref": checkout(args.ref, tmp / "ref"),
                 "new": checkout(args.new, tmp / "new") if args.new else ROOT}
        sets = {
            "sample": [],
            "page": [str(p) for p in sorted((shared / "corpus").glob("*.txt"))],
            "team articles": [str(ROOT / "tests/data/gold_articles.jsonl")],
        }
        if not args.quick:
            sets["MSRA test feed"] = [str(msra_feed(shared, tmp / "msra_test.jsonl"))]
        differ = 0
        try:
            for name, inputs in sets.items():
                for ner in (True, False):
                    outs = {}
                    for version, tree in trees.items():
                        outs[version] = tmp / f"{version}-{len(outs)}-{ner}-{name.replace(' ', '_')}"
                        run_version(tree, inputs, outs[version], ner)
                    same = [f for f in OUTPUTS if filecmp.cmp(outs["ref"] / f, outs["new"] / f, shallow=False)]
                    mode = "rules + model" if ner else "--no-ner     "
                    status = "same" if len(same) == len(OUTPUTS) else \
                        "DIFFERENT: " + ", ".join(f for f in OUTPUTS if f not in same)
                    differ += status != "same"
                    print(f"{name:<15} {mode}  {status}", flush=True)
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
