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
"""
from __future__ import annotations

import io
import math
import os
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
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

    root = ET.Element("gexf", {"xmlns": NS_GEXF, "xmlns:viz": NS_VIZ, "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "kgbuild"
    graph = ET.SubElement(root, "graph", defaultedgetype="directed", idtype="string")
    _declare(graph, "node", NODE_ATTRIBUTES)
    _declare(graph, "edge", EDGE_ATTRIBUTES)
    nodes = ET.SubElement(graph, "nodes", count=str(g.number_of_nodes()))
    if g.number_of_nodes():
        ET.SubElement(nodes, _HOLE)
    xml_edges = ET.SubElement(graph, "edges", count=str(len(edges)))
    if edges:
        ET.SubElement(xml_edges, _HOLE)
    ET.indent(root)
    frame = (ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n").split(f"<{_HOLE} />".encode())

    out.write(frame[0])
    if len(frame) == 1:  # no nodes
        return
    _write_elements(out, (_node(n, g.nodes[n], degree[n]) for n in sorted(g.nodes)))
    if g.number_of_nodes() and edges:
        out.write(frame[1])
    _write_elements(out, (_edge(i, *e) for i, e in enumerate(edges)))
    out.write(frame[-1])


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
