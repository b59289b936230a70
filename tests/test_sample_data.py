"""Checks of the built-in sample and its gold annotation (the data, not the extractor).

The extraction tests score kgbuild against ``tests/data/sample_gold.json``; these
tests make sure that gold is consistent with the text it annotates, so a
failing extraction test means the extractor is wrong, not the gold.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from conftest import check_article_line, messy_kinds, simplified
from kg.tools.evaluate import match_key

GOLD_PATH = Path(__file__).parent / "data" / "sample_gold.json"
PATTERNS = set(range(1, 10))  # the extraction patterns listed in kg/sample/README.md
# Quote marks of every style the sample uses; matching strips them (docs/annotation.md).


def _lines() -> list[str]:
    text = resources.files("kg.sample").joinpath("articles.jsonl").read_text(encoding="utf-8")
    return text.splitlines()


ARTICLES = {a["id"]: a for a in (json.loads(line) for line in _lines())}
GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
PAGE = resources.files("kg.sample").joinpath("page.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("number, line", list(enumerate(_lines(), 1)))
def test_sample_line_is_an_article(number, line):
    """Every JSONL line is an object with the fields the reader needs, all non-empty strings."""
    check_article_line(number, line, "sample")


def test_sample_ids_unique_and_sample_small():
    """Ids are unique; the sample stays a quick demo (under 15 KB, 8–10 short articles)."""
    ids = [json.loads(line)["id"] for line in _lines()]
    assert len(ids) == len(set(ids))
    assert 8 <= len(ids) <= 10
    data = resources.files("kg.sample").joinpath("articles.jsonl").read_bytes()
    assert len(data) < 15_000
    for article in ARTICLES.values():
        sentences = re.findall(r"[。！？!?]+[”」\"]?", article["text"])
        assert 3 <= len(sentences) <= 9, article["id"]


@pytest.mark.parametrize(
    "key", ["statements", "optional_statements", "not_statements_of_a_named_person"]
)
def test_sample_gold_starts_occur_in_article(key):
    """Each gold 'starts' is found in its article once quote marks and whitespace are stripped."""
    for item in GOLD[key]:
        article = ARTICLES[item["article"]]
        assert match_key(item["starts"]) in match_key(article["text"]), (item["article"], item["starts"])


@pytest.mark.parametrize("statement", GOLD["statements"], ids=lambda s: f"{s['article']}:{s['starts']}")
def test_sample_gold_statement_is_consistent(statement):
    """Speaker, title, cue and one accepted organisation are written in the article (in Simplified)."""
    text = simplified(ARTICLES[statement["article"]]["text"])
    assert statement["kind"] in ("direct", "indirect")
    assert statement["speaker"] in text
    assert statement["cue"] in text
    if statement.get("speaker_kind") == "organization":
        assert statement["speaker"] in GOLD["organizations"]
        return
    assert statement["title"] in text
    orgs = [o for o in [statement["org"], *statement.get("org_accept", [])] if o]
    assert not orgs or any(o in text for o in orgs)
    people = {p["name"]: p for p in GOLD["people"]}
    assert [statement["title"], statement["org"]] in people[statement["speaker"]]["titles"]


def test_sample_gold_entities_occur_in_text():
    """People, organisations and places in the gold are all named in some article."""
    corpus = simplified("\n".join(a["text"] for a in ARTICLES.values()))
    outside_titles = re.sub(r"《[^》]*》", "", corpus)
    for person in GOLD["people"]:
        assert person["name"] in corpus
        for alias in person.get("aliases", []):
            assert alias in "\n".join(a["text"] for a in ARTICLES.values())
    for org in GOLD["organizations"]:
        assert org in corpus
    for place in GOLD["places"]:
        assert place in outside_titles


def test_sample_not_places_only_inside_titles():
    """A place name inside a 《》 title never also occurs outside one (else it would be a place)."""
    in_titles = 0
    for item in GOLD["not_places"]:
        text = ARTICLES[item["article"]]["text"]
        assert item["text"] in text
        titles = "".join(re.findall(r"《[^》]*》", text))
        if item["text"] in titles:
            in_titles += 1
            assert item["text"] not in re.sub(r"《[^》]*》", "", text)
        assert item["text"] not in GOLD["places"]
    assert in_titles >= 1


def test_sample_every_pattern_covered():
    """Each gold article lists the patterns it exercises; together they cover patterns 1–9."""
    assert {a["id"] for a in GOLD["articles"]} == set(ARTICLES)
    covered: set[int] = set()
    for entry in GOLD["articles"]:
        assert set(entry["patterns"]) <= PATTERNS, entry["id"]
        assert entry["headline"] == ARTICLES[entry["id"]]["title"]
        covered |= set(entry["patterns"])
    assert covered == PATTERNS


MESSY = messy_kinds("中國")


@pytest.mark.parametrize("what, looks_right", MESSY, ids=[m[0] for m in MESSY])
def test_sample_messy_article_present(what, looks_right):
    """Pattern 9: one article for each kind of messy text, and it is marked as pattern 9."""
    marked = {a["id"] for a in GOLD["articles"] if 9 in a["patterns"]}
    assert [i for i in marked if looks_right(ARTICLES[i]["text"])], what


def test_sample_page_is_hard_wrapped():
    """page.txt looks like the real page: short column lines with blank lines between them."""
    lines = PAGE.splitlines()
    text_lines = [line for line in lines if line.strip()]
    short = [line for line in text_lines if len(line.strip()) <= 16]
    assert len(short) >= 0.75 * len(text_lines)
    assert len(text_lines) >= 30
    blanks_between = sum(1 for a, b in zip(lines, lines[1:]) if a.strip() and not b.strip())
    assert blanks_between >= 0.8 * len(text_lines) - 5


@pytest.mark.parametrize(
    "pattern",
    [
        r"^（新华社北京\d+月\d+日电）$",  # dateline closing the first article
        r"^新华社上海\d+月\d+日电（记者[^）]+）",  # dateline opening the second
        r"^□新华社记者( \S+)+$",  # byline after the headline
        r"新华社发（\S+ 摄）$",  # photo caption
    ],
)
def test_sample_page_has_layout_marks(pattern):
    """The layout marks kg/layout.py must handle are all on the sample page."""
    assert re.search(pattern, PAGE, re.MULTILINE)


def test_sample_page_gold_occurs_in_page():
    """Page gold: statements, headlines and bylines are on the page once lines are joined."""
    joined = match_key(PAGE)
    page = GOLD["page"]
    for statement in page["statements"]:
        assert match_key(statement["starts"]) in joined, statement["starts"]
        assert statement["speaker"] in joined
    for article in page["articles"]:
        assert match_key(article["headline"]) in joined
        assert match_key(article["dateline"]) in joined
        assert all(name in PAGE for name in article["byline"])
    for key in ("organizations", "places"):
        assert all(name in joined for name in page[key]), key
