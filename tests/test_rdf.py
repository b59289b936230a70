"""Turtle export: vocabulary, NIF offsets, IRIs, determinism, parsers, shapes."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from conftest import require_tool
from kg.errors import KgbuildError
from kg.graph import build_graph
from kg.rdf import DEFAULT_BASE, PREFIXES as BOUND, check_base_iri, to_rdf, turtle_bytes, write_turtle
from kg.turtle import Lit, Triples, turtle
from kg.types import DIRECT, GPE, INDIRECT, LOC, ORG as ORG_L, PERSON, Article, Extraction
from kg.types import PersonMention, Post, Span, Statement
from kg.vocab import ITSRDF, KGB, NIF, SDO, XSD

PREFIXES = """
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX kgb: <https://kgbuild.example.org/vocab#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# Invented articles. 𠮷 (U+20BB7) lies outside the BMP: it is one code point
# but two UTF-16 units, so every offset after it tells the two counts apart.
TEXT_A = (
    "𠮷祥市讯 星海大学副校长林晓雨在𠮷祥市表示，学校将扩大招生。"
    "她说：“我们欢迎更多学生。”星海大学说，新校区明年启用。"
)
TEXT_B = "云岭省农业厅厅长周明远说：“今年粮食丰收。”据悉，周明远在长湖考察。"


def _at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _mention(text: str, label: str, surface: str, name: str | None = None, nth: int = 0) -> Span:
    start, end = _at(text, surface, nth)
    return Span(start, end, label, name or surface)


def _statement(aid: str, text: str, said: str, speaker: str | None, label: str | None,
               title: str | None, org: str | None, cue: str, kind: str,
               speaker_surface: str | None = None) -> Statement:
    start, end = _at(text, said)
    mention = None
    if speaker:
        s, e = _at(text, speaker_surface or speaker)
        mention = PersonMention(s, e, speaker, title, org, label=label)
    return Statement(mention, cue, kind, start, end, said)


def extractions() -> list[Extraction]:
    a = Article(
        id="xh-0001", text=TEXT_A, title="星海大学扩招", date="2024-09-04",
        source="新华社", url="https://news.example.cn/a/1", dateline="新华社𠮷祥9月4日电",
        reporters=("赵一鸣",),
    )
    b = Article(id="xh-0002", text=TEXT_B, title=None, date="2024年9月", reporters=())
    ex_a = Extraction(
        article=a,
        mentions=(
            _mention(TEXT_A, ORG_L, "星海大学"),
            _mention(TEXT_A, PERSON, "林晓雨"),
            _mention(TEXT_A, GPE, "𠮷祥市", nth=1),
            _mention(TEXT_A, ORG_L, "星海大学", nth=1),
        ),
        posts=(Post("林晓雨", "副校长", "星海大学"),),
        statements=(
            _statement("xh-0001", TEXT_A, "学校将扩大招生", "林晓雨", PERSON, "副校长", "星海大学",
                       "表示", INDIRECT, "林晓雨"),
            _statement("xh-0001", TEXT_A, "我们欢迎更多学生。", "林晓雨", PERSON, "副校长", "星海大学",
                       "说", DIRECT),
            _statement("xh-0001", TEXT_A, "新校区明年启用", "星海大学", ORG_L, None, None,
                       "说", INDIRECT),
        ),
    )
    ex_b = Extraction(
        article=b,
        mentions=(
            _mention(TEXT_B, ORG_L, "云岭省农业厅"),
            _mention(TEXT_B, PERSON, "周明远"),
            _mention(TEXT_B, PERSON, "周明远", nth=1),
            _mention(TEXT_B, LOC, "长湖"),
        ),
        posts=(Post("周明远", "厅长", "云岭省农业厅"), Post("林晓雨", "教授", None)),
        statements=(
            _statement("xh-0002", TEXT_B, "今年粮食丰收。", "周明远", PERSON, "厅长", "云岭省农业厅",
                       "说", DIRECT, "周明远"),
            _statement("xh-0002", TEXT_B, "周明远在长湖考察", None, None, None, None, "据悉", INDIRECT),
        ),
    )
    return [ex_a, ex_b]


@pytest.fixture(scope="module")
def rdf() -> Graph:
    return to_rdf(build_graph(extractions()))


def select(g: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in g.query(PREFIXES + query)]


# Class → number of resources the invented articles give.
TYPE_COUNTS = [
    (SDO.Person, 3),  # 林晓雨, 周明远, reporter 赵一鸣
    (SDO.Organization, 2),
    (ORG.Organization, 2),
    (SDO.Place, 2),
    (SDO.AdministrativeArea, 1),  # 𠮷祥市 (GPE), not 长湖 (LOC)
    (SDO.NewsArticle, 2),
    (NIF.Context, 2),
    (SDO.Quotation, 5),
    (ORG.Post, 3),
    (ORG.Role, 3),
    (SKOS.Concept, 3),
    (NIF.Phrase, 8),
]


@pytest.mark.parametrize(("cls", "count"), TYPE_COUNTS)
def test_rdf_types(rdf: Graph, cls: URIRef, count: int) -> None:
    assert len(set(rdf.subjects(RDF.type, cls))) == count


def test_rdf_post_chain(rdf: Graph) -> None:
    rows = select(rdf, """
        SELECT ?name ?title ?orgname WHERE {
          ?p a schema:Person ; schema:name ?name ; org:holds ?post .
          ?post a org:Post ; org:heldBy ?p ; org:role ?role .
          ?role a org:Role, skos:Concept ; skos:prefLabel ?title .
          OPTIONAL { ?post org:postIn/schema:name ?orgname }
        } ORDER BY ?name ?title""")
    zh = lambda s: Literal(s, lang="zh-Hans")  # noqa: E731
    assert rows == [
        (zh("周明远"), zh("厅长"), zh("云岭省农业厅")),
        (zh("林晓雨"), zh("副校长"), zh("星海大学")),
        (zh("林晓雨"), zh("教授"), None),
    ]


def test_rdf_statement_properties(rdf: Graph) -> None:
    rows = select(rdf, """
        SELECT ?text ?speaker ?cue ?kind ?post ?article WHERE {
          ?s a schema:Quotation ; schema:text ?text ; kgb:statementKind ?kind ;
             schema:isPartOf/schema:identifier ?article .
          OPTIONAL { ?s schema:spokenByCharacter/schema:name ?speaker }
          OPTIONAL { ?s kgb:cue ?cue }
          OPTIONAL { ?s kgb:speakerPost/rdfs:label ?post }
        } ORDER BY ?article ?text""")
    got = [tuple(None if t is None else str(t) for t in row) for row in rows]
    direct, indirect = str(KGB.Direct), str(KGB.Indirect)
    assert got == [
        ("学校将扩大招生", "林晓雨", "表示", indirect, "星海大学副校长", "xh-0001"),
        ("我们欢迎更多学生。", "林晓雨", "说", direct, "星海大学副校长", "xh-0001"),
        ("新校区明年启用", "星海大学", "说", indirect, None, "xh-0001"),
        ("今年粮食丰收。", "周明远", "说", direct, "云岭省农业厅厅长", "xh-0002"),
        ("周明远在长湖考察", None, "据悉", indirect, None, "xh-0002"),
    ]


def test_rdf_organisation_speaker(rdf: Graph) -> None:
    rows = select(rdf, """
        SELECT ?o WHERE { ?s schema:text "新校区明年启用"@zh-Hans ;
                             schema:spokenByCharacter ?o . ?o a schema:Organization }""")
    assert len(rows) == 1


def _spans(g: Graph) -> list[tuple[str, int, int, str]]:
    """(context text, begin, end, expected text) for every phrase and statement."""
    rows = select(g, """
        SELECT ?s ?b ?e ?expected WHERE {
          ?x nif:referenceContext/nif:isString ?s ; nif:beginIndex ?b ; nif:endIndex ?e .
          { ?x nif:anchorOf ?expected } UNION { ?x schema:text ?expected }
        }""")
    return [(str(s), b.toPython(), e.toPython(), str(x)) for s, b, e, x in rows]


def test_rdf_nif_offsets_are_code_points(rdf: Graph) -> None:
    spans = _spans(rdf)
    assert len(spans) == 8 + 5
    for text, begin, end, expected in spans:
        assert text[begin:end] == expected
    # The speaker mention after 𠮷: a UTF-16 count would be one higher.
    start = TEXT_A.index("林晓雨")
    assert (TEXT_A, start, start + 3, "林晓雨") in spans
    assert len(TEXT_A[:start].encode("utf-16-le")) // 2 == start + 1


def test_rdf_nif_offsets_typed_nonnegative(rdf: Graph) -> None:
    for p in (NIF.beginIndex, NIF.endIndex):
        objects = list(rdf.objects(None, p))
        assert objects and all(o.datatype == XSD.nonNegativeInteger for o in objects)


def test_rdf_context_covers_text(rdf: Graph) -> None:
    rows = select(rdf, """
        SELECT ?id ?s ?b ?e WHERE {
          ?a schema:identifier ?id ; kgb:hasContext ?c .
          ?c a nif:Context ; nif:isString ?s ; nif:beginIndex ?b ; nif:endIndex ?e .
        } ORDER BY ?id""")
    assert [(str(i), str(s), b.toPython(), e.toPython()) for i, s, b, e in rows] == [
        ("xh-0001", TEXT_A, 0, len(TEXT_A)),
        ("xh-0002", TEXT_B, 0, len(TEXT_B)),
    ]
    # The text is stored once, on the context, not again on the article.
    assert len(list(rdf.subjects(None, Literal(TEXT_A)))) == 1


def test_rdf_mentions_link_entities(rdf: Graph) -> None:
    rows = select(rdf, """
        SELECT ?anchor ?name (COUNT(?p) AS ?n) WHERE {
          ?p a nif:Phrase ; nif:anchorOf ?anchor ; itsrdf:taIdentRef/schema:name ?name .
        } GROUP BY ?anchor ?name ORDER BY ?anchor""")
    assert [(str(a), str(n), c.toPython()) for a, n, c in rows] == sorted([
        ("云岭省农业厅", "云岭省农业厅", 1), ("周明远", "周明远", 2), ("星海大学", "星海大学", 2),
        ("林晓雨", "林晓雨", 1), ("长湖", "长湖", 1), ("𠮷祥市", "𠮷祥市", 1),
    ])


# (article field, predicate, expected object) for the two invented articles.
ARTICLE_FIELDS = [
    ("xh-0001", SDO.datePublished, Literal("2024-09-04", datatype=XSD.date)),
    ("xh-0002", SDO.datePublished, Literal("2024年9月")),
    ("xh-0001", SDO.headline, Literal("星海大学扩招", lang="zh-Hans")),
    ("xh-0002", SDO.headline, None),
    ("xh-0001", SDO.url, Literal("https://news.example.cn/a/1", datatype=XSD.anyURI)),
    ("xh-0001", KGB.dateline, Literal("新华社𠮷祥9月4日电", lang="zh-Hans")),
    ("xh-0001", KGB.sourceName, Literal("新华社", lang="zh-Hans")),
]


@pytest.mark.parametrize(("aid", "predicate", "expected"), ARTICLE_FIELDS)
def test_rdf_article_fields(rdf: Graph, aid: str, predicate: URIRef, expected) -> None:
    (article,) = rdf.subjects(SDO.identifier, Literal(aid))
    assert rdf.value(article, predicate) == expected


def test_rdf_article_author(rdf: Graph) -> None:
    rows = select(rdf, """SELECT ?name WHERE {
        ?a schema:identifier "xh-0001" ; schema:author/schema:name ?name }""")
    assert rows == [(Literal("赵一鸣", lang="zh-Hans"),)]


def test_rdf_aliases() -> None:
    ex = Extraction(
        article=Article(id="c", text="星海大学（星大）"),
        mentions=(Span(0, 4, ORG_L, "星海大学"), Span(5, 7, ORG_L, "星海大学")),
    )
    g = to_rdf(build_graph([ex]))
    (org,) = g.subjects(RDF.type, SDO.Organization)
    assert list(g.objects(org, SDO.alternateName)) == [Literal("星大", lang="zh-Hans")]


@pytest.mark.parametrize("base", [DEFAULT_BASE, "http://data.example.com/kg#"])
def test_rdf_iris_are_ascii_under_base(base: str) -> None:
    g = to_rdf(build_graph(extractions()), base)
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)}
    ours = {i for i in iris if i.startswith(base)}
    assert len(ours) > 20
    assert all(i.isascii() for i in iris)
    assert all(i[len(base):].count("#") == 0 for i in ours)


def test_rdf_no_blank_nodes(rdf: Graph) -> None:
    assert not [t for triple in rdf for t in triple if isinstance(t, BNode)]


def _shuffled() -> list[Extraction]:
    """The same content inserted in another order."""
    return [
        Extraction(ex.article, ex.mentions[::-1], ex.posts[::-1], ex.statements[::-1])
        for ex in reversed(extractions())
    ]


def test_rdf_deterministic_bytes() -> None:
    first = turtle_bytes(build_graph(extractions()))
    assert turtle_bytes(build_graph(extractions())) == first
    assert turtle_bytes(build_graph(_shuffled())) == first


# Turtle: kg/turtle.py writes it (rdflib's serializer was a quarter of a run).

def _hash_of_turtle(seed: str) -> str:
    """sha256 of turtle_bytes in a fresh interpreter with PYTHONHASHSEED=seed, for both insertion orders."""
    code = ("import hashlib, sys; sys.path.insert(0, sys.argv[1]); import test_rdf as t; "
            "from kg.graph import build_graph; from kg.rdf import turtle_bytes; "
            "print(*(hashlib.sha256(turtle_bytes(build_graph(e))).hexdigest() "
            "for e in (t.extractions(), t._shuffled(), t._dangerous())))")
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent)], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_rdf_same_bytes_whatever_the_hash_seed() -> None:
    here = [hashlib.sha256(turtle_bytes(build_graph(e))).hexdigest()
            for e in (extractions(), _shuffled(), _dangerous())]
    assert here[0] == here[1] != here[2]
    for seed in ("0", "1", "4242"):
        assert _hash_of_turtle(seed) == here, seed


def test_rdf_turtle_triples_equal_rdflibs() -> None:
    """The triples of our Turtle are those rdflib's own serializer writes for to_rdf."""
    for g in (build_graph(extractions()), build_graph(_dangerous())):
        reference = Graph().parse(data=to_rdf(g).serialize(format="turtle"), format="turtle")
        ours = Graph().parse(data=turtle_bytes(g), format="turtle")
        assert len(ours) == len(reference) > 20
        assert isomorphic(ours, reference)
        assert set(ours) == set(reference)  # no blank nodes: equal as sets too


def test_rdf_turtle_layout() -> None:
    """Sorted and grouped for a reader: a text's spans in text order, rdf:type first, objects with ','."""
    base = "https://x.org/id/"
    t = Triples()
    for start, end in ((98, 100), (6, 8), (18, 21)):
        t.add(f"{base}article/a/offset_{start}_{end}", str(NIF.beginIndex),
              Lit(str(start), datatype=str(XSD.nonNegativeInteger)))
    t.add(f"{base}article/a", str(SDO.identifier), Lit("a"))
    t.add(f"{base}article/a", str(RDF.type), str(SDO.NewsArticle))
    t.add(f"{base}org/1", str(SDO.name), Lit("星海大学", "zh-Hans"))
    t.add(f"{base}org/1", str(RDF.type), str(SDO.Organization))
    t.add(f"{base}org/1", str(RDF.type), str(ORG.Organization))
    t.add(f"{base}org/1", str(SDO.alternateName), Lit("星大", "zh-Hans"))
    t.add(f"{base}org/1", str(SDO.alternateName), Lit("星海大學", "zh-Hant"))
    t.add(f"{base}article/a/context", str(NIF.isString), Lit("第一段\n第二段"))
    t.add(f"{base}article/a", str(SDO.identifier), Lit("a"))  # twice: written once
    assert turtle(t, BOUND).decode() == '''\
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://x.org/id/article/a> a schema:NewsArticle ;
    schema:identifier "a" .

<https://x.org/id/article/a/offset_6_8> nif:beginIndex "6"^^xsd:nonNegativeInteger .

<https://x.org/id/article/a/offset_18_21> nif:beginIndex "18"^^xsd:nonNegativeInteger .

<https://x.org/id/article/a/offset_98_100> nif:beginIndex "98"^^xsd:nonNegativeInteger .

<https://x.org/id/article/a/context> nif:isString """第一段
第二段""" .

<https://x.org/id/org/1> a org:Organization, schema:Organization ;
    schema:alternateName "星大"@zh-Hans, "星海大學"@zh-Hant ;
    schema:name "星海大学"@zh-Hans .
'''
    assert turtle(reversed(list(t)), BOUND) == turtle(t, BOUND)


# Characters that Turtle must escape or that readers trip on, alone and at the
# ends of a string (a quote or backslash last in a \"\"\" string).
ESCAPES = {
    "quote": '"', "quotes3": '"""', "apostrophes3": "'''", "backslash": "\\", "fake-uchar": "\\u0041",
    "lt-gt-amp": "<>&", "cdata-end": "]]>", "comment-end": "-->", "u2028": "\u2028", "u2029": "\u2029",
    "nel": "\x85", "nul": "\x00", "controls": "".join(map(chr, range(1, 32))), "del": "\x7f",
    "bom": "\ufeff", "ufffe": "\ufffe", "uffff": "\uffff", "rlo": "\u202e", "rlm": "\u200f",
    "crlf": "\r\n", "cr": "\r", "tab": "\t", "zwj-family": "👩\u200d👩\u200d👧", "astral": "𠮷",
    "hash-at-caret": "# @zh ^^xsd:string .",
}


@pytest.mark.parametrize("value", [
    pytest.param(v, id=k) for k, v in ESCAPES.items()
] + [pytest.param("".join(ESCAPES.values()), id="all")])
def test_rdf_turtle_escapes_round_trip(value: str) -> None:
    """Every dangerous character reads back the same in pyoxigraph, in short and \"\"\" strings,
    plain, tagged and typed, first, last and alone."""
    s = "http://x.org/s"
    strings = [value, f"前{value}", f"{value}后", f"一\n{value}", f"{value}\n二", f"一\n{value}\n"]
    t = Triples()
    for i, v in enumerate(strings):
        t.add(s, f"http://x.org/plain{i}", Lit(v))
        t.add(s, f"http://x.org/lang{i}", Lit(v, "zh-Hant"))
        t.add(s, f"http://x.org/typed{i}", Lit(v, datatype=str(XSD.anyURI)))
    data = turtle(t, {"ex": "http://x.org/", "xsd": str(XSD)})
    got = {(str(q.predicate.value), q.object.value, q.object.language, q.object.datatype.value)
           for q in ox.parse(data, format=ox.RdfFormat.TURTLE)}
    xsd_string, lang_string = str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
    assert got == {row for i, v in enumerate(strings) for row in (
        (f"http://x.org/plain{i}", v, None, xsd_string),
        (f"http://x.org/lang{i}", v, "zh-hant", lang_string),
        (f"http://x.org/typed{i}", v, None, str(XSD.anyURI)),
    )}
    assert {(str(a), str(b), str(c)) for a, b, c in Graph().parse(data=data, format="turtle")} == \
        {(s, p, o.value) for s, p, o in t}


def test_rdf_turtle_escapes_pass_rapper(tmp_path: Path) -> None:
    rapper = require_tool("rapper")
    t = Triples()
    for key, value in ESCAPES.items():
        t.add("http://x.org/s", f"http://x.org/{key}", Lit(f"前{value}后"))
        t.add("http://x.org/s", f"http://x.org/{key}-long", Lit(f"一\n{value}"))
    path = tmp_path / "escapes.ttl"
    path.write_bytes(turtle(t, {}))
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"returned {2 * len(ESCAPES)} triples" in done.stderr


def test_rdf_turtle_refuses_what_it_cannot_write() -> None:
    with pytest.raises(KgbuildError, match="IRI"):
        turtle([("http://x.org/a b", "http://x.org/p", "http://x.org/o")], {})
    with pytest.raises(KgbuildError, match="language tag"):
        turtle([("http://x.org/a", "http://x.org/p", Lit("好", "zh Hans"))], {})


def _dangerous() -> list[Extraction]:
    """An article whose every field holds what Turtle must escape, and a Traditional one."""
    d = "".join(v for k, v in ESCAPES.items() if k not in ("ufffe", "uffff", "nul"))
    text = f"星海集团副总经理林若川表示{d}，公司将加快建设。\n他说：“{d}我们欢迎合作。”"
    said = text.index("我们欢迎合作")
    a = Article(id=f"danger{d}", text=text, title=f"标题{d}", date="2025-09-04", source=f"新华社{d}",
                url="http://例子.中国/新闻/1?id=2#正文", dateline=f"新华社{d}电")
    ex = Extraction(a, mentions=(Span(0, 4, ORG_L, "星海集团"), Span(9, 12, PERSON, "林若川")),
                    posts=(Post("林若川", "副总经理", "星海集团"),),
                    statements=(Statement(PersonMention(9, 12, "林若川", "副总经理", "星海集团"), "说", DIRECT,
                                          said, said + 6, "我们欢迎合作", "speech"),))
    t = Article(id="t", text="副院長林曉雨說：「好。」", title="林曉雨談合作")
    ex_t = Extraction(t, mentions=(Span(3, 6, PERSON, "林晓雨"),),
                      statements=(Statement(PersonMention(3, 6, "林晓雨"), "说", DIRECT, 9, 10, "好"),))
    return [ex, ex_t]


def test_rdf_dangerous_fields_read_back(tmp_path: Path) -> None:
    """The article's fields, as pyoxigraph and rapper read them from the Turtle."""
    (ex, _) = _dangerous()
    path = tmp_path / "graph.ttl"
    write_turtle(build_graph(_dangerous()), path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    row = next(iter(store.query(PREFIXES + """
        SELECT ?id ?s ?h ?src ?dl ?url WHERE {
          ?a schema:identifier ?id ; schema:headline ?h ; schema:url ?url ; kgb:sourceName ?src ;
             kgb:dateline ?dl ; kgb:hasContext/nif:isString ?s . FILTER(STRSTARTS(?id, "danger")) }""")))
    a = ex.article
    assert [row[k].value for k in ("id", "s", "h", "src", "dl", "url")] == \
        [a.id, a.text, a.title, a.source, a.dateline, a.url]
    rapper = require_tool("rapper")
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and "warning" not in done.stderr.lower(), done.stderr


def test_rdf_round_trip_isomorphic(rdf: Graph) -> None:
    data = turtle_bytes(build_graph(extractions()))
    assert isomorphic(Graph().parse(data=data, format="turtle"), rdf)
    # And through pyoxigraph's parser and N-Triples writer, which lower-cases
    # language tags (zh-Hans → zh-hans: tags are case-insensitive in RDF).
    nt = ox.serialize(ox.parse(data, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(_lower_langs(Graph().parse(data=nt, format="nt")), _lower_langs(rdf))


def _lower_langs(g: Graph) -> Graph:
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_rdf_pyoxigraph_loads(rdf: Graph) -> None:
    store = ox.Store()
    store.load(turtle_bytes(build_graph(extractions())), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(rdf)


@pytest.mark.parametrize("base", [DEFAULT_BASE, "http://data.example.com/kg#"])
def test_rdf_rapper_strict(tmp_path: Path, base: str) -> None:
    rapper = require_tool("rapper")
    path = tmp_path / "graph.ttl"
    write_turtle(build_graph(extractions()), path, base)
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower()


def test_rdf_write_turtle_matches_bytes(tmp_path: Path) -> None:
    path = tmp_path / "graph.ttl"
    g = build_graph(extractions())
    write_turtle(g, path, "https://example.org/x/")
    assert path.read_bytes() == turtle_bytes(g, "https://example.org/x/")


BAD_BASES = [
    "kgbuild/",  # relative
    "ftp://example.org/id/",  # not http(s)
    "https://example.org/id",  # no trailing / or #
    "https:///id/",  # no host
    "https://example.org/a#b#",  # two fragments
    "https://example.org/my id/",  # space
]


@pytest.mark.parametrize("base", BAD_BASES)
def test_rdf_bad_base_iri(base: str) -> None:
    with pytest.raises(KgbuildError, match="base IRI"):
        to_rdf(build_graph(extractions()), base)
    with pytest.raises(KgbuildError) as err:
        check_base_iri(base)
    assert repr(base) in str(err.value)


def test_rdf_cue_class() -> None:
    text = "李华说：“好。”他认为，行。"
    said = Statement(PersonMention(0, 2, "李华"), "说", DIRECT, 5, 7, "好。", "speech")
    thought = Statement(PersonMention(9, 10, "李华"), "认为", INDIRECT, 12, 13, "行", "opinion")
    g = to_rdf(build_graph([Extraction(Article(id="k", text=text), statements=(said, thought))]))
    classes = {str(g.value(s, SDO.text)): g.value(s, KGB.cueClass) for s in g.subjects(RDF.type, SDO.Quotation)}
    assert classes == {"好。": KGB.Speech, "行": KGB.Opinion}


def test_rdf_unknown_statement_kind() -> None:
    text = "他说：“好。”"
    st = Statement(PersonMention(0, 1, "他"), "说", "quoted", 4, 6, "好。")
    g = build_graph([Extraction(Article(id="k", text=text), statements=(st,))])
    with pytest.raises(KgbuildError, match="quoted"):
        to_rdf(g)


# The vocabulary: kg/vocab.py and ontology/kgbuild.ttl list the same terms.

def _packaged(name: str) -> Graph:
    """A Turtle file of the kg.ontology package, as installed."""
    return Graph().parse(data=files("kg.ontology").joinpath(name).read_bytes(), format="turtle")


def _ontology() -> Graph:
    return _packaged("kgbuild.ttl")


def test_rdf_vocab_matches_ontology() -> None:
    onto = _ontology()
    defined = {s for s in onto.subjects() if isinstance(s, URIRef) and s.startswith(str(KGB))}
    mentioned = {t for triple in onto for t in triple
                 if isinstance(t, URIRef) and t.startswith(str(KGB))}
    assert set(dir(KGB)) == defined
    assert mentioned <= defined


def test_rdf_vocab_terms_labelled_in_both_languages() -> None:
    onto = _ontology()
    for term in dir(KGB):
        labels = set(onto.objects(term, RDFS.label)) | set(onto.objects(term, SKOS.prefLabel))
        assert {lit.language for lit in labels} == {"en", "zh-Hans"}, term


def test_rdf_export_uses_only_defined_kgb_terms(rdf: Graph) -> None:
    used = {t for triple in rdf for t in triple if isinstance(t, URIRef) and t.startswith(str(KGB))}
    assert used and used <= set(dir(KGB))


# SHACL: a built graph conforms; each breakage below is caught.

def _validate(data: Graph) -> bool:
    import pyshacl  # a test dependency: heavy to import, so only here

    conforms, _, _ = pyshacl.validate(data, shacl_graph=_packaged("shapes.ttl"))
    return conforms


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def _drop_text(g: Graph) -> None:
    g.remove((_first(g, SDO.Quotation), SDO.text, None))


def _second_text(g: Graph) -> None:
    g.add((_first(g, SDO.Quotation), SDO.text, Literal("另一句话", lang="zh-Hans")))


def _shift_statement(g: Graph) -> None:
    q = _first(g, SDO.Quotation)
    begin = g.value(q, NIF.beginIndex).toPython()
    g.set((q, NIF.beginIndex, Literal(begin + 1, datatype=XSD.nonNegativeInteger)))


def _place_speaker(g: Graph) -> None:
    q = sorted(g.subjects(SDO.spokenByCharacter, None))[0]
    g.set((q, SDO.spokenByCharacter, _first(g, SDO.Place)))


def _two_speakers(g: Graph) -> None:
    q = sorted(g.subjects(SDO.spokenByCharacter, None))[0]
    g.add((q, SDO.spokenByCharacter, _first(g, SDO.Organization)))


def _post_without_role(g: Graph) -> None:
    g.remove((_first(g, ORG.Post), ORG.role, None))


def _untagged_name(g: Graph) -> None:
    p = _first(g, SDO.Person)
    g.set((p, SDO.name, Literal(str(g.value(p, SDO.name)))))


def _wrong_anchor(g: Graph) -> None:
    g.set((_first(g, NIF.Phrase), NIF.anchorOf, Literal("错")))


def _integer_offset(g: Graph) -> None:
    p = _first(g, NIF.Phrase)
    g.set((p, NIF.endIndex, Literal(g.value(p, NIF.endIndex).toPython())))


def _phrase_without_entity(g: Graph) -> None:
    g.remove((_first(g, NIF.Phrase), ITSRDF.taIdentRef, None))


def _quotation_outside_article(g: Graph) -> None:
    g.remove((_first(g, SDO.Quotation), SDO.isPartOf, None))


BREAKAGES = [
    _drop_text, _second_text, _shift_statement, _place_speaker, _two_speakers,
    _post_without_role, _untagged_name, _wrong_anchor, _integer_offset,
    _phrase_without_entity, _quotation_outside_article,
]


def test_rdf_shapes_conform() -> None:
    assert _validate(to_rdf(build_graph(extractions())))


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_rdf_shapes_reject_broken(breakage) -> None:
    g = to_rdf(build_graph(extractions()))
    breakage(g)
    assert not _validate(g)


def test_rdf_traditional_text_keeps_its_script() -> None:
    """Names are Simplified; what a Traditional article wrote keeps its form, tagged zh-Hant."""
    text = "副院長林曉雨說：「好。」"
    a = Article(id="t", text=text, title="林曉雨談合作")
    said = Statement(PersonMention(3, 6, "林晓雨", "副院长"), "说", DIRECT, 9, 10, "好", "speech")
    ex = Extraction(a, mentions=(Span(0, 3, "TITLE", "副院长"), Span(3, 6, PERSON, "林晓雨")),
                    posts=(Post("林晓雨", "副院长"),), statements=(said,))
    g = to_rdf(build_graph([ex]))
    (person,) = g.subjects(RDF.type, SDO.Person)
    assert g.value(person, SDO.name) == Literal("林晓雨", lang="zh-Hans")
    assert g.value(person, SDO.alternateName) == Literal("林曉雨", lang="zh-Hant")
    (role,) = g.subjects(RDF.type, ORG.Role)
    assert g.value(role, SKOS.prefLabel) == Literal("副院长", lang="zh-Hans")
    assert g.value(role, SKOS.altLabel) == Literal("副院長", lang="zh-Hant")
    (article,) = g.subjects(RDF.type, SDO.NewsArticle)
    assert g.value(article, SDO.headline) == Literal("林曉雨談合作", lang="zh-Hant")


# IRIs: the base and the url fields are checked with RFC 3987's grammar (oxiri,
# the parser pyoxigraph and kgbuild query read the graph with).

GOOD_BASES = [
    "http://例子.中国/kg/",  # an internationalised host, as written
    "https://xn--fsqu00a.xn--fiqs8s/kg/",  # the same host as punycode
    "https://data.example.org/新闻/图谱#",  # Unicode in the path, a fragment base
    "https://example.org/%E4%BE%8B/",  # well-formed escapes
    "http://[2001:db8::1]:8080/kg/",  # an IPv6 literal and a port
]
BAD_BASES_RFC3987 = [
    ("http://x.org/%zz/", "percent encoding"),  # not two hex digits
    ("http://x.org/100%/", "percent encoding"),  # % alone
    ("http://例子.中国/<kg>/", "<"),
    ("http://x.org/\u200fkg/", "bidirectional"),  # RLM: RFC 3987 section 4.1
    ("http://x.org/\ue000/", "code point"),  # a private-use character outside the query
    ("http://例子／x.org/", "NFKC"),  # a full-width slash in the host
    ("javascript:alert(1)//", "scheme"),
]


@pytest.mark.parametrize("base", GOOD_BASES)
def test_rdf_base_iri_rfc3987_accepted_and_readable(tmp_path: Path, base: str) -> None:
    assert check_base_iri(base) == base
    path = tmp_path / "graph.ttl"
    write_turtle(build_graph(extractions()), path, base)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    subjects = {str(q.subject.value) for q in store}
    assert len(subjects) > 20 and all(s.startswith(base) for s in subjects)
    rapper = require_tool("rapper")
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower() and "warning" not in done.stderr.lower()


@pytest.mark.parametrize(("base", "problem"), BAD_BASES_RFC3987)
def test_rdf_base_iri_rfc3987_refused(base: str, problem: str) -> None:
    from kg.errors import BadOption

    with pytest.raises(BadOption) as err:
        check_base_iri(base)
    assert repr(base) in str(err.value) and problem in str(err.value)
    assert err.value.status == 2


# url field → what schema:url holds: xsd:anyURI only for an http(s) IRI.
URLS = [
    ("https://news.example.cn/a/1", XSD.anyURI),
    ("http://例子.中国/新闻/1?id=2#正文", XSD.anyURI),
    ("HTTPS://NEWS.EXAMPLE.CN/A", XSD.anyURI),
    ("javascript:alert(1)", None),
    ("ftp://news.example.cn/a.txt", None),
    ("mailto:news@example.cn", None),
    ("news/2024/a.html", None),  # relative
    ("http://news.example.cn/a b", None),  # a space
    ("http://news.example.cn/%zz", None),
    ("http:///a", None),  # no host
    ("https://news.example.cn/\u202ecod.exe", None),  # RLO
]


@pytest.mark.parametrize(("url", "datatype"), URLS)
def test_rdf_url_is_any_uri_only_when_a_web_iri(url: str, datatype) -> None:
    ex = Extraction(Article(id="u", text="李华说：“好。”", url=url))
    g = to_rdf(build_graph([ex]))
    (article,) = g.subjects(RDF.type, SDO.NewsArticle)
    assert g.value(article, SDO.url) == Literal(url, datatype=datatype)
    # what the Turtle holds reads back the same in pyoxigraph
    store = ox.Store()
    store.load(turtle_bytes(build_graph([ex])), format=ox.RdfFormat.TURTLE)
    [(value,)] = [tuple(row) for row in store.query(
        "SELECT ?u WHERE { ?a <https://schema.org/url> ?u }")]
    assert value.value == url
    assert value.datatype == ox.NamedNode(str(datatype or XSD.string))


def test_rdf_run_with_an_idn_base_iri_reads_back(tmp_path: Path) -> None:
    """kgbuild run with a Chinese host: pyoxigraph, kgbuild query and rapper read the graph;
    a javascript: url stays a plain string in Turtle and as given in GEXF."""
    import json

    from click.testing import CliRunner

    from kg.cli import main
    from kg.query import run_query

    article = {"id": "idn", "text": "外交部发言人毛宁说：“中方欢迎。”", "url": "javascript:alert(1)"}
    feed = tmp_path / "in.jsonl"
    feed.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    base = "http://例子.中国/kg/"
    result = CliRunner().invoke(main, ["run", str(feed), "-o", str(out), "--base-iri", base,
                                       "--no-ner", "--segmenter", "char", "--no-progress"])
    assert result.exit_code == 0, result.output
    ttl = out / "graph.ttl"
    store = ox.Store()
    store.load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    assert any(str(q.subject.value).startswith(base + "statement/") for q in store)
    _, rows = run_query(ttl, PREFIXES + "SELECT ?s ?t WHERE { ?s a schema:Quotation ; schema:text ?t }")
    [(statement, said)] = rows
    assert statement.startswith(base + "statement/") and said == "中方欢迎"
    rapper = require_tool("rapper")
    done = subprocess.run([rapper, "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True)
    assert done.returncode == 0 and "warning" not in done.stderr.lower(), done.stderr
    assert 'schema:url "javascript:alert(1)" ' in ttl.read_text(encoding="utf-8")
    assert 'value="javascript:alert(1)"' in (out / "graph.gexf").read_text(encoding="utf-8")


def test_rdf_run_refuses_a_bad_percent_escape_before_the_work(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["run", "-o", str(tmp_path / "out"), "--base-iri", "http://x.org/%zz/"])
    assert result.exit_code == 2
    assert "'http://x.org/%zz/'" in result.output and "%zz" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()
