"""Statistical NER on characters: the trained model and its place in the pipeline.

The model (``kg/models/ner``, trained by ``kgbuild train ner`` with
``kg/ner_config.cfg``) reads one token per character, like the character
BiLSTM-CRF taggers of the Chinese NER literature, so it never depends on
where the word segmenter cut. Each character also carries the bigram it
starts (``kg_char_bigrams``, stored in NORM): bigram features are what lift
those taggers from 0.86 to 0.92 F1 on MSRA.

In kgbuild's pipeline the ``kg_ner`` component runs this model over the
normalised text and keeps what the rules cannot know: names without a title
or cue around them. It writes the model's spans to ``doc._.kg_ner``;
kg.mentions takes person names from there, and kg.entities adds the model's
organisations and places where no rule found one, so titles, speaker chains
and gazetteer hits stay the rules' work.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from kg.errors import KgbuildError

NER_KEY = "kg_ner"  # Doc extension: the model's (start, end, label) spans
MODEL_PER = "PER"  # the model's labels are the data sets': PER, ORG, LOC, TITLE
_END = "\u0003"  # stands for "no next character" in the last bigram


def model_dir() -> Path:
    return Path(__file__).parent / "models" / "ner"


@Language.component("kg_char_bigrams")
def char_bigrams(doc: Doc) -> Doc:
    """Store in each character token's NORM the hash of it and the next character."""
    text = doc.text
    # One token per character and no trailing spaces (char_doc, the DocBins):
    # the text is the characters; anything else is read token by token.
    chars = list(text) if len(text) == len(doc) else [t.text for t in doc]
    if chars:
        ids = [get_string_id(a + b) for a, b in zip(chars, chars[1:] + [_END])]
        doc.from_array([NORM], numpy.asarray(ids, dtype="uint64").reshape(-1, 1))
    return doc


def char_doc(vocab, text: str) -> Doc:
    """A Doc with one token per character (spaces are tokens too)."""
    return Doc(vocab, words=list(text), spaces=[False] * len(text))


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> Language:
    """The trained character NER pipeline (cached: it is read once per process)."""
    path = Path(path) if path else model_dir()
    if not (path / "config.cfg").is_file():
        raise KgbuildError(f"the NER model is missing from {path}; build it with `kgbuild train ner` "
                           "or run without it (--no-ner)")
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

if not Doc.has_extension(NER_KEY):
    Doc.set_extension(NER_KEY, default=None)


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


class StatisticalNer:
    """Runs the character NER model over a Doc's text.

    The entities go to ``doc._.kg_ner`` as ``(start, end, label)`` character
    spans, not to ``doc.ents``: the entity rules decide what to keep
    (kg.entities, kg.mentions).
    """

    def __init__(self, model_path: str | None = None, batch_size: int = 64):
        self.model = load_model(model_path)
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        parts = [(o, p) for o, p in pieces(doc.text) if p.strip()]
        found = predict(self.model, [p for _, p in parts], self.batch_size)
        doc._.kg_ner = [(o + s, o + e, label) for (o, _), spans in zip(parts, found) for s, e, label in spans]
        return doc


@Language.factory("kg_ner", default_config={"model_path": None})
def make_ner(nlp: Language, name: str, model_path: str | None) -> StatisticalNer:
    return StatisticalNer(model_path)
