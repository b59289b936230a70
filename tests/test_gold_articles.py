"""Twelve more hand-annotated articles, scored end to end as a regression floor.

``tests/data/gold_articles.jsonl`` holds short news articles the team wrote
(invented people, real organisations and places), different from the built-in
sample; ``tests/data/gold_articles.json`` is their gold, written by
docs/annotation.md. The data tests keep the gold consistent with the text, so a
falling score means the extractor got worse, not the gold. The last test runs
the whole pipeline and asserts the figures it reached when the gold was written.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from conftest import check_article_line, messy_kinds, simplified
from kg.types import DEFAULT_SEGMENTER
from kg.tools.evaluate import match_key, score_statements
from kg.run import run

DATA = Path(__file__).parent / "data"
ARTICLES_PATH = DATA / "gold_articles.jsonl"
GOLD_PATH = DATA / "gold_articles.json"
PATTERNS = set(range(1, 11))  # the ten patterns listed in the gold's 'about'

# Figures the pipeline reached on 12 articles / 47 gold statements / 26 quoted
# people (pkuseg and char segmenters alike; with the NER model; the rules
# alone reached 43, 46/47 and 25). Raise them when the extractor improves;
# never lower them to make a change pass.
FLOOR_RIGHT_SPEAKER = 46
FLOOR_PRECISION = 1.0
CEILING_UNATTRIBUTABLE_ATTRIBUTED = 0
FLOOR_PEOPLE_RIGHT = 26
# The rules alone (--no-ner): right speakers, precision, people right.
FLOORS_RULES_ONLY = (43, 46 / 47, 25)


def _lines() -> list[str]:
    return ARTICLES_PATH.read_text(encoding="utf-8").splitlines()


ARTICLES = {a["id"]: a for a in (json.loads(line) for line in _lines())}
GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize("number, line", list(enumerate(_lines(), 1)))
def test_gold_articles_line_is_an_article(number, line):
    """Every JSONL line is an object with the fields the reader needs, ids gold-01, gold-02, …"""
    check_article_line(number, line, "gold")


def test_gold_articles_ids_unique_and_articles_short():
    """10–12 articles with unique ids, each of 3–7 sentences.

    A quote ending 。” before its speaker (“…。”某某说。) counts twice below, hence 9.
    """
    ids = [json.loads(line)["id"] for line in _lines()]
    assert len(ids) == len(set(ids))
    assert 10 <= len(ids) <= 12
    assert [a["id"] for a in GOLD["articles"]] == ids
    for article in ARTICLES.values():
        sentences = re.findall(r"[。！？!?]+[”」\"]?", article["text"])
        assert 3 <= len(sentences) <= 9, article["id"]


def test_gold_articles_differ_from_the_sample():
    """No sentence and no named person of kg/sample is reused."""
    sample_text = resources.files("kg.sample").joinpath("articles.jsonl").read_text(encoding="utf-8")
    sample = [json.loads(line)["text"] for line in sample_text.splitlines()]
    sample_gold = json.loads((DATA / "sample_gold.json").read_text(encoding="utf-8"))
    ours = "\n".join(simplified(a["text"]) for a in ARTICLES.values())
    for text in sample:
        for sentence in re.split(r"[。！？!?]", simplified(text)):
            if len(sentence) >= 12:
                assert sentence not in ours, sentence
    for person in sample_gold["people"] + sample_gold["page"]["people"]:
        assert person["name"] not in ours, person["name"]


@pytest.mark.parametrize("key", ["statements", "optional_statements", "not_statements_of_a_named_person"])
def test_gold_articles_starts_occur_in_article(key):
    """Each gold 'starts' is in its article once quote marks and whitespace are stripped."""
    for item in GOLD[key]:
        text = ARTICLES[item["article"]]["text"]
        assert match_key(item["starts"]) in match_key(text), (item["article"], item["starts"])


def test_gold_articles_statements_unique():
    """No two gold statements of an article could match the same found statement."""
    items = GOLD["statements"] + GOLD["optional_statements"]
    keys = [(s["article"], match_key(s["starts"])) for s in items]
    for i, (article, start) in enumerate(keys):
        for other_article, other in keys[i + 1:]:
            assert article != other_article or not (start.startswith(other) or other.startswith(start))


@pytest.mark.parametrize("statement", GOLD["statements"] + GOLD["optional_statements"],
                         ids=lambda s: f"{s['article']}:{s['starts']}")
def test_gold_articles_statement_is_consistent(statement):
    """Speaker, title, cue and one accepted organisation are written in the article (in Simplified)."""
    text = simplified(ARTICLES[statement["article"]]["text"])
    assert statement["kind"] in ("direct", "indirect")
    assert statement["speaker"] in text
    assert statement["cue"] in text
    kind = statement.get("speaker_kind")
    assert kind in (None, "organization", "anonymous")
    if kind == "anonymous":
        assert statement in GOLD["optional_statements"]
        return
    if kind == "organization":
        assert statement["speaker"] in GOLD["organizations"]
        return
    assert statement["title"] in text
    orgs = [o for o in [statement["org"], *statement.get("org_accept", [])] if o]
    assert not orgs or any(o in text for o in orgs)
    people = {p["name"]: p for p in GOLD["people"]}
    assert [statement["title"], statement["org"]] in people[statement["speaker"]]["titles"]


def test_gold_articles_entities_occur_in_text():
    """People (and their Traditional aliases), organisations and places are named in the articles."""
    raw = "\n".join(a["text"] for a in ARTICLES.values())
    corpus = simplified(raw)
    outside_titles = re.sub(r"《[^》]*》", "", corpus)
    for person in GOLD["people"]:
        assert person["name"] in corpus
        assert all(alias in raw for alias in person.get("aliases", []))
        assert all(org is None or org in corpus for _, org in person["titles"])
    for org in GOLD["organizations"]:
        assert org in corpus
    for place in GOLD["places"]:
        assert place in outside_titles


def test_gold_articles_not_places_are_not_places():
    """A not-place is in its article, is never a gold place, and one inside 《》 never occurs outside one."""
    for item in GOLD["not_places"]:
        text = ARTICLES[item["article"]]["text"]
        assert item["text"] in text
        assert item["text"] not in GOLD["places"]
        if item["text"] in "".join(re.findall(r"《[^》]*》", text)):
            assert item["text"] not in re.sub(r"《[^》]*》", "", text)


def test_gold_articles_every_pattern_twice():
    """Each pattern 1–10 is exercised by at least two different articles."""
    counts = {p: 0 for p in PATTERNS}
    for entry in GOLD["articles"]:
        assert entry["headline"] == ARTICLES[entry["id"]]["title"]
        assert set(entry["patterns"]) <= PATTERNS
        for p in entry["patterns"]:
            counts[p] += 1
    assert all(n >= 2 for n in counts.values()), counts


# Surface evidence that an article marked with a pattern really has it, on the
# Simplified text (zhconv turns 「」 into “”). Each needs two articles.
EVIDENCE = [
    (1, "modified titles", r"(副|常务副|首席|一级巡视员|党委书记|董事长)"),
    (1, "[name][title] with no organisation", r"[。，][\u4e00-\u9fff]{2,3}(副省长|院士|部长)(要求|认为|强调)"),
    (2, "quote, then the speaker and 说。", r"[”\"][^“”\"。，]{4,30}说。"),
    (2, "quote, then 以…为例介绍 and more", r"[”\"][\u4e00-\u9fff]{2,4}以[^。]{2,20}为例介绍，"),
    (3, "the speaker, then the quote", r"(说|表示)[：:][“\"]"),
    (4, "indirect speech", r"(认为|指出|强调|透露|建议|坦言|呼吁)，"),
    (5, "据…介绍", r"据[^，。,]{2,40}介绍[，,]"),
    (6, "an organisation speaks", r"(通报|公告|消息|新闻稿)中?(称|表示)[，,]"),
    (6, "a spokesperson", r"新闻发言人"),
    (7, "a pronoun", r"[他她](说|透露|介绍|指出|呼吁)"),
    (7, "surname + title", r"[。，](葛司长|欧阳教授|庄主任)"),
    (8, "a title in 《》", r"《[^》]+》"),
    (8, "a saying or slogan in quote marks", r"以“[^”]+”为主题|“[^”]+”，在"),
    (10, "a quote interrupted by its speaker", r"，”[^“”。]{1,6}说，“"),
    (10, "an anonymous speaker", r"(专家|业内人士)(认为|表示|建议|透露)"),
]


@pytest.mark.parametrize("pattern, what, regex", EVIDENCE, ids=[e[1] for e in EVIDENCE])
def test_gold_articles_pattern_evidence(pattern, what, regex):
    """The articles marked with a pattern show it in their text, in at least two articles."""
    marked = [a["id"] for a in GOLD["articles"] if pattern in a["patterns"]]
    shown = [i for i in marked if re.search(regex, simplified(ARTICLES[i]["text"]))]
    assert len(shown) >= 2, (what, shown)


MESSY = messy_kinds("「")


@pytest.mark.parametrize("what, looks_right", MESSY, ids=[m[0] for m in MESSY])
def test_gold_articles_messy_article_present(what, looks_right):
    """Pattern 9: one article for each kind of messy text, marked as pattern 9."""
    marked = {a["id"] for a in GOLD["articles"] if 9 in a["patterns"]}
    assert [i for i in marked if looks_right(ARTICLES[i]["text"])], what


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    """The whole pipeline on the articles with the default (pkuseg) segmenter, scored from graph.ttl."""
    out = tmp_path_factory.mktemp("gold_articles")
    # No fallback to the character segmenter: a missing model must fail here.
    result = run([str(ARTICLES_PATH)], out, segmenter=DEFAULT_SEGMENTER)
    assert not result.errors
    assert result.articles == len(ARTICLES)
    return score_statements(out / "graph.ttl", GOLD_PATH)


def test_gold_articles_pipeline_keeps_its_floor(score):
    """Right speakers, precision, quotes given to no-one and people's posts do not regress."""
    print(score.report())
    assert score.gold == len(GOLD["statements"])
    assert score.right_speaker >= FLOOR_RIGHT_SPEAKER, score.report()
    assert score.precision >= FLOOR_PRECISION, score.report()
    assert score.wrongly_attributed_unattributable <= CEILING_UNATTRIBUTABLE_ATTRIBUTED, score.report()
    assert score.people_right >= FLOOR_PEOPLE_RIGHT, score.report()


def test_gold_articles_rules_alone_keep_their_floor(tmp_path):
    """The rules without the NER model (kgbuild run --no-ner) do not regress either."""
    result = run([str(ARTICLES_PATH)], tmp_path, segmenter=DEFAULT_SEGMENTER, ner=False)
    assert not result.errors
    score = score_statements(tmp_path / "graph.ttl", GOLD_PATH)
    right_speaker, precision, people_right = FLOORS_RULES_ONLY
    assert score.right_speaker >= right_speaker, score.report()
    assert score.precision >= precision, score.report()
    assert score.wrongly_attributed_unattributable <= CEILING_UNATTRIBUTABLE_ATTRIBUTED, score.report()
    assert score.people_right >= people_right, score.report()
