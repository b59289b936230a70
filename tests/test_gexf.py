"""GEXF export: schema-valid, readable by networkx, deterministic, XML-safe."""
from __future__ import annotations

import subprocess
from pathlib import Path

import networkx as nx
import pytest

from conftest import require_tool
from kg.errors import KgbuildError
from kg.gexf import COLOURS, gexf_bytes, write_gexf
from kg.graph import build_graph, nodes_of_type
from kg.types import (
    DIRECT, GPE, INDIRECT, ORG, PERSON, Article, Extraction, PersonMention, Post, Span, Statement,
)

# ../shared from the repository root; read-only reference material.
SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "gexf-1.3" / "gexf.rnc"

# Invented articles. Offsets index the text; 王明 is mentioned twice in A1.
TEXT_A1 = "本报杭州5月2日电 市长王明2日表示，“要把好事办好。”王明说，杭州将加快建设。"
TEXT_A2 = "新华社北京5月3日电 外交部发言人李华3日说，中方欢迎各方参与。"
A1 = Extraction(
    Article(id="a1", text=TEXT_A1, title="王明：要把好事办好", date="2025-05-02",
            source="本报", reporters=("赵记者",)),
    mentions=(
        Span(12, 14, PERSON, "王明"),
        Span(28, 30, PERSON, "王明"),
        Span(2, 4, GPE, "杭州市"),
    ),
    posts=(Post("王明", "市长", "杭州市政府"),),
    statements=(
        Statement(PersonMention(12, 14, "王明", "市长", "杭州市政府"), "表示", DIRECT, 20, 27, "要把好事办好。"),
        Statement(PersonMention(28, 30, "王明"), "说", INDIRECT, 32, 39, "杭州将加快建设"),
    ),
)
A2 = Extraction(
    Article(id="a2", text=TEXT_A2),  # no title, date or source: None must not leak
    mentions=(
        Span(11, 14, ORG, "外交部"),
        Span(17, 19, PERSON, "李华"),
    ),
    posts=(Post("李华", "发言人", "外交部"),),
    statements=(
        Statement(PersonMention(17, 19, "李华", "发言人", "外交部"), "说", INDIRECT, 23, 31, "中方欢迎各方参与"),
        Statement(None, None, INDIRECT, 0, 6, "无人认领的话"),
    ),
)

# Text that XML cannot carry as it is: (given, label read back, attribute read back).
# Labels are one line (xsd:token); attribute values keep their line breaks.
UNSAFE_TEXT = [
    ("A&B", "A&B", "A&B"),
    ("<王明>", "<王明>", "<王明>"),
    ('他说"好"', '他说"好"', '他说"好"'),
    # C0 controls are not XML 1.0 characters, not even as &#..; DEL is one.
    ("甲\x00乙\x1f丙\x7f", "甲乙丙\x7f", "甲乙丙\x7f"),
    ("第一行\n第二行\t第三行", "第一行 第二行 第三行", "第一行\n第二行\t第三行"),
    ("全角\u3000空格", "全角 空格", "全角\u3000空格"),
    ("坏\ud800字", "坏字", "坏字"),  # a lone surrogate cannot be encoded
    ("\ufffe结尾\uffff", "结尾", "结尾"),
]


def _graph(*extractions: Extraction) -> nx.MultiDiGraph:
    return build_graph(extractions or (A1, A2))


def _read_back(g: nx.MultiDiGraph, tmp_path: Path) -> nx.Graph:
    path = tmp_path / "g.gexf"
    write_gexf(g, path)
    return nx.read_gexf(path)


def _jing(path: Path) -> subprocess.CompletedProcess:
    jing = require_tool("jing")
    if not SCHEMA.is_file():
        pytest.skip(f"GEXF 1.3 schema not found at {SCHEMA}")
    return subprocess.run([jing, "-c", str(SCHEMA), str(path)], capture_output=True, text=True)


def _unsafe_extraction(label: str, i: int = 0) -> Extraction:
    """The label as headline, cue and words said (node ids hash names, so not as a name)."""
    return Extraction(
        Article(id=f"u{i}", text="……", title=label),
        statements=(Statement(None, label, DIRECT, 0, 2, label),),
    )


@pytest.mark.parametrize(
    "extractions",
    [
        pytest.param((), id="empty"),
        pytest.param((Extraction(Article(id="bare", text="只有正文。")),), id="bare-article"),
        pytest.param((A1, A2), id="full"),
        pytest.param(
            tuple(_unsafe_extraction(t[0], i) for i, t in enumerate(UNSAFE_TEXT)), id="unsafe"
        ),
    ],
)
def test_gexf_validates_against_schema(tmp_path, extractions):
    path = tmp_path / "g.gexf"
    write_gexf(build_graph(extractions), path)
    result = _jing(path)
    assert result.returncode == 0, result.stdout


def test_gexf_schema_rejects_networkx_writer(tmp_path):
    """The validator is live: networkx's own GEXF 1.3 output fails it."""
    path = tmp_path / "nx.gexf"
    nx.write_gexf(nx.DiGraph([("a", "b")]), path, version="1.3")
    result = _jing(path)
    assert result.returncode != 0
    assert "schemaLocation" in result.stdout


def test_gexf_reads_back_nodes_types_and_labels(tmp_path):
    g = _graph()
    back = _read_back(g, tmp_path)
    assert sorted(back.nodes) == sorted(g.nodes)
    for n, data in g.nodes(data=True):
        assert back.nodes[n]["type"] == data["type"]
        assert back.nodes[n]["label"] == data["label"]
    assert {t for _, t in back.nodes(data="type")} == set(COLOURS)


@pytest.mark.parametrize(
    ("kind", "key", "value"),
    [
        ("Person", "name", "王明"),
        ("Place", "aliases", "杭州"),
        ("Place", "place_kind", GPE),
        ("Article", "identifier", "a1"),
        ("Article", "date", "2025-05-02"),
        ("Statement", "cue", "表示"),
        ("Statement", "kind", DIRECT),
        ("Statement", "start", 20),  # an offset, not a GEXF time span
        ("Statement", "speaker_end", 14),
    ],
)
def test_gexf_node_attributes_read_back(tmp_path, kind, key, value):
    g = _graph(A1)
    back = _read_back(g, tmp_path)
    assert value in [back.nodes[n].get(key) for n in nodes_of_type(g, kind)]


def test_gexf_colours_by_type(tmp_path):
    g = _graph()
    back = _read_back(g, tmp_path)
    for n, kind in g.nodes(data="type"):
        colour = back.nodes[n]["viz"]["color"]
        assert (colour["r"], colour["g"], colour["b"]) == COLOURS[kind]
        assert back.nodes[n]["viz"]["size"] > 0


def test_gexf_collapses_mentions_into_weighted_edges(tmp_path):
    g = _graph(A1)
    back = _read_back(g, tmp_path)
    article = nodes_of_type(g, "Article")[0]
    person = next(n for n in nodes_of_type(g, "Person") if g.nodes[n]["name"] == "王明")
    assert not back.is_multigraph()  # two mentions of 王明 became one edge
    data = back.edges[article, person]
    assert data["relation"] == "mentions"
    assert data["weight"] == 2.0
    assert data["offsets"] == "12,28"
    relations = sorted(d["relation"] for *_, d in back.edges(data=True))
    assert relations.count("mentions") == 2  # 王明 once, 杭州市 once
    ids = [d["id"] for *_, d in back.edges(data=True)]
    assert len(ids) == len(set(ids))


def test_gexf_none_is_left_out(tmp_path):
    g = _graph(A2)
    data = gexf_bytes(g)
    assert b"None" not in data
    back = _read_back(g, tmp_path)
    article = nodes_of_type(g, "Article")[0]
    assert back.nodes[article]["label"] == "a2"
    for key in ("date", "headline", "source", "url"):
        assert key not in back.nodes[article]


def test_gexf_never_writes_article_text():
    data = gexf_bytes(_graph()).decode("utf-8")
    assert TEXT_A1 not in data and TEXT_A2 not in data
    assert "中方欢迎各方参与" in data  # what a statement said is kept


@pytest.mark.parametrize(
    "order",
    [(A2, A1), (Extraction(A1.article, A1.mentions[::-1], A1.posts, A1.statements[::-1]), A2)],
    ids=["articles-reversed", "mentions-reversed"],
)
def test_gexf_bytes_deterministic(order):
    assert gexf_bytes(build_graph(order)) == gexf_bytes(_graph())


def test_gexf_write_matches_bytes(tmp_path):
    g = _graph()
    write_gexf(g, tmp_path / "g.gexf")
    assert (tmp_path / "g.gexf").read_bytes() == gexf_bytes(g)


def test_gexf_chinese_labels_survive(tmp_path):
    back = _read_back(_graph(), tmp_path)
    labels = {label for _, label in back.nodes(data="label")}
    expected = {"王明", "杭州市", "杭州市政府市长", "市长", "外交部", "王明：要把好事办好"}
    assert expected <= labels
    assert "中方欢迎各方参与".encode() in gexf_bytes(_graph())  # UTF-8, not &#...; escapes


@pytest.mark.parametrize(("given", "label", "value"), UNSAFE_TEXT)
def test_gexf_unsafe_text(tmp_path, given, label, value):
    g = build_graph([_unsafe_extraction(given)])
    back = _read_back(g, tmp_path)
    for n in nodes_of_type(g, "Article") + nodes_of_type(g, "Statement"):
        assert back.nodes[n]["label"] == label
    statement = nodes_of_type(g, "Statement")[0]
    assert back.nodes[statement]["cue"] == value
    assert back.nodes[statement]["text"] == value


def test_gexf_unknown_node_type_raises():
    g = _graph(A2)
    g.add_node("event/1", type="Event", label="开幕式")
    with pytest.raises(KgbuildError, match="'Event'.*Article"):
        gexf_bytes(g)
