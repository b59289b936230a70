"""kgbuild validate: the sample conforms to the shapes; each breakage is named in words, grouped and counted."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF

from kg.errors import InputError, KgbuildError
from kg.run import run
from kg.validate import EXAMPLES, validate
from kg.vocab import KGB, NIF, SDO, XSD

pytest.importorskip("pyshacl")


def _nth(g: Graph, cls: URIRef, n: int = 0) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[n]


def _post_without_role_and_person_with_two_names(g: Graph) -> list[str]:
    post, person = _nth(g, ORG.Post), _nth(g, SDO.Person)
    g.remove((post, ORG.role, None))
    g.add((person, SDO.name, Literal("另一个名字", lang="zh-Hans")))
    return [
        f"1 post (org:Post) has no org:role (need at least 1): <{post}>",
        f"1 person (schema:Person) has more than 1 schema:name (at most 1 allowed): <{person}>",
    ]


def _many_posts_without_role(g: Graph) -> list[str]:
    posts = sorted(g.subjects(RDF.type, ORG.Post))[:EXAMPLES + 2]
    for post in posts:
        g.remove((post, ORG.role, None))
    shown = ", ".join(f"<{p}>" for p in posts[:EXAMPLES])
    return [f"{len(posts)} posts (org:Post) have no org:role (need at least 1): {shown}, …"]


def _statements_kind_and_offsets(g: Graph) -> list[str]:
    first, second = _nth(g, SDO.Quotation), _nth(g, SDO.Quotation, 1)
    g.set((first, KGB.statementKind, KGB.Speech))
    begin = g.value(second, NIF.beginIndex).toPython()
    g.set((second, NIF.beginIndex, Literal(begin + 1, datatype=XSD.nonNegativeInteger)))
    return [
        f'1 statement (schema:Quotation) fails the check "the statement\'s offsets do not select its text'
        f' in the article": <{second}>',
        f"1 statement (schema:Quotation) has kgb:statementKind not of value kgb:Direct or kgb:Indirect: <{first}>",
    ]


def _role_not_concept_and_place_speaker(g: Graph) -> list[str]:
    role, place = _nth(g, ORG.Role), _nth(g, SDO.Place)
    quotation = sorted(g.subjects(SDO.spokenByCharacter, None))[0]
    g.remove((role, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#Concept")))
    g.set((quotation, SDO.spokenByCharacter, place))
    return [
        f"1 role (org:Role) is not of class skos:Concept: <{role}>",
        f"1 statement (schema:Quotation) has schema:spokenByCharacter not of class schema:Person"
        f" or class schema:Organization: <{quotation}>",
    ]


BREAKAGES = [
    _post_without_role_and_person_with_two_names,
    _many_posts_without_role,
    _statements_kind_and_offsets,
    _role_not_concept_and_place_speaker,
]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("validate") / "kg-out"
    run([], folder, ner=False)
    return folder


def test_validate_sample_conforms(out: Path) -> None:
    assert validate(out) == []


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_validate_names_each_problem(out: Path, tmp_path: Path, breakage) -> None:
    g = Graph().parse(out / "graph.ttl", format="turtle")
    expected = breakage(g)
    path = tmp_path / "edited.ttl"
    g.serialize(path, format="turtle")
    assert validate(path) == expected


@pytest.mark.parametrize("where, named", [
    ("missing.ttl", "missing.ttl: no such file"),
    ("folder", "folder/graph.ttl: no such file (kgbuild run writes it"),
    ("bad.ttl", "bad.ttl: cannot be read as Turtle"),
    ("latin1.ttl", "latin1.ttl: cannot be read as Turtle"),
])
def test_validate_unreadable_names_the_file(tmp_path: Path, where: str, named: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "bad.ttl").write_text('@prefix x: <http://x.org/> .\nx:a x:b "open .\n', encoding="utf-8")
    (tmp_path / "latin1.ttl").write_bytes('<http://x.org/a> <http://x.org/b> "é" .\n'.encode("latin-1"))
    with pytest.raises(InputError) as caught:
        validate(tmp_path / where)
    assert isinstance(caught.value, KgbuildError)
    assert str(caught.value).startswith(str(tmp_path))
    assert named in str(caught.value)
