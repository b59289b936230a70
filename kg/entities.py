"""Entity rules: gazetteer phrases and title patterns as spaCy components.

Two steps, both over the normalised text (see kg.normalize):

1. spaCy's own ``entity_ruler`` matches the word lists of ``kg/data``
   (organisations, places, titles); an alias pattern carries the canonical
   organisation name as its ``id`` (工信部 → 工业和信息化部).
2. ``kg_entity_rules`` adds what a list cannot hold: titles with modifiers
   (副 + 院长, 三级 + 调研员, 首席 + … + 科学家), and drops places inside book
   titles 《…》, which name songs and books, not places (《在太行山上》).
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import wordlists
from kg.types import GPE, LOC, ORG, TITLE

# 首席…科学家, 首席宏观分析师: 首席 + a field of up to six characters + a
# profession. The field is free text, so no list can hold these titles.
_CHIEF = re.compile(r"首席[\u4e00-\u9fff]{0,6}?(?:科学家|分析师|经济学家|执行官|专家|研究员|顾问|代表|工程师|官)")
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,40}》")


def ruler_patterns() -> list[dict]:
    """Phrase patterns for spaCy's entity_ruler, from the word lists."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, ent_id: str | None = None) -> None:
        if len(text) < 2 or (label, text) in seen:
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


def add_entity_rules(nlp: Language) -> None:
    """Add the gazetteer ruler and the pattern component to ``nlp``."""
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns())
    nlp.add_pipe("kg_entity_rules", after="kg_gazetteer")


@cache
def _modifier_re() -> re.Pattern[str]:
    mods = sorted(wordlists.words("title_modifiers"), key=len, reverse=True)
    return re.compile("(?:%s)+$" % "|".join(map(re.escape, mods)))


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")


@Language.component("kg_entity_rules")
def entity_rules(doc: Doc) -> Doc:
    """Titles with modifiers and 首席… titles; no places inside 《》."""
    text = doc.text
    books = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
    spans: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in (GPE, LOC) and any(s < ent.start_char and ent.end_char < e for s, e in books):
            continue
        if ent.label_ == TITLE:
            # Extend the title over the modifiers before it (副, 常务副, 三级).
            head = text[max(0, ent.start_char - 6):ent.start_char]
            m = _modifier_re().search(head)
            if m:
                ent = _span(doc, ent.start_char - (len(head) - m.start()), ent.end_char, TITLE) or ent
        spans.append(ent)
    for m in _CHIEF.finditer(text):
        span = _span(doc, m.start(), m.end(), TITLE)
        if span is not None:
            spans.append(span)
    # Longest span wins where two overlap; spaCy's filter_spans does exactly that.
    doc.ents = filter_spans(spans)
    return doc
