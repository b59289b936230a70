"""Extraction: from each article's analysis to kgbuild's records, stage by stage.

    analysis (kg.nlp) → entities (kg.entities) → people (kg.mentions)
    → entity mentions (kg.mentions) → statements (kg.statements) → Extraction

Every stage is a plain function over the records of the stages before it
(kg.types); :func:`extract_one` calls them in this order, and it is the only
place that does.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from kg.entities import find_entities
from kg.errors import InputError
from kg.mentions import entity_mentions, find_people
from kg.statements import find_statements
from kg.types import ORG, PERSON, TITLE, Analysis, Article, Extraction, Post


class Analyser(Protocol):
    def analyse(self, text: str) -> Analysis: ...


def extract_one(article: Article, a: Analysis) -> Extraction:
    """Everything kgbuild finds in one article, from its analysis."""
    ents, places = find_entities(a)
    people = find_people(a, ents, places)
    mentions, places = entity_mentions(a.norm, ents, places, people)
    statements, warnings = find_statements(a, people, mentions)
    # Titles are mentions too (scored by kgbuild eval); the graph keeps them as posts instead.
    found = [m for m in mentions if m.label in (PERSON, ORG, TITLE)]
    found += places
    posts = {Post(p.name, p.title, p.org) for p in people if p.title}
    return Extraction(
        article=article,
        mentions=tuple(sorted(found, key=lambda m: (m.start, m.end, m.label))),
        posts=tuple(sorted(posts, key=lambda p: (p.person, p.title, p.org or ""))),
        statements=tuple(statements),
        warnings=tuple(warnings),
    )


def extract(analyser: Analyser, articles: Iterable[Article],
            on_error: Callable[[InputError], None] | None = None) -> Iterator[Extraction]:
    """Analyse and extract articles, in order, one Extraction each.

    An article that fails is reported to ``on_error`` (naming it) and
    skipped, so one odd text does not stop a run over a corpus; without
    ``on_error`` the error is raised.
    """
    for article in articles:
        try:
            extraction = extract_one(article, analyser.analyse(article.text))
        except Exception as e:  # noqa: BLE001 - any failure of one article is reported, not fatal
            if on_error is None:
                raise
            on_error(InputError(article.origin or article.id, f"article {article.id!r} could not be processed: {e}"))
            continue
        yield extraction
