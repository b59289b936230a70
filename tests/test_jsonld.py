"""JSON-LD export: the Turtle export's triples, as pyld and rdflib read them; same bytes; streamed."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import BadOption
from kg.graph import build_graph
from kg.jsonld import jsonld_bytes, write_jsonld
from kg.rdf import turtle_bytes
from kg.types import DIRECT, PERSON, Article, Extraction, PersonMention, Span, Statement
from kg.vocab import NIF, SDO
from test_rdf import _dangerous, _lower_langs, _shuffled, extractions


# Quotes, backslashes (one before a u, as in a JSON escape), line breaks of
# every kind, controls, a BOM and characters outside the BMP (𠮷, an emoji
# sequence with zero-width joiners).
AWKWARD = '他说："好" \'单\' \\ \\u0041 \\\n二\r\n三\u2028四\u2029\t\x00\x1f\x7f\ufeff𠮷👩\u200d👩\u200d👧'
BASES = ["https://kgbuild.example.org/id/", "http://例子.中国/kg#"]


@pytest.fixture(params=["invented", "dangerous", "sample"])
def graph(request) -> nx.MultiDiGraph:
    if request.param == "sample":
        return request.getfixturevalue("sample")
    return build_graph(extractions() if request.param == "invented" else _dangerous())


def _awkward() -> nx.MultiDiGraph:
    text = f"林晓雨说：“{AWKWARD}”"
    said = text.index(AWKWARD)
    a = Article(id=f"id{AWKWARD}", text=text, title=f"标题{AWKWARD}")
    statement = Statement(PersonMention(0, 3, "林晓雨"), "说", DIRECT, said, said + len(AWKWARD), AWKWARD)
    return build_graph([Extraction(a, mentions=(Span(0, 3, PERSON, "林晓雨"),), statements=(statement,))])


def _from_turtle(g: nx.MultiDiGraph, base: str) -> Graph:
    return Graph().parse(data=turtle_bytes(g, base), format="turtle")


def _by_pyld(data: bytes) -> Graph:
    from pyld import jsonld

    nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nt")  # the default graph only: N-Triples


def _by_rdflib(data: bytes) -> Graph:
    return Graph().parse(data=data, format="json-ld")


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("parse", [_by_pyld, _by_rdflib], ids=["pyld", "rdflib"])
def test_jsonld_same_triples_as_turtle(graph: nx.MultiDiGraph, base: str, parse) -> None:
    expected = _from_turtle(graph, base)
    got = parse(jsonld_bytes(graph, base))
    assert len(got) == len(expected) > 20
    assert isomorphic(_lower_langs(got), _lower_langs(expected))
    if parse is _by_rdflib:
        assert set(got) == set(expected)  # no blank nodes, and the tags as written


def test_jsonld_compacted(sample: nx.MultiDiGraph) -> None:
    doc = json.loads(jsonld_bytes(sample))
    assert list(doc) == ["@context", "@graph"]
    assert {"schema", "org", "skos", "nif", "itsrdf", "kgb", "rdfs", "xsd"} <= set(doc["@context"])
    ids = [node["@id"] for node in doc["@graph"]]
    assert len(ids) == len(set(ids)) == len(set(_from_turtle(sample, BASES[0]).subjects()))
    person = next(node for node in doc["@graph"] if node["@type"] == "schema:Person")
    assert person["schema:name"]["@language"] == "zh-Hans"
    phrase = next(node for node in doc["@graph"] if node["@type"] == "nif:Phrase")
    assert phrase["nif:beginIndex"]["@type"] == "xsd:nonNegativeInteger"
    assert isinstance(phrase["nif:anchorOf"], str)
    assert not [key for node in doc["@graph"] for key in node if key.startswith("http")]


def test_jsonld_several_values_as_sorted_array() -> None:
    doc = json.loads(jsonld_bytes(build_graph(extractions())))
    orgs = [node for node in doc["@graph"] if isinstance(node["@type"], list)]
    assert orgs and all(node["@type"] == sorted(node["@type"]) for node in orgs)
    (role,) = [node for node in doc["@graph"] if node["@type"] == ["org:Role", "skos:Concept"]
               and node["skos:prefLabel"]["@value"] == "副校长"]
    assert role["@id"].startswith("https://kgbuild.example.org/id/")


def test_jsonld_same_bytes() -> None:
    first = jsonld_bytes(build_graph(extractions()))
    assert jsonld_bytes(build_graph(extractions())) == first
    assert jsonld_bytes(build_graph(_shuffled())) == first
    out = io.BytesIO()
    write_jsonld(build_graph(extractions()), out)
    assert out.getvalue() == first
    assert jsonld_bytes(build_graph(_dangerous())) != first


class _Writes(io.BytesIO):
    def __init__(self):
        super().__init__()
        self.sizes: list[int] = []

    def write(self, b) -> int:
        self.sizes.append(len(b))
        return super().write(b)


def test_jsonld_streamed_a_node_at_a_time(sample: nx.MultiDiGraph) -> None:
    out = _Writes()
    write_jsonld(sample, out)
    assert len(out.sizes) >= sample.number_of_nodes()
    assert max(out.sizes) < sum(out.sizes) / 10  # the largest, the newspaper page and its spans
    assert out.getvalue() == jsonld_bytes(sample)


def test_jsonld_empty_graph() -> None:
    data = jsonld_bytes(nx.MultiDiGraph())
    assert json.loads(data)["@graph"] == []
    assert len(_by_rdflib(data)) == 0
    assert len(_by_pyld(data)) == 0


@pytest.mark.parametrize("parse", [_by_pyld, _by_rdflib], ids=["pyld", "rdflib"])
def test_jsonld_awkward_literals_survive(parse) -> None:
    g = parse(jsonld_bytes(_awkward()))
    (context,) = g.subjects(NIF.isString, None)
    assert str(g.value(context, NIF.isString)).endswith(f"“{AWKWARD}”")
    (quotation,) = g.subjects(SDO.text, None)
    assert str(g.value(quotation, SDO.text)) == AWKWARD
    (article,) = g.subjects(SDO.identifier, None)
    assert str(g.value(article, SDO.identifier)) == f"id{AWKWARD}"
    assert str(g.value(article, SDO.headline)) == f"标题{AWKWARD}"


def test_jsonld_bad_base_writes_nothing() -> None:
    out = io.BytesIO()
    with pytest.raises(BadOption, match="base IRI"):
        write_jsonld(build_graph(extractions()), out, "data/")
    assert out.getvalue() == b""


def test_a_runs_graph_jsonld_is_its_graph_ttl(tmp_path) -> None:
    """The file kgbuild run writes, read back by pyld, is isomorphic to the graph.ttl beside it."""
    from kg.run import run

    out = tmp_path / "out"
    run([], out)
    expected = Graph().parse(out / "graph.ttl", format="turtle")
    got = _by_pyld((out / "graph.jsonld").read_bytes())
    assert len(got) == len(expected) > 1000
    assert isomorphic(_lower_langs(got), _lower_langs(expected))
