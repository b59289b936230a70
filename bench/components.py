"""Where kgbuild's time per core goes, beside jieba.posseg, on the same People's Daily texts.

Times, in one process over the feed's texts (bench/corpus.py's feed: People's Daily, January 1998,
rebuilt from ../shared): jieba.posseg; the shipped pkuseg CRF alone (``pkuseg_seg.cut`` on the
normalised texts); spaCy's tokenizer (the CRF and making the Doc); the shipped NER model alone
(``kg.ner.find_spans``); and kgbuild's whole analysis and extraction (``kg.extract.extract_article``).
The loading of each is not timed. Needs jieba (bench/requirements.txt).

    python bench/components.py --shared ../shared [--chars 300000]
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_feed  # noqa: E402 - bench/corpus.py, beside this file


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return round(time.perf_counter() - t, 2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--chars", type=int, default=300_000, help="characters of the feed (0: the whole month)")
    args = ap.parse_args()
    import jieba
    import jieba.posseg

    from kg import ner
    from kg.extract import extract_article
    from kg.nlp import _model_view, load_pipeline
    from kg.normalize import normalize
    from kg.types import Article

    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        write_feed(args.shared, feed, args.chars)
        texts = [json.loads(line)["text"] for line in feed.open(encoding="utf-8")]
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    p = load_pipeline()
    norms = [normalize(t) for t in texts]
    result = {
        "articles": len(texts), "chars": sum(map(len, texts)),
        "jieba_posseg_s": timed(lambda: [list(jieba.posseg.cut(t)) for t in texts]),
        "pkuseg_crf_s": timed(lambda: [p.nlp.tokenizer.pkuseg_seg.cut(t) for t in norms]),
        "spacy_tokenizer_s": timed(lambda: [p.nlp.make_doc(t) for t in norms]),
        "ner_model_s": timed(lambda: [ner.find_spans(p.model, _model_view(t)) for t in norms]),
        "analysis_and_extraction_s": timed(
            lambda: [extract_article(p, Article(id=str(i), text=t)) for i, t in enumerate(texts)]),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
