"""What the statistical NER model costs ``kgbuild run``: throughput with and without it.

    python bench/ner.py [--shared ../shared] [--runs 3] [--json]

The input is public news text read from ``--shared`` at run time (nothing
is copied): the MSRA NER test sentences, 20 to an article, as a JSONL feed,
plus the sample newspaper page. Both configurations run ``kg.run.run`` (what
``kgbuild run`` calls: read, extract, graph, Turtle, GEXF) on the same files
in the same process, alternating, best of ``--runs`` passes each; models are
loaded once before timing, as in a long run over a corpus. Reported:
characters per second of each and their ratio; absolute figures depend on
the machine, the ratio much less.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from kg.tools.ner_eval import read_msra
from kg.nlp import load_pipeline
from kg.reader import iter_articles
from kg.run import run

PER_ARTICLE = 20


def write_feed(shared: Path, folder: Path) -> list[str]:
    """The benchmark's inputs in ``folder``: a JSONL feed and the page."""
    sentences = [text for text, _ in read_msra(shared / "data/msra_ner/msra_test_bio.txt")]
    feed = folder / "msra_test.jsonl"
    with feed.open("w", encoding="utf-8") as f:
        for n, i in enumerate(range(0, len(sentences), PER_ARTICLE)):
            f.write(json.dumps({"id": f"msra-{n}", "text": "".join(sentences[i:i + PER_ARTICLE])},
                               ensure_ascii=False) + "\n")
    pages = sorted((shared / "corpus").glob("*.txt"))
    return [str(feed), *map(str, pages)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    pipelines = {ner: load_pipeline(ner=ner) for ner in (True, False)}  # loaded once, before timing
    with tempfile.TemporaryDirectory(prefix="kgbuild-bench-") as tmp:
        tmp = Path(tmp)
        inputs = write_feed(args.shared, tmp)
        chars = sum(len(a.text) for a in iter_articles(inputs, lambda e: None))
        best = {True: float("inf"), False: float("inf")}
        for _ in range(args.runs):
            for ner in (False, True):
                t = time.perf_counter()
                run(inputs, tmp / f"out-{ner}", pipeline=pipelines[ner])
                best[ner] = min(best[ner], time.perf_counter() - t)
    result = {
        "articles_chars": chars,
        "without_ner_chars_per_s": round(chars / best[False]),
        "with_ner_chars_per_s": round(chars / best[True]),
        "ratio_with_to_without": round(best[False] / best[True], 3),
    }
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print(f"kgbuild run on {chars:,} characters (best of {args.runs}):")
        print(f"  rules only (--no-ner)  {result['without_ner_chars_per_s']:>8,} characters/s")
        print(f"  rules + NER model      {result['with_ner_chars_per_s']:>8,} characters/s")
        print(f"  with/without           {result['ratio_with_to_without']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
