"""Traditional text is not Simplified text: Taiwan and Hong Kong reports, end to end.

``tests/data/traditional_articles.jsonl`` holds two short reports the team wrote in
Traditional script (invented people and events, real public bodies): a Taiwan one
(行政院長, 經濟部次長, 交通部觀光署署長, 立法委員, 陸委會發言人) and a Hong Kong one
(政務司司長, 保安局局長, 食物及衞生局局長, 律政司司長, 行政長官), with direct quotes in
「」 and reported speech (…表示, …指出, 據…表示). They must come out with the right
names, titles and organisations, as the matching view names them (Simplified), what
was said tagged ``@zh-Hant``, and no body of Taiwan or Hong Kong rewritten into the
mainland body an alias of mainland news would make of it (交通部 → 交通运输部).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, namespace

from kg import wordlists
from kg.entities import canonical_org
from kg.normalize import normalize, written_in_traditional
from kg.run import run

ARTICLES_PATH = Path(__file__).parent / "data" / "traditional_articles.jsonl"
ARTICLES = {a["id"]: a for a in map(json.loads, ARTICLES_PATH.read_text(encoding="utf-8").splitlines())}

# (article, speaker, title, organisation, cue, kind, what was said starts with), names Simplified
STATEMENTS = [
    ("hant-tw-01", "卓明远", "院长", "行政院", "表示", "indirect", "明年預算將優先"),
    ("hant-tw-01", "林志豪", "次长", "经济部", "说", "direct", "出口訂單已連續"),
    ("hant-tw-01", "林志豪", "次长", "经济部", "表示", "indirect", "經濟部將與電力公司"),  # 據…表示
    ("hant-tw-01", "周文彬", "署长", "交通部观光署", "指出", "indirect", "今年前八個月"),
    ("hant-tw-01", "钟怡君", "立法委员", "国民党", "认为", "indirect", "部分特別預算"),
    ("hant-tw-01", "梁志诚", "发言人", "陆委会", "表示", "indirect", "政府持續關注"),
    ("hant-hk-01", "陈国邦", "司长", "政务司", "表示", "direct", "我們收到超過"),
    ("hant-hk-01", "邓志明", "局长", "保安局", "指出", "indirect", "今年首季整體"),
    ("hant-hk-01", "卢嘉伟", "局长", "食物及卫生局", "表示", "indirect", "公立醫院急症室"),
    ("hant-hk-01", "林德华", "司长", "律政司", "表示", "indirect", "特區政府會繼續"),  # 據…表示
    ("hant-hk-01", "叶启明", "行政长官", None, "说", "indirect", "香港會積極發揮"),
]

# (name, written on the mainland?, the name the graph gives it)
CANONICAL = [
    ("交通部", True, "交通运输部"),  # the mainland's old name, in mainland text
    ("交通部", False, "交通部"),  # Taiwan's ministry, in Traditional text
    ("台交通部", True, "交通部"),  # Taiwan's initial says whose it is
    ("交通部观光署", True, "交通部观光署"),  # a listed body keeps its whole name in any text
    ("交通部观光署", False, "交通部观光署"),
    ("交通部公路局", False, "交通部公路局"),  # no mainland alias inside a name in Traditional text
    ("交通部公路局", True, "交通运输部公路局"),
    ("观光署", False, "交通部观光署"),  # a Taiwan body's own short name applies in any text
    ("大陆委员会", True, "陆委会"),
    ("港府", False, "香港特别行政区政府"),
    ("香港特区政府", True, "香港特别行政区政府"),
    ("中华人民共和国交通运输部", False, "交通运输部"),  # names the mainland by its own words
    ("工信部", True, "工业和信息化部"),
    ("工信部", False, "工信部"),
    ("央行", True, "中国人民银行"),
    ("央行", False, "央行"),  # in a Taiwan report, Taiwan's central bank
    ("民航局", False, "民航局"),
]


@pytest.mark.parametrize("text, traditional", [
    ("據經濟部次長林志豪表示，出口訂單成長", True),
    ("据台湾媒体报道，林曉雨表示", False),  # one Traditional name in a Simplified article
    ("香港特區政府今天公布", True),
    ("行政院今天召开院会", False),
    ("", False),
])
def test_traditional_written_in_traditional(text, traditional):
    assert written_in_traditional(text) is traditional


@pytest.mark.parametrize("name, mainland, canonical", CANONICAL)
def test_traditional_canonical_org_by_region(name, mainland, canonical):
    assert canonical_org(name, mainland=mainland) == canonical


def _mainland_aliases() -> dict[str, str]:
    regions = wordlists.org_regions()
    return {a: c for a, c in wordlists.aliases().items() if c not in regions}


def test_traditional_no_listed_body_is_rewritten_to_a_mainland_one():
    """Every body of kg/data/org_regions.tsv keeps its name in Traditional text; in any text
    none becomes a mainland body through an alias of a shorter name inside it."""
    mainland = set(_mainland_aliases().values())
    regions = wordlists.org_regions()
    assert {"经济部", "交通部观光署", "行政院", "立法院", "陆委会", "政务司", "保安局", "律政司", "食物及卫生局",
            "香港特别行政区政府"} <= set(regions)
    assert sorted(n for n in regions if canonical_org(n, mainland=False) != n) == []
    unaliased = [n for n in regions if n not in wordlists.aliases()]  # 交通部 is the mainland's old name too
    assert sorted(n for n in unaliased if canonical_org(n) != n) == []
    assert sorted(n for n in regions if canonical_org(n, mainland=False) in mainland) == []


def test_traditional_listed_bodies_are_organisations_of_the_lists():
    """The build merges org_regions.tsv into orgs.txt; each body is listed once."""
    assert sorted(set(wordlists.org_regions()) - set(wordlists.words("orgs"))) == []
    assert set(wordlists.org_regions().values()) <= set(wordlists.REGIONS)
    assert len(wordlists.table("org_regions")) == len(wordlists.org_regions())


@pytest.fixture(scope="module", params=[True, False], ids=["ner", "rules"])
def out(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("traditional-ner" if request.param else "traditional-rules")
    result = run([str(ARTICLES_PATH)], folder, ner=request.param)
    assert not result.errors and result.articles == len(ARTICLES)
    return folder


def _statements(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("article, speaker, title, org, cue, kind, starts", STATEMENTS)
def test_traditional_statement_found(out, article, speaker, title, org, cue, kind, starts):
    """Each statement with its speaker's name, title and organisation as the text gives them."""
    found = [s for s in _statements(out) if s["article"] == article and s["text"].startswith(starts)]
    assert [(s["speaker"], s["title"], s["organization"], s["cue"], s["kind"]) for s in found] == [
        (speaker, title, org, cue, kind)]


def test_traditional_no_other_statements(out):
    assert len(_statements(out)) == len(STATEMENTS)


def _graph(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


def _literals(g: Graph, kind: str, prop: str) -> list[Literal]:
    """The values of schema:``prop`` of every schema:``kind`` of the graph."""
    sdo = namespace.SDO
    return [o for s in g.subjects(namespace.RDF.type, sdo[kind]) for o in g.objects(s, sdo[prop])]


def test_traditional_statements_are_tagged_zh_hant(out):
    g = _graph(out)
    texts = _literals(g, "Quotation", "text")
    assert len(texts) == len(STATEMENTS)
    assert {t.language for t in texts} == {"zh-Hant"}
    names = _literals(g, "Person", "name")
    assert names and {n.language for n in names} == {"zh-Hans"}  # names are normalised to Simplified


def test_traditional_no_body_becomes_a_mainland_one(out):
    """No organisation of the graph is a mainland body that the articles do not name as such:
    each one the graph holds is named in the text itself (交通运输部 is not)."""
    g = _graph(out)
    orgs = {str(o) for o in _literals(g, "Organization", "name")}
    text = normalize("\n".join(a["text"] for a in ARTICLES.values()))
    mainland = set(_mainland_aliases().values())
    assert sorted(o for o in orgs if o in mainland and o not in text) == []
    assert {"行政院", "经济部", "交通部观光署", "立法院", "陆委会", "香港特别行政区政府", "政务司",
            "保安局", "食物及卫生局", "律政司"} <= orgs


def test_traditional_bodies_are_named_whole(out):
    """A body the word lists know is never named by a part of its name (经济部, not 济部)."""
    g = _graph(out)
    orgs = {str(o) for o in _literals(g, "Organization", "name")}
    listed = set(wordlists.org_regions())
    assert sorted(o for o in orgs for n in listed if o != n and n.endswith(o)) == []
    assert Literal("经济部", lang="zh-Hans") in _literals(g, "Organization", "name")
