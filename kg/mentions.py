"""People: the chains Chinese news uses to introduce them, and their later mentions.

News introduces a speaker once, in full, as a chain
``[organisation][department]…[title][name]`` (中国信息通信研究院副院长魏亮) or
``[name][title]`` (王明部长), then refers back by name alone (魏亮建议), by
surname and title (熊副部长) or by pronoun. :func:`find_people` finds these
in an :class:`~kg.types.Analysis`, giving every person a full name, title
and organisation; :func:`entity_mentions` then decides, in one place, which
entity mentions an article has. Pronouns are left to kg.statements, which
knows who spoke last. Lists of names without separators are kg.names' work.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from kg import wordlists
from kg.cues import cue_at
from kg.entities import canonical_org, known_orgs, longest_first, org_suffixes
from kg.names import (is_not_name, married_names, name_at, name_list, surname_at, time_after_surname,
                      without_next_word, word_edges)
from kg.normalize import HAN, is_han, written_in_traditional
from kg.types import GPE, LOC, MODEL_PER, ORG, PERSON, TITLE, Analysis, PersonMention, Span

QUOTED_IN_NAME = 10  # characters of a quoted term inside an organisation's name
MAX_CHAIN = 30  # characters; a longer run before a title is not one chain
_NAME_BRACKET = re.compile(f"[{HAN}]（[{HAN}]{{2,4}}）$")  # 计算科技（合肥）股份有限公司
# 澳门特区|第六任|行政长官, 联合国|第二位|秘书长: which holder of the post, no part of the organisation
_ORDINAL_TENURE = re.compile("(?:第[一二三四五六七八九十百零〇两0-9０-９]{1,4}|首)[任位届]$")


@cache
def _chain_prefixes() -> tuple[str, ...]:
    return tuple(sorted(wordlists.words("rule_chain_prefixes"), key=len, reverse=True))


def split_words(words: Sequence[Span], offsets: set[int]) -> list[Span]:
    """The words cut again at ``offsets`` (entity edges): no word crosses an entity.

    >>> split_words([Span(0, 3), Span(3, 4)], {2})
    [Span(start=0, end=2, label='', name=''), Span(start=2, end=3, label='', name=''), Span(start=3, end=4, label='', name='')]
    """
    points = sorted(offsets)
    out = []
    for w in words:
        cuts = points[bisect.bisect_right(points, w.start):bisect.bisect_left(points, w.end)]
        out += [Span(s, e) for s, e in zip([w.start, *cuts], [*cuts, w.end])] if cuts else [w]
    return out


def find_people(a: Analysis, ents: Sequence[Span], places: Sequence[Span]) -> list[PersonMention]:
    """Every person mention of the article, given its entities (kg.entities).

    The NER model's names (``a.model``) end the name after a title where they
    start there, and a name before a cue verb must be one of them (双方表示 is
    no person); the others are people with no title around them. Names from
    lists of names (kg.names) overrule the model and the guesses. Beside the
    model, a guessed name must fit the segmenter's words (kg.names.name_at);
    alone, the rules need their guesses more than the segmenter is right
    about names (张|三说). A name found once is not looked for again where the
    model read a place or organisation.
    """
    words = split_words(a.words, {o for x in (*ents, *places) for o in (x.start, x.end)})
    edges = word_edges(a.words)
    names = None if a.model is None else married_names(a.norm, without_next_word(a.norm, _fitted(
        a.norm, [m for m in a.model if m.label == MODEL_PER and not _cuts_latin(a.norm, m)
                 and not time_after_surname(a.norm, m.start)],  # 导师于|早前表示: 于 is a preposition
        [e for e in ents if e.label == TITLE]), edges), edges)
    c = _Context(
        text=a.norm, names=names,
        titles=sorted([e for e in ents if e.label == TITLE] + _office_heads(a.norm, ents), key=lambda t: t.start),
        others=[e for e in ents if e.label in (ORG, GPE, LOC)],
        edges=word_edges(words) if names is not None else None,
        model_end={m.start: m.end for m in names or ()},
        mainland=not written_in_traditional(a.text),
    )
    people, pending = _chains(c)
    people += _named_before_cue(c) + _screen_names(a.norm)
    people = _with_names(c, people, names or (), pending, model=True)
    people = [_with_unlisted_title(c, p) for p in people]
    people = _with_names(c, people, name_list(a.norm, words, names), pending, model=False)
    people = _re_mentions(c, people, pending, [m for m in a.model or () if m.label != MODEL_PER])
    people = [p for p in people if not _cue_as_given_name(a.norm, p)]  # 李|引述, 曾|说过
    people = [_without_cue_start(a.norm, p) for p in people]  # 耿爽|反问道
    people = _not_before_a_chain(c, people)  # 力成|董事长|蔡笃恭
    people = [_unspaced(a.norm, p) for p in people]
    return _one_per_place(_short_names(a.norm, _of_organisations(c, people)))


SCREEN_NAME = 12  # characters of a screen name in quote marks (网友“闽山”)


@cache
def _screen_name() -> re.Pattern[str]:
    nouns = "|".join(map(re.escape, wordlists.alternatives("screen_name_nouns")))
    return re.compile(f"(?:{nouns})[ 　]?“([^“”\\s，。：:；！？]{{1,{SCREEN_NAME}}})”")


def _screen_names(text: str) -> list[PersonMention]:
    """网友“闽山”认为: a person known by a screen name, which the quote marks hold: the name
    is the handle (闽山), the words before it (网友) begin the mention."""
    return [PersonMention(m.start(1), m.end(1), m.group(1), chain_start=m.start()) for m in _screen_name().finditer(text)]


def _of_organisations(c: _Context, people: list[PersonMention]) -> list[PersonMention]:
    """ORG的NAME (马尼拉德拉萨大学的理查德·海德里安, 协会的陈守维副秘书长): the person's
    organisation, when no chain gave one."""
    ends = {o.end: o for o in c.others if o.label == ORG}
    out = []
    for p in people:
        org = ends.get(p.first - 1) if p.org is None and p.first > 0 and c.text[p.first - 1] == "的" else None
        out.append(replace(p, org=canonical_org(org.name or c.text[org.start:org.end], c.mainland)) if org else p)
    return out


def _office_heads(text: str, ents: Sequence[Span]) -> list[Span]:
    """The heads of offices the segmenter hides (国防部|长董军): 部长 of 国防部, a title
    beside the organisation, which keeps its name."""
    units = wordlists.characters("title_units")
    return [Span(e.end - 1, e.end + 1, TITLE) for e in ents
            if e.label == ORG and text.startswith("长", e.end) and text[e.end - 1] in units
            and text[e.end - 1] + "长" in _title_words()]


FOREIGN_NAME_TAIL = 3  # characters a foreign name (with ·) may run on to a cue: 萨提拉|查万认为


def _fitted(text: str, names: list[Span], titles: list[Span]) -> list[Span]:
    """The model's names fitted to the text: a name that starts inside a title starts after
    it (副府|尹班丹 → 班丹); a foreign name with · runs on to a cue right after it
    (班丹·萨提拉|查万认为)."""
    out = []
    for n in names:
        title = next((t for t in titles if t.start < n.start < t.end < n.end), None)
        start = title.end if title else n.start
        end = n.end
        if "·" in text[start:end]:
            end = next((k for k in range(n.end, min(len(text), n.end + FOREIGN_NAME_TAIL) + 1)
                        if cue_at(text, k) and all(is_han(ch) for ch in text[n.end:k])), n.end)
        out.append(Span(start, end, n.label, n.name) if (start, end) != (n.start, n.end) else n)
    return out


def _cuts_latin(text: str, span: Span) -> bool:
    """Whether a model's name cuts a Latin word (da of ``date 2024-05``): no name."""
    def latin(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()
    return latin(span.start) and latin(span.start - 1) or latin(span.end - 1) and latin(span.end)


def _unspaced(text: str, p: PersonMention) -> PersonMention:
    """A name without the spaces around it (记者 崔丽: 崔丽, not ' 崔丽')."""
    start, end = p.start, p.end
    while start < end and text[start] in " 　\n":
        start += 1
    while end > start and text[end - 1] in " 　\n":
        end -= 1
    if (start, end) == (p.start, p.end):
        return p
    return replace(p, start=start, end=end, name=p.name.strip(" 　\n"))


def _cue_as_given_name(text: str, p: PersonMention) -> bool:
    """Whether a name guessed from a surname goes on with a cue verb (曾|说过, 王|表示): no name."""
    sur = surname_at(text, p.start)
    return bool(sur) and p.start + sur[0] < p.end and cue_at(text, p.start + sur[0]) is not None


def _not_before_a_chain(c: _Context, people: list[PersonMention]) -> list[PersonMention]:
    """No person right before the title of a company's head that another person's name
    follows (力成董事长蔡笃恭: 力成 is the company). Not before titles of state (江泽民主席
    叶利钦总统: two people, each with a title)."""
    heads = wordlists.alternatives("company_heads")
    after_title = {t.start for t in c.titles if c.text[t.start:t.end] in heads
                   and any(q.start == t.end and q.label == PERSON for q in people)}
    return [p for p in people if not (p.label == PERSON and p.title is None and p.end in after_title)]


def _without_cue_start(text: str, p: PersonMention) -> PersonMention:
    """A name of three characters whose last begins a cue verb of two or more that runs on
    past it (耿爽反|问道 → 耿爽 反问道, 杨振宣|布 → 杨振 宣布): the name ends before it."""
    sur = surname_at(text, p.start)
    if p.label != PERSON or len(p.name) != 3 or p.end - p.start != 3 or not sur or sur[0] != 1:
        return p
    cue = cue_at(text, p.end - 1)
    if cue is None or len(cue) < 2:
        return p
    return replace(p, end=p.end - 1, name=p.name[:-1])


@dataclass(frozen=True)
class _Context:
    """What the steps of find_people read."""

    text: str
    names: list[Span] | None  # the model's names; None: the model did not run
    titles: list[Span]
    others: list[Span]  # organisations and places
    edges: set[int] | None  # the segmenter's cuts, beside the model
    model_end: dict[int, int] = field(default_factory=dict)  # start → end of the model's names
    mainland: bool = True  # written on the mainland (Simplified): kg.entities.canonical_org


# A surname + title (熊副部长): the surname's start, the title's end, the surname, the title.
_Pending = tuple[int, int, str, str]


QUOTED_TITLE = 8  # characters of a title in quote marks before a name: “行政院长”苏贞昌


def _past_quoted_title(text: str, t: Span) -> int:
    """Where the name after a title may start: past the closing mark of a title written in
    quote marks (台湾“行政院长”苏贞昌, as mainland media write Taiwan's offices)."""
    if t.end < len(text) and text[t.end] in "”」":
        opening = "“" if text[t.end] == "”" else "「"
        k = text.rfind(opening, max(0, t.start - QUOTED_TITLE), t.start + 1)
        if k >= 0 and not any(ch in "，。：:；\n" for ch in text[k:t.end]):
            return t.end + 1
    return t.end


def _name_after_title(c: _Context, i: int) -> tuple[int, int] | None:
    """The model's name at ``i``, else the surname guess unless the model saw
    a name elsewhere in it (总统和叶利钦: 叶利钦, not 和叶利)."""
    guess = name_at(c.text, i, edges=c.edges) or _whole_name_word(c, i) or _place_led_name(c, i, after_title=True)
    if i in c.model_end:
        end = c.model_end[i]
        # 易远航说: the model ended the name one short, before no cue; the guess ends at one.
        # 区长郝以瑞轻点: a name of one character after a title is a surname cut short.
        if guess and guess[1] > end and (end - i == 1 or cue_at(c.text, guess[1]) and not cue_at(c.text, end)):
            return guess
        return i, end
    if guess and c.text[i] in wordlists.characters("coordinating"):
        return None  # 克林顿总统和夫人
    if guess and any(n.start < guess[1] and guess[0] < n.end and not (guess[0] <= n.start and n.end <= guess[1])
                     for n in c.names or ()):
        return None  # the model saw another name across the guess (not inside it: 林|郑月娥)
    return guess


LABEL_SPACES = 2  # spaces a web copy puts between a title and a name in a speaker label


def _labelled_name(c: _Context, i: int) -> tuple[int, int] | None:
    """The name of a speaker label after a title and a space (证监会新闻发言人 常德鹏：…)."""
    k = i
    while k < len(c.text) and c.text[k] in " 　" and k - i < LABEL_SPACES:
        k += 1
    found = _name_after_title(c, k) if k > i else None
    return found if found and c.text[found[1]:found[1] + 1] in ("：", ":") else None


def _whole_name_word(c: _Context, i: int) -> tuple[int, int] | None:
    """A name of two characters the segmenter kept as one word (发言人|耿爽|主持): right after
    a title, a word of a surname and one character more is the name the model read in the
    same characters elsewhere in the article (耿爽说), not a word such as 相约 or 谈谈."""
    if c.edges is None or i not in c.edges or i + 1 in c.edges or i + 2 not in c.edges:
        return None
    word = c.text[i:i + 2]
    if not surname_at(c.text, i) or not any(c.text[n.start:n.end] == word for n in c.names or ()):
        return None
    return i, i + 2


def _inside_other(c: _Context, s: int, e: int) -> bool:
    """A name may not cut through a place or organisation, nor hold a title (有记者)."""
    return any(o.start < e and s < o.end and not (s <= o.start and o.end <= e) for o in c.others) or \
        any(t.start < e and s < t.end for t in c.titles)


def _chains(c: _Context) -> tuple[list[PersonMention], list[_Pending]]:
    """[organisation][title][name] and [name][title] chains; surname + title for later."""
    text = c.text
    people: list[PersonMention] = []
    pending: list[_Pending] = []
    for t in c.titles:
        title = text[t.start:t.end]
        found = _name_after_title(c, _past_quoted_title(text, t)) or _labelled_name(c, t.end)
        if found and not _inside_other(c, *found):
            cs = _clause_start(text, t.start)
            # 国务院总理李强会见联合国秘书长古特雷斯: the second chain starts after
            # the first person, not at the clause start.
            cs = max([cs] + [x.end for x in c.titles if cs <= x.start and x.end < t.start]
                     + [p.end for p in people if cs <= p.start < t.start])
            shared = _shared_post(c, t, title, people)
            if shared:
                org, cs = shared
            else:
                org, title, cs = _chain_post(c, _strip_prefixes(text, cs, t.start), t.start, title)
            people.append(PersonMention(found[0], found[1], text[found[0]:found[1]], title, org, cs))
            continue
        cs = _strip_prefixes(text, _clause_start(text, t.start), t.start)
        org = next((o for o in reversed(c.others) if o.label == ORG and cs <= o.start and o.end < t.start
                    and t.start - o.end <= NAME_BEFORE_TITLE), None)  # 天津市花卉研究所|彭扬|所长
        chain_start = cs if org is None else org.start
        cs = cs if org is None else org.end
        run = text[cs:t.start]
        sur = surname_at(text, cs) if run else None
        if sur and len(run) == sur[0]:
            pending.append((cs, t.end, run, title))  # 熊副部长
        elif sur and sur[0] + 1 <= len(run) <= sur[0] + 2 and _name_before_title(c, cs, t.start, sur[1]) \
                or run and c.model_end.get(cs) == t.start:
            org_name = None if org is None else canonical_org(org.name or text[org.start:org.end], c.mainland)
            people.append(PersonMention(cs, t.start, run, title, org_name, chain_start))  # 王明部长, 克林顿总统
    return people, pending


def _shared_post(c: _Context, t: Span, title: str, people: list[PersonMention]) -> tuple[str | None, int] | None:
    """The organisation and chain start of a title joined by 、 or 兼 to titles before it, which
    share the organisation before the first (外经贸部首席谈判代表、副部长龙永图); None for a title
    standing alone, or naming a committee of its own (州委副书记、市委书记). A committee's
    secretary who is also mayor or governor holds that post of the place (河北省委副书记、省长)."""
    text = c.text
    first = t.start
    while (x := next((x for x in c.titles if x.end < first and text[x.end:first] in SHARED_POST), None)) \
            and not any(first <= p.start < t.start for p in people):
        first = x.start
    if first == t.start or title[1:2] == "委":
        return None
    cs = max([_clause_start(text, first)] + [x.end for x in c.titles if x.end <= first]
             + [p.end for p in people if p.start < first])
    org, _, cs = _chain_post(c, _strip_prefixes(text, cs, first), first, text[first:t.start])
    if org and org.endswith("委") and len(org) > 1 and org[-2] + "长" in title:
        org = org[:-1] if len(org) > 2 else None  # 河北省委 + 省长: 河北省
    return org, cs


SHARED_POST = ("、", "兼")  # between titles of one person that share the organisation before them
NAME_BEFORE_TITLE = 3  # characters of a name between an organisation and a title (研究所|彭扬|所长)


@cache
def _title_words() -> tuple[str, ...]:
    return tuple(sorted(wordlists.words("titles"), key=len, reverse=True))


def _chain_post(c: _Context, cs: int, end: int, title: str) -> tuple[str | None, str, int]:
    """The organisation and the whole title of a chain whose words before the title run
    from ``cs`` to ``end``: ``(organisation or None, title, where the chain starts)``.

    - 中国驻俄罗斯大使: the posting belongs to the title (驻俄罗斯大使), the country is the
      organisation;
    - words before the first entity of the run are no part of the organisation (以下是|美国
      国务院, 电|菲律宾), nor are a modifier of the title (前任|联合国) or words that say
      something of it (峰会期间与|中国, 监察部近日就|海南省); with no entity, what stands after
      是, 于, 与, 获 …;
    - a title at the end of the run goes with the title (塔斯通讯社|主任记者), a meeting
      before it too (大会新闻发言人);
    - 经济部长, 行政院长: the unit the title names ends the organisation (经济部, 行政院).
    """
    text = c.text
    zhu = text.rfind("驻", cs, end)
    if zhu > cs:  # 中国驻俄罗斯大使
        title, end = text[zhu:end] + title, zhu
    cs = _past_saying(c, cs, end)
    starts = [o.start for o in c.others if cs <= o.start < end]
    junk = [w for w in wordlists.alternatives("chain_junk") if _word_in(c, w, cs, min(starts, default=end))]
    one_name = junk and all(w in "与和及" for w in junk) and text[cs:end].endswith(_all_org_suffixes()) \
        and all(is_han(ch) for ch in text[cs:end]) and not any(n.start < end and cs < n.end for n in c.names or ())
    if one_name:  # 学生信息咨询与就业指导中心: one name, the model's organisation cut at 与
        junk, starts = [], [cs]
    if starts and junk:  # 以下是|美国国务院; but 本源量子计算科技（合肥）股份有限公司 is one name
        cs = min(starts)
    elif junk:  # 更获|: nothing of a name is left
        cs = max(text.rfind(w, cs, end) + len(w) for w in junk)
    # 监察部近日就|海南省人大常委会副主任: a junk word right before a later entity ends what went before
    after_junk = [o for o in starts if o > cs and any(text.endswith(w, cs, o) for w in wordlists.alternatives("chain_junk"))]
    if after_junk:
        cs = max(after_junk)
    for mod in sorted(wordlists.words("title_modifiers"), key=len, reverse=True):
        if text.startswith(mod, cs) and cs + len(mod) < end and cs not in starts:  # not 总|政治部
            cs += len(mod)  # 前任|联合国副秘书长
            break
    for mod in wordlists.alternatives("tenure_words"):
        if text.endswith(mod, cs, end) and end - len(mod) > cs:  # 中国|新任|驻美大使: of the post
            end -= len(mod)
            break
    ordinal = _ORDINAL_TENURE.search(text, cs, end)
    if ordinal and ordinal.start() > cs:
        end = ordinal.start()
    head = next((w for w in _title_words() if text.endswith(w, cs, end) and end - len(w) > cs), None)
    if head:  # 塔斯通讯社|主任记者
        title, end = head + title, end - len(head)
    run = text[cs:end]
    if run.startswith(wordlists.alternatives("demonstratives")) and not starts:
        return None, title, end  # 这家医院|院长: an organisation referred back to, not named
    if run and run.endswith(wordlists.alternatives("meeting_endings")) and not starts:
        return None, run + title, cs  # 大会新闻发言人
    if run and len(title) >= 2 and title[1] == "长" and title[0] in wordlists.characters("title_units") \
            and not run.endswith(title[0]) and not run.endswith(_all_org_suffixes()):
        run += title[0]  # 经济部长 → 经济部 + 部长 (not 伊拉克外长: 外 names no unit; not 北京大学|校长)
    units = wordlists.characters("title_units")
    unit_before_head = title[0] in units and run.endswith(title[0])  # 采煤区|区长
    if not starts and title[0] == "党" and len(title) > 2 and _abbreviation(run + "党"):
        run, title = run + "党", title[1:]  # 民众党主席 → 民众党 + 主席
    if run and not starts and not run.endswith(_all_org_suffixes()) and not unit_before_head \
            and not _abbreviation(run):
        return None, title, end  # 赛后|主教练, 而|主教练, 老|队长: no organisation named
    place = next((o for o in c.others if o.start == cs and o.label in (GPE, LOC)), None)
    portfolio = text[place.end:cs + len(run)] if place else ""
    if place and 0 < len(portfolio) <= PORTFOLIO and all(is_han(ch) for ch in portfolio) \
            and not run.endswith(_all_org_suffixes() + PUBLICATION_ENDINGS) and starts == [cs] \
            and not unit_before_head:
        # 英国|外交国务大臣, 日本|大藏大臣: a place, then no organisation but the field of the title
        return canonical_org(place.name or text[place.start:place.end], c.mainland), portfolio + title, cs
    return (canonical_org(run, c.mainland) if run else None), title, cs


PORTFOLIO = 6  # characters of a field between a place and a title (英国|外交国务|大臣)
PUBLICATION_ENDINGS = ("报", "刊", "网")  # 香港大公报|记者: a paper or site, not a field


def _word_in(c: _Context, w: str, s: int, e: int) -> bool:
    """Whether ``w`` stands in ``text[s:e]`` as a word of the segmenter's, not inside one
    (就 of 就业); anywhere when the segmenter's cuts are not known."""
    k = c.text.find(w, s, e)
    while k >= 0:
        if c.edges is None or k in c.edges and k + len(w) in c.edges:
            return True
        k = c.text.find(w, k + 1, e)
    return False


def _past_saying(c: _Context, cs: int, end: int) -> int:
    """Past the last pronoun, person or cue verb in the words before a title: they belong to
    a clause of their own (只见他数次追问|海委会主委管碧玲), not to an organisation's name.
    A cue verb counts only as a whole word of the segmenter (指挥部 holds none) after
    a pronoun or person (中国评论通讯社 is a name)."""
    pronouns = wordlists.alternatives("pronouns")
    speakers = {i: i + 1 for i in range(cs, end) if c.text[i] in pronouns}
    speakers.update({n.start: n.end for n in c.names or () if cs <= n.start and n.end < end})
    k = cs
    for i in range(cs, end):
        cue = cue_at(c.text, i)
        if i in speakers:  # 王明问|外交部长李华: a cue right after a name is one too
            k = speakers[i]
            k += len(cue_at(c.text, k) or "")
        elif k > cs and cue and c.edges and i in c.edges and i + len(cue) in c.edges:
            k = i + len(cue)  # after a speaker only: 中国评论通讯社 holds a cue word
    return k if k < end else cs


ABBREVIATION = 4  # characters of an organisation's short form before a title: 国科会|主委, 民众党|主席


def _abbreviation(run: str) -> bool:
    """Whether the words before a title are an organisation's short form: a few characters
    ending with the kind of body (国科会, 民众党, 海委会, 陆委会)."""
    return 2 < len(run) <= ABBREVIATION and all(is_han(ch) for ch in run) \
        and run[-1] in wordlists.characters("abbreviation_ends") \
        and run[0] not in wordlists.characters("stem_stops")


@cache
def _all_org_suffixes() -> tuple[str, ...]:
    """Every organisation suffix, one-character ones too: before a title 司 ends an office."""
    return tuple(wordlists.words("org_suffixes"))


def _name_before_title(c: _Context, s: int, e: int, unambiguous: bool) -> bool:
    """Whether ``text[s:e]`` before a title is a name (王明部长), not 国务院副总理 or 卓越领导人."""
    if is_not_name(c.text[s:e]) or any(o.start < e and s < o.end for o in c.others):
        return False
    return c.names is None or c.model_end.get(s) == e or unambiguous and not any(
        n.start < e and s < n.end for n in c.names)


def _named_before_cue(c: _Context) -> list[PersonMention]:
    """A name before a cue verb at the start of a clause: 张华表示，…"""
    text = c.text
    people = []
    for i in range(len(text)):
        if i and (is_han(text[i - 1]) or text[i - 1].isalnum()):
            continue
        s = _strip_prefixes(text, i, min(len(text), i + 6))
        if c.names is None:
            found = name_at(text, s, strict=True)
        else:
            found = (s, c.model_end[s]) if s in c.model_end else _place_led_name(c, s)
        if found and cue_at(text, found[1]) and not _inside_other(c, *found):
            people.append(PersonMention(found[0], found[1], text[found[0]:found[1]]))
    return people


UNLISTED_TITLE = 6  # characters of a title the lists lack, between an organisation and a name


@cache
def _title_ends() -> frozenset[str]:
    """The last characters of the listed titles (长, 员, 委, 师 …): how a post ends."""
    return frozenset(w[-1] for w in wordlists.words("titles"))


def _with_unlisted_title(c: _Context, p: PersonMention) -> PersonMention:
    """[organisation][a post the lists lack][name], a cue after it in its clause
    (内政部户政司|专委|潘营忠表示): the person, with that post, not the organisation. The words
    between must end as posts do and hold no coordination (公司和王明) nor 的."""
    if p.title or p.org or not _cue_in_clause(c.text, p.end):
        return p
    org = next((o for o in c.others if o.label == ORG and 0 < p.start - o.end <= UNLISTED_TITLE), None)
    between = c.text[org.end:p.start] if org else ""
    if not between or not all(is_han(ch) for ch in between) or between[-1] not in _title_ends() \
            or any(ch in wordlists.characters("coordinating") + "的" for ch in between) \
            or any(o.start < p.start and org.end < o.end for o in c.others if o is not org):
        return p
    org_name = canonical_org(org.name or c.text[org.start:org.end], c.mainland)
    return PersonMention(p.start, p.end, p.name, between, org_name, org.start)


def _cue_in_clause(text: str, i: int) -> bool:
    """Whether a cue verb follows ``i`` in its clause (潘营忠|今日在记者会|表示)."""
    for k in range(i, min(len(text), i + CLAUSE_TO_CUE)):
        if text[k] in "，,。；;：:！？!?\n":
            return False
        if cue_at(text, k):
            return True
    return False


CLAUSE_TO_CUE = 30  # characters from a subject to its cue


def _place_led_name(c: _Context, s: int, after_title: bool = False) -> tuple[int, int] | None:
    """A name that begins with a place of two characters, one more before a cue: 韩国瑜宣布
    (韩国 + 瑜), not 英国人说; after a title, one more that the segmenter left a word alone
    (候选人|韩国|瑜|昨天)."""
    place = next((o for o in c.others if o.start == s and o.end - o.start == 2 and o.label == GPE), None)
    if place is None or not surname_at(c.text, s) or place.end + 1 >= len(c.text):
        return None
    ch = c.text[place.end]
    alone = after_title and c.edges is not None and place.end in c.edges and place.end + 1 in c.edges
    if not is_han(ch) or ch in wordlists.characters("not_name_ends") or not (alone or cue_at(c.text, place.end + 1)):
        return None
    return s, place.end + 1


def _with_names(c: _Context, people: list[PersonMention], names: Sequence[Span], pending: list[_Pending],
                model: bool) -> list[PersonMention]:
    """People found as names alone: by the model (古特雷斯, 李华) or in a list of names.

    A name the rules took from a chain (it has a title) stays; a name may not
    hold a title. A surname before a title (江主席) may be a name of the
    model's own.
    """
    for n in names:
        s, e = n.start, n.end
        if any(t.start < e and s < t.end for t in c.titles) \
                or model and any(ps < e and s < pe and (s, e) != (ps, ps + len(run)) for ps, pe, run, _ in pending) \
                or any(p.start < e and s < p.end and p.title for p in people):
            continue
        people = [p for p in people if not (p.start < e and s < p.end)]
        people.append(PersonMention(s, e, c.text[s:e]))
    return people


def _re_mentions(c: _Context, people: list[PersonMention], pending: list[_Pending],
                 other_model_ents: list[Span]) -> list[PersonMention]:
    """Later mentions by name alone, and by surname and title, inherit title and organisation."""
    text = c.text
    known: dict[str, PersonMention] = {}  # the first mention with a title says who the person is
    for p in sorted(people, key=lambda p: p.start):
        k = known.get(p.name)
        # ... or a later one that gives the same title its organisation (民警张晓伟 … 城关派出所民警张晓伟)
        if k is None or (k.title is None and p.title) or (k.title and not k.org and p.org and p.title == k.title):
            known[p.name] = p
    # A one-character name (江 of 江主席) is too common a character to look for.
    # Where the model read the same characters as (part of) a place or an organisation
    # (马拉维湖, 毕加索博物馆), they are not the person; a shorter one inside the name is
    # the model's slip (川 of 对于川普).
    for name, first in known.items():
        i = text.find(name) if len(name) > 1 else -1
        while i >= 0:
            e = i + len(name)
            if not any(o.start < e and i < o.end and not (i <= o.start and o.end <= e and o.end - o.start < e - i)
                       for o in other_model_ents):
                people.append(PersonMention(i, i + len(name), name, first.title, first.org, i))
            i = text.find(name, i + len(name))
    for s, e, surname, title in pending:
        earlier = [p for p in known.values() if p.name.startswith(surname) and p.start < s and p.name != surname]
        if earlier:
            # 孙书记 is 县委书记孙录, not 村民孙为军 named since: the one who held that title
            best = max(earlier, key=lambda p: (bool(p.title) and p.title.endswith(title), p.start))
            # 葛局长 is 葛军 named before, not a person 葛 (as the model may say)
            people = [p for p in people if (p.start, p.end) != (s, s + len(surname))]
            people.append(PersonMention(s, e, best.name, best.title or title, best.org, s))
    return people


def _short_names(text: str, people: list[PersonMention]) -> list[PersonMention]:
    """Names that are part of a name given in full elsewhere in the article become it.

    - a name cut short where the text goes on with the full one (杨琼|璎) is the full one;
    - the given name alone (亚芳 for 谢亚芳), the first two characters of a name of
      four (林郑 for 林郑月娥) and the first or last part of a transliterated name
      (卢比奥 for 马尔科·卢比奥) refer to that person, when only one person fits;
    """
    surnames = wordlists.surnames()
    full = {p.name for p in people if len(p.name) >= 3}
    # indexes of the full names (an article may list hundreds of names): by prefix, by part
    prefixes: dict[str, set[str]] = {}
    parts: dict[str, set[str]] = {}
    for n in full:
        for k in range(1, len(n)):
            prefixes.setdefault(n[:k], set()).add(n)
        if "·" in n:
            for part in {n.split("·")[0], n.split("·")[-1]}:
                parts.setdefault(part, set()).add(n)
        if len(n) == 3 and n[0] in surnames:
            parts.setdefault(n[1:], set()).add(n)
    out = []
    for p in people:
        longer = prefixes.get(p.name, set())
        if len(longer) == 1 and text.startswith(next(iter(longer)), p.start):
            name = next(iter(longer))
            p = replace(p, end=p.start + len(name), name=name)
        elif len(p.name) >= 2:
            fits = parts.get(p.name, set()) | {n for n in longer if len(n) >= 4 and len(p.name) == 2}
            fits.discard(p.name)
            if len(fits) == 1:
                p = replace(p, name=next(iter(fits)))
        out.append(p)
    return out


def _one_per_place(people: list[PersonMention]) -> list[PersonMention]:
    """One mention per place in the text: the one that says most about the person."""
    def rank(p: PersonMention) -> tuple:
        return (p.title is not None, p.org is not None, -p.first)

    best_at: dict[tuple[int, int], PersonMention] = {}
    for p in people:
        old = best_at.get((p.start, p.end))
        best_at[(p.start, p.end)] = p if old is None else max(old, p, key=rank)
    # A name inside a longer one is part of it (易远 in 易远航, a model name cut short).
    spans = list(best_at)
    return sorted((p for (s, e), p in best_at.items()
                   if not any(os_ <= s and e <= oe and (os_, oe) != (s, e) for os_, oe in spans)),
                  key=lambda p: (p.start, p.end))


def _clause_start(text: str, i: int) -> int:
    """Where the clause that ends at ``i`` begins: after punctuation, 的 or 了.

    A place in brackets inside a company's name does not end it.
    """
    breaks = wordlists.characters("clause_breaks")
    j = i
    while j > 0 and i - j < MAX_CHAIN:
        if is_han(text[j - 1]) or text[j - 1] == "·":
            if text[j - 1] in breaks:
                break
            j -= 1
        elif text[j - 1] == "）" and j < i and _NAME_BRACKET.search(text, max(0, j - 7), j):
            j = text.rindex("（", 0, j)
        elif text[j - 1] == "”" and j < i and "“" in text[max(0, j - QUOTED_IN_NAME):j - 1] \
                and j - 2 > 0 and is_han(text[j - 2]):
            j = text.rindex("“", 0, j - 1)  # 复旦大学“一带一路”及全球治理研究院: a quoted term inside a name
        else:
            break
    return j


def _strip_prefixes(text: str, s: int, e: int) -> int:
    """Skip words that open a clause (据, 在, 此外, 9月4日 …) but name no one."""
    changed = True
    while changed and s < e:
        changed = False
        if text[s] in "日月年" and s > 0 and text[s - 1].isdigit():
            s, changed = s + 1, True
            continue
        for p in wordlists.by_first_character(_chain_prefixes()).get(text[s], ()):
            if text.startswith(p, s) and s + len(p) <= e:
                s, changed = s + len(p), True
                break
    return s


def entity_mentions(text: str, ents: Sequence[Span], places: Sequence[Span],
                    people: Sequence[PersonMention]) -> tuple[list[Span], list[Span]]:
    """The article's entity mentions, decided here once: people first, then the
    organisations of their chains, then the other entities where they overlap
    neither; and the places that cut into no person's name.

    Returns ``(entities, places)``, each named (``name`` set): entities have no
    overlaps; a place may lie inside an organisation's name (山西 in 山西焦煤)
    and is still a mention.
    The run before a chain's title is one organisation when it starts with
    an entity and ends as organisations do (中国 + 信息通信研究院); 本报讯新华社
    and 中国驻美 are not one.
    """
    starts = {e.start for e in ents if e.label in (ORG, GPE, LOC)}
    orgs = {(e.start, e.end) for e in ents if e.label == ORG}
    found: list[Span] = []
    for p in people:
        found.append(Span(p.start, p.end, PERSON, p.name))
        end = p.start - len(p.title or "")
        if p.org and p.title and p.chain_start is not None and p.chain_start < end and p.chain_start in starts and (
                (p.chain_start, end) in orgs or text[p.chain_start:end].endswith(org_suffixes())):
            found.append(Span(p.chain_start, end, ORG, p.org))  # [org][title][name]
    found = longest_first(found)
    taken = {i for f in found for i in range(f.start, f.end)}
    kept = _named_again(text, sorted(found + [_named(text, x) for x in ents if taken.isdisjoint(range(x.start, x.end))]))
    kept = _short_names_defined(text, kept)
    persons = {i for x in kept if x.label == PERSON for i in range(x.start, x.end)}
    return kept, [_named(text, p) for p in places if persons.isdisjoint(range(p.start, p.end))]


def initials_of(short: str, name: str) -> bool:
    """Whether ``short`` names ``name`` by its first character and its kind of body's
    (清大 for 清华大学, 北大 for 北京大学, 中银 for 中国银行)."""
    kind = next((k for k in _kinds() if name.endswith(k)), None)
    return kind is not None and len(name) >= len(kind) + 2 and short == name[0] + kind[0]


@cache
def _kinds() -> tuple[str, ...]:
    """Kinds of body of two characters or more (大学, 银行): a short name keeps their first character."""
    return tuple(w for w in wordlists.words("org_suffixes") if len(w) > 1)


TAIL = 3  # characters, at least, of an organisation named again by the end of its name


# 国家通讯传播委员会（NCC）, 中国人民银行（以下简称“人民银行”）: a short name the article defines
_DEFINED = re.compile(r"（[ 　]*(?:(?:以下)?简称[ 　]*“?([^（）“”\s，。]{2,8})”?|([A-Z][A-Za-z&]{1,7}))[ 　]*）")


def _short_names_defined(text: str, ents: list[Span]) -> list[Span]:
    """An organisation's short name that the article defines in brackets right after it
    (国家通讯传播委员会（NCC）, 某公司（以下简称“某某”）) is that organisation wherever it
    stands after, outside other mentions (NCC说明, 某某称): Latin initials as a whole word."""
    defined = {}  # where each short name is defined: its end → (short name, organisation)
    for o in ents:
        m = _DEFINED.match(text, o.end) if o.label == ORG else None
        if m is not None:
            defined[m.end()] = (m.group(1) or m.group(2), o.name, bool(m.group(2)))
    if not defined:
        return ents
    out = list(ents)
    for after, (short, name, initials) in sorted(defined.items()):
        k = text.find(short, after)
        while k >= 0:
            e = k + len(short)
            whole = not (initials and (text[k - 1:k].isascii() and text[k - 1:k].isalnum()
                                       or text[e:e + 1].isascii() and text[e:e + 1].isalnum()))
            same = next((i for i, x in enumerate(out) if (x.start, x.end) == (k, e) and x.label == ORG), None)
            if same is not None:  # the model's 星海控股 or WHO, named as the article defined it
                out[same] = Span(k, e, ORG, name)
            elif whole and not any(x.start < e and k < x.end for x in out):
                out.append(Span(k, e, ORG, name))
            k = text.find(short, e)
    return sorted(out, key=lambda x: (x.start, x.end))


def _named_again(text: str, ents: list[Span]) -> list[Span]:
    """An organisation named again is the one named before: by its initials (清华大学 … 清大),
    or by the end of its name (中央气象署 … 气象署) when the name before holds nothing but
    Chinese characters (not a name the model ran across page furniture: Next 衞生防護中心)
    and no organisation before that end (中央纪委|监察部 is two). A name the word lists
    know stands for itself."""
    out: list[Span] = []
    orgs: list[Span] = []  # the organisations so far
    known = known_orgs()
    for x in ents:
        surface = text[x.start:x.end]
        if x.label == ORG and len(surface) == 2:
            before = next((o for o in reversed(orgs) if initials_of(surface, o.name or "")), None)
        elif x.label == ORG and len(surface) >= TAIL and canonical_org(surface) not in known:
            before = next((o for o in reversed(orgs) if o.end - o.start > len(surface)
                           and text.endswith(surface, o.start, o.end)
                           and all(is_han(ch) for ch in text[o.start:o.end])
                           and not text[o.start:o.end - len(surface)].endswith(org_suffixes())), None)
        else:
            before = None
        if before is not None:  # 清华大学 … 清大, 中央气象署 … 气象署
            x = Span(x.start, x.end, ORG, before.name)
        out.append(x)
        if x.label == ORG:
            orgs.append(x)
    return out


def _named(text: str, span: Span) -> Span:
    """A span with its name: the word lists' canonical name, else the text; an
    organisation as news names it (台盟中央 → 台湾民主自治同盟中央), as the
    organisations of speaker chains are."""
    if span.name:
        return span
    surface = text[span.start:span.end]
    return Span(span.start, span.end, span.label, canonical_org(surface) if span.label == ORG else surface)
