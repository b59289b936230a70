"""Entity rules: gazetteer phrases and title patterns as spaCy components.

Two steps, both over the normalised text (see kg.normalize):

1. spaCy's own ``entity_ruler`` matches the word lists of ``kg/data``
   (organisations, places, titles); an alias pattern carries the canonical
   organisation name as its ``id`` (工信部 → 工业和信息化部).
2. ``kg_entity_rules`` adds what a list cannot hold: titles with modifiers
   (副 + 院长, 三级 + 调研员, 首席 + … + 科学家), organisations named after a
   place and closed by a suffix (上海市 + 交通 + 委员会; only without the
   statistical model, which finds those itself), and drops places inside
   the 《…》 titles of songs, books and films (《在太行山上》; a law or treaty
   names real places: 《中美联合声明》), titles inside any 《…》
   (《汽车驾驶员》), and titles that begin an office's name (委员 in 委员会).
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg import wordlists
from kg.ner import NER_KEY
from kg.normalize import normalize
from kg.segmenter import split_tokens_at
from kg.types import GPE, LOC, ORG, TITLE

# 首席…科学家, 首席宏观分析师: 首席 + a field of up to six characters + a
# profession. The field is free text, so no list can hold these titles.
_CHIEF = re.compile(r"首席[\u4e00-\u9fff]{0,6}?(?:家|师|官|研究员|顾问|代表)")
_BOOK_TITLE = re.compile(r"《[^《》\n]{1,40}》")
PLACES_KEY = "kg_places"  # doc.spans key: every place, nested ones included


def ruler_patterns(labels: tuple[str, ...] = (TITLE, ORG)) -> list[dict]:
    """Phrase patterns for spaCy's rulers, from the word lists."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, text: str, ent_id: str | None = None) -> None:
        if len(text) < 2 or (label, text) in seen or label not in labels:
            return
        seen.add((label, text))
        pattern = {"label": label, "pattern": text}
        if ent_id:
            pattern["id"] = ent_id
        patterns.append(pattern)

    for name in wordlists.words("titles"):
        add(TITLE, name)
    for name in wordlists.words("places_gpe"):
        add(GPE, name)
    for name in wordlists.words("places_loc"):
        add(LOC, name)
    for name in wordlists.words("orgs"):
        add(ORG, name)
    for alias, canonical in sorted(wordlists.aliases().items()):
        add(ORG, alias, canonical)
    return patterns


def add_entity_rules(nlp: Language) -> None:
    """Add the gazetteer rulers and the pattern component to ``nlp``.

    Places go to a span ruler of their own, which keeps overlapping matches:
    a place inside an organisation's name (山西 in 山西焦煤, 广东省 in
    广东省卫健委) is still a mention of that place.
    """
    ruler = nlp.add_pipe("entity_ruler", name="kg_gazetteer", config={"overwrite_ents": True})
    places = nlp.add_pipe("span_ruler", name="kg_places", config={"spans_key": PLACES_KEY})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns((TITLE, ORG)))
        places.add_patterns(ruler_patterns((GPE, LOC)))
    nlp.add_pipe("kg_entity_rules", after="kg_places")


@cache
def _modifier_re() -> re.Pattern[str]:
    mods = sorted(wordlists.words("title_modifiers"), key=len, reverse=True)
    return re.compile("(?:%s)+$" % "|".join(map(re.escape, mods)))


# An entity as characters: (start, end, label, kb_id). The rules work on
# characters; spans are made from these only once all are known.
CharEnt = tuple[int, int, str, str]


def char_ents(spans) -> list[CharEnt]:
    return [(s.start_char, s.end_char, s.label_, s.kb_id_ or s.ent_id_) for s in spans]


def set_entities(doc: Doc, ents: list[CharEnt], places: list[CharEnt]) -> None:
    """Make ``ents`` the Doc's entities (longest wins where two overlap).

    A word segmenter may have put a token boundary inside an entity
    (魏亮说 as one token). Rather than widen or narrow the entity to the
    tokens, the tokens are split at every entity edge first, so that no
    entity is lost or changed by segmentation. ``places`` likewise become the
    ``kg_places`` span group.
    """
    split_tokens_at(doc, {o for s, e, *_ in [*ents, *places] for o in (s, e)})

    def spans(items: list[CharEnt]) -> list[Span]:
        made = (doc.char_span(s, e, label=label, kb_id=kb_id) for s, e, label, kb_id in items if s < e)
        return [span for span in made if span is not None]

    doc.spans[PLACES_KEY] = spans(places)
    # An entity's name is its kb_id. spaCy keeps a token's ent_id from an
    # earlier entity over it, so a longer entity would inherit the canonical
    # name of an alias inside it (全国人大香港特别行政区筹备委员会 named 全国人民代表大会).
    for token in doc:
        token.ent_id = 0
    doc.ents = filter_spans(spans(ents))


# Characters that end the stem of a place-named organisation: 上海市将…,
# 北京的…, 杭州从… are a place followed by a clause, not a name.
_STEM_STOP = set("的在将从对向是了与等也并把被为于")
MAX_STEM = 10
_DIRECTIONS = set("东南西北中内外全局干")


@cache
def org_suffixes() -> tuple[str, ...]:
    # One-character suffixes such as 科, 台, 组 are common words (武汉未来科技城,
    # 世界舞台); only those that rarely end anything but an office are kept.
    return tuple(sorted((s for s in wordlists.words("org_suffixes") if len(s) > 1 or s in "部局委厅署院所"),
                        key=len, reverse=True))


def _starts_org_suffix(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is the start of a longer organisation suffix there (委员|会)."""
    return any(len(x) > e - s and text.startswith(x, s) for x in org_suffixes())


def place_named_org(text: str, place_end: int) -> int | None:
    """End of an organisation that starts with a place ending at ``place_end``.

    The nearest organisation suffix after a stem of at least one character
    closes the name, taking the longest suffix there: 上海市|交通|委员会,
    广东省|卫健|委, 西城区|住房和城市建设|委员会.

    >>> t = "上海市交通委员会6日发布"
    >>> t[:place_named_org(t, 3)]
    '上海市交通委员会'
    """
    limit = min(len(text), place_end + MAX_STEM + 1)
    for p in range(place_end + 1, limit):
        ch = text[p - 1]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _STEM_STOP:
            return None
        for suffix in org_suffixes():
            # 中部, 西部, 全部 are directions and quantities, not departments.
            if text.startswith(suffix, p) and not (suffix == "部" and ch in _DIRECTIONS):
                return p + len(suffix)
    return None


def place_named_orgs(text: str, ents: list[CharEnt], places: list[CharEnt]) -> list[CharEnt]:
    """Organisations named after a place (上海市交通委员会), for the rules-only pipeline.

    With the statistical model, the model finds these: on MSRA test the suffix
    rule added more wrong organisations (莫斯科签署, 中国和世界留下一部) than
    right ones.
    """
    known_orgs = [(s, e) for s, e, label, _ in ents if label == ORG]
    found = []
    for s, e, label, _ in places:
        # 中国 in 中国电信 starts a name the gazetteer already knows.
        if label == GPE and not any(os_ <= s < oe for os_, oe in known_orgs):
            end = place_named_org(text, e)
            if end:
                found.append((s, end, ORG, ""))
    return found


_REGION = "地区"


def _without_region_noun(text: str, place: CharEnt) -> CharEnt:
    """A place without the common noun 地区 after its name (亚太|地区, 西北|地区).

    The word lists hold 西北地区 so as not to take every 西北 for a place, but
    the name is 西北: news NER corpora never include 地区 (MSRA train: 0 of
    424 places before it).
    """
    s, e, label, kb_id = place
    if e - s > len(_REGION) and text.endswith(_REGION, s, e):
        return s, e - len(_REGION), label, kb_id
    return place


@cache
def _document_endings() -> tuple[str, ...]:
    return tuple(wordlists.words("rule_document_titles"))


def works(text: str) -> list[tuple[int, int]]:
    """The 《…》 titles of works (songs, books, films), where a place is none.

    Titles of laws, treaties and documents (kg/data/rule_document_titles.txt)
    are not works: the places in them are real (《中美联合声明》).

    >>> works("《保卫黄河》和《中美联合声明》")
    [(0, 6)]
    """
    return [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)
            if not m.group()[1:-1].endswith(_document_endings())]


@Language.component("kg_entity_rules")
def entity_rules(doc: Doc) -> Doc:
    """Titles with modifiers and 首席… titles; no places inside the title of a work."""
    text = doc.text
    books = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
    titled_works = works(text)
    # 河北 inside 河北省 is the same mention; keep the longer.
    places = [_without_region_noun(text, p) for p in char_ents(filter_spans(
        [p for p in doc.spans[PLACES_KEY] if not any(s < p.start_char and p.end_char < e for s, e in titled_works)]))]
    ents: list[CharEnt] = list(places)
    for s, e, label, kb_id in char_ents(doc.ents):
        if label == TITLE and (any(bs <= s and e <= be for bs, be in books) or _starts_org_suffix(text, s, e)):
            continue  # 《汽车驾驶员》 is a film; 委员 in 委员会 names an office
        if label == TITLE:
            # Extend the title over the modifiers before it (副, 常务副, 三级).
            head = text[max(0, s - 6):s]
            m = _modifier_re().search(head)
            if m:
                s -= len(head) - m.start()
        ents.append((s, e, label, kb_id))
    ents += [(m.start(), m.end(), TITLE, "") for m in _CHIEF.finditer(text)]
    model = doc._.get(NER_KEY)
    if model is None:  # rules only (--no-ner)
        ents += place_named_orgs(text, ents, places)
    else:  # no place inside a work's title (《保卫黄河》); a newspaper (《河南日报》) is an organisation
        found = [f for f in model if f[2] == "ORG" or not any(s <= f[0] and f[1] <= e for s, e in titled_works)]
        ents, places = with_model_entities(text, found, ents, places, {t.idx for t in doc})
    set_entities(doc, ents, places)
    return doc


_FROM_MODEL = {"ORG": ORG, "LOC": LOC, "TITLE": TITLE}


@cache
def _title_words() -> frozenset[str]:
    return frozenset(normalize(w) for w in wordlists.words("titles"))


def _ends_with_title(name: str) -> bool:
    """投资理财顾问 ends with 顾问, a title of the word lists; 规划财务 ends with none."""
    return any(name[k:] in _title_words() for k in range(len(name)))


# Characters that end the name of a department or office: in the words
# before a title they make a department of them (详规处|处长, 强基办|主任).
_UNIT_ENDS = "处办科室组队股部局委厅署院所"


def _has_unit(words: str) -> bool:
    return words.endswith((*_UNIT_ENDS, *org_suffixes()))


def with_model_entities(text: str, found, ents: list[CharEnt], places: list[CharEnt],
                        word_starts: set[int] | None = None) -> tuple[list[CharEnt], list[CharEnt]]:
    """Add the statistical model's organisations, places and titles (kg.ner).

    The rules come first: a model span is added only where it crosses no rule
    entity. An organisation or place may hold rule organisations and places
    but not a title (欧阳教授 is a person); the longer span then wins in
    set_entities (国务院 in 国务院台湾事务办公室), and a place replaces the
    places inside it (北海 in 北海道). A title may hold a rule title (人事经理
    holds 经理) but not a department before it (规划发展部副主任, 详规处处长), and must end
    with a title of the word lists: taken as a title, 规划财务 would cut
    省医疗保障局规划财务和法规处三级调研员 in two, and must start a word where
    ``word_starts`` (the segmenter's token starts) are given: 盘置业顾问 in
    楼盘置业顾问 is none. No span may hold a quote mark or an unclosed
    bracket (中国人民银行（以下简称“人民银行).
    Names are kg.mentions' business.
    """
    taken = [(s, e, label) for s, e, label, _ in [*ents, *places]]
    ents, places = list(ents), list(places)
    for s, e, label in found:
        label = _FROM_MODEL.get(label)
        span = text[s:e]
        if label is None or label == TITLE and (not _ends_with_title(span) or word_starts and s not in word_starts) \
                or any(q in span for q in "“”‘’") or span.count("（") != span.count("）"):
            continue  # 中国人民银行（以下简称“人民银行 is no name
        for ts, te, tl in taken:
            inside = s <= ts and te <= e and (ts, te) != (s, e)
            if label == TITLE:  # 人事经理 holds 经理; 规划发展部副主任 is a department and a title
                holds = inside and tl == TITLE and not _has_unit(text[s:ts])
            else:
                holds = inside and tl != TITLE
            if ts < e and s < te and not holds:
                break
        else:
            if label == LOC:  # 北海 in 北海道, 洛杉矶 in 洛杉矶市: one place, the longer
                places = [p for p in places if not (s <= p[0] and p[1] <= e)]
                ents = [x for x in ents if not (s <= x[0] and x[1] <= e)]
                places.append((s, e, label, ""))
            ents.append((s, e, label, ""))
    return ents, places
