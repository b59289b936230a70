"""Time per character of one long article beside a short one, same pipeline, same run.

    python bench/long_article.py [--lengths 20000,2000000] [--no-ner] [--wrap]

Each article is the built-in sample's text (kg/sample, written by the team)
repeated to the length asked, with its line breaks, and with ``--wrap``
inside one 《…》 as a whole book quoted in a news feed would be (the case that
once took 720 s for 930 KB). The shortest length runs once untimed first, to
warm the pipeline. Reported for each: seconds, characters per second, the
statements found, and the rate as a ratio of the first length's. With
articles read in pieces (kg.extract.pieces) the ratio stays near 1.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.extract import extract_article
from kg.nlp import load_pipeline
from kg.types import Article

SAMPLE = Path(__file__).resolve().parents[1] / "kg" / "sample"


def article(n: int, wrap: bool) -> str:
    base = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt")))
    text = (base * (n // len(base) + 1))[:n]
    return "《" + text[1:-1] + "》" if wrap else text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", default="20000,2000000")
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--wrap", action="store_true")
    args = ap.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    pipeline = load_pipeline(ner=not args.no_ner)
    extract_article(pipeline, Article(id="warm", text=article(lengths[0], args.wrap)))
    first = None
    print(f"{'characters':>10}  {'seconds':>8}  {'chars/s':>8}  {'statements':>10}  ratio")
    for n in lengths:
        text = article(n, args.wrap)
        t = time.perf_counter()
        ex = extract_article(pipeline, Article(id=f"n{n}", text=text))
        seconds = time.perf_counter() - t
        rate = n / seconds
        first = first or rate
        print(f"{n:>10}  {seconds:>8.1f}  {rate:>8.0f}  {len(ex.statements):>10}  {rate / first:.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
