"""Export the graph as GEXF 1.3 for Gephi, valid against the Gephi schema.

The XML is written with ``xml.etree.ElementTree`` rather than networkx's
``write_gexf``: its output fails the GEXF 1.3 schema (``xsi:schemaLocation``
and ``graph/@name`` are not in it), stamps today's date into ``<meta>`` (so
bytes change every day), treats node and edge attributes named ``start``,
``end``, ``type``, ``label`` or ``weight`` as GEXF's own (our statements have
``start``/``end`` offsets, which it would turn into time spans), rejects
``None`` and numbers attributes in insertion order. Working around all that
takes more code than the few lines of XML below, which are fixed in order:
attributes are declared from one table, nodes and edges are sorted by id.

Parallel ``mentions`` edges (one per mention) are collapsed into one edge per
article and entity with ``weight`` = number of mentions and their offsets,
because Gephi handles multigraphs poorly. The article text is never written.

``write_people_gexf`` writes a second, smaller view for the people network:
persons and organisations only, sized by the statements they made; person
-holdsPostIn-> organisation (through their posts, weighted by the person's
statements, at least 1) and undirected speaker -coQuoted- speaker (an
organisation speaking counts as a speaker; weighted by the two speakers'
statements in the articles they share). It is a dynamic graph for Gephi's
timeline: a node or edge has one ``<spell>`` (start = end) per date of the
articles it is in; articles without a full ISO date give none.
"""
from __future__ import annotations

import io
import itertools
import math
import os
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import BinaryIO

import networkx as nx

from kg.errors import KgbuildError
from kg.graph import ARTICLE_T, ORG_T, PERSON_T, PLACE_T, POST_T, ROLE_T, STATEMENT_T

NS_GEXF = "http://gexf.net/1.3"
NS_VIZ = "http://gexf.net/1.3/viz"

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS: dict[str, tuple[int, int, int]] = {
    PERSON_T: (230, 159, 0),
    ORG_T: (0, 114, 178),
    PLACE_T: (0, 158, 115),
    ROLE_T: (86, 180, 233),
    POST_T: (204, 121, 167),
    ARTICLE_T: (153, 153, 153),
    STATEMENT_T: (213, 94, 0),
}

# Node attributes Gephi shows as columns: (graph attribute, GEXF type).
# ``text`` is what a statement said; an article's ``text`` is skipped below.
NODE_ATTRIBUTES = (
    ("type", "string"), ("name", "string"), ("aliases", "string"),
    ("place_kind", "string"), ("title", "string"), ("org", "string"),
    ("identifier", "string"), ("headline", "string"), ("date", "string"),
    ("dateline", "string"), ("source", "string"), ("url", "string"),
    ("text", "string"), ("cue", "string"), ("cue_class", "string"), ("kind", "string"),
    ("start", "integer"), ("end", "integer"),
    ("speaker_start", "integer"), ("speaker_end", "integer"),
)
EDGE_ATTRIBUTES = (("relation", "string"), ("offsets", "string"))

# Characters XML 1.0 cannot carry at all, not even as &#..; references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _label(text: object) -> str:
    """A one-line label (GEXF labels are xsd:token); str.split also splits on 　."""
    return " ".join(_clean(str(text)).split())


def _value(value: object) -> str | None:
    """An attribute value as GEXF text; None (and empty tuples) are left out."""
    if value is None or value == ():
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list | set | frozenset):
        return "|".join(sorted(_clean(str(v)) for v in value))
    return _clean(str(value))


def _declare(graph: ET.Element, cls: str, table: tuple[tuple[str, str], ...]) -> None:
    attributes = ET.SubElement(graph, "attributes", {"class": cls})
    for title, kind in table:
        ET.SubElement(attributes, "attribute", id=title, title=title, type=kind)


def _attvalues(element: ET.Element, values: dict[str, str | None]) -> None:
    present = {k: v for k, v in values.items() if v is not None}
    if present:
        attvalues = ET.SubElement(element, "attvalues")
        for key, value in present.items():
            ET.SubElement(attvalues, "attvalue", {"for": key, "value": value})


def _collapsed_edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, int, list[int]]]:
    """(source, target, relation, count, mention offsets): one per relation, sorted."""
    found: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, []])
    for u, v, key, data in g.edges(keys=True, data=True):
        seen = found[(u, v, str(key).split("@", 1)[0])]  # mentions@12 -> mentions
        seen[0] += 1
        if data.get("start") is not None:
            seen[1].append(data["start"])
    return [(u, v, r, n, sorted(s)) for (u, v, r), (n, s) in sorted(found.items())]


def gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """The graph as a GEXF 1.3 document: UTF-8 bytes, the same for the same graph.

    >>> from kg.graph import build_graph
    >>> from kg.types import Article, Extraction
    >>> data = gexf_bytes(build_graph([Extraction(Article(id="a1", text="晴。"))]))
    >>> b'version="1.3"' in data and b'label="a1"' in data and "晴".encode() not in data
    True
    """
    out = io.BytesIO()
    write_gexf(g, out)
    return out.getvalue()


_HOLE = "kgbuild-elements"  # where the nodes and the edges go into the document's frame


def write_gexf(g: nx.MultiDiGraph, path: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the graph as GEXF 1.3 to ``path`` or a binary file, a node or an edge at a
    time: the frame of the document is laid out by ElementTree with a placeholder for
    the nodes and one for the edges, and each node and edge is an element of its own,
    indented as it would be in the whole tree, so the bytes are those of one
    ElementTree of everything, without one in memory."""
    if not hasattr(path, "write"):
        with open(path, "wb") as f:
            write_gexf(g, f)
        return
    out: BinaryIO = path  # type: ignore[assignment]
    edges = _collapsed_edges(g)
    degree: dict[str, int] = defaultdict(int)
    for u, v, *_ in edges:
        degree[u] += 1
        degree[v] += 1
    for n, kind in g.nodes(data="type"):
        if kind not in COLOURS:
            raise KgbuildError(
                f"node {n!r} has type {kind!r}; GEXF export knows {', '.join(sorted(COLOURS))}"
            )

    _write_document(
        out, {"defaultedgetype": "directed", "idtype": "string"}, NODE_ATTRIBUTES, EDGE_ATTRIBUTES,
        (g.number_of_nodes(), (_node(n, g.nodes[n], degree[n]) for n in sorted(g.nodes))),
        (len(edges), (_edge(i, *e) for i, e in enumerate(edges))),
    )


def _write_document(
    out: BinaryIO,
    graph_attributes: dict[str, str],
    node_table: tuple[tuple[str, str], ...],
    edge_table: tuple[tuple[str, str], ...],
    nodes: tuple[int, Iterator[ET.Element]],
    edges: tuple[int, Iterator[ET.Element]],
) -> None:
    """A GEXF document whose nodes and edges, each (count, elements), are streamed into
    holes of a frame laid out by ElementTree."""
    root = ET.Element("gexf", {"xmlns": NS_GEXF, "xmlns:viz": NS_VIZ, "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "kgbuild"
    graph = ET.SubElement(root, "graph", graph_attributes)
    _declare(graph, "node", node_table)
    _declare(graph, "edge", edge_table)
    for tag, (count, _) in (("nodes", nodes), ("edges", edges)):
        section = ET.SubElement(graph, tag, count=str(count))
        if count:
            ET.SubElement(section, _HOLE)
    ET.indent(root)
    frame = (ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n").split(f"<{_HOLE} />".encode())

    out.write(frame[0])
    for rest, elements in zip(frame[1:], [e for n, e in (nodes, edges) if n]):
        _write_elements(out, elements)
        out.write(rest)


_BATCH = 512  # elements serialised by one ET.tostring: its cost per call outweighed the elements'


def _write_elements(out: BinaryIO, elements: Iterator[ET.Element]) -> None:
    """Sibling elements at the depth of a graph's nodes or edges, indented as ET.indent would."""
    held: list[ET.Element] = []
    for element in elements:
        if held:
            held[-1].tail = "\n" + "  " * 3
        if len(held) > _BATCH:  # all but the last, whose tail depends on what comes after
            _write_batch(out, held[:-1])
            del held[:-1]
        ET.indent(element, level=3)
        held.append(element)
    if held:
        _write_batch(out, held)


def _write_batch(out: BinaryIO, elements: list[ET.Element]) -> None:
    """The elements, serialised as the children of one wrapper whose own tags are left out."""
    wrapper = ET.Element("w")
    wrapper.extend(elements)
    out.write(ET.tostring(wrapper, encoding="utf-8")[len(b"<w>"):-len(b"</w>")])


def _node(n: str, data: dict, degree: int) -> ET.Element:
    kind = data.get("type")
    node = ET.Element("node", id=_clean(str(n)), label=_label(data.get("label", n)))
    _attvalues(node, {
        key: _value(data.get(key))
        for key, _ in NODE_ATTRIBUTES
        if not (key == "text" and kind == ARTICLE_T)  # never the whole article
    })
    r, gr, b = COLOURS[kind]
    ET.SubElement(node, "viz:color", r=str(r), g=str(gr), b=str(b))
    ET.SubElement(node, "viz:size", value=f"{4 + 2 * math.sqrt(degree):.2f}")
    return node


def _edge(i: int, u: str, v: str, relation: str, count: int, starts: list[int]) -> ET.Element:
    edge = ET.Element(
        "edge", id=str(i), source=_clean(str(u)), target=_clean(str(v)),
        label=_label(relation), weight=f"{count:.1f}",
    )
    _attvalues(edge, {
        "relation": _value(relation),
        "offsets": ",".join(map(str, starts)) or None,
    })
    return edge


# The people view: persons and organisations, who holds a post where, who is quoted with whom.
PEOPLE_NODE_ATTRIBUTES = (("type", "string"), ("statements", "integer"))
PEOPLE_EDGE_ATTRIBUTES = (("relation", "string"), ("title", "string"))
HOLDS_POST_IN, CO_QUOTED = "holdsPostIn", "coQuoted"
_PEOPLE = (PERSON_T, ORG_T)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> str | None:
    """A full ISO date (an xsd:date Gephi can put on its timeline), else None.

    >>> [_iso_date(d) for d in ("2025-03-12", "2025-02-30", "2025-03", "20250312", None)]
    ['2025-03-12', None, None, None, None]
    """
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def people_gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """The people view of the graph as a GEXF 1.3 document (see ``write_people_gexf``).

    >>> from kg.graph import build_graph
    >>> from kg.types import INDIRECT, PERSON, Article, Extraction, PersonMention, Span, Statement
    >>> said = Statement(PersonMention(0, 2, "王明", "市长", "杭州市政府"), "说", INDIRECT, 3, 5, "好的")
    >>> g = build_graph([Extraction(Article(id="a1", text="王明说，好的。", date="2025-05-02"),
    ...     mentions=(Span(0, 2, PERSON, "王明"),), statements=(said,))])
    >>> data = people_gexf_bytes(g).decode()
    >>> 'label="王明"' in data and 'label="杭州市政府"' in data and 'label="a1"' not in data
    True
    >>> 'relation" value="holdsPostIn"' in data and '<spell start="2025-05-02" end="2025-05-02" />' in data
    True
    """
    out = io.BytesIO()
    write_people_gexf(g, out)
    return out.getvalue()


def write_people_gexf(g: nx.MultiDiGraph, f: BinaryIO) -> None:
    """Write the people-and-organisations view of the graph as dynamic GEXF 1.3 to a binary file.

    Nodes are the persons and organisations, sized by the statements they made; edges are
    person -holdsPostIn-> organisation and undirected speaker -coQuoted- speaker, with
    spells on the dates of the articles behind them. Streamed like ``write_gexf``: the
    articles are read one at a time, and what is kept grows with the people, not the articles.
    """
    people = sorted(n for n, kind in g.nodes(data="type") if kind in _PEOPLE)
    said: dict[str, int] = {n: _statements_of(g, n) for n in people}
    seen_on: dict[str, set[str]] = defaultdict(set)  # node: dates of the articles it is in
    spoke_on: dict[str, set[str]] = defaultdict(set)  # node: dates of the articles it speaks in
    pairs: dict[tuple[str, str], list] = defaultdict(lambda: [0, set()])  # co-quoted: weight, dates
    for article in (n for n, kind in g.nodes(data="type") if kind == ARTICLE_T):
        day = _iso_date(g.nodes[article].get("date"))
        speakers = _speakers_in(g, article)
        if day:
            for n in speakers:
                spoke_on[n].add(day)
            for _, n in g.out_edges(article):  # mentions and authors
                if g.nodes[n].get("type") in _PEOPLE:
                    seen_on[n].add(day)
        for pair in itertools.combinations(sorted(speakers), 2):
            pairs[pair][0] += speakers[pair[0]] + speakers[pair[1]]
            if day:
                pairs[pair][1].add(day)
    for n, days in spoke_on.items():
        seen_on[n] |= days

    edges: list[tuple[str, str, str, int, set[str], set[str]]] = []
    for person in people:
        if g.nodes[person]["type"] != PERSON_T:
            continue
        titles: dict[str, set[str]] = defaultdict(set)
        for post in _targets(g, person, "holds", POST_T):
            for org in _targets(g, post, "postIn", ORG_T):
                titles[org].add(g.nodes[post].get("title") or "")
        for org, held in titles.items():
            weight = max(1, said[person])  # at least 1, so that Gephi shows the edge
            edges.append((person, org, HOLDS_POST_IN, weight, spoke_on[person], held - {""}))
    for (u, v), (weight, days) in pairs.items():
        edges.append((u, v, CO_QUOTED, weight, days, set()))
    edges.sort(key=lambda e: e[:3])

    _write_document(
        f,
        {"defaultedgetype": "directed", "idtype": "string", "mode": "dynamic",
         "timeformat": "date", "timerepresentation": "interval"},
        PEOPLE_NODE_ATTRIBUTES, PEOPLE_EDGE_ATTRIBUTES,
        (len(people), (_person_node(n, g.nodes[n], said[n], seen_on.get(n, ())) for n in people)),
        (len(edges), (_people_edge(i, *e) for i, e in enumerate(edges))),
    )


def _targets(g: nx.MultiDiGraph, n: str, relation: str, kind: str) -> Iterator[str]:
    for _, v, key in g.out_edges(n, keys=True):
        if key == relation and g.nodes[v].get("type") == kind:
            yield v


def _statements_of(g: nx.MultiDiGraph, n: str) -> int:
    return sum(
        1 for u, _, key in g.in_edges(n, keys=True)
        if key == "spokenBy" and g.nodes[u].get("type") == STATEMENT_T
    )


def _speakers_in(g: nx.MultiDiGraph, article: str) -> dict[str, int]:
    """The persons and organisations who speak in an article, each with its statements there."""
    speakers: dict[str, int] = defaultdict(int)
    for statement, _, key in g.in_edges(article, keys=True):
        if key == "isPartOf" and g.nodes[statement].get("type") == STATEMENT_T:
            for kind in _PEOPLE:
                for n in _targets(g, statement, "spokenBy", kind):
                    speakers[n] += 1
    return speakers


def _spells(element: ET.Element, days: Iterable[str]) -> None:
    """One spell a day; GEXF intervals are inclusive, so start = end is that day."""
    days = sorted(days)
    if days:
        spells = ET.SubElement(element, "spells")
        for day in days:
            ET.SubElement(spells, "spell", start=day, end=day)


def _person_node(n: str, data: dict, statements: int, days: Iterable[str]) -> ET.Element:
    node = ET.Element("node", id=_clean(str(n)), label=_label(data.get("label", n)))
    _attvalues(node, {"type": _value(data["type"]), "statements": str(statements)})
    _spells(node, days)
    r, gr, b = COLOURS[data["type"]]
    ET.SubElement(node, "viz:color", r=str(r), g=str(gr), b=str(b))
    ET.SubElement(node, "viz:size", value=f"{4 + 2 * math.sqrt(statements):.2f}")
    return node


def _people_edge(
    i: int, u: str, v: str, relation: str, weight: int, days: set[str], titles: set[str],
) -> ET.Element:
    edge = ET.Element(
        "edge", id=str(i), source=_clean(str(u)), target=_clean(str(v)),
        label=_label(relation), weight=f"{weight:.1f}",
    )
    if relation == CO_QUOTED:
        edge.set("type", "undirected")
    _attvalues(edge, {"relation": relation, "title": _value(titles or None)})
    _spells(edge, days)
    return edge
