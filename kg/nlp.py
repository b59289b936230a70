"""The analysis: spaCy reads an article once, and what it found becomes an Analysis.

spaCy does what it is made for: the word segmenter (kg.segmenter), the
gazetteer rulers over the word lists of ``kg/data`` (an ``entity_ruler`` for
organisations and titles, a ``span_ruler`` for places, which keeps nested
ones: 山西 in 山西焦煤), and the statistical NER model (kg.ner). Right after,
the Doc is turned into one spaCy-free :class:`~kg.types.Analysis`; every
later stage (kg.extract) reads that alone. Nothing is downloaded.

The pipeline reads the normalised view of the text (kg.normalize), which has
the same length as the article text, so every offset it finds indexes the
article.
"""
from __future__ import annotations

import re

from spacy.language import Language

from kg import ner as ner_model
from kg import segmenter as segmenters
from kg import wordlists
from kg.normalize import normalize
from kg.types import DEFAULT_SEGMENTER, GPE, LOC, ORG, TITLE, Analysis, Span

PLACES_KEY = "kg_places"  # doc.spans key of the place ruler: every place, nested ones included


class Pipeline:
    """kgbuild's spaCy pipeline and NER model: ``analyse(text)`` gives an Analysis."""

    def __init__(self, nlp: Language, model: Language | None, segmenter: str = DEFAULT_SEGMENTER):
        self.nlp = nlp
        self.model = model  # the NER model; None: rules only (--no-ner)
        self.segmenter = segmenter

    @property
    def ner(self) -> bool:
        return self.model is not None

    def analyse(self, text: str) -> Analysis:
        norm = normalize(text)
        doc = self.nlp(norm)
        return Analysis(
            text=text,
            norm=norm,
            words=tuple(Span(s, e) for s, e in segmenters.token_offsets(doc)),
            rule_ents=tuple(Span(e.start_char, e.end_char, e.label_, e.kb_id_ or e.ent_id_) for e in doc.ents),
            places=tuple(Span(p.start_char, p.end_char, p.label_, p.kb_id_ or p.ent_id_)
                         for p in doc.spans[PLACES_KEY]),
            model=None if self.model is None else ner_model.find_spans(self.model, _model_view(norm)),
        )


# Spaces the model never saw in training: web copies indent paragraphs (　　) and put runs of
# spaces between sentences, which hide names from it (。   习近平总书记指出). One space
# inside a sentence stays (Ernest Wong; 申 请, a word cut by a scraper).
_SPACES = re.compile(r"[ \t\u3000]+")
_BREAKS = "\n。！？；，、：:;,.!?”」』）)"


def _model_view(norm: str) -> str:
    """The normalised text as the NER model reads it: runs of spaces, and spaces after a line
    break or punctuation, read as line breaks (same length: offsets still index the article)."""
    def blank(m: re.Match[str]) -> str:
        before = norm[m.start() - 1:m.start()]
        if len(m.group()) > 1 or before in "" or before in _BREAKS:
            return "\n" * len(m.group())
        return m.group()  # 申 请: one space inside a word, as scraped; Ernest Wong
    return _SPACES.sub(blank, norm)


def load_pipeline(segmenter: str = DEFAULT_SEGMENTER, ner: bool = True) -> Pipeline:
    """kgbuild's pipeline; nothing is downloaded.

    ``segmenter`` is ``pkuseg`` (the shipped model, with the entity word lists
    as its user dictionary) or ``char`` (one token per character). ``ner``
    adds the shipped statistical NER model (kg.ner) to the rules.
    """
    user_words = segmenters.entity_words() if segmenter == "pkuseg" else None
    nlp = segmenters.blank(segmenter, user_words)
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", config={"overwrite_ents": True})
    places = nlp.add_pipe("span_ruler", name="kg_places", config={"spans_key": PLACES_KEY})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns((TITLE, ORG)))
        places.add_patterns(ruler_patterns((GPE, LOC)))
    return Pipeline(nlp, ner_model.load_model() if ner else None, segmenter)


def ruler_patterns(labels: tuple[str, ...] = (TITLE, ORG)) -> list[dict]:
    """Phrase patterns for spaCy's rulers, from the word lists; an alias
    pattern carries the canonical organisation name as its ``id`` (工信部 →
    工业和信息化部)."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, ent_id: str | None = None) -> None:
        if len(text) < 2 or (label, text) in seen or label not in labels:
            return
        seen.add((label, text))
        pattern = {"label": label, "pattern": text}
        if ent_id:
            pattern["id"] = ent_id
        patterns.append(pattern)

    for name in wordlists.words("titles"):
        add(TITLE, name)
    for name in wordlists.words("places_gpe"):
        add(GPE, name)
    for name in wordlists.words("places_loc"):
        add(LOC, name)
    for name in wordlists.words("orgs"):
        add(ORG, name)
    for alias, canonical in sorted(wordlists.aliases().items()):
        add(ORG, alias, canonical)
    return patterns
