"""Check an export against ``ontology/shapes.ttl`` with pySHACL and say in words what does not conform.

pySHACL reports one result per focus node and constraint, in SHACL's terms
(``sh:MinCountConstraintComponent`` on ``org:role``). :func:`validate` groups
them by kind of problem, one sentence each with a count and a few examples:
``3 posts (org:Post) have no org:role (need at least 1): <…>, <…>, <…>``.

The data graph is read whole into rdflib, as pySHACL needs: on a large graph
this takes long and much memory (two seconds for the 1,500 triples of the
built-in sample).
"""
from __future__ import annotations

from collections import defaultdict
from importlib.resources import files
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import ORG, RDF, SH

from kg import vocab
from kg.errors import InputError
from kg.query import TURTLE, graph_file
from kg.vocab import NIF, SDO

EXAMPLES = 5  # focus nodes named per message

# What a focus node of a shape's target class is called: (one, several).
_NOUNS = {
    SDO.Person: ("person", "people"),
    SDO.Organization: ("organisation", "organisations"),
    SDO.Place: ("place", "places"),
    ORG.Post: ("post", "posts"),
    ORG.Role: ("role", "roles"),
    SDO.NewsArticle: ("article", "articles"),
    NIF.Context: ("article text", "article texts"),
    SDO.Quotation: ("statement", "statements"),
    NIF.Phrase: ("mention", "mentions"),
}
_PREFIXES = {str(ns): prefix for prefix, ns in {**vocab.PREFIXES, "sh": SH}.items()}


def validate(path: Path) -> list[str]:
    """What in ``path`` (an output folder, or its graph.ttl) breaks the shapes, one message a kind
    of problem; an empty list when it conforms. InputError if the file cannot be read as Turtle."""
    import pyshacl  # heavy: imported only to validate

    turtle = graph_file(path)
    data = _read(turtle)
    shapes = Graph().parse(data=files("kg.ontology").joinpath("shapes.ttl").read_bytes(), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes)
    if conforms:
        return []
    return _messages(data, shapes, results)


def _read(turtle: Path) -> Graph:
    if not turtle.is_file():
        where = " (kgbuild run writes it into its output folder)" if turtle.name == TURTLE else ""
        raise InputError(str(turtle), f"no such file{where}")
    try:
        return Graph().parse(turtle, format="turtle")
    except (OSError, SyntaxError, ValueError) as e:  # BadSyntax is a SyntaxError; a decoding error a ValueError
        raise InputError(str(turtle), f"cannot be read as Turtle: {e}") from e


def _messages(data: Graph, shapes: Graph, results: Graph) -> list[str]:
    """One message per (class, problem), in the order of their classes' and problems' names."""
    found: dict[tuple[URIRef | None, str, str], set] = defaultdict(set)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        cls = _focus_class(data, shapes, results.value(result, SH.sourceShape), focus)
        found[(cls, *_problem(shapes, results, result))].add(focus)
    messages = []
    for (cls, has, have), focus_nodes in sorted(found.items(), key=lambda kv: (_show(kv[0][0]), kv[0][1])):
        n = len(focus_nodes)
        one, several = _NOUNS.get(cls, ("node", "nodes"))
        examples = [_show(f) for f in sorted(focus_nodes)]
        listed = ", ".join(examples[:EXAMPLES]) + (", …" if n > EXAMPLES else "")
        who = f"{n} {one if n == 1 else several}" + (f" ({_show(cls)})" if cls is not None else "")
        messages.append(f"{who} {has if n == 1 else have}: {listed}")
    return messages


def _focus_class(data: Graph, shapes: Graph, shape, focus) -> URIRef | None:
    """The target class of the node shape that reached ``focus``, among ``focus``'s own types."""
    node_shape = next(shapes.subjects(SH.property, shape), shape)
    targets = sorted(shapes.objects(node_shape, SH.targetClass))
    own = [c for c in targets if (focus, RDF.type, c) in data]
    return (own or targets or [None])[0]


def _problem(shapes: Graph, results: Graph, result) -> tuple[str, str]:
    """The problem in words, as said of one focus node and of several."""
    component = results.value(result, SH.sourceConstraintComponent)
    shape = results.value(result, SH.sourceShape)
    path = results.value(result, SH.resultPath)
    p = _show(path)
    if component == SH.MinCountConstraintComponent:
        n = shapes.value(shape, SH.minCount)
        return _has(f"{'no' if int(n) == 1 else f'fewer than {n}'} {p} (need at least {n})")
    if component == SH.MaxCountConstraintComponent:
        n = shapes.value(shape, SH.maxCount)
        return _has(f"more than {n} {p} (at most {n} allowed)")
    if component == SH.HasValueConstraintComponent:
        return _has(f"no {p} of {_show(shapes.value(shape, SH.hasValue))}")
    if component == SH.SPARQLConstraintComponent:
        message = results.value(result, SH.resultMessage)  # the constraint's own sh:message
        return f'fails the check "{message}"', f'fail the check "{message}"'
    if component == SH.OrConstraintComponent:
        allowed = " or ".join(_constraint(shapes, x) for x in Collection(shapes, shapes.value(shape, SH["or"])))
    elif component in _PARAMETERS:
        allowed = _constraint(shapes, shape, _PARAMETERS[component])
    else:
        allowed = f"the constraint {_show(component)}"
    return _has(f"{p} not of {allowed}") if p else _is(f"not of {allowed}")


# A constraint component → the parameter it checks (SHACL 1.0, section 4).
_PARAMETERS = {
    SH.ClassConstraintComponent: SH["class"],
    SH.DatatypeConstraintComponent: SH.datatype,
    SH.NodeKindConstraintComponent: SH.nodeKind,
    SH.InConstraintComponent: SH["in"],
    SH.LanguageInConstraintComponent: SH.languageIn,
    SH.LessThanOrEqualsConstraintComponent: SH.lessThanOrEquals,
}
_CALLED = {
    SH.languageIn: "language", SH["in"]: "value", SH.nodeKind: "node kind",
    SH.lessThanOrEquals: "value at most that of",
}


def _constraint(shapes: Graph, shape, parameter: URIRef | None = None) -> str:
    """A shape's constraint in words, ``class org:Post`` or ``language "zh-Hans" or "zh-Hant"``;
    without ``parameter``, every constraint of the shape (an alternative of sh:or)."""
    parameters = [parameter] if parameter else sorted({p for p in shapes.predicates(shape) if p != SH.path})
    said = []
    for p in parameters:
        values = sorted(shapes.objects(shape, p))
        if p in (SH["in"], SH.languageIn):
            values = list(Collection(shapes, values[0]))
        joined = (" and " if p == SH["class"] else " or ").join(_show(v) for v in values)  # every class, one of the rest
        said.append(f"{_CALLED.get(p, p.removeprefix(str(SH)))} {joined}")
    return " and ".join(said)


def _has(words: str) -> tuple[str, str]:
    return f"has {words}", f"have {words}"


def _is(words: str) -> tuple[str, str]:
    return f"is {words}", f"are {words}"


def _show(term) -> str:
    """A term as Turtle would write it: ``org:role``, ``<https://…/post/1>``, ``"zh-Hans"``."""
    if isinstance(term, Literal):
        return f'"{term}"@{term.language}' if term.language else f'"{term}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    if term is None:
        return ""
    cut = max(term.rfind("#"), term.rfind("/")) + 1
    prefix = _PREFIXES.get(str(term[:cut]))
    return f"{prefix}:{term[cut:]}" if prefix else f"<{term}>"
