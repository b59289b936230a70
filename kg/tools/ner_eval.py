"""Entity and title recognition scored the way published tables score it.

Three public test sets (in ``../shared/data``, never copied here), read into
``(text, gold_spans)`` pairs, gold spans being ``(start, end, label)`` with
character offsets and labels PER, ORG, LOC, TITLE:

- MSRA NER test (SIGHAN 2006): BIO tags, one character a line; PER/LOC/ORG.
- CLUENER2020 dev: JSONL with inclusive spans; ten fine types folded into
  ours (name → PER, organization/government/company → ORG, address → LOC,
  position → TITLE; scene, book, game and movie are dropped).
- Resume NER test (Zhang & Yang 2018): BMES tags; TITLE is the figure that
  matters to kgbuild, NAME/ORG/LOC are scored too.

Predictions come from ``kg.nlp.extract``, the very path ``kgbuild run`` takes,
and a span is right only when its start, end and label all match, counts
micro-averaged over labels (conlleval's measure, used by the MSRA and
CLUENER papers).
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from spacy.language import Language

from kg.errors import InputError, KgbuildError
from kg.extract import extract
from kg.types import GPE, LOC, ORG, PERSON, TITLE, Article

Span = tuple[int, int, str]
Sentence = tuple[str, set[Span]]

PER = "PER"  # the data sets' label for people; kgbuild's is PERSON
LABELS = (PER, ORG, LOC, TITLE)

# Extraction labels → data set labels. The data sets do not tell a place with
# a government (GPE) from any other place, so both are LOC.
_FROM_PIPELINE = {PERSON: PER, ORG: ORG, GPE: LOC, LOC: LOC, TITLE: TITLE}
_MSRA = {"PER": PER, "ORG": ORG, "LOC": LOC}
_CLUENER = {"name": PER, "organization": ORG, "government": ORG, "company": ORG,
            "address": LOC, "position": TITLE}
_RESUME = {"NAME": PER, "ORG": ORG, "LOC": LOC, "TITLE": TITLE}

# name → (title in the report, file under the data folder, reader, labels, headline)
SETS = {
    "msra": ("MSRA test", "msra_ner/msra_test_bio.txt", "bio", (PER, ORG, LOC), "micro"),
    "cluener": ("CLUENER2020 dev", "cluener2020/dev.jsonl", "cluener", LABELS, "micro"),
    "resume": ("Resume test", "resume_ner/test.char.bmes", "bmes", LABELS, TITLE),
}

_TAGGED_LINE = re.compile(r"(.)[ \t](\S+)")  # the character, a space or tab, the tag
_PREFIXES = {"bio": "BIO", "bmes": "BMES"}


def _tag_spans(tags: Sequence[str], labels: dict[str, str]) -> set[Span]:
    """Spans of a BIO or BMES tag sequence, conlleval style.

    A span starts at B or S, or at an I/M/E that does not continue the open
    span; it ends at E or S, or where the next tag does not continue it.

    >>> sorted(_tag_spans(["B-PER", "I-PER", "O", "B-LOC", "E-LOC", "S-ORG"], _MSRA))
    [(0, 2, 'PER'), (3, 5, 'LOC'), (5, 6, 'ORG')]
    """
    found: list[tuple[int, int, str]] = []
    start, open_type = 0, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix in ("I", "M", "E") and kind == open_type
        if open_type is not None and not continues:
            found.append((start, i, open_type))
            open_type = None
        if prefix in ("B", "S") or (prefix in ("I", "M", "E") and not continues):
            start, open_type = i, kind
        if prefix in ("E", "S"):
            found.append((start, i + 1, open_type))
            open_type = None
    return {(s, e, labels[k]) for s, e, k in found if k in labels}


def _read_tagged(path: Path, scheme: str, labels: dict[str, str]) -> list[Sentence]:
    """Sentences of a one-character-a-line file, blank lines between sentences."""
    sentences: list[Sentence] = []
    chars: list[str] = []
    tags: list[str] = []
    allowed = _PREFIXES[scheme]
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate([*lines, ""], start=1):
        line = line.rstrip("\r")
        if not line:
            if chars:
                sentences.append(("".join(chars), _tag_spans(tags, labels)))
            chars, tags = [], []
            continue
        m = _TAGGED_LINE.fullmatch(line)
        if not m:
            raise InputError(str(path), f"expected a character, a space or tab and a tag, got {line!r}", number)
        tag = m.group(2)
        prefix, dash, kind = tag.partition("-")
        if not (tag == "O" or (prefix in allowed and prefix != "O" and dash and kind)):
            expected = ", ".join(f"{p}-TYPE" for p in allowed if p != "O")
            raise InputError(str(path), f"tag {tag!r} is not O or one of {expected}", number)
        chars.append(m.group(1))
        tags.append(tag)
    return sentences


def read_msra(path: Path) -> list[Sentence]:
    """MSRA NER in BIO: ``中\\tB-ORG`` lines, a blank line after each sentence."""
    return _read_tagged(path, "bio", _MSRA)


def read_resume(path: Path) -> list[Sentence]:
    """Resume NER in BMES: ``高 B-TITLE`` lines; NAME, ORG, LOC and TITLE kept."""
    return _read_tagged(path, "bmes", _RESUME)


def read_cluener(path: Path) -> list[Sentence]:
    """CLUENER2020 JSONL: ``{"text", "label": {type: {entity: [[start, end]]}}}``, ends inclusive."""
    sentences: list[Sentence] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text, by_type = record["text"], record.get("label", {})
            spans = set()
            for kind, entities in by_type.items():
                for entity, positions in entities.items():
                    for start, last in positions:
                        if text[start:last + 1] != entity:
                            raise InputError(str(path), f"span [{start}, {last}] is {text[start:last + 1]!r}, "
                                             f"not {entity!r}", number)
                        if kind in _CLUENER:
                            spans.add((start, last + 1, _CLUENER[kind]))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as e:
            raise InputError(str(path), f"not a CLUENER record: {e}", number) from e
        sentences.append((text, spans))
    return sentences


_READERS = {"bio": read_msra, "cluener": read_cluener, "bmes": read_resume}


def predict_spans(nlp: Language, texts: Sequence[str]) -> list[set[Span]]:
    """The pipeline's entities for each text, as data set spans.

    Everything is read from ``kg.nlp.extract``, as ``kgbuild run`` makes it.
    A place nested in an organisation or a person (山西 in 山西焦煤) is a
    mention kgbuild keeps but the data sets do not annotate, so it is
    dropped here.
    """
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    predicted: list[set[Span]] = []
    for ex in extract(nlp, articles):
        spans = {(m.start, m.end, _FROM_PIPELINE[m.label]) for m in ex.mentions if m.label in _FROM_PIPELINE}
        outer = [(s, e) for s, e, label in spans if label in (PER, ORG)]
        predicted.append({
            (s, e, label) for s, e, label in spans
            if label != LOC or not any(os_ <= s and e <= oe for os_, oe in outer)})
    return predicted


def _ratios(gold: int, predicted: int, correct: int) -> dict:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "gold": gold, "predicted": predicted, "correct": correct}


def score(gold: Sequence[set[Span]], predicted: Sequence[set[Span]], labels: Iterable[str]) -> dict[str, dict]:
    """Exact-match precision, recall and F1 per label, and ``micro`` over them.

    A predicted span counts only when a gold span in the same sentence has the
    same start, end and label; spans of other labels are ignored.

    >>> s = score([{(0, 3, "PER"), (5, 7, "LOC")}], [{(0, 3, "PER"), (5, 8, "LOC")}], ["PER", "LOC"])
    >>> s["PER"]["f1"], s["LOC"]["correct"], s["micro"]["precision"]
    (1.0, 0, 0.5)
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    labels = list(labels)
    counts = {label: [0, 0, 0] for label in labels}  # gold, predicted, correct
    for g, p in zip(gold, predicted):
        for label in labels:
            gs = {s for s in g if s[2] == label}
            ps = {s for s in p if s[2] == label}
            c = counts[label]
            c[0] += len(gs)
            c[1] += len(ps)
            c[2] += len(gs & ps)
    result = {label: _ratios(*c) for label, c in counts.items()}
    result["micro"] = _ratios(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return result


def evaluate(name: str, data_dir: Path, nlp: Language | None, limit: int | None = None,
             predict: Callable[[Sequence[str]], list[set[Span]]] | None = None) -> dict:
    """Score ``nlp`` on one public set (``msra``, ``cluener``, ``resume``) in ``data_dir``.

    ``data_dir`` is the folder of the data sets (../shared/data); ``limit``
    takes the first sentences only. The result has the scores, how many
    sentences were read and the wall time of the prediction in seconds.
    ``predict`` replaces the pipeline (the model card scores the NER model
    alone with it).
    """
    if name not in SETS:
        raise KgbuildError(f"unknown NER test set {name!r}; supported: {', '.join(SETS)}")
    title, relative, reader, labels, headline = SETS[name]
    path = Path(data_dir) / relative
    if not path.is_file():
        raise InputError(str(path), f"the {title} file is missing")
    sentences = _READERS[reader](path)[:limit]
    texts = [text for text, _ in sentences]
    started = time.perf_counter()
    predicted = predict(texts) if predict else predict_spans(nlp, texts)
    seconds = time.perf_counter() - started
    return {
        "name": name, "title": title, "path": str(path), "sentences": len(sentences),
        "chars": sum(len(t) for t in texts),
        "labels": list(labels), "headline": headline, "seconds": seconds,
        "scores": score([gold for _, gold in sentences], predicted, labels),
    }


def format_report(results: Iterable[dict]) -> str:
    """A plain-text table, one row per set and label, the headline row marked *.

    >>> r = {"title": "T", "sentences": 1, "headline": "micro", "seconds": 0.5,
    ...      "scores": score([{(0, 2, "PER")}], [{(0, 2, "PER")}], ["PER"])}
    >>> print(format_report([r]))  # doctest: +NORMALIZE_WHITESPACE
    set   sentences  label   gold  pred  right  precision  recall     F1  seconds
    T             1  PER        1     1      1      1.000   1.000  1.000
    T             1  micro*     1     1      1      1.000   1.000  1.000      0.5
    """
    rows = [("set", "sentences", "label", "gold", "pred", "right", "precision", "recall", "F1", "seconds")]
    for r in results:
        for label, s in r["scores"].items():
            mark = "*" if label == r["headline"] else ""
            seconds = f"{r['seconds']:.1f}" if label == "micro" and "seconds" in r else ""
            rows.append((r["title"], str(r["sentences"]), label + mark, str(s["gold"]), str(s["predicted"]),
                         str(s["correct"]), f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                         seconds))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    left = {0, 2}  # text columns; numbers are right-aligned

    def line(row: tuple[str, ...]) -> str:
        cells = (c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
        return "  ".join(cells).rstrip()

    return "\n".join(line(row) for row in rows)
