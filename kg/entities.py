"""Entities: the gazetteer's hits, completed by patterns and by the NER model.

Plain functions over an :class:`~kg.types.Analysis` (its normalised text):

- titles are extended over their modifiers (副 + 院长, 三级 + 调研员) and
  首席…科学家 titles found by pattern; a title inside 《…》 (《汽车驾驶员》)
  or at the start of an office's name (委员 in 委员会) is none;
- places inside the 《…》 title of a work (《在太行山上》) are none, while a
  law or treaty names real places (《中美联合声明》); the common noun 地区
  is not part of a place's name (亚太|地区);
- without the NER model, organisations named after a place and closed by a
  suffix (上海市 + 交通 + 委员会); with it, the model's organisations, places
  and titles where they cross no rule entity (:func:`with_model_entities`).

People are kg.mentions' business.
"""
from __future__ import annotations

import re
from functools import cache

from kg import wordlists
from kg.normalize import HAN, is_han, normalize, written_in_traditional
from kg.types import GPE, LOC, ORG, TITLE, Analysis, Span



@cache
def _chief() -> re.Pattern[str]:
    """首席…科学家, 首席宏观分析师: 首席 + a field of up to six characters + a
    profession. The field is free text, so no list can hold these titles."""
    professions = "|".join(map(re.escape, wordlists.alternatives("chief_professions")))
    return re.compile(f"首席[{HAN}]{{0,6}}?(?:{professions})")


@cache
def _title_marks() -> re.Pattern[str]:
    """《…》: the title of a work or document, as the normalised view writes it."""
    pairs = {(q.normal_open, q.normal_close) for q in wordlists.quote_marks() if q.kind == "title"}
    return re.compile("|".join(f"{re.escape(o)}[^{re.escape(o + c)}\n]{{1,40}}{re.escape(c)}"
                               for o, c in sorted(pairs)))


def longest_first(spans) -> list[Span]:
    """Spans without overlaps: the longest wins, then the earliest (as spaCy's filter_spans,
    which also marks the positions taken, so that the time grows with the spans' number)."""
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda x: (x.start - x.end, x.start)):
        if taken.isdisjoint(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    return sorted(kept)


def find_entities(a: Analysis) -> tuple[list[Span], list[Span]]:
    """The entities of an article (no overlaps) and its places (nested ones kept).

    Places are also among the entities where they win; the place list keeps
    a place inside an organisation's name (山西 in 山西焦煤), which is still a
    mention of that place.
    """
    text = a.norm
    titled_works = works(text)
    places = [_without_region_noun(text, p) for p in longest_first(
        p for p in a.places if not any(w.start < p.start and p.end < w.end for w in titled_works))]
    ents = places + _rule_titles_and_orgs(text, a.rule_ents)
    ents += [Span(m.start(), m.end(), TITLE) for m in _chief().finditer(text)]
    if a.model is None:  # rules only (--no-ner)
        ents += place_named_orgs(text, ents, places)
    else:  # no place inside a work's title (《保卫黄河》); a newspaper (《河南日报》) is an organisation
        found = [f for f in a.model if f.label == ORG or not any(f.within(w) for w in titled_works)]
        ents, places = with_model_entities(text, found, ents, places, {w.start for w in a.words})
    ents = name_organisations(a, longest_first(e for e in ents if e.start < e.end))
    return ents, [p for p in places if p.start < p.end]


def _rule_titles_and_orgs(text: str, rule_ents) -> list[Span]:
    """The gazetteer's organisations, and its titles extended over their modifiers (副, 常务副, 三级)."""
    books = [Span(m.start(), m.end()) for m in _title_marks().finditer(text)]
    out = []
    for e in rule_ents:
        if e.label == TITLE:
            if any(e.within(b) for b in books) or _starts_org_suffix(text, e.start, e.end):
                continue  # 《汽车驾驶员》 is a film; 委员 in 委员会 names an office
            head = text[max(0, e.start - 6):e.start]
            m = _modifier_re().search(head)
            if m:
                e = Span(e.start - (len(head) - m.start()), e.end, e.label, e.name)
        elif text.startswith(wordlists.alternatives("org_end_words"), e.end - 1):
            continue  # 公安部|门: 部门 is a word, 公安部门 the police of any town
        out.append(e)
    return out


@cache
def _modifier_re() -> re.Pattern[str]:
    mods = sorted(wordlists.words("title_modifiers"), key=len, reverse=True)
    return re.compile("(?:%s)+$" % "|".join(map(re.escape, mods)))


MAX_STEM = 10  # characters between a place and the suffix of an organisation named after it


@cache
def org_suffixes() -> tuple[str, ...]:
    # One-character suffixes such as 科, 台, 组 are common words (武汉未来科技城,
    # 世界舞台); only those that rarely end anything but an office are kept.
    one_char = wordlists.characters("one_char_org_suffixes")
    return tuple(sorted((s for s in wordlists.words("org_suffixes") if len(s) > 1 or s in one_char),
                        key=len, reverse=True))


@cache
def known_orgs() -> frozenset[str]:
    """The organisations of the word lists, by the name the graph uses."""
    return frozenset(wordlists.words("orgs"))


_PUBLICATION = re.compile(r"[^《》]{0,8}《([^《》]{2,20})》")


def canonical_org(name: str, mainland: bool = True) -> str:
    """The name news uses for an organisation (工信部 → 工业和信息化部).

    ``mainland`` says whether the text is written on the mainland (Simplified script, not
    the Traditional of Taiwan, Hong Kong and Macau). kg/data/org_aliases.tsv is written as
    mainland news names bodies, and some of its aliases are another government's names: 交通部
    is the mainland's old name for 交通运输部 and Taiwan's ministry of today. So an alias leads
    to a body of the mainland only in mainland text or where it names the mainland itself
    (中华人民共和国…, 中共…), and to a body of kg/data/org_regions.tsv in any text; a body
    listed there keeps its whole name (交通部观光署 is no 交通运输部 office); and the initial of
    their place before a body (台交通部) says it is theirs.

    >>> canonical_org("工信部规划司")
    '工业和信息化部规划司'
    >>> [canonical_org(n) for n in ("台行政院", "美国务院", "中国外交部", "中国银行")]
    ['行政院', '美国务院', '外交部', '中国银行']
    >>> canonical_org("英国《每日电讯报》")
    '每日电讯报'
    >>> [canonical_org("交通部"), canonical_org("交通部", mainland=False), canonical_org("台交通部")]
    ['交通运输部', '交通部', '交通部']
    >>> [canonical_org("交通部观光署"), canonical_org("陆委会", mainland=False)]
    ['交通部观光署', '陆委会']
    """
    aliases = wordlists.aliases()
    if name in aliases and _alias_applies(name, aliases[name], mainland):
        return aliases[name]
    if len(name) > 3 and name[0] in wordlists.characters("place_initials") and name[1:] in known_orgs():
        return canonical_org(name[1:], mainland=False)  # 台行政院, 港立法会: their body, named without the initial
    for country in ("中华人民共和国", "中国"):  # 中国外交部 is 外交部 (not 中国银行: 银行 names none)
        if name.startswith(country) and name[len(country):] in known_orgs():
            return canonical_org(name[len(country):])
    paper = _PUBLICATION.fullmatch(name)
    if paper:
        return paper.group(1)  # 英国《每日电讯报》, 台湾《联合报》: the paper's name
    if name in wordlists.org_regions():
        return name
    for n in range(len(name) - 1, 1, -1):  # 工信部规划司 → 工业和信息化部规划司
        full = aliases.get(name[:n])
        if full and _alias_applies(name[:n], full, mainland):
            # 清华 → 清华大学 must not turn 清华大学… into 清华大学大学…
            return name if name.startswith(full) else full + name[n:]
    return name


def _alias_applies(alias: str, canonical: str, mainland: bool) -> bool:
    """Whether ``alias`` → ``canonical`` holds in the text (see :func:`canonical_org`)."""
    return mainland or canonical in wordlists.org_regions() or alias.startswith(
        wordlists.alternatives("mainland_names"))


def name_organisations(a: Analysis, ents: list[Span]) -> list[Span]:
    """The organisations of a text not written on the mainland, each named by
    :func:`canonical_org` for its region, so that no later step reads a mainland alias into
    them (the gazetteer names a pattern of an alias by its mainland body); in mainland
    text they are named later, as they are (kg.mentions)."""
    if not written_in_traditional(a.text):
        return ents
    return [e if e.label != ORG else Span(e.start, e.end, ORG, canonical_org(a.norm[e.start:e.end], mainland=False))
            for e in ents]


def _starts_org_suffix(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is the start of a longer organisation suffix there (委员|会)."""
    return any(len(x) > e - s and text.startswith(x, s)
               for x in wordlists.by_first_character(org_suffixes()).get(text[s:s + 1], ()))


def place_named_org(text: str, place_end: int) -> int | None:
    """End of an organisation that starts with a place ending at ``place_end``.

    The nearest organisation suffix after a stem of at least one character
    closes the name, taking the longest suffix there: 上海市|交通|委员会,
    广东省|卫健|委, 西城区|住房和城市建设|委员会.

    >>> t = "上海市交通委员会6日发布"
    >>> t[:place_named_org(t, 3)]
    '上海市交通委员会'
    """
    # 上海市将…, 北京的…, 杭州从… are a place followed by a clause, not a name;
    # 中部, 西部, 全部 are directions and quantities, not departments.
    stops, directions = wordlists.characters("stem_stops"), wordlists.characters("directions")
    limit = min(len(text), place_end + MAX_STEM + 1)
    for p in range(place_end + 1, limit):
        ch = text[p - 1]
        if not is_han(ch) or ch in stops:
            return None
        for suffix in wordlists.by_first_character(org_suffixes()).get(text[p:p + 1], ()):
            if text.startswith(suffix, p) and not (suffix == "部" and ch in directions):
                return p + len(suffix)
    return None


def place_named_orgs(text: str, ents: list[Span], places: list[Span]) -> list[Span]:
    """Organisations named after a place (上海市交通委员会), for the rules-only pipeline.

    With the statistical model, the model finds these: on MSRA test the suffix
    rule added more wrong organisations (莫斯科签署, 中国和世界留下一部) than
    right ones.
    """
    known_orgs = [e for e in ents if e.label == ORG]
    found = []
    for p in places:
        # 中国 in 中国电信 starts a name the gazetteer already knows.
        if p.label == GPE and not any(o.start <= p.start < o.end for o in known_orgs):
            end = place_named_org(text, p.end)
            if end:
                found.append(Span(p.start, end, ORG))
    return found


def _without_region_noun(text: str, place: Span) -> Span:
    """A place without the common noun 地区 after its name (亚太|地区, 西北|地区).

    The word lists hold 西北地区 so as not to take every 西北 for a place, but
    the name is 西北: news NER corpora never include 地区 (MSRA train: 0 of
    424 places before it).
    """
    for noun in wordlists.alternatives("region_nouns"):
        if place.end - place.start > len(noun) and text.endswith(noun, place.start, place.end):
            return Span(place.start, place.end - len(noun), place.label, place.name)
    return place


@cache
def _document_endings() -> tuple[str, ...]:
    return tuple(wordlists.words("rule_document_titles"))


def titles_of_works(text: str) -> list[Span]:
    """Every 《…》 title, of works and documents alike: no one speaks inside one (《铿锵说》).

    >>> titles_of_works("去《铿锵说》节目")
    [Span(start=1, end=6, label='', name='')]
    """
    return [Span(m.start(), m.end()) for m in _title_marks().finditer(text)]


def works(text: str) -> list[Span]:
    """The 《…》 titles of works (songs, books, films), where a place is none.

    Titles of laws, treaties and documents (kg/data/rule_document_titles.txt)
    are not works: the places in them are real (《中美联合声明》).

    >>> works("《保卫黄河》和《中美联合声明》")
    [Span(start=0, end=6, label='', name='')]
    """
    return [Span(m.start(), m.end()) for m in _title_marks().finditer(text)
            if not m.group()[1:-1].endswith(_document_endings())]


_FROM_MODEL = {"ORG": ORG, "LOC": LOC, "TITLE": TITLE}


@cache
def _title_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in wordlists.words("titles"))


def _ends_with_title(name: str) -> bool:
    """投资理财顾问 ends with 顾问, a title of the word lists; 规划财务 ends with none."""
    return any(name[k:] in _title_words() for k in range(len(name)))


def _has_unit(words: str) -> bool:
    """Whether the words before a title end as a department or office does (详规处|处长, 强基办|主任)."""
    return words.endswith((*wordlists.characters("unit_ends"), *org_suffixes()))


def _model_span_ok(text: str, span: Span, label: str, word_starts: set[int] | None) -> bool:
    """A model span may hold no quote mark or unclosed bracket (中国人民银行（以下简称“人民银行);
    a title must end with a title of the word lists and start a word."""
    surface = text[span.start:span.end]
    if any(q in surface for q in "“”‘’") or surface.count("（") != surface.count("）"):
        return False
    return label != TITLE or _ends_with_title(surface) and not (word_starts and span.start not in word_starts)


def _inside_title_marks(text: str, span: Span) -> Span:
    """A model span that opens 《 and ends before its 》 is the name inside the marks:
    美国《纽约时报》 → 纽约时报."""
    surface = text[span.start:span.end]
    if "《" in surface and "》" not in surface and text.startswith("》", span.end):
        return Span(span.start + surface.rindex("《") + 1, span.end, span.label, span.name)
    return span


def _crosses(text: str, span: Span, label: str, taken: list[Span]) -> bool:
    """Whether a model span crosses a rule entity it may not hold."""
    for t in taken:
        inside = t.within(span) and (t.start, t.end) != (span.start, span.end)
        if label == TITLE:  # 人事经理 holds 经理; 规划发展部副主任 is a department and a title
            holds = inside and t.label == TITLE and not _has_unit(text[span.start:t.start])
        else:
            holds = inside and t.label != TITLE
        if t.overlaps(span) and not holds:
            return True
    return False


def with_model_entities(text: str, found, ents: list[Span], places: list[Span],
                        word_starts: set[int] | None = None) -> tuple[list[Span], list[Span]]:
    """Add the statistical model's organisations, places and titles (kg.ner).

    The rules come first: a model span is added only where it crosses no rule
    entity. An organisation or place may hold rule organisations and places
    but not a title (欧阳教授 is a person); the longer span then wins
    (国务院 in 国务院台湾事务办公室), and a place replaces the places inside
    it (北海 in 北海道). A title may hold a rule title (人事经理 holds 经理)
    but not a department before it (规划发展部副主任, 详规处处长), and must end
    with a title of the word lists: taken as a title, 规划财务 would cut
    省医疗保障局规划财务和法规处三级调研员 in two, and must start a word where
    ``word_starts`` (the segmenter's word starts) are given: 盘置业顾问 in
    楼盘置业顾问 is none. No span may hold a quote mark or an unclosed
    bracket (中国人民银行（以下简称“人民银行).
    """
    taken = [*ents, *places]
    ents, places = list(ents), list(places)
    for f in found:
        label = _FROM_MODEL.get(f.label)
        f = _inside_title_marks(text, f)
        if label is None or not _model_span_ok(text, f, label, word_starts) or _crosses(text, f, label, taken):
            continue
        span = Span(f.start, f.end, label)
        if label == LOC:  # 北海 in 北海道, 洛杉矶 in 洛杉矶市: one place, the longer
            places = [p for p in places if not p.within(span)]
            ents = [x for x in ents if not x.within(span)]
            places.append(span)
        ents.append(span)
    return ents, places
