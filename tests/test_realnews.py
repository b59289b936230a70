"""The real-news evaluation set (eval/realnews) and the statement scorer's real-news figures."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import ROOT, SHARED
from kg.graph import build_graph
from kg.rdf import write_turtle
from kg.tools import realnews
from kg.tools.evaluate import score_statements
from kg.types import DIRECT, INDIRECT, Article, Extraction, PersonMention, Statement

GOLD_PATH = ROOT / "eval" / "realnews" / "gold.json"
GOLD = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
KEYS = ("statements", "optional_statements", "not_statements_of_a_named_person")


def test_realnews_set_is_as_large_as_promised():
    kinds = Counter(a["kind"] for a in GOLD["articles"])
    assert len(GOLD["articles"]) >= 80 and len(GOLD["statements"]) >= 300
    assert kinds["newspaper"] and kinds["web"] and kinds["qa"]
    assert sum(a["script"] == "traditional" for a in GOLD["articles"]) >= 15


def test_realnews_split_is_the_hash_of_the_id():
    ids = [a["id"] for a in GOLD["articles"]]
    assert len(ids) == len(set(ids))
    assert all(a["split"] == realnews.split_of(a["id"]) for a in GOLD["articles"])
    shares = Counter(a["split"] for a in GOLD["articles"])
    assert 0.45 < shares["dev"] / len(ids) < 0.75


def test_realnews_every_passage_says_where_it_came_from():
    for a in GOLD["articles"]:
        assert len(a["sha256"]) == 64 and a["chars"] > 0 and a["how"], a["id"]
        if a["kind"] == "newspaper":
            assert a["id"] == "pd-" + a["pd_article"]
        else:
            assert a["url"].startswith("http") and a["query"] and a["rank"] >= 1, a["id"]


def test_realnews_statements_are_complete():
    ids = {a["id"] for a in GOLD["articles"]}
    for key in KEYS:
        for s in GOLD[key]:
            assert s["article"] in ids and s["starts"] and len(s["span"]) == 2, s
            if key != "not_statements_of_a_named_person":
                assert s["speaker"] and s["kind"] in (DIRECT, INDIRECT) and s["ends"], s


def test_realnews_people_daily_passages_rebuild_from_shared():
    """The People's Daily texts come back from ../shared byte for byte, and every span
    of their annotation sits where its first characters say."""
    pd = {"articles": [a for a in GOLD["articles"] if a.get("pd_article")]}
    texts = realnews.passage_texts(pd, SHARED, None)
    assert len(texts) == len(pd["articles"]) >= 30
    for key in KEYS:
        for s in GOLD[key]:
            if s["article"] in texts:
                text = texts[s["article"]]
                start = s["span"][0]
                assert realnews.locate(text, s["starts"], s.get("ends"), start) == tuple(s["span"]), s


def test_realnews_feed_names_every_passage_of_a_split():
    pd = {"articles": [a for a in GOLD["articles"] if a.get("pd_article")]}
    texts = realnews.passage_texts(pd, SHARED, None)
    lines = [json.loads(line) for line in realnews.feed_lines(pd, texts, "dev")]
    assert {r["id"] for r in lines} == {a["id"] for a in pd["articles"] if a["split"] == "dev"}
    assert all(r["text"] == texts[r["id"]] for r in lines)


def test_realnews_a_changed_text_is_refused(tmp_path):
    web = next(a for a in GOLD["articles"] if a.get("url"))
    (tmp_path / f"{web['id']}.txt").write_text("不是那一页。", encoding="utf-8")
    with pytest.raises(Exception, match="differs"):
        realnews.passage_texts({"articles": [web]}, SHARED, tmp_path)


def test_realnews_check_fills_spans_and_names_problems():
    text = "王明说：“我们要加油。”李华表示，明天见。"
    annotation = {"article": {"id": "x"}, "statements": [
        {"speaker": "王明", "kind": "direct", "starts": "我们要加油", "ends": "加油"},
        {"speaker": "李华", "kind": "indirect", "starts": "后天见", "ends": "见"},
        {"speaker": "李华", "kind": "said", "starts": "明天见", "ends": "见"},
    ]}
    problems = realnews.check_passage(annotation, text)
    assert annotation["statements"][0]["span"] == [5, 10]
    assert any("not found" in p for p in problems) and any("kind must be" in p for p in problems)


# -- the scorer's figures, on a graph built by hand ----------------------------

TEXT = "王明说：“今年订单多了三成。”他还表示，将加快建设。星海公司称，将扩产。“好好学习，天天向上！”标语写道。"


def _at(needle: str) -> tuple[int, int]:
    s = TEXT.index(needle)
    return s, s + len(needle)


def _statement(said: str, speaker: str, kind: str, mention: str) -> Statement:
    s, e = _at(said)
    return Statement(PersonMention(*_at(mention), speaker), "说", kind, s, e, said)


@pytest.fixture(scope="module")
def scored(tmp_path_factory) -> object:
    folder = tmp_path_factory.mktemp("rn")
    ex = Extraction(Article(id="a", text=TEXT), statements=(
        _statement("今年订单多了三成。", "王明", DIRECT, "王明"),
        _statement("将加快建设", "李华", INDIRECT, "他"),  # the wrong speaker
        _statement("好好学习，天天向上！", "王明", DIRECT, "标语"),  # a slogan given to someone
    ))
    write_turtle(build_graph([ex]), folder / "graph.ttl")

    def gold(said: str, speaker: str, kind: str, **more) -> dict:
        return {"article": "a", "speaker": speaker, "kind": kind, "starts": said[:4], "span": list(_at(said)),
                **more}

    data = {"articles": [{"id": "a", "split": "dev"}], "statements": [
        gold("今年订单多了三成", "王明", DIRECT),
        gold("将加快建设", "王明", INDIRECT),
        gold("将扩产", "星海公司", INDIRECT, speaker_kind="organization"),
    ], "not_statements_of_a_named_person": [{"article": "a", "starts": "好好学习", "span": list(_at("好好学习，天天向上"))}]}
    (folder / "gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return score_statements(folder / "graph.ttl", folder / "gold.json", split="dev")


def test_realnews_scorer_statements(scored):
    assert (scored.right_speaker, scored.gold) == (1, 3)
    assert (scored.attributed_right, scored.attributed) == (1, 3)
    assert scored.wrongly_attributed_unattributable == 1


def test_realnews_scorer_found_quotes_and_their_speakers(scored):
    # two gold statements were found by span; one of them with the right speaker
    assert (scored.quotes_found, scored.quotes_found_right) == (2, 1)
    assert (scored.overlap.gold, scored.overlap.predicted, scored.overlap.matched) == (3, 3, 2)
    assert scored.exact_start.matched == 2


def test_realnews_scorer_by_kind(scored):
    assert (scored.by_kind[DIRECT].right, scored.by_kind[DIRECT].gold) == (1, 1)
    assert (scored.by_kind[INDIRECT].right, scored.by_kind[INDIRECT].gold) == (0, 2)
    assert scored.by_kind["organisation speakers"].gold == 1


def test_realnews_scorer_split_leaves_other_articles_out(tmp_path, scored):
    data = {"articles": [{"id": "a", "split": "test"}], "statements": [],
            "people": [{"name": "王明", "titles": [["经理", "星海公司"]], "article": "a"}]}
    (tmp_path / "gold.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    write_turtle(build_graph([]), tmp_path / "graph.ttl")  # an empty graph is enough
    score = score_statements(tmp_path / "graph.ttl", tmp_path / "gold.json", split="dev")
    assert (score.gold, score.attributed, score.people) == (0, 0, 0)
    assert not score.misses  # nothing of the test article is shown, not even its people
