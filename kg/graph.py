"""Build the who-said-what graph: a networkx MultiDiGraph from extractions.

The graph is the model every export reads. Node ids are opaque and stable:
``{kind}/{sha1(kind, key)[:16]}``, so the same person, organisation or place
across articles is one node, and the ids can be used in IRIs as they are.

Nodes (attribute ``type``; every node has ``label``):

- ``Person``, ``Organization``, ``Place``: ``name``, ``aliases`` (sorted tuple
  of other surface forms seen), ``place_kind`` (GPE or LOC, places only)
- ``Role``: ``label`` is the title (副院长), ``aliases`` how articles write it otherwise (副院長)
- ``Post``: a title at an organisation held by one person; ``title``, ``org``
  (name or None)
- ``Article``: ``identifier``, ``headline``, ``date``, ``dateline``,
  ``source``, ``url``, ``origin``, ``text``
- ``Statement``: ``text``, ``cue``, ``cue_class`` (speech/opinion), ``kind`` (direct/indirect), ``start``,
  ``end``, ``speaker_start``, ``speaker_end`` (offsets into the article text)

Edges (the key is the relation; attributes in brackets):

- Person -holds-> Post; Post -postIn-> Organization; Post -role-> Role
- Statement -spokenBy-> Person or Organization
- Statement -heldPost-> Post (the post the speaker held when speaking)
- Statement -isPartOf-> Article
- Article -author-> Person (reporters from the byline)
- Article -mentions-> entity [start, end, anchor]: one edge per mention
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import networkx as nx

from kg.types import GPE, LOC, ORG, PERSON, TITLE, Extraction

PERSON_T, ORG_T, PLACE_T = "Person", "Organization", "Place"
ROLE_T, POST_T, ARTICLE_T, STATEMENT_T = "Role", "Post", "Article", "Statement"

_TYPE_OF_LABEL = {PERSON: PERSON_T, ORG: ORG_T, GPE: PLACE_T, LOC: PLACE_T}


def node_id(kind: str, *key: object) -> str:
    """An opaque, stable node id: the same kind and key give the same id.

    >>> node_id("Person", "魏亮") == node_id("Person", "魏亮")
    True
    >>> node_id("Person", "魏亮").startswith("person/")
    True
    """
    raw = "\x1f".join([kind, *("" if k is None else str(k) for k in key)])
    return f"{kind.lower()}/{hashlib.sha1(raw.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def _entity(g: nx.MultiDiGraph, label: str, name: str, surface: str | None = None) -> str:
    kind = _TYPE_OF_LABEL[label]
    nid = node_id(kind, name)
    if nid not in g:
        g.add_node(nid, type=kind, label=name, name=name, aliases=())
    if kind == PLACE_T and g.nodes[nid].get("place_kind") != GPE:
        # GPE wins over LOC whatever order the articles come in.
        g.nodes[nid]["place_kind"] = label
    if surface and surface != name and surface not in g.nodes[nid]["aliases"]:
        g.nodes[nid]["aliases"] = tuple(sorted({*g.nodes[nid]["aliases"], surface}))
    return nid


def _post(g: nx.MultiDiGraph, person: str, title: str, org: str | None) -> str:
    pid = _entity(g, PERSON, person)
    post = node_id(POST_T, person, title, org)
    if post not in g:
        label = f"{org}{title}" if org else title
        g.add_node(post, type=POST_T, label=label, title=title, org=org)
        g.add_edge(pid, post, key="holds")
        role = node_id(ROLE_T, title)
        if role not in g:
            g.add_node(role, type=ROLE_T, label=title)
        g.add_edge(post, role, key="role")
        if org:
            g.add_edge(post, _entity(g, ORG, org), key="postIn")
    return post


def _role_written(g: nx.MultiDiGraph, title: str, surface: str) -> None:
    """A title written otherwise in an article (副院長 for 副院长) is another label of its role."""
    role = node_id(ROLE_T, title)
    if surface != title and role in g and surface not in g.nodes[role].get("aliases", ()):
        g.nodes[role]["aliases"] = tuple(sorted({*g.nodes[role].get("aliases", ()), surface}))


def build_graph(extractions: Iterable[Extraction]) -> nx.MultiDiGraph:
    """Merge the extractions of many articles into one graph."""
    g = nx.MultiDiGraph()
    for ex in extractions:
        a = ex.article
        aid = node_id(ARTICLE_T, a.id)
        g.add_node(
            aid, type=ARTICLE_T, label=a.title or a.id, identifier=a.id,
            headline=a.title, date=a.date, dateline=a.dateline, source=a.source,
            url=a.url, origin=a.origin, text=a.text,
        )
        for reporter in a.reporters:
            g.add_edge(aid, _entity(g, PERSON, reporter), key="author")
        for m in ex.mentions:
            if m.label == TITLE:
                continue
            surface = a.text[m.start:m.end]
            ent = _entity(g, m.label, m.name, surface)
            g.add_edge(aid, ent, key=f"mentions@{m.start}", start=m.start, end=m.end, anchor=surface)
        for p in ex.posts:
            _post(g, p.person, p.title, p.org)
        for m in ex.mentions:
            if m.label == TITLE:
                _role_written(g, m.name, a.text[m.start:m.end])
        for s in ex.statements:
            sp = s.speaker
            sid = node_id(STATEMENT_T, a.id, s.start, s.end, sp.name if sp else None)
            g.add_node(
                sid, type=STATEMENT_T, label=s.text[:30], text=s.text, cue=s.cue, cue_class=s.cue_class,
                kind=s.kind, start=s.start, end=s.end,
                speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None,
            )
            g.add_edge(sid, aid, key="isPartOf")
            if sp is None:
                continue
            g.add_edge(sid, _entity(g, sp.label, sp.name), key="spokenBy")
            if sp.title and sp.label == PERSON:
                g.add_edge(sid, _post(g, sp.name, sp.title, sp.org), key="heldPost")
    return g


def nodes_of_type(g: nx.MultiDiGraph, kind: str) -> list[str]:
    """Node ids of one type, sorted so that exports are deterministic."""
    return sorted(n for n, t in g.nodes(data="type") if t == kind)
