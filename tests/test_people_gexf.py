"""The people view in GEXF: persons and organisations, posts and co-quotation, dated by spells."""
from __future__ import annotations

import dataclasses
import io
import itertools
import json
import os
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pytest

from conftest import require_tool
from kg.gexf import COLOURS, people_gexf_bytes, write_people_gexf
from kg.graph import ARTICLE_T, ORG_T, PERSON_T, STATEMENT_T, build_graph, nodes_of_type
from kg.types import INDIRECT, ORG, PERSON, Article, Extraction, PersonMention, Post, Span, Statement
from test_gexf import A1, A2, UNSAFE_TEXT, _jing, _unsafe_extraction

NODE_MODULES = Path(__file__).parents[1] / "web" / "node_modules"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"

# An organisation speaking beside a person, and a post with no statement behind it.
TEXT_A3 = "外交部发布消息称，将举办论坛。李华说，欢迎参加。"
A3 = Extraction(
    Article(id="a3", text=TEXT_A3, date="2025-05-04"),
    mentions=(Span(0, 3, ORG, "外交部"), Span(15, 17, PERSON, "李华")),
    posts=(Post("张平", "局长", "杭州市文化局"),),
    statements=(
        Statement(PersonMention(0, 3, "外交部", label=ORG), "称", INDIRECT, 9, 15, "将举办论坛"),
        Statement(PersonMention(15, 17, "李华"), "说", INDIRECT, 18, 23, "欢迎参加"),
    ),
)
# Dates that are not a full ISO date stay off the timeline.
NOT_A_DATE = [None, "", "2025-05", "2025-02-30", "20250503", "5月3日", "2025-05-03T08:00"]


def _parse(data: bytes) -> tuple[ET.Element, dict[str, dict], dict[tuple[str, str, str], dict]]:
    """The document's graph element, its nodes by id and its edges by (source, target, relation)."""
    root = ET.fromstring(data)
    graph = root.find(f"{GEXF}graph")
    nodes, edges = {}, {}
    for element in graph.iter(f"{GEXF}node"):
        nodes[element.get("id")] = _read(element)
    for element in graph.iter(f"{GEXF}edge"):
        edge = _read(element)
        key = (element.get("source"), element.get("target"), edge["relation"])
        assert key not in edges
        edges[key] = edge
    return graph, nodes, edges


def _read(element: ET.Element) -> dict:
    found = dict(element.attrib)
    found.update((v.get("for"), v.get("value")) for v in element.iter(f"{GEXF}attvalue"))
    spells = [(s.get("start"), s.get("end")) for s in element.iter(f"{GEXF}spell")]
    assert all(start == end for start, end in spells), spells
    found["spells"] = [start for start, _ in spells]
    colour = element.find(f"{VIZ}color")
    if colour is not None:
        found["colour"] = tuple(int(colour.get(c)) for c in "rgb")
    return found


def _said_by_article(g: nx.MultiDiGraph) -> dict[str, Counter]:
    """Article: statements of each person or organisation in it, read statement by statement."""
    said: dict[str, Counter] = defaultdict(Counter)
    for s in nodes_of_type(g, STATEMENT_T):
        articles = [v for _, v, k in g.out_edges(s, keys=True) if k == "isPartOf"]
        speakers = [v for _, v, k in g.out_edges(s, keys=True) if k == "spokenBy"]
        for article, speaker in itertools.product(articles, speakers):
            said[article][speaker] += 1
    return said


def _date(g: nx.MultiDiGraph, article: str) -> str | None:
    day = g.nodes[article].get("date")
    return day if day and len(day) == 10 and day[4] == day[7] == "-" else None


def _person(g: nx.MultiDiGraph, name: str) -> str:
    return next(n for n in nodes_of_type(g, PERSON_T) if g.nodes[n]["name"] == name)


@pytest.mark.parametrize(
    "extractions",
    [
        pytest.param((), id="empty"),
        pytest.param((Extraction(Article(id="bare", text="只有正文。")),), id="bare-article"),
        pytest.param((A1, A2, A3), id="invented"),
        pytest.param(
            tuple(_unsafe_extraction(t[0], i) for i, t in enumerate(UNSAFE_TEXT)), id="unsafe"
        ),
    ],
)
def test_people_gexf_validates_against_schema(tmp_path, extractions):
    path = tmp_path / "people.gexf"
    path.write_bytes(people_gexf_bytes(build_graph(extractions)))
    result = _jing(path)
    assert result.returncode == 0, result.stdout


def test_people_gexf_sample_validates(tmp_path, sample):
    path = tmp_path / "people.gexf"
    with path.open("wb") as f:
        write_people_gexf(sample, f)
    result = _jing(path)
    assert result.returncode == 0, result.stdout
    graph, _, _ = _parse(path.read_bytes())
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"


def test_people_gexf_nodes_are_persons_and_organisations(sample):
    graph, nodes, edges = _parse(people_gexf_bytes(sample))
    people = nodes_of_type(sample, PERSON_T) + nodes_of_type(sample, ORG_T)
    assert sorted(nodes) == sorted(people)
    assert graph.find(f"{GEXF}nodes").get("count") == str(len(people))
    assert graph.find(f"{GEXF}edges").get("count") == str(len(edges))
    for n, node in nodes.items():
        kind = sample.nodes[n]["type"]
        assert node["label"] == sample.nodes[n]["label"]
        assert node["type"] == kind and node["colour"] == COLOURS[kind]
        spoken = sum(1 for *_, k in sample.in_edges(n, keys=True) if k == "spokenBy")
        assert node["statements"] == str(spoken)


def test_people_gexf_holds_post_in_weighted_by_statements(sample):
    _, nodes, edges = _parse(people_gexf_bytes(sample))
    nie = _person(sample, "聂平川")
    held = {t: e for (s, t, r), e in edges.items() if s == nie and r == "holdsPostIn"}
    assert held, "聂平川 holds a post in no organisation"
    assert all("住房和城乡建设部" in nodes[org]["label"] for org in held)
    spoken = sum(1 for *_, k in sample.in_edges(nie, keys=True) if k == "spokenBy")
    assert spoken >= 3  # three statements in the gold (tests/data/sample_gold.json)
    assert {e["weight"] for e in held.values()} == {f"{spoken:.1f}"}
    assert {e["title"] for e in held.values()} == {"副司长"}
    for (s, t, r), edge in edges.items():
        if r == "holdsPostIn":
            assert nodes[s]["type"] == PERSON_T and nodes[t]["type"] == ORG_T
            assert float(edge["weight"]) == max(1, int(nodes[s]["statements"]))
            assert "type" not in edge  # directed, the graph's default


def test_people_gexf_co_quoted_pairs_share_an_article(sample):
    _, _, edges = _parse(people_gexf_bytes(sample))
    expected: dict[tuple[str, str], int] = Counter()
    for said in _said_by_article(sample).values():
        for u, v in itertools.combinations(sorted(said), 2):
            expected[u, v] += said[u] + said[v]
    found = {(s, t): e for (s, t, r), e in edges.items() if r == "coQuoted"}
    assert found.keys() == expected.keys()
    assert len(found) > 5
    for pair, edge in found.items():
        assert edge["weight"] == f"{expected[pair]:.1f}" and edge["type"] == "undirected"
    kinds = {sample.nodes[n]["type"] for pair in found for n in pair}
    assert kinds == {PERSON_T, ORG_T}  # organisations speak too (sample-04, sample-06)


def test_people_gexf_spells_carry_article_dates(sample):
    _, nodes, edges = _parse(people_gexf_bytes(sample))
    said = _said_by_article(sample)
    seen: dict[str, set] = defaultdict(set)
    spoke: dict[str, set] = defaultdict(set)
    shared: dict[tuple[str, str], set] = defaultdict(set)
    for article in nodes_of_type(sample, ARTICLE_T):
        day = _date(sample, article)
        if day is None:
            continue
        for _, n in sample.out_edges(article):
            seen[n].add(day)
        for n in said[article]:
            seen[n].add(day)
            spoke[n].add(day)
        for pair in itertools.combinations(sorted(said[article]), 2):
            shared[pair].add(day)
    for n, node in nodes.items():
        assert node["spells"] == sorted(seen[n])
    for (s, t, r), edge in edges.items():
        assert edge["spells"] == sorted(shared[s, t] if r == "coQuoted" else spoke[s])
    assert nodes[_person(sample, "郑立衡")]["spells"] == ["2025-03-12"]  # sample-01
    assert nodes[_person(sample, "聂平川")]["spells"] == []  # on page.txt, which has no date


@pytest.mark.parametrize("not_a_date", NOT_A_DATE)
def test_people_gexf_undated_article_has_no_spell(tmp_path, not_a_date):
    a2 = dataclasses.replace(A2, article=dataclasses.replace(A2.article, date=not_a_date))
    g = build_graph([A1, a2])
    path = tmp_path / "people.gexf"
    path.write_bytes(people_gexf_bytes(g))
    result = _jing(path)
    assert result.returncode == 0, result.stdout
    _, nodes, edges = _parse(path.read_bytes())
    assert nodes[_person(g, "王明")]["spells"] == ["2025-05-02"]
    assert nodes[_person(g, "李华")]["spells"] == []
    assert all(e["spells"] == [] for (s, *_), e in edges.items() if s == _person(g, "李华"))
    assert {d for n in nodes.values() for d in n["spells"]} == {"2025-05-02"}


def test_people_gexf_organisation_speaker_and_post_without_statements():
    g = build_graph([A1, A2, A3])
    _, nodes, edges = _parse(people_gexf_bytes(g))
    li, zhang = _person(g, "李华"), _person(g, "张平")
    mfa = next(n for n in nodes_of_type(g, ORG_T) if g.nodes[n]["name"] == "外交部")
    pair = tuple(sorted((li, mfa)))
    assert edges[(*pair, "coQuoted")]["weight"] == "2.0"  # one statement each in a3
    assert edges[(*pair, "coQuoted")]["spells"] == ["2025-05-04"]
    assert edges[(li, mfa, "holdsPostIn")]["weight"] == "2.0"  # a2 and a3
    assert edges[(li, mfa, "holdsPostIn")]["spells"] == ["2025-05-04"]  # a2 has no date
    bureau = next(t for s, t, r in edges if s == zhang and r == "holdsPostIn")
    assert edges[(zhang, bureau, "holdsPostIn")]["weight"] == "1.0"  # no statement: shown anyway
    assert nodes[zhang]["statements"] == "0"
    assert not [key for key in edges if key[2] == "coQuoted" and zhang in key]


@pytest.mark.parametrize(
    "order",
    [(A3, A2, A1), (Extraction(A1.article, A1.mentions[::-1], A1.posts, A1.statements[::-1]), A2, A3)],
    ids=["articles-reversed", "mentions-reversed"],
)
def test_people_gexf_bytes_deterministic(order):
    assert people_gexf_bytes(build_graph(order)) == people_gexf_bytes(build_graph([A1, A2, A3]))


def test_people_gexf_write_matches_bytes():
    g = build_graph([A1, A2, A3])
    out = io.BytesIO()
    write_people_gexf(g, out)
    assert out.getvalue() == people_gexf_bytes(g)


def _require_node_modules() -> str:
    """node and the graphology packages of web/ (make install runs npm ci there), or skip; in CI fail."""
    node = require_tool("node")
    packages = ("graphology", "graphology-gexf", "@xmldom/xmldom")
    missing = [p for p in packages if not (NODE_MODULES / p).is_dir()]
    if missing:
        message = f"{', '.join(missing)} not in {NODE_MODULES} (make install runs npm ci in web/)"
        if os.environ.get("KGBUILD_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    return node


GRAPHOLOGY_READ = """
const [modules, file] = process.argv.slice(2);
const Graph = require(modules + '/graphology');
const gexf = require(modules + '/graphology-gexf');
const graph = gexf.parse(Graph, require('fs').readFileSync(file, 'utf8'));
console.log(JSON.stringify({order: graph.order, size: graph.size, undirected: graph.undirectedSize}));
"""


@pytest.mark.parametrize("which", ["sample", "invented"])
def test_people_gexf_graphology_reads_it(tmp_path, request, which):
    node = _require_node_modules()
    g = request.getfixturevalue("sample") if which == "sample" else build_graph([A1, A2, A3])
    path = tmp_path / "people.gexf"
    path.write_bytes(people_gexf_bytes(g))
    script = tmp_path / "read.js"
    script.write_text(GRAPHOLOGY_READ, encoding="utf-8")
    result = subprocess.run(
        [node, str(script), str(NODE_MODULES), str(path)], capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    graph, _, edges = _parse(path.read_bytes())
    assert read["order"] == int(graph.find(f"{GEXF}nodes").get("count")) > 0
    assert read["size"] == int(graph.find(f"{GEXF}edges").get("count")) > 0
    assert read["undirected"] == sum(1 for *_, r in edges if r == "coQuoted") > 0
