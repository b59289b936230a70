"""Who speaks: the speaker candidates of a text and the subject of a cue verb.

A text's candidates are its people (kg.mentions), its organisations, the
pronouns 他/她 (the person named last, of the pronoun's gender where the text
says it: 王女士, 李先生) and words that refer back to an organisation
(该公司, 当局). The speaker of a cue verb is, in order:

1. X of 据X介绍 (据 marks the source);
2. the subject of the cue's clause: a candidate at its start, after words
   that open a clause (此外, 今天, 同时 …) but not after a preposition
   (王明对李华说: 王明), with those coordinated with it (甲、乙表示: both);
3. the subject of an earlier clause of the same sentence, when the cue's
   clause goes on with it (王明致信大会，希望…; …，并强调…).

The clauses and sentences are read outside quotes, so a quote never cuts a
sentence in two.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

from kg import wordlists
from kg.cues import cue_at, organisations_say
from kg.layout import DATELINE
from kg.mentions import canonical_org, initials_of
from kg.normalize import is_han
from kg.types import ORG, PERSON, PersonMention, Span

SENTENCE_END = "。！？!?\n"
CLAUSE_END = "，,；;：:" + SENTENCE_END  # not 、: it joins nouns (对毛泽东、周恩来说)
# 【本報訊】, 〔記者…報導〕 close a clause, as do the bars that web pages put between the
# parts of a title (美团|小米回应…); （合肥） inside a company's name does not.
BRACKETS = "【】[]〔〕|｜"
SHORT_NAME = re.compile(r"（(?:以下)?简称[^（）]{1,20}）")  # 某公司（以下简称“某某”）在…中称
_DATE = re.compile(r"\d{1,4}[年月日]|[一二三四五六七八九十〇]{1,4}[年月日]")
# A dateline that runs into the lead with no punctuation: 据新华社马尼拉1月11日电（记者陈鹤高）菲律宾总统…
# …电 and …讯 (本报北京1月5日讯), （中央社记者…新竹15日电）, and a byline after it:
# 本报张北1月21日电记者陈国琦报道：, 新华社记者甲、本报记者乙报道：; a bracketed byline or
# photo credit (〔记者某某／台北报导〕, （记者某某摄）) too
_DATELINE = re.compile(r"(?:" + DATELINE + r"|(?:本报|新华社|中新社)[^，。\n]{0,10}?\d{1,2}月\d{1,2}日[讯电])"
                       r"\s*(?:（[^（）\n]{0,30}）)?(?:\s*(?:新华社|本报)?记者[^，。：\n]{2,24}?报道[：:]?)?"
                       r"|（[^（）\n]{0,30}?[电讯]）"
                       r"|[〔【（]\s*记者[^〔〕【】（）\n]{1,24}?(?:报[导道]|摄)[〕】）]")  # 〔记者某某／台北报导〕
# A byline on a line of its own or in brackets: 本报记者董伟, 记者 王明 李华, （记者甲、乙）
_BYLINE_LINE = re.compile(r"(?m)^[ 　□■]*(?:本报|新华社|中新社)?(?:特约|实习|见习|驻\w{1,6})?(?:记者|通讯员|实习生)"
                          r"[^\n，。：:“”]{2,30}$"
                          r"|[（(〔【][ 　]*(?:本报|新华社|中新社)?(?:特约|实习)?(?:记者|通讯员)[^（）()〔〕【】\n，。]{2,30}[）)〕】]")


@cache
def _words() -> dict:
    return {name: wordlists.alternatives(name) for name in (
        "pronouns", "not_pronouns", "subject_openers", "continuation_markers", "listener_prepositions", "prepositions",
        "not_listener_prepositions", "counterparts", "office_holders",
        "female_markers", "male_markers", "org_anaphora", "view_cues", "adverbial_endings", "spokespeople",
        "document_nouns", "document_openers", "issuing_words", "head_titles", "standing_sides",
        "demonstratives", "generic_heads", "person_endings", "person_nouns", "meeting_endings",
        "object_markers", "side_nouns", "female_nouns", "male_nouns", "member_nouns", "member_parts",
        "group_pronouns", "passive_markers", "honorifics", "surname_followers", "not_org_anaphora",
        "government_anaphora", "unit_openers", "adverbs_with_de")}


@dataclass(frozen=True)
class Discourse:
    """A normalised text with its speaker candidates, clauses and sentences."""

    text: str
    people: tuple[PersonMention, ...]  # sorted by start
    orgs: tuple[Span, ...]  # organisations, named
    places: tuple[Span, ...]  # places, named
    inside: bytes  # 1 inside a top-level quote (marks included)
    clause_starts: tuple[int, ...]  # sorted; 0 and every position after a clause or sentence end
    sentence_starts: tuple[int, ...]
    women: frozenset[str]
    men: frozenset[str]
    bylined: frozenset[str] = frozenset()  # the reporters of the bylines: they write, no one speaks as them
    # the references being resolved (他 at i, 他们 at i): one met again inside its own resolution
    # (王明和他…, where the subject searched for holds the pronoun) refers to no one there
    resolving: set = field(default_factory=set, compare=False, repr=False)
    resolved: dict = field(default_factory=dict, compare=False, repr=False)  # what each reference was resolved to

    @cached_property
    def people_starts(self) -> tuple[int, ...]:
        return tuple(p.start for p in self.people)

    @cached_property
    def _by_start(self) -> dict[int, tuple[list[Span], list[Span]]]:
        out: dict[int, tuple[list[Span], list[Span]]] = {}
        for o in self.orgs:
            out.setdefault(o.start, ([], []))[0].append(o)
        for p in self.places:
            out.setdefault(p.start, ([], []))[1].append(p)
        return out

    @cached_property
    def cue_starts(self) -> tuple[int, ...]:
        """Where a cue verb starts, outside quotes, in text order."""
        return tuple(k for k in range(len(self.text)) if not self.inside[k] and cue_at(self.text, k))

    @cached_property
    def org_initials(self) -> frozenset[str]:
        return frozenset(o.name[:1] for o in self.orgs)

    def starting_at(self, i: int) -> tuple[list[Span], list[Span]]:
        """The organisations and the places that start at ``i``, in text order."""
        return self._by_start.get(i, ([], []))


def discourse(text: str, people: Sequence[PersonMention], orgs: Sequence[Span], inside: bytes,
              places: Sequence[Span] = ()) -> Discourse:
    clause_starts, sentence_starts = [0], [0]
    datelines = [m.end() for m in _DATELINE.finditer(text)]  # 新华社北京9月4日电|王明说: a new sentence
    clause_starts += datelines
    sentence_starts += datelines
    aside = bytearray(len(text) + 1)  # 中国人民银行（以下简称“人民银行”）称: no clause ends in the aside
    for m in SHORT_NAME.finditer(text):
        aside[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    last_end = 0
    for i, ch in enumerate(text):
        if inside[i] and ch not in "”" or aside[i]:
            continue
        # a quoted statement closes a clause; a quoted name or term (接受CBS“60分钟”表示) does not
        if ch in CLAUSE_END or ch in BRACKETS or ch == "”" and inside[i] or ch == " " and i and text[i - 1] == " ":
            clause_starts.append(i + 1)
        if ch in SENTENCE_END and not inside[i] and text[last_end:i].strip(" 　\n"):
            sentence_starts.append(i + 1)  # blank lines are no sentences: a pronoun's reach counts none
            last_end = i + 1
    women, men = _genders(text, people)
    bylines = [m.span() for m in _DATELINE.finditer(text)] + [m.span() for m in _BYLINE_LINE.finditer(text)]
    bylined = frozenset(p.name for p in people if p.label == PERSON and any(s <= p.start < e for s, e in bylines))
    return Discourse(text, tuple(sorted(people, key=lambda p: (p.start, p.end))), tuple(orgs), tuple(places), inside,
                     tuple(sorted(set(clause_starts))), tuple(sorted(set(sentence_starts))), women, men, bylined)


def _genders(text: str, people: Sequence[PersonMention]) -> tuple[frozenset[str], frozenset[str]]:
    """Who the text says is a woman (王女士, 李华（女）) or a man (李先生)."""
    w = _words()
    def said(p: PersonMention, markers: tuple[str, ...], described: tuple[str, ...]) -> bool:
        return text.startswith(markers, p.end) or text.startswith("的", p.end) and text.startswith(described, p.end + 1)

    # 聂煜女士; 叫聂煜的女青年 (not 王明的妈妈: someone else)
    women = {p.name for p in people if said(p, w["female_markers"], w["female_nouns"])
             or text.startswith("（女）", p.end) or (p.title or "").startswith("女")}
    men = {p.name for p in people if said(p, w["male_markers"], w["male_nouns"])} - women
    return frozenset(women), frozenset(men)


def clause_start(d: Discourse, i: int) -> int:
    return d.clause_starts[bisect.bisect_right(d.clause_starts, i) - 1]


def sentence_start(d: Discourse, i: int) -> int:
    return d.sentence_starts[bisect.bisect_right(d.sentence_starts, i) - 1]


def skip_openers(d: Discourse, i: int, limit: int) -> int:
    """Past the words that may open a clause before its subject (此外, 今天, 9月4日)."""
    w = wordlists.by_first_character(_words()["subject_openers"])
    moved = True
    while moved and i < limit:
        moved = False
        while i < limit and d.text[i] in " 　":
            i += 1
        m = _DATE.match(d.text, i)
        if m and m.end() <= limit:
            i, moved = m.end(), True
            continue
        for word in w.get(d.text[i], ()) if i < limit else ():
            if d.text.startswith(word, i) and i + len(word) <= limit:
                i, moved = i + len(word), True
                break
    return i


def candidates_at(d: Discourse, i: int) -> list[PersonMention]:
    """The candidates whose mention begins at ``i``: a person (chain or name), a pronoun,
    an organisation or a word referring back to one; with those coordinated with it."""
    if d.text.startswith(_words()["group_pronouns"], i):
        return _group_before(d, i)
    first = _candidate_at(d, i)
    if first is None:
        return []
    out = [first]
    j = first.end
    if first.title and d.text.startswith(first.title, j):  # 王明部长、李华局长表示
        j += len(first.title)
    while j < len(d.text) and d.text[j] in "、和与及":
        nxt = _candidate_at(d, j + 1)
        if nxt is None or nxt.label != first.label:
            break
        out.append(nxt)
        j = nxt.end
    return out


def _candidate_at(d: Discourse, i: int) -> PersonMention | None:
    if i >= len(d.text) or d.inside[i]:
        return None
    k = bisect.bisect_left(d.people_starts, i)  # people are sorted by start: those at i, then the next
    for p in d.people[k:]:
        if (p.first == i or p.start == i) and not addressed(p):
            return p
        if p.start > i:
            break
    if is_pronoun(d, i):
        return resolve_pronoun(d, i)
    author = _author_at(d, i)
    if author:  # 卡斯特罗发来了慰问电。电文说：…
        return author
    described = _definite_at(d, i)
    named = next((p for p in d.people[k:] if p.start == described), None) if described else None
    if named and not addressed(named):  # 据该剧制作人|吴龙海介绍: the description is of the name after it
        return named
    if described:  # 这名美国问题专家同时认为: the person spoken of, as 他 would be
        return resolve_pronoun(d, i, described)
    titled = _bare_title_at(d, i) or _surname_alone_at(d, i)
    if titled:  # 总统蔡英文…。总统指出; 李远…。李说
        return titled
    if d.text.startswith(_words()["counterparts"], i):  # 王明会见李华…。对方表示: 李华
        return _counterpart(d, i)
    if d.text.startswith("后者", i):  # 他偶遇努尔·白克力，后者告诉他: the person named last
        return _last_named(d, i, i + 2, lambda p: True)
    if d.text.startswith(_words()["org_anaphora"], i) and not d.text.startswith(_words()["not_org_anaphora"], i):
        word = next(w for w in _words()["org_anaphora"] if d.text.startswith(w, i))
        return _org_before(d, i, i + len(word))
    short_side = _short_side_at(d, i)
    if short_side is not None:
        return short_side
    if d.text.startswith(_words()["standing_sides"], i) and (i == 0 or not is_han(d.text[i - 1])):  # 警方表示
        side = next(w for w in _words()["standing_sides"] if d.text.startswith(w, i))
        return PersonMention(i, i + len(side), side, label=ORG)
    for o in d.starting_at(i)[0]:
        side = next((w for w in _words()["side_nouns"] if d.text.startswith(w, o.end)), "")
        # 国家电投方面表示: the organisation itself (not 厄瓜多尔军方, a place's side)
        return PersonMention(o.start, o.end + len(side), o.name + ("" if side == "方面" else side), label=ORG)
    for p in d.starting_at(i)[1]:
        side = next((w for w in _words()["side_nouns"] if d.text.startswith(w, p.end)), None)
        if side:  # 厄瓜多尔军方说, 美国方面表示
            return PersonMention(p.start, p.end + len(side), (p.name or d.text[p.start:p.end]) + side, label=ORG)
    return _abbreviation_at(d, i) or _unit_at(d, i)


UNIT = (3, 6)  # characters of an office named by its unit alone (消防处, 气象署), or a company (长荣航空)


@cache
def subject_to_cue() -> re.Pattern[str]:
    """What may stand between a subject and its cue verb: adverbs and a day (气象署也提醒,
    魏嘉贤昨也强调, 长荣航空今（24日）宣布)."""
    adverbs = re.escape(wordlists.characters("subject_adverbs"))
    return re.compile(f"(?:昨天|今天|昨日|今日|日前|近日|昨|今|[{adverbs}]|（\\d{{1,2}}日）)*")


@cache
def _unit_suffixes() -> tuple[str, ...]:
    """What ends an office's name alone: the organisation suffixes of two characters or more,
    the one-character ones that rarely end anything else (部, 局, 署 …) and 处, 司 (a
    three-character word ending with 处 or 司 before a cue is an office: 消防处, 入境处), 党
    (a party named alone: 民主党, 反对党), and the kinds of business of company names (长荣航空)."""
    one_char = wordlists.characters("one_char_org_suffixes") + "处司党"
    return tuple(w for w in wordlists.words("org_suffixes") if len(w) > 1 or w in one_char) \
        + wordlists.alternatives("company_kinds")


def _unit_at(d: Discourse, i: int) -> PersonMention | None:
    """An office named by its unit alone, right before a cue it may speak with (消防处表示,
    气象署也提醒), as the subject of its clause: the organisation named before whose name
    ends with it (中央气象署), else the unit under its own name. Not people (领导干部),
    nor a unit that a demonstrative or quantity opens (有关部门, 各局)."""
    text, w = d.text, _words()
    if skip_openers(d, clause_start(d, i), i) != i:
        return None  # inside the clause (多个|记者工会批评): only a clause's subject is read so
    for n in range(UNIT[1], UNIT[0] - 1, -1):
        run = text[i:i + n]
        if len(run) < n or not all(is_han(ch) for ch in run) or not run.endswith(_unit_suffixes()) \
                or run.endswith(w["person_nouns"]) or run.startswith(w["unit_openers"]) \
                or any(ch in wordlists.characters("stem_stops") for ch in run):
            continue
        cue = cue_at(text, subject_to_cue().match(text, i + n).end())
        if cue is None or not organisations_say(cue):
            continue
        earlier = [o.name for o in d.orgs if o.end <= i and o.name
                   and (o.name.endswith(run) or text[o.start:o.end].endswith(run))]
        return PersonMention(i, i + n, earlier[-1] if earlier else canonical_org(run), label=ORG)
    return None


SHORT_FORM = 8  # characters of an organisation's name less its kind of body (东方报业|集团)


def _abbreviation_at(d: Discourse, i: int) -> PersonMention | None:
    """An organisation named before by its full name and now by a short form of it: the name
    less its kind of body (东方报业集团 … 东方报业宣布), or its first and last characters and
    others in order (公民监督国会联盟 … 公督盟指出), or its first character and its kind's
    (清华大学 … 清大表示), right before a cue, an adverb or punctuation."""
    if d.text[i:i + 1] not in d.org_initials:
        return None
    earlier = list(reversed([o for o in d.orgs if o.end <= i and o.name[:1] == d.text[i:i + 1]]))
    for n in range(SHORT_FORM, 2, -1):  # 东方报业集团 … 东方报业宣布: the name less its kind of body
        short = d.text[i:i + n]
        for o in earlier:
            if o.name.startswith(short) and o.name[n:] in _words()["generic_heads"]:
                return PersonMention(i, i + n, o.name, label=ORG)
    for n in (4, 3, 2):
        short = d.text[i:i + n]
        for o in earlier:
            name = o.name
            if len(name) > n + 1 and short[0] == name[0] and short[-1] == name[-1] and _in_order(short, name):
                return PersonMention(i, i + n, name, label=ORG)
    short, after = d.text[i:i + 2], d.text[i + 2:i + 3]
    if after and is_han(after) and after not in wordlists.characters("subject_adverbs") \
            and cue_at(d.text, i + 2) is None:
        return None  # 北大荒: a word, not a short name
    for o in earlier:  # 清华大学 … 清大 (when the model did not see it as an organisation)
        if initials_of(short, o.name):
            return PersonMention(i, i + 2, o.name, label=ORG)
    return None


def _short_side_at(d: Discourse, i: int) -> PersonMention | None:
    """A side named by the first character of a place named before (厄瓜多尔 … 厄军方说)."""
    if not d.text.startswith(_words()["side_nouns"], i + 1) or not is_han(d.text[i]):
        return None
    side = next((w for w in _words()["side_nouns"] if d.text.startswith(w, i + 1)), None)
    if side is None:
        return None
    for p in reversed([p for p in d.places if p.end <= i]):
        name = p.name or d.text[p.start:p.end]
        if len(name) > 1 and name[0] == d.text[i]:
            return PersonMention(i, i + 1 + len(side), name + side, label=ORG)
    return None


def _in_order(short: str, name: str) -> bool:
    at = 0
    for ch in short:
        at = name.find(ch, at) + 1
        if not at:
            return False
    return True


def addressed(p: PersonMention) -> bool:
    """老罗, 小李 (a way to address someone by surname) or a surname alone: no name a
    statement can go to."""
    return p.label == PERSON and (len(p.name) < 2 or len(p.name) == 2 and p.name[0] in "老小"
                                  and p.name[1] in wordlists.surnames())


def is_pronoun(d: Discourse, i: int) -> bool:
    w = _words()
    return d.text.startswith(w["pronouns"], i) and not d.text.startswith(w["not_pronouns"], i)


PRONOUN_REACH = 3  # sentences back in which a pronoun looks for the subject it refers to


def _bare_title_at(d: Discourse, i: int) -> PersonMention | None:
    """A title one person holds, with no name (总统指出, 董事长表示): the person named last with it."""
    if i > 0 and is_han(d.text[i - 1]) or not d.text.startswith(_words()["head_titles"], i):
        return None  # not 赖|总统 (a surname), 马塔兰市|市长 (another city's)
    title = next(t for t in _words()["head_titles"] if d.text.startswith(t, i))
    if any(i + len(title) <= p.start <= i + len(title) + 2 for p in d.people):
        return None  # 市长代表苏彼安迪: someone named
    return _last_named(d, i, i + len(title), lambda p: p.label == PERSON and (p.title or "").endswith(title))


def _surname_alone_at(d: Discourse, i: int) -> PersonMention | None:
    """A surname alone before a cue, opening its clause (李远…。李说): the person named last
    with that surname."""
    if i + 1 >= len(d.text) or i > 0 and is_han(d.text[i - 1]) or d.text[i] not in wordlists.surnames():
        return None
    honorific = next((h for h in _words()["honorifics"] if d.text.startswith(h, i + 1)), "")
    after = i + 1 + len(honorific)
    found = _last_named(d, i, after, lambda p: p.label == PERSON and len(p.name) > 1 and p.name[0] == d.text[i])
    if found is None or cue_at(d.text, after):  # 李说, 夏先生介绍说: the person named last with that surname
        return found
    if honorific or not (d.text.startswith(_words()["surname_followers"], after) or d.text[after] in "「“"):
        return None
    # 谢在降落后告诉记者, 罗「啧」了一声，称…: the surname of one named in the sentences just before
    k = bisect.bisect_right(d.sentence_starts, i) - 1
    near = d.sentence_starts[max(0, k - PRONOUN_REACH)]
    return found if any(p.name == found.name and near <= p.start < i for p in d.people) else None


def _last_named(d: Discourse, i: int, end: int, fits: Callable[[PersonMention], bool]) -> PersonMention | None:
    """The person named last before ``i``, outside quotes, that ``fits``, as a mention from
    ``i`` to ``end`` (后者, a bare title, a surname alone)."""
    p = next((p for p in reversed(d.people) if p.end <= i and not d.inside[p.start] and p.name not in d.bylined
              and fits(p)), None)
    return None if p is None else PersonMention(i, end, p.name, p.title, p.org)


def _counterpart(d: Discourse, i: int) -> PersonMention | None:
    """对方 at ``i``: the person named last within a pronoun's reach who is not the one the
    text is about (the subject 他 there would refer to), else no one."""
    word = next(w for w in _words()["counterparts"] if d.text.startswith(w, i))
    about = resolve_pronoun(d, i)
    k = bisect.bisect_right(d.sentence_starts, i) - 1
    near = d.sentence_starts[max(0, k - PRONOUN_REACH)]
    other = _last_named(d, i, i + len(word), lambda p: near <= p.start and (about is None or p.name != about.name))
    return other if other is not None and other.name not in d.bylined else None


DOCUMENT_REACH = 2  # sentences back in which a document noun looks for who issued it


def _author_at(d: Discourse, i: int) -> PersonMention | None:
    """电文, 贺词, 该声明 at ``i`` speak for who issued them: the subject of a sentence shortly
    before (or of an earlier clause of this one) that issues something (发来, 发表, 发布 …)."""
    w = _words()
    if not d.text.startswith(w["document_nouns"] + w["document_openers"], i):
        return None
    j = i + next((len(o) for o in w["document_openers"] if d.text.startswith(o, i)), 0)
    noun = next((n for n in w["document_nouns"] if d.text.startswith(n, j)), None)
    if noun is None:
        return None
    k = bisect.bisect_right(d.sentence_starts, i) - 1
    ends = d.sentence_starts[1:] + (len(d.text),)
    sentences = [(ss, min(i, e)) for ss, e in zip(d.sentence_starts[:k + 1], ends) if e - ss > 1]  # not 。|\n
    for ss, limit in reversed(sentences[-DOCUMENT_REACH - 1:]):
        if not _issues(d.text[ss:limit], noun):
            continue
        q = d.text.rfind("的" + noun, ss, limit)  # 宣读了中共中央的贺词。贺词说: 中共中央's, not the reader's
        person = next((p for p in d.people if p.end == q), None) if q > 0 else None
        org = next((o for o in d.orgs if o.end == q), None) if q > 0 else None
        if person:
            return PersonMention(i, j + len(noun), person.name, person.title, person.org)
        if org:
            return PersonMention(i, j + len(noun), org.name, label=ORG)
        for cs in [c for c in d.clause_starts if ss <= c < limit and not _refers_back(d, skip_openers(d, c, limit))]:
            found = [p for p in subject(d, cs, limit) if p.end <= i]
            if found:
                p = found[0]
                return PersonMention(i, j + len(noun), p.name, p.title, p.org, label=p.label)
    return None


def _refers_back(d: Discourse, i: int) -> bool:
    """Whether a pronoun, a description or a document noun stands at ``i``: a subject that is
    resolved from further back, never the antecedent looked for."""
    w = _words()
    j = i + next((len(o) for o in w["document_openers"] if d.text.startswith(o, i)), 0)
    return is_pronoun(d, i) or bool(_definite_at(d, i)) or d.text.startswith(w["document_nouns"], j)


def _issues(sentence: str, noun: str) -> bool:
    """Whether a sentence issues the document ``noun`` names: an issuing word with a
    character of the noun shortly after it (发来了慰问电 … 电文, 发布声明 … 该声明)."""
    for v in _words()["issuing_words"]:
        at = sentence.find(v)
        while at >= 0:
            if any(ch in sentence[at + len(v):at + len(v) + ISSUED_REACH] for ch in noun):
                return True
            at = sentence.find(v, at + 1)
    return False


ISSUED_REACH = 12  # characters from the issuing word to the document (发来了|慰问电)
_DEFINITE = re.compile(r"[这那此该][名位]|该")  # not 这些 (many), not 这 alone
DEFINITE_REACH = 8  # characters of description: 这名|美国问题专家


def _definite_at(d: Discourse, i: int) -> int:
    """Where a definite description of one person at ``i`` ends (这名美国问题专家, 这位教授,
    该负责人), else 0: the shortest run of characters that ends with a person noun or title."""
    m = _DEFINITE.match(d.text, i)
    if not m:
        return 0
    nouns = _role_nouns()
    for end in range(m.end() + 1, min(len(d.text), m.end() + DEFINITE_REACH) + 1):
        if not is_han(d.text[end - 1]):
            break
        if d.text.endswith(nouns, m.end(), end):
            return end
    return 0


ROLE_NOUN = 10  # characters of the longest person noun or title (9), and 们
GLOSS = 12  # characters of a pinyin gloss a converted page writes inside a word, read as blanks


@cache
def _role_noun_set() -> frozenset[str]:
    return frozenset(_role_nouns())


@cache
def _role_nouns() -> tuple[str, ...]:
    """What a description of one person ends with: 专家, 发言人, 教授, 部长 …"""
    return tuple(w for w in _words()["person_nouns"] if not w.endswith("们")) + tuple(wordlists.words("titles"))


def _once(d: Discourse, key: tuple, resolve: Callable[[], object], nothing: object) -> object:
    """``resolve()``, once per ``key`` and discourse (a 他 resolves through the 他 before it, and
    so on back), unless ``key`` is being resolved already (王明和他…: the subject searched
    for holds the pronoun itself): then ``nothing``."""
    if key in d.resolved:
        return d.resolved[key]
    if key in d.resolving:
        return nothing
    d.resolving.add(key)
    try:
        d.resolved[key] = found = resolve()
        return found
    finally:
        d.resolving.discard(key)


def resolve_pronoun(d: Discourse, i: int, end: int | None = None) -> PersonMention | None:
    return _once(d, ("pronoun", i, end), lambda: _resolve_pronoun(d, i, end), None)


def _resolve_pronoun(d: Discourse, i: int, end: int | None = None) -> PersonMention | None:
    """他/她 at ``i`` refers to the subject of the sentence it is in or of one shortly
    before (the person the text is about: 岑浩辉出席酒会，欢迎卞立新。他指出 → 岑浩辉),
    else to the person named last; never to one the text gives the other gender. A
    description (这位教授, up to ``end``) refers back the same way, to a man or a woman."""
    she = end is None and d.text[i] == "她"
    wrong = (frozenset() if end is not None else d.men if she else d.women) | d.bylined
    office = next((w for w in _words()["office_holders"] if end is not None and d.text.endswith(w, i, end)), None)
    if office:
        # 这位发言人, 该局相关负责人: one named as that, not anyone named before (a 教授 may be 这名专家)
        wrong |= {p.name for p in d.people if p.label == PERSON and not (p.title or "").endswith(office)}
    end = end or i + 1
    earlier = [p for p in d.people if p.end <= i and not d.inside[p.start] and p.name not in wrong]
    if she and any(p.name in d.women for p in earlier):  # 她 and a woman the text names: her
        earlier = [p for p in earlier if p.name in d.women]
        wrong = {p.name for p in d.people} - d.women | d.bylined
    k = bisect.bisect_right(d.sentence_starts, i) - 1
    for ss in reversed(d.sentence_starts[max(0, k - PRONOUN_REACH):k + 1]):
        limit = min(i, next((x for x in d.sentence_starts if x > ss), len(d.text)))
        for cs in [c for c in d.clause_starts if ss <= c < limit]:
            j = skip_openers(d, cs, limit)
            if end == i + 1 and j < i and d.text[j] == d.text[i] and is_pronoun(d, j):
                # 他…表示…。他也呼吁…: the same pronoun as the subject before, the same person
                same = resolve_pronoun(d, j)
                if same is not None and same.name not in wrong:
                    return PersonMention(i, end, same.name, same.title, same.org)
            if _refers_back(d, j):
                continue  # a pronoun's own antecedent is looked for further back
            found = [p for p in subject(d, cs, limit) if p.label == PERSON and p.name not in wrong and p.start < i]
            if found:
                p = found[0]
                return PersonMention(i, end, p.name, p.title, p.org)
    if not earlier:
        return None
    p = earlier[-1]
    return PersonMention(i, end, p.name, p.title, p.org)


GROUP_OPENING = 5  # characters at a clause's start where an unnamed group may stand (村民们很高兴)
GROUP_MAX = 4  # people named together that 他们 may be: more are a list, not speakers


def _group_before(d: Discourse, i: int) -> list[PersonMention]:
    return _once(d, ("group", i), lambda: _group_at(d, i), [])


def _group_at(d: Discourse, i: int) -> list[PersonMention]:
    """他们 at ``i``: the people named together at the start of the nearest clause before
    that names someone there (省委书记甲、省长乙等来到灾区。他们要求…); no one when that is
    one person, a long list or no one named."""
    k = bisect.bisect_right(d.sentence_starts, i) - 1
    unnamed = _words()["person_nouns"] + ("们",)
    for ss in reversed(d.sentence_starts[max(0, k - 1):k + 1]):
        limit = min(i, next((x for x in d.sentence_starts if x > ss), len(d.text)))
        for cs in reversed([c for c in d.clause_starts if ss <= c < limit]):
            j = skip_openers(d, cs, limit)
            found = [p for p in candidates_at(d, j) if p.end <= limit] if j < limit else []
            opening = d.text[j:limit][:GROUP_OPENING]
            if not found and any(w in opening for w in unnamed):
                return []  # 村民们很高兴。他们说: the people the clause names, unnamed
            if found:
                if not 2 <= len(found) <= GROUP_MAX or any(p.label != PERSON or p.name in d.bylined for p in found):
                    return []  # one person, or a long list (知青有甲、乙、丙…等): no group that speaks
                return [PersonMention(i, i + 2, p.name, p.title, p.org) for p in found]
    return []


def _org_before(d: Discourse, i: int, end: int) -> PersonMention | None:
    """该公司, 当局: the organisation named last before ``i``; for 当局 and 官方, the
    government named last, if any (港府…区议会改革…。当局指: 港府)."""
    earlier = [o for o in d.orgs if o.end <= i and not d.inside[o.start]]
    if d.text[i:end] in _words()["government_anaphora"]:
        earlier = [o for o in earlier if (o.name or "").endswith("府")] or earlier
    if not earlier:
        return None
    return PersonMention(i, end, earlier[-1].name, label=ORG)


def subject(d: Discourse, cs: int, before: int, after_de: bool = True) -> list[PersonMention]:
    """The subject of the clause starting at ``cs``: candidates at its start, ending by ``before``.

    A candidate after the words that open a clause counts (此外, 据); one
    after a preposition does not (对李华说). A chain may start after a 的
    phrase that opens the clause (撰写这篇报导的记者紫雨林).
    """
    i = skip_openers(d, cs, before)
    if i >= before:
        return []  # nothing but openers before ``before`` (and no looking at what starts there: 他们…)
    found = candidates_at(d, i)
    if found and found[-1].label == PERSON and d.text.startswith("的", found[-1].end):
        # 林若川的妻子王丽说: the one named after the relation speaks; 林若川的女儿说: no one named
        named = (candidates_at(d, j) for j in range(found[-1].end + 1, min(before, found[-1].end + RELATION)))
        found = next((c for c in named if c), [])
    if not found and after_de:
        found = _described(d, i, before)
    if found and found[0].label == ORG:  # 水利部新闻发言人、办公厅副主任谭某表示: the person of the chain
        # ... not one the clause speaks of (中纪委就…副主任辛业江受贿案发出通报，强调)
        titled = [p for p in d.people if found[0].end <= p.start and p.end <= before and p.title
                  and not _spoken_of(d.text[found[0].end:p.chain_start or p.start])]
        of_it = d.text.startswith("的", found[0].end) and candidates_at(d, found[0].end + 1)
        if of_it and of_it[0].label == PERSON and of_it[-1].end <= before:
            found = of_it  # 深圳瑞兴光学厂的王志明写道: the person of the organisation
        elif titled and clause_start(d, titled[0].start) == clause_start(d, i):
            found = candidates_at(d, titled[0].start) or [titled[0]]
        elif not speaks_for_itself(d, found[0]):
            return []
    return [c for c in found if c.end <= before]


def _spoken_of(between: str) -> bool:
    """Whether the words between an organisation and a person make the person an object."""
    return any(w in between for w in _words()["prepositions"] if len(w) > 1 or w in "就对向为把被在")


RELATION = 8  # characters from 的 to the person a relation names (林若川的妻子|王丽)
SUBJECT_REACH = 16  # characters of description a clause's subject may come after (热情好客的美籍华人|吴倚幸)


def _described(d: Discourse, i: int, before: int) -> list[PersonMention]:
    """A subject after a description that opens its clause: 为系统提供支持的|中国电信…钱某,
    热情好客的美籍华人|吴倚幸, 法国哲学家|阿尔都塞; not after an object marker
    (记者采访了|阿尔希波夫, 会见|李华)."""
    markers = _words()["object_markers"]
    objected = i  # past an object of the description (在|大通银行|门外吸烟的|斯蒂文): only one after 的
    for j in range(i + 1, before):
        if d.inside[j] or d.text[j] in CLAUSE_END:
            break
        far = j - i >= SUBJECT_REACH
        if far and d.text[j - 1] != "的" or j < objected or objected > i and d.text[j - 1] != "的":
            continue
        found = candidates_at(d, j)
        if found and far and found[-1].end != before:
            continue  # 刚刚放下铲子、身着毛衣、满头大汗的省长宋宝瑞|告诉: a long description, right before the cue
        if found and d.text.startswith("的", found[-1].end):
            continue  # 尊重内委会的评估: one the clause's object belongs to
        if found:
            head = d.text[i:j]
            after_de = head[head.rfind("的") + 1:] if "的" in head else head
            if not any(m in after_de for m in markers):
                return found
            objected = found[-1].end
    return []


def speaks_for_itself(d: Discourse, org: PersonMention) -> bool:
    """An organisation speaks as itself or through its spokesperson (外交部发言人表示), not
    through another unnamed person (国务院新闻办工作人员证实), and is no meeting (党的十五大强调,
    会议指出)."""
    w = _words()
    after = org.end + d.text.startswith("的", org.end)  # 财政经济院的官员说: one of its people
    if _COUNTED.search(d.text, max(0, org.start - 4), org.start):
        return False  # 一位外交部发言人, 多名民进党立委: some of its people, counted, not it
    if _SURNAMED.match(d.text, after):
        return False  # 军方黄姓资安人员认为, 公司一名陈姓主管说: a person of it known by surname
    words = d.text[after:after + ROLE_NOUN + GLOSS].replace(" ", "")  # 外长(cháng)们: a gloss is blanks
    plural = words.find("们")
    if plural > 0 and words[:plural] in _role_noun_set():
        return False  # 东盟外长们表示: some of its people, not it
    return (d.text.startswith(w["spokespeople"], org.end) or not d.text.startswith(w["person_nouns"], after)
            and not _members(d.text, after)) and not org.name.endswith(w["meeting_endings"])


_SURNAMED = re.compile("(?:[一两][位名个])?(?!老?百姓)[\u4e00-\u9fff]{1,2}姓")  # 黄姓, 一名欧阳姓 (not 百姓)


_COUNTED = re.compile("(?:[一两二三四五六七八九十几数多]+[位名个批]|部分|一些|不少|许多)$")


MEMBER_WORD = 3  # characters of a word before a noun of members (摄影|人员, 官方|媒体)


def _members(text: str, i: int) -> bool:
    """Whether the words at ``i``, after an organisation, name some of its people or parts
    (的同志, 一些成员国, 摄影人员, 官方媒体), not the organisation itself."""
    w = _words()
    if text.startswith(w["member_parts"], i):
        return True
    for k in range(i, min(len(text), i + MEMBER_WORD + 1)):
        if not is_han(text[k]):
            return False
        if text.startswith(w["member_nouns"], k):
            return True
    return False


def speakers_of_cue(d: Discourse, cue_start: int) -> list[PersonMention]:
    """The speaker(s) of the cue verb at ``cue_start`` (see the module's docstring)."""
    text = d.text
    cs = clause_start(d, cue_start)
    ju = text.rfind("据", cs, cue_start)
    if ju >= 0:
        found = candidates_at(d, ju + 1)
        if found and found[0].label == ORG and not speaks_for_itself(d, found[0]):
            return []  # 据国务院新闻办工作人员证实: someone unnamed
        if found and found[-1].end <= cue_start:
            return found
    zai = text.rfind("在", cs, cue_start)
    if zai >= 0 and text.startswith(_words()["view_cues"], cue_start):  # 在林若川看来，…
        found = candidates_at(d, zai + 1)
        if found and found[-1].end == cue_start:
            return found
    found = subject(d, cs, cue_start) or _topic_speaker(d, cs, cue_start)
    if found:
        return found
    return _carried(d, cs, cue_start)


def _topic_speaker(d: Discourse, cs: int, cue_start: int) -> list[PersonMention]:
    """对于川普受访称，…: the person after 对于 who speaks in the clause it opens, when
    nothing but what they did (no 的, no one else) stands between them and the cue."""
    i = skip_openers(d, cs, cue_start)
    word = next((w for w in ("对于", "针对") if d.text.startswith(w, i)), None)
    if word is None:
        return []
    found = candidates_at(d, i + len(word))
    if not found or found[0].label != PERSON or found[-1].end > cue_start:
        return []
    between = d.text[found[-1].end:cue_start]
    if "的" in between or any(found[-1].end <= p.start < cue_start for p in d.people):
        return []
    return found


def _has_cue(d: Discourse, c: int, end: int) -> bool:
    """Whether the clause at ``c`` (up to ``end``) holds a cue verb outside quotes."""
    stop = next((x for x in d.clause_starts if x > c), end)
    k = bisect.bisect_left(d.cue_starts, c)
    return k < len(d.cue_starts) and d.cue_starts[k] < min(stop, end)


def _past_adverbs(d: Discourse, i: int) -> int:
    """Past the adverbs right after a subject (王明则|被…, 王明也|遭…)."""
    while i < len(d.text) and d.text[i] in wordlists.characters("subject_adverbs"):
        i += 1
    return i


def _carried(d: Discourse, cs: int, cue_start: int) -> list[PersonMention]:
    """The subject of an earlier clause of the sentence, when the cue's clause goes on with it;
    with none, and nothing but openers before a cue that a comma or colon follows, the
    speaker of the sentence before in the paragraph."""
    w = _words()
    opening = d.text[skip_openers(d, cs, cue_start):cue_start]
    people_nouns = w["person_nouns"] + w["person_endings"]
    if opening.endswith(w["adverbial_endings"]) and not any(cs <= p.start < cue_start for p in d.people):
        if opening[:-1].endswith(people_nouns):
            return []  # 大家都称: people, no one named
        opening = ""  # 笑容满面地|回答说, 每次发表重要讲话都|强调: how or when, not who
    if opening.startswith(w["counterparts"]):
        return []  # 对方表示: the other one, or no one known (kg.speakers._counterpart), never the subject before
    if len(opening) > 1 and opening.startswith(w["demonstratives"]):
        return []  # 该书提出, 这份报告指出: a thing the clause names is its subject
    to = opening.lstrip(wordlists.characters("subject_adverbs"))
    heard = to.startswith(w["listener_prepositions"]) and not to.startswith(w["not_listener_prepositions"])
    if opening and not opening.startswith(w["continuation_markers"]) and not heard and (
            len(opening) > 4 or opening.endswith(people_nouns) and not any(ch in opening for ch in "对向跟给和与同")):
        return []  # the clause has a subject of its own (会议强调…, 老师讲…, 不少人说…)
    start = sentence_start(d, cs)
    earlier = [c for c in d.clause_starts if start <= c < cs]
    # 谢某强调，警方执法不会…，呼吁…: the one who spoke before goes on speaking, not a subject of what he said
    speaking = next((c for c in reversed(earlier) if _has_cue(d, c, cs) and subject(d, c, cs)), None)
    if speaking is not None:
        earlier = [c for c in earlier if c <= speaking]
    for c in reversed(earlier):
        found = subject(d, c, cs)
        opener = candidates_at(d, skip_openers(d, c, cs))
        if not found and opener and opener[0].label == ORG and not speaks_for_itself(d, opener[0]):
            return []  # 中央电视台摄影人员…争论，认为…: someone unnamed said it
        if found:
            if found[0].name in d.bylined or d.text.startswith(w["passive_markers"], _past_adverbs(d, found[-1].end)):
                return []  # （记者某某）…，学者…认为: not the reporter; 某某遭警察拘捕，指…: not the one arrested
            return found
    if start == 0 or any(d.text[skip_openers(d, c, cs):cs].strip(" 　，,") for c in earlier) \
            or opening.strip(wordlists.characters("subject_adverbs")) not in ("",) + w["adverbs_with_de"]:
        return []  # 老罗说, 政府希望: a subject of its own, though no one the text names
    cue_end = cue_start + len(cue_at(d.text, cue_start) or "")
    after = d.text[cue_end:cue_end + 4].lstrip(" 　")  # 表示 , …: web copy
    if after[:1] not in ("，", "：") or "\n" in d.text[start - 2:start]:
        return []  # 强调加快改革速度，是…: a verb phrase as a subject; a new paragraph: a new topic
    # 证监会回应称，…。对此，明确表示，…: a sentence with no subject goes on with the speaker of the one before
    before = d.clause_starts[bisect.bisect_left(d.clause_starts, sentence_start(d, start - 1)):
                             bisect.bisect_left(d.clause_starts, start)]
    speaking = next((c for c in reversed(before) if _has_cue(d, c, start) and subject(d, c, start)), None)
    return [] if speaking is None else subject(d, speaking, start)
