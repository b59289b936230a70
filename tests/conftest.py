"""Shared fixtures: one spaCy pipeline per session, paths to ../shared."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGE = SHARED / "corpus" / "000_f786ed146695884a.txt"
SEED_GOLD = SHARED / "eval" / "seed_gold.json"
SAMPLE_GOLD = ROOT / "tests" / "data" / "sample_gold.json"


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def sample():
    """The graph (kg.graph) of the built-in sample, rules only (ner=False: faster)."""
    from kg.extract import extract
    from kg.graph import build_graph
    from kg.nlp import load_pipeline
    from kg.reader import iter_articles
    from kg.run import sample_inputs

    def refuse(err):
        raise err

    articles = iter_articles(sample_inputs(), refuse)
    return build_graph(extract(load_pipeline(ner=False), articles, on_error=refuse))


def require_tool(name: str) -> str:
    """The path of a command-line tool, or skip; in CI a missing tool fails.

    .ci/run installs jing, rapper, curl and chromium and sets KGBUILD_REQUIRE_TOOLS,
    so a test that needs them can never skip its way to green there.
    """
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("KGBUILD_REQUIRE_TOOLS"):
        pytest.fail(f"{name} is required (KGBUILD_REQUIRE_TOOLS is set) but not on PATH")
    package = {"rapper": "raptor2-utils", "node": "nodejs"}.get(name, name)
    pytest.skip(f"{name} is not installed (Debian package: {package})")


def require_page() -> Path:
    if not PAGE.exists():
        pytest.skip(f"the sample newspaper page is not here: {PAGE}")
    return PAGE


ARTICLE_FIELDS = ("id", "title", "date", "source", "text")


def simplified(text: str) -> str:
    """Gold names, titles and cues are Simplified; some articles are written in Traditional."""
    import zhconv

    return zhconv.convert(text, "zh-cn")


def messy_kinds(traditional_word: str) -> list[tuple[str, object]]:
    """The kinds of messy text a gold set must hold (pattern 9), each with a check of an article's text."""
    return [
        ("half-width punctuation", lambda t: all(c in t for c in ',:?!()"') and "“" not in t),
        ("corner quote marks", lambda t: all(c in t for c in "「」『』") and "“" not in t),
        ("Traditional characters", lambda t: simplified(t) != t and traditional_word in t),
    ]


def check_article_line(number: int, line: str, id_prefix: str) -> None:
    """A JSONL line is an object with the fields the reader needs; ids run prefix-01, prefix-02, …"""
    import json
    from datetime import date

    record = json.loads(line)
    assert isinstance(record, dict), f"line {number}"
    for field in ARTICLE_FIELDS:
        assert isinstance(record.get(field), str) and record[field].strip(), f"line {number}: {field}"
    assert record["id"] == f"{id_prefix}-{number:02d}"
    date.fromisoformat(record["date"])


def analysis(text: str, rule_ents=(), places=(), model=None, words=None):
    """A hand-built Analysis (kg.types), as kg.nlp would give it, without loading spaCy.

    Entities are ``(start, end, label[, name])``; ``model`` the NER model's
    ``(start, end, label)`` spans or None (rules only); ``words`` the
    segmenter's words as strings, one per character by default (the char
    segmenter).
    """
    from kg.normalize import normalize
    from kg.types import Analysis

    if words is None:
        words = list(text)
    cuts = [0]
    for w in words:
        cuts.append(cuts[-1] + len(w))
    assert cuts[-1] == len(text), "the words must cover the text"
    return Analysis(
        text=text, norm=normalize(text),
        words=tuple(span(s, e) for s, e in zip(cuts, cuts[1:])),
        rule_ents=tuple(span(*e) for e in rule_ents),
        places=tuple(span(*p) for p in places),
        model=None if model is None else tuple(span(*m) for m in model),
    )


def span(start: int, end: int, label: str = "", name: str = ""):
    from kg.types import Span

    return Span(start, end, label, name)


def surfaces(extraction, labels) -> set[str]:
    """The surface forms of an extraction's mentions with these labels."""
    text = extraction.article.text
    return {text[m.start:m.end] for m in extraction.mentions if m.label in labels}


def extract_text(pipeline, text: str, article_id: str = "t"):
    """The Extraction of one text, through a loaded pipeline."""
    from kg.extract import extract_one
    from kg.types import Article

    return extract_one(Article(id=article_id, text=text), pipeline.analyse(text))


def stages(pipeline, text: str):
    """People, entity mentions and places of one text, stage by stage (kg.extract's order)."""
    from kg.entities import find_entities
    from kg.mentions import entity_mentions, find_people

    a = pipeline.analyse(text)
    ents, places = find_entities(a)
    people = find_people(a, ents, places)
    mentions, places = entity_mentions(a.norm, ents, places, people)
    return people, mentions, places
