"""Segmenter benchmark: word F1 on three standards, and throughput beside jieba.

    python bench/segmenter.py [--shared ../shared] [--json]

F1 is computed from what ``kgbuild segment`` prints (kg.segmenter.segment_lines,
the same code), scored as the SIGHAN bakeoff does (kg.tools.evaluate). Throughput
is characters per second of kgbuild's segmenter and of jieba's ``cut`` on the
same text in the same run, each the best of three passes, reported as a
ratio; absolute figures depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.tools.evaluate import score_segmentation, segmentation_test_sets
from kg.segmenter import blank, segment_lines


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    nlp = blank("pkuseg")
    results = {}
    for name, (raw, gold) in segmentation_test_sets(args.shared / "data").items():
        predicted = list(segment_lines(raw, nlp))
        s = score_segmentation(gold, predicted)
        results[name] = {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4)}

    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    raw = segmentation_test_sets(args.shared / "data")["PKU"][0]
    chars = sum(len(line) for line in raw)
    ours = best_of(3, lambda: list(segment_lines(raw, nlp)))
    theirs = best_of(3, lambda: [list(jieba.cut(line)) for line in raw])
    results["throughput"] = {
        "text": "SIGHAN 2005 PKU test", "characters": chars,
        "kgbuild_chars_per_s": round(chars / ours), "jieba_chars_per_s": round(chars / theirs),
        "kgbuild_over_jieba": round(theirs / ours, 3),
    }
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for name, r in results.items():
            print(name, r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
