"""The spaCy pipeline, and extraction from articles into kg.types records.

``load_pipeline()`` builds a ``zh`` pipeline with its segmenter and our
components: statistical NER → gazetteer ruler → entity rules → speaker
mentions → statements.
``extract()`` runs it over articles and turns each Doc into an
:class:`~kg.types.Extraction`; no spaCy object leaves this module.

The pipeline reads the normalised text (kg.normalize), which has the same
length as the article text, so every offset it finds indexes the article.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg import entities, mentions, ner, statements  # noqa: F401  (registers components)
from kg import segmenter as segmenters
from kg.errors import InputError
from kg.normalize import normalize
from kg.types import ORG, PERSON, TITLE, Article, Extraction, Mention, Post, Statement

def load_pipeline(segmenter: str = segmenters.DEFAULT, ner: bool = True) -> Language:
    """A Chinese pipeline with kgbuild's components; nothing is downloaded.

    ``segmenter`` is ``pkuseg`` (the shipped model, with the entity word lists
    as its user dictionary) or ``char`` (one token per character). ``ner``
    adds the shipped statistical NER model (kg.ner) to the rules.
    """
    user_words = segmenters.entity_words() if segmenter == "pkuseg" else None
    nlp = segmenters.blank(segmenter, user_words)
    if ner:
        nlp.add_pipe("kg_ner")
    entities.add_entity_rules(nlp)
    nlp.add_pipe("kg_mentions")
    nlp.add_pipe("kg_statements")
    return nlp


def _name(ent) -> str:
    return ent.kb_id_ or ent.ent_id_ or ent.text


def to_extraction(article: Article, doc: Doc) -> Extraction:
    """Turn a processed Doc of ``article`` into kgbuild's records."""
    text = article.text
    people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == PERSON]
    # Titles are mentions too (scored by kgbuild eval); the graph keeps them as posts instead.
    spans = [e for e in doc.ents if e.label_ in (PERSON, ORG, TITLE)]
    # Places come from their own span group, so that 山西 in 山西焦煤 counts;
    # a place may not cut into a person's name.
    spans += [p for p in doc.spans[entities.PLACES_KEY]
              if not any(s < p.end_char and p.start_char < e for s, e in people)]
    mention_list = sorted(
        (Mention(e.label_, e.start_char, e.end_char, text[e.start_char:e.end_char], _name(e)) for e in spans),
        key=lambda m: (m.start, m.end, m.label),
    )
    posts = {
        Post(p.name, p.title, p.org)
        for p in doc._.kg_people or []
        if p.title
    }
    stmts = []
    for f in doc._.kg_statements or []:
        sp = f.speaker
        stmts.append(Statement(
            article_id=article.id,
            speaker=sp.name if sp else None,
            speaker_label=sp.label if sp else None,
            title=sp.title if sp else None,
            org=sp.org if sp else None,
            cue=f.cue, kind=f.kind, text=text[f.start:f.end], start=f.start, end=f.end,
            speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None,
        ))
    return Extraction(
        article=article,
        mentions=tuple(mention_list),
        posts=tuple(sorted(posts, key=lambda p: (p.person, p.title, p.org or ""))),
        statements=tuple(stmts),
        warnings=tuple(doc._.kg_warnings or ()),
    )


def extract(nlp: Language, articles: Iterable[Article],
            on_error: Callable[[InputError], None] | None = None) -> Iterator[Extraction]:
    """Run the pipeline over articles, in order, one Extraction each.

    An article the pipeline fails on is reported to ``on_error`` (naming it)
    and skipped, so one odd text does not stop a run over a corpus; without
    ``on_error`` the error is raised.
    """
    for a in articles:
        try:
            extraction = to_extraction(a, nlp(normalize(a.text)))
        except Exception as e:  # noqa: BLE001 - any failure of one article is reported, not fatal
            if on_error is None:
                raise
            on_error(InputError(a.origin or a.id, f"article {a.id!r} could not be processed: {e}"))
            continue
        yield extraction
