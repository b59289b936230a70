"""Statistical NER on characters: the trained model and its place in the pipeline.

The model (``kg/models/ner``, trained by ``kgbuild train ner`` with
``kg/tools/ner_config.cfg``) reads one token per character, like the character
BiLSTM-CRF taggers of the Chinese NER literature, so it never depends on
where the word segmenter cut. Each character also carries the bigram it
starts (``kg_char_bigrams``, stored in NORM): bigram features are what lift
those taggers from 0.86 to 0.92 F1 on MSRA. A CNN reads the characters and a
softmax tags each one B, I, L, U or O of an entity type
(``kg_entity_tagger``: spaCy's tagger, its tags read as entities).

In kgbuild's analysis (kg.nlp) :func:`find_spans` runs this model over the
normalised text, sentence by sentence, and the spans become
``Analysis.model``: kg.mentions takes person names from there, and
kg.entities adds the model's organisations and places where no rule found
one, so titles, speaker chains and gazetteer hits stay the rules' work.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.pipeline import Tagger
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens import Span as DocSpan

from kg.errors import KgbuildError
from kg.types import Span

_END = "\u0003"  # stands for "no next character" in the last bigram


def model_dir() -> Path:
    return Path(__file__).parent / "models" / "ner"


@Language.component("kg_char_bigrams")
def char_bigrams(doc: Doc) -> Doc:
    """Store in each character token's NORM the hash of it and the next character."""
    # The tokens' texts from their ORTH ids: iterating over Token objects (or
    # doc.text, which does) took a tenth of the model's time.
    strings = doc.vocab.strings
    chars = [strings[orth] for orth in doc.to_array(ORTH).tolist()]
    if chars:
        ids = [get_string_id(a + b) for a, b in zip(chars, chars[1:] + [_END])]
        doc.from_array([NORM], numpy.asarray(ids, dtype="uint64").reshape(-1, 1))
    return doc


def tags_to_spans(tags: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` spans of BILUO tags, given as ``(position, tag)``
    for the positions not tagged O (all others are O).

    ``best_tags`` gives well-formed sequences; anything else is read
    leniently: an I or L with no open entity of its label starts one, and a
    B or I is closed by the next O, B, U or change of label.

    >>> tags_to_spans([(0, "B-PER"), (1, "L-PER"), (3, "U-LOC"), (5, "I-ORG"), (6, "L-ORG")])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (5, 7, 'ORG')]
    """
    spans = []
    start = label = None
    last = -1
    for i, tag in tags:
        move, _, lab = tag.partition("-")
        if start is not None and (i != last + 1 or move in "BU" or lab != label):
            spans.append((start, last + 1, label))
            start = None
        if start is None:
            start, label = i, lab
        if move in "LU":
            spans.append((start, i + 1, label))
            start = None
        last = i
    if start is not None:
        spans.append((start, last + 1, label))
    return spans


@lru_cache(maxsize=4)
def transitions(labels: tuple[str, ...]) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Which BILUO tags may follow which, and which may start and end a text.

    Returns ``(allowed, first, last)``: ``allowed[i, j]`` says whether tag
    ``j`` may follow tag ``i``; ``first`` and ``last`` which tags may begin
    and end a sequence. Cached (every batch asks) and read-only.
    """
    moves = [label.partition("-")[::2] for label in labels]
    inside = numpy.array([m in ("B", "I") for m, _ in moves])  # an entity is open after it
    allowed = numpy.array([[(m2 in ("I", "L") and l2 == l1) if m1 in ("B", "I") else m2 in ("O", "B", "U")
                            for m2, l2 in moves] for m1, l1 in moves])
    first = numpy.array([m in ("O", "B", "U") for m, _ in moves])
    tables = allowed, first, ~inside
    for table in tables:
        table.setflags(write=False)
    return tables


def best_tags(scores: numpy.ndarray, allowed: numpy.ndarray, first: numpy.ndarray,
              last: numpy.ndarray) -> numpy.ndarray:
    """The best well-formed tag sequence for one text's scores (characters × tags).

    The per-character best is taken when it is well-formed (most texts), else
    the Viterbi path over the allowed transitions: the softmax tagger scores
    each character on its own, and this keeps its entities whole.
    """
    path = scores.argmax(axis=1)
    if not len(path) or (first[path[0]] and last[path[-1]] and allowed[path[:-1], path[1:]].all()):
        return path
    barred = numpy.where(allowed, 0.0, -numpy.inf)
    best = numpy.where(first, scores[0], -numpy.inf)
    back = numpy.zeros(scores.shape, dtype=numpy.intp)
    columns = numpy.arange(scores.shape[1])
    for i in range(1, len(scores)):
        candidates = best[:, None] + barred
        back[i] = candidates.argmax(axis=0)
        best = candidates[back[i], columns] + scores[i]
    path[-1] = numpy.where(last, best, -numpy.inf).argmax()
    for i in range(len(scores) - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


class EntityTagger(Tagger):
    """spaCy's tagger, predicting BILUO entity tags per character, read as ``doc.ents``.

    The model tags characters (a softmax per character) instead of parsing
    entities with spaCy's transition-based ``ner``: the transition loop cost
    as much time as the whole CNN and halved kgbuild's throughput
    (bench/ner.py). Training is the tagger's (kg/tools/train_ner.py writes the
    tags); prediction keeps the tag sequences well-formed (``best_tags``) and
    sets entities, and the scorer is spaCy's entity scorer, so training
    picks the best model by entity F1, not tag accuracy.
    """

    def predict(self, docs):
        if not any(len(doc) for doc in docs):
            return [numpy.zeros(0, dtype=numpy.intp) for _ in docs]
        allowed, first, last = transitions(self.labels)
        return [best_tags(self.model.ops.to_numpy(s), allowed, first, last) for s in self.model.predict(docs)]

    def set_annotations(self, docs, batch_tag_ids):
        labels = self.labels
        outside = labels.index("O") if "O" in labels else -1
        for doc, tag_ids in zip(docs, batch_tag_ids):
            found = [(int(i), labels[tag_ids[i]]) for i in numpy.flatnonzero(tag_ids != outside)]
            doc.set_ents([DocSpan(doc, s, e, label=label) for s, e, label in tags_to_spans(found)])


@Language.factory(
    "kg_entity_tagger",
    assigns=["doc.ents"],
    default_config={"model": None, "scorer": {"@scorers": "spacy.ner_scorer.v1"}, "label_smoothing": 0.0},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entity_tagger(nlp: Language, name: str, model, scorer, label_smoothing: float) -> EntityTagger:
    return EntityTagger(nlp.vocab, model, name, scorer=scorer, label_smoothing=label_smoothing)


def char_doc(vocab, text: str) -> Doc:
    """A Doc with one token per character (spaces are tokens too)."""
    return Doc(vocab, words=list(text), spaces=[False] * len(text))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> Language:
    """The trained character NER pipeline (cached: it is read once per process)."""
    path = Path(path) if path else model_dir()
    if not (path / "config.cfg").is_file():
        raise KgbuildError(f"the NER model is missing from {path}; build it with "
                           "`kgbuild train ner --replace-shipped` or run without it (--no-ner)")
    return spacy.load(path)


def predict(model: Language, texts: list[str], batch_size: int = 64) -> list[list[tuple[int, int, str]]]:
    """Character spans ``(start, end, label)`` the model finds in each text."""
    docs = model.pipe((char_doc(model.vocab, t) for t in texts), batch_size=batch_size)
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs]


# Sentence-sized pieces, as the model was trained on: cut after 。！？； and
# line ends; a longer run is cut after its last ，、：） within 200 characters,
# or at 200 (a list of names may have no punctuation at all).
_PIECE = re.compile(r"[^。！？；\n]{0,200}[。！？；\n]?")
_SOFT_END = re.compile(r".*[，、：）]", re.S)
MAX_PIECE = 200


def pieces(text: str) -> list[tuple[int, str]]:
    """``(offset, piece)`` of ``text`` cut into sentence-sized pieces.

    >>> pieces("他说：“好。”我们走吧")
    [(0, '他说：“好。'), (6, '”我们走吧')]
    """
    out = []
    i = 0
    while i < len(text):
        end = _PIECE.match(text, i).end()
        if end - i == MAX_PIECE and end < len(text) and text[end] not in "。！？；\n":
            soft = _SOFT_END.match(text, i, end)
            end = soft.end() if soft else end
        out.append((i, text[i:end]))
        i = end
    return out


def find_spans(model: Language, text: str, batch_size: int = 64) -> tuple[Span, ...]:
    """The model's spans in ``text`` (labels PER, ORG, LOC, TITLE), read piece by piece."""
    parts = [(o, p) for o, p in pieces(text) if p.strip()]
    found = predict(model, [p for _, p in parts], batch_size)
    return tuple(Span(o + s, o + e, label) for (o, _), spans in zip(parts, found) for s, e, label in spans)
