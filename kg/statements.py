"""Statements: who said what, as plain functions over an article's people and entities.

After textacy's ``direct_quotations``, made for Chinese news: pair the quote
marks, find the cue verbs (kg.cues), give each cue its speaker (kg.speakers),
and take what was said:

- 某某说：“…” and “…”某某说 — the quote next to the cue is the speaker's;
  a cue after a quote and a comma starts a second, indirect statement
  (“…”魏亮建议，构建…);
- 某某表示，… / 据某某介绍，… — reported speech, to the end of the sentence
  or to the clause of the next cue (称…，并强调…: two statements); a quoted
  sentence closing it is a direct statement of its own;
- a quote with no cue beside it: “…”这是某某的结论; a signature line
  (——某某部长王某); the subject of the sentence it closes (某某轻点按钮，“…”);
  the speaker of the statement right before it, when no one else is named in
  between (a quoted paragraph that goes on);
- transcripts and interviews: a turn opened by a label (王某：…, 答：…) is
  the labelled speaker's, 答 being the one the text names as answering.

Quotes that no pattern attributes (verse, slogans, sayings) are kept with no
speaker; short quoted terms (“扩容”) are not statements at all.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property

from kg import wordlists
from kg.cues import Cue, cue_at, cue_class, find_cues, organisations_say
from kg.entities import org_suffixes, titles_of_works
from kg.names import name_at, word_edges
from kg.normalize import CLOSE_QUOTE, OPEN_QUOTE, is_han
from kg.speakers import (SENTENCE_END, SHORT_NAME, Discourse, addressed, candidates_at, clause_start, discourse, sentence_start,
                         speakers_of_cue, subject, subject_to_cue)
from kg.types import DIRECT, GPE, INDIRECT, LOC, ORG, PERSON, TITLE, Analysis, PersonMention, Span, Statement

# A turn's label: at a line's start, or after a sentence and a space in a transcript run together.
_LABEL = re.compile(r"(?m)(?:^|(?<=[。？！?!”])[ 　]+)[ 　\t▲■●◆★]*[\[【]?((?:[^\s：:，。“”（）()？?\[\]【】]{1,30}?[ 　])?"
                    r"[^\s：:，。“”（）()？?\[\]【】]{1,12}?)[\]】]?(?:[（(][^（）()\n]{1,30}[）)])?[ 　]*[：:]")
# [李克强]:, 【吴江】：, 余放（《潘汉年》出品人、总监制）： the label is the name; a bracket after it holds a title
# ——外交部长王某 closing a line, or before a comma that goes on with the story (——吕晓明，CBA…)
_SIGNATURE = re.compile(r"(?m)[—－-]{2}[ 　]*([^\n—－，,。]{2,30}?)[ 　]*(?:$|[，,。])")
TRIM_START = " 　，,：:\n"
MIN_REPORTED = 4  # characters (letters, digits, Han) reported speech has at least
TRIM_END = " 　。，,；;\n"


@cache
def _words() -> dict:
    return {
        "speech_nouns": wordlists.alternatives("speech_nouns"),
        "answer_labels": wordlists.alternatives("answer_labels"),
        "question_labels": wordlists.alternatives("question_labels"),
        "attribution_after_quote": wordlists.alternatives("attribution_after_quote"),
        "continuation_markers": wordlists.alternatives("continuation_markers"),
        "topic_endings": wordlists.alternatives("topic_endings"),
        "addressees": wordlists.alternatives("addressees"),
        "listener_cues": wordlists.alternatives("listener_cues"),
        "person_nouns": wordlists.alternatives("person_nouns"),
        "clause_markers": wordlists.alternatives("clause_markers"),
        "issuing_verbs": wordlists.alternatives("issuing_verbs"),
        "assertion_cues": wordlists.alternatives("assertion_cues"),
        "appeal_cues": wordlists.alternatives("appeal_cues"),
        "byline_verbs": wordlists.alternatives("byline_verbs"),
        "topic_openers": wordlists.alternatives("topic_openers"),
        "media_endings": wordlists.alternatives("media_endings"),
        "related_headings": wordlists.alternatives("related_headings"),
    }


def pair_quotes(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Top-level “…” pairs as (open, close) indices, and warnings.

    Marks are paired by direction, nested ‘…’ stay inside. An unbalanced mark
    never fails the article (textacy issues #379, #380): a closing mark with no
    opening one is skipped, and a quote left open is taken to the end of its
    paragraph (its "close" is then the index after the paragraph's last
    character), with a warning each. A quote may run over paragraphs when each new
    paragraph reopens it with “, as Chinese typesetting does.

    >>> pair_quotes("他说：“好。”")
    ([(3, 6)], [])
    >>> pair_quotes("他说：“好。\\n下一段")
    ([(3, 6)], ['quote opened at character 3 is not closed in its paragraph: taken to the paragraph end'])
    """
    pairs, warnings, stack = [], [], []
    for i, ch in enumerate(text):
        if ch == OPEN_QUOTE:
            if not stack or text[i - 1] != "\n":  # a reopened quote continues
                stack.append(i)
        elif ch == CLOSE_QUOTE:
            if stack:
                start = stack.pop()
                if not stack:
                    pairs.append((start, i))
            else:
                warnings.append(f"closing quote mark at character {i} has no opening mark: skipped")
        elif ch == "\n" and stack and not text.startswith(OPEN_QUOTE, i + 1):
            warnings.append(f"quote opened at character {stack[0]} is not closed in its paragraph: taken to the paragraph end")
            pairs.append((stack[0], max(stack[0] + 1, len(text[:i].rstrip()))))
            stack.clear()
    if stack:
        warnings.append(f"quote opened at character {stack[0]} is not closed: taken to the end of the text")
        pairs.append((stack[0], max(stack[0] + 1, len(text.rstrip()))))
    return pairs, warnings


_QUOTE_MARKS = re.compile(f"[{OPEN_QUOTE}{CLOSE_QUOTE}‘’\\s]+")


def mostly_quote_marks(text: str) -> bool:
    """Whether ``text`` is nothing, or mostly quote marks (and blanks): a runaway “““… says nothing."""
    return len(_QUOTE_MARKS.sub("", text)) * 2 < len(text) or not text.strip()


def is_speech(text: str) -> bool:
    """A quoted sentence, not a quoted term: “扩容” and “东数西算” are names, and
    a quote of nothing but quote marks, or mostly quote marks (a runaway “““…), says nothing.

    >>> is_speech("扩容"), is_speech("我们会继续努力。"), is_speech("“”" * 20), is_speech("“" * 99 + "市民说：")
    (False, True, False, False)
    """
    if mostly_quote_marks(text):
        return False
    return any(p in text for p in "，。！？；…,.!?;") or len(text) >= 15


@dataclass(frozen=True)
class _Text:
    """One article as the patterns read it."""

    d: Discourse
    original: str
    quotes: tuple[tuple[int, int], ...]
    cues: tuple[Cue, ...]
    edges: frozenset[int] | None  # the segmenter's word edges, cut at entities; None: one word a character

    @cached_property
    def _quote_ends(self) -> dict[int, int]:
        return dict(self.quotes)

    def quote_at(self, k: int) -> tuple[int, int] | None:
        """The paired quote whose opening mark is at ``k``, if any."""
        end = self._quote_ends.get(k)
        return None if end is None else (k, end)

    @cached_property
    def unclosed(self) -> frozenset[int]:
        """Where the quotes open that no mark closes: each runs to its paragraph's end
        (:func:`pair_quotes`), and no speaker is looked for after it."""
        text = self.d.text
        return frozenset(s for s, e in self.quotes if text[e:e + 1] != CLOSE_QUOTE)


def find_statements(a: Analysis, people: Sequence[PersonMention],
                    mentions: Sequence[Span]) -> tuple[list[Statement], list[str]]:
    """The statements of an article, in text order, and warnings (unpaired quote marks).

    ``people`` and ``mentions`` are the article's (kg.mentions): its
    organisations may speak, and no cue is read inside its titles.
    """
    text = a.norm
    quotes, warnings = pair_quotes(text)
    inside = bytearray(len(text) + 1)  # inside a quote of speech; a quoted term (「公民监督国会联盟」) is text
    for s, e in quotes:
        if is_speech(text[s + 1:e]):
            e += text[e:e + 1] == CLOSE_QUOTE  # a quote left open ends before its paragraph's break
            inside[s:e] = b"\x01" * (e - s)
    blocked = bytearray(inside)
    for m in list(mentions) + titles_of_works(text):  # no cue inside a title, nor in 《铿锵说》
        if m.label in (TITLE, ""):
            blocked[m.start:m.end] = b"\x01" * (m.end - m.start)
    d = discourse(text, people, [m for m in mentions if m.label == ORG], bytes(inside),
                  [m for m in mentions if m.label in (GPE, LOC)])
    edges = None  # one word a character (the char segmenter): every position is an edge
    if any(w.end - w.start > 1 for w in a.words):  # the segmenter's words, cut again at entity edges (张三|说)
        edges = word_edges(a.words) | word_edges(mentions) | {o for p in people for o in (p.start, p.end)}
    cues = find_cues(text, edges, bytes(blocked))
    cues = sorted(cues + _colon_frames(d, cues, bytes(blocked)), key=lambda c: c.start)
    t = _Text(d, a.text, tuple(quotes), tuple(cues),
              None if edges is None else frozenset(edges))
    found, asked = _labelled_turns(t)
    found += _cue_statements(t, _taken(found) + asked)
    found += _quotes_without_cue(t, found)
    furniture = _furniture(text)
    found = [f for f in found if not any(s <= f.start < e for s, e in furniture)]
    return _trimmed(t, found), warnings


_LIST_ITEM = re.compile(r"[^\s，。！？；：,.!?;:“”「」]{1,14}")
LIST_ITEMS = 4  # short items separated by spaces on a line with no punctuation: a list of links


def _furniture(text: str) -> list[tuple[int, int]]:
    """Stretches of a web page that are no article: from a line that opens its list of other
    articles (相关推荐, 延伸阅读 …) to the end, and lines that are lists of links
    (央视质疑29岁市长 邓玉娇失踪 朝鲜军事演习 …)."""
    out = []
    headings = _words()["related_headings"]
    at = 0
    lines = text.split("\n")
    for n, line in enumerate(lines):
        end = at + len(line)
        words = line.split()
        if line.strip(" 　\t:：>》").startswith(headings) and len(line.strip()) <= len(max(headings, key=len)) + 4:
            if not _prose(lines[n + 1:]):
                out.append((at, len(text)))
                break
            out.append((at, end))  # 更多新闻短片 at the top of a page whose article follows: the line only
        if len(words) >= LIST_ITEMS and all(_LIST_ITEM.fullmatch(w) for w in words):
            out.append((at, end))
        at = end + 1
    return out


PROSE_LINE = 40  # characters of a line of article text, with a sentence end in it
PROSE_LOOKAHEAD = 3  # non-empty lines after a related-articles heading that say whether the article goes on


def _prose(lines: list[str]) -> bool:
    """Whether the article goes on in the first lines after a heading: a long line with a sentence end."""
    nonempty = [ln.strip() for ln in lines if ln.strip()][:PROSE_LOOKAHEAD]
    return any(len(ln) >= PROSE_LINE and any(p in ln for p in "。！？") for ln in nonempty)


_COUNTED = re.compile(r"[一二两三四五六七八九十几多][个项点条种大]")  # 面临两个选择：… lists, says nothing
COLON_FRAME = 8  # characters: 李春久看得更透：…, 王明感慨万千：… (a predicate, not a cue verb, before a colon)


def _colon_frames(d: Discourse, cues: Sequence[Cue], blocked: bytes) -> list[Cue]:
    """A person and a short predicate before a colon: the colon is the cue (李春久看得更透：你收了…).

    The predicate is what stands between the clause's subject and the colon:
    a few characters, no cue verb among them, no punctuation.
    """
    text = d.text
    out = []
    for k, ch in enumerate(text):
        if ch not in "：:" or blocked[k] or k + 1 >= len(text) or text[k + 1] in "\n”」":
            continue
        cs = clause_start(d, k)
        who = subject(d, cs, k)
        if not who or who[-1].label != PERSON:
            continue
        s = who[-1].end
        predicate = text[s:k]
        if 0 < len(predicate) <= COLON_FRAME and all(is_han(c) for c in predicate) \
                and not predicate.endswith(_words()["byline_verbs"]) and not _COUNTED.search(predicate) \
                and not any(s <= c.start < k for c in cues):
            out.append(Cue(s, k, predicate))
    return out


def _said(t: _Text, speaker: PersonMention | None, cue: str | None, kind: str, s: int, e: int) -> Statement:
    return Statement(speaker, cue, kind, s, e, t.original[s:e], cue_class(cue) if cue else None)


def _taken(found: Sequence[Statement]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in found]


def _trimmed(t: _Text, found: list[Statement]) -> list[Statement]:
    """What was said, with no leading or trailing punctuation or space; in text order."""
    text = t.d.text
    out = []
    for f in sorted(found, key=lambda f: (f.start, f.end, f.speaker.name if f.speaker else "")):
        s, e = f.start, f.end
        while s < e and text[s] in TRIM_START:
            s += 1
        while e > s and text[e - 1] in TRIM_END:
            e -= 1
        if e > s:
            speaker = None if f.speaker is None or addressed(f.speaker) else f.speaker
            out.append(replace(f, speaker=speaker, start=s, end=e, text=t.original[s:e]))
    return out


# -- cue verbs ---------------------------------------------------------------

def _cue_statements(t: _Text, taken: list[tuple[int, int]]) -> list[Statement]:
    """Every cue with its speaker: the quotes beside it and the reported speech after it.

    A cue inside what an earlier cue reported (王明说，李华认为…) is part of
    that statement; a quote is given to one cue only.
    """
    found: list[Statement] = []
    taken = list(taken)
    for n, cue in enumerate(t.cues):
        if any(s <= cue.start < e for s, e in taken):
            continue
        if _governed_by_later(t, cue, t.cues[n + 1:]):
            continue  # 谈到…时说，: the last cue before the comma says what was said
        speakers = [sp for sp in speakers_of_cue(t.d, cue.start)
                    if sp.label == PERSON or organisations_say(cue.verb)]
        if not speakers:
            continue
        verb = t.d.text[cue.start:cue.end]
        for s, e, kind in _what_was_said(t, cue, t.cues[n + 1:]):
            if any(ts <= s < te for ts, te in taken):
                continue
            found += [_said(t, sp, verb, kind, s, e) for sp in speakers]
            taken.append((s, e))
    return found


def _governed_by_later(t: _Text, cue: Cue, later: Sequence[Cue]) -> bool:
    """Whether a later cue of the same clause, followed by a comma, colon or quote, is the real one."""
    text = t.d.text
    if cue.end < len(text) and text[cue.end] in "，,：:“":
        return False
    nxt = next(iter(later), None)
    if nxt is None or clause_start(t.d, nxt.start) != clause_start(t.d, cue.start):
        return False
    if text[cue.end:nxt.start].endswith(_TIME_ENDINGS):
        return True  # 在阐述任务时强调要…: the cue inside the time clause says nothing
    return nxt.end < len(text) and text[nxt.end] in "，,：:“"


OBJECT_BEFORE_COLON = 24  # characters: 回应公司产业链IPO政策受限：…, 道出了自己的感受：…


def _past_addressee(t: _Text, j: int, listener: bool = False) -> int:
    """告诉记者：…, 问自己：…: past whom the cue speaks to, when a comma, a colon or a quote follows;
    past what it speaks of, when a colon follows (回应…政策受限：自媒体造谣抹黑). After a cue
    that speaks to someone (``listener``: 提醒, 呼吁 …), whoever is named before the comma is
    who it speaks to (提醒消费者，…, 呼吁学校，…), not what was said (呼吁停火，…)."""
    text = t.d.text
    for k in range(j, min(len(text), j + OBJECT_BEFORE_COLON)):
        if text[k] in "：:":
            return k + 1
        if text[k] in "，,":  # 谴责中国当局行动，“…”: what it criticised, then what it said
            heard = text[j:k].endswith(_words()["addressees"]) or text.startswith(OPEN_QUOTE, k + 1)
            return k + 1 if heard or listener and k - j <= LISTENER and _listener(t, j, k) else j
        if text[k] == OPEN_QUOTE and (text[j:k].endswith(_words()["addressees"]) or _quoted_sentence(t, k)
                                      and any(p.end == k and j <= p.start for p in t.d.people)):
            return k  # 追问海委会主委管碧玲“指挥官怎么说？”: whom it asked, then what (not 警告习近平“清楚后果”)
        if text[k] in SENTENCE_END + "“”；;":
            break
    return j


LISTENER = 10  # characters of whom a cue speaks to (提醒|广大消费者|，)


@cache
def _listener_endings() -> tuple[str, ...]:
    """How a listener ends: a person noun, a plural or kind of people (们, 者, 员 …), a party (方),
    an organisation's suffix."""
    return _words()["person_nouns"] + ("们", "者", "生", "员", "校", "界", "方") + org_suffixes()


def _listener(t: _Text, j: int, k: int) -> bool:
    """Whether ``text[j:k]`` names people, a group or an organisation: a person noun (消费者,
    同学们), an organisation's ending (学校, 各部门) or a person or organisation found there."""
    words = t.d.text[j:k]
    return all(is_han(ch) for ch in words) and (
        words.endswith(_listener_endings())
        or any(p.start == j and p.end == k for p in t.d.people) or any(o.start == j and o.end == k for o in t.d.orgs))


def _quoted_sentence(t: _Text, k: int) -> bool:
    quote = t.quote_at(k)
    return quote is not None and is_speech(t.d.text[k + 1:quote[1]])


def _what_was_said(t: _Text, cue: Cue, later: Sequence[Cue]) -> list[tuple[int, int, str]]:
    """The quotes and reported speech of one cue, as ``(start, end, kind)``."""
    text = t.d.text
    out = []
    before = _quote_before(t, cue)
    if before:
        out.append((before[0] + 1, before[1], DIRECT))
    if text.endswith(_SO, 0, cue.start) and text[cue.end:cue.end + 1] not in ("：", ":", OPEN_QUOTE):
        return out  # 他这样说道，听到此话…: "so" points back to words already given, not on
    j = cue.end
    short = SHORT_NAME.match(text, j)
    if short:
        j = short.end()
    while j < len(text) and text[j] in " 　" and j + 1 < len(text) and text[j + 1] in "，,：: 　":
        j += 1  # 强调 ， 对于…: web copies put spaces around commas
    listener = text.startswith(_words()["listener_cues"], cue.start)
    if j < len(text) and text[j] in "，,：:":
        j += 1
    else:
        j = _past_addressee(t, j, listener)
    while j < len(text) and (text[j] in " 　" or text[j] == "\n" and text[j - 1] in "：:\n 　"):
        j += 1  # 表示：⏎“…”: what was said opens the next paragraph
    if any(c.start == j for c in later) and (text.endswith(_words()["issuing_verbs"], 0, cue.start)
                                            or text[j - 1] in "，," and text.startswith(_words()["assertion_cues"], j)):
        return out  # 发出通报，强调…, 向校长喊话，强调…: the next cue says what was said
    quote = t.quote_at(j)
    if quote is not None and mostly_quote_marks(text[quote[0] + 1:quote[1]]):
        return out  # 说：“““…: a runaway of marks says nothing
    if quote is not None and _quoted_term(t, quote):
        if text[j - 1] not in "，,：:":
            return out  # 回应「告别议案」争议: what was responded to, not what was said
        end = _reported_end(t, j, later)  # 认为，“便捷、高效”是她最直接的感受: reported speech
        out.append((j + 1, end, INDIRECT))
        return out
    if quote is not None:  # after a cue even a short quote is what was said (林郑月娥指「无特别听到…」)
        if is_speech(text[quote[0] + 1:quote[1]]) or quote[1] - quote[0] > MIN_REPORTED:
            out.append((quote[0] + 1, quote[1], DIRECT))
        return out
    if j >= len(text) or text[j] in SENTENCE_END:
        return out
    # a topic after 介绍, 强调; but what one calls on someone to do is what was said (呼吁人们重视…问题)
    if text[j - 1] not in "，,：: 　\n" and (_names_a_topic(t, j) and not listener or _time_clause(t, j) or _short_object(t, j)
                                          or text.startswith(_words()["topic_openers"], j)):
        return out  # 介绍了…情况, 表示感谢, 于国会质询此议题时, 通报全市，…: what follows is no statement
    end = _reported_end(t, j, later)
    if _says_something(text[j:end]):  # not 摘要, > 正文, 这是———（附图片１张）
        out.append((j, end, INDIRECT))
        closing = t.quote_at(end)
        closing = closing if closing and is_speech(text[closing[0] + 1:closing[1]]) else None
        if closing:  # 某某表示，A，“B。”: the quote is a statement of its own (or “B… left open)
            out.append((closing[0] + 1, closing[1], DIRECT))
    return out


QUOTED_SENTENCE_END = "。！？!?…"  # a quote ending with these inside its marks is a sentence of its own
_TIME_ENDINGS = ("时", "时候", "之时", "之际", "期间")  # 质询此议题时, 在阐述任务时
_TIME_OPENERS = ("在", "于")  # a time clause opened after the cue (要求…在抓好生产的同时，…) is part of what was said
_NOTE = re.compile(r"（[^（）]*）|\([^()]*\)")  # （附图片１张）: a note of the layout, said by no one


def _quoted_term(t: _Text, quote: tuple[int, int]) -> bool:
    """Whether a quote is a term the sentence goes on from (“便捷、高效”是…, 「告别议案」争议):
    no sentence ends inside it, and a word follows its closing mark that neither is a cue
    nor names someone (“…”他还说 is speech)."""
    text = t.d.text
    qs, qe = quote
    return not is_speech(text[qs + 1:qe]) and qe + 1 < len(text) and is_han(text[qe + 1]) \
        and cue_at(text, qe + 1) is None and not candidates_at(t.d, qe + 1)


def _says_something(said: str) -> bool:
    """Whether reported speech says anything: enough letters or digits once the notes of the
    layout are gone (李春久说，这是———（附图片１张） says nothing)."""
    return sum(ch.isalnum() for ch in _NOTE.sub("", said)) >= MIN_REPORTED


def _names_a_topic(t: _Text, j: int) -> bool:
    """Whether the phrase right after a cue (up to the next punctuation) names a topic."""
    text = t.d.text
    end = j
    while end < len(text) and text[end] not in "，,。；;：:！？!?\n“”（）":
        end += 1
    if not text[j:end].endswith(_words()["topic_endings"]):
        return False
    # A marker that is a word of its own makes a clause (他说|他|将|继续…); 可再生 holds no 再.
    return not any(text.startswith(m, k) and (len(m) > 1 and t.edges is None or t.edges and k in t.edges
                                              and k + len(m) in t.edges)
                   for k in range(j, end) for m in _words()["clause_markers"])


def _short_object(t: _Text, j: int) -> bool:
    """通报全市，但…: a cue's object of a word or two before a comma, not what was said."""
    text = t.d.text
    comma = next((k for k in range(j, min(len(text), j + MIN_REPORTED)) if text[k] in "，,"), None)
    return comma is not None


def _time_clause(t: _Text, j: int) -> bool:
    """Whether the words after a cue close a time clause (质询此议题时，…): the cue is in it."""
    text = t.d.text
    end = j
    while end < len(text) and text[end] not in "，,。；;：:！？!?\n“”":
        end += 1
    # 要求各级领导在抓好生产的同时，…: a time clause opened after the cue is part of what was said
    return end < len(text) and text[end] in "，," and text[j:end].endswith(_TIME_ENDINGS) \
        and not any(w in text[j:end] for w in _TIME_OPENERS)


ADVERBIAL_AFTER_QUOTE = 12  # characters of a clause between a quote and its speaker (“…”在对话环节，侯刚说。)
QUOTE_TO_CUE = 20  # characters between the speaker after a quote and the cue (“…”某某以…为例介绍)


_SO = ("这样", "这么", "如是", "如此")  # words of a cue's clause that point back to the quote before


def _quote_before(t: _Text, cue: Cue) -> tuple[int, int] | None:
    """The speech quote that ends right before the cue's clause: “…”某某说, “…”，某某表示;
    not one that a cue before it introduced (有人问：“…”杨某笑着…告诉他们)."""
    text = t.d.text
    cs = clause_start(t.d, cue.start)
    subject_end = max((sp.end for sp in subject(t.d, cs, cue.start)), default=cs)
    ends_sentence = cue.end < len(text) and text[cue.end] in SENTENCE_END
    if ends_sentence and cs >= 2 and text[cs - 1] in "，,":  # “…”在对话环节，侯刚说。: past one adverbial clause
        before = clause_start(t.d, cs - 2)
        if cs - before <= ADVERBIAL_AFTER_QUOTE and not any(before <= p.start < cs for p in t.d.people):
            cs = before
    # “……”。他在电话里这样对记者说。: a cue that says "so" ends the sentence after the quote
    so = ends_sentence and any(w in text[cs:cue.start] for w in _SO)
    for qs, qe in t.quotes:
        if qs in t.unclosed:
            continue  # nothing closes it: what follows is the next paragraph
        if so and qe + 2 == cs and text[qe + 1] in SENTENCE_END \
                or (qe + 1 == cs or qe + 2 == cs and text[qe + 1] in "，,") and cue.start - subject_end <= QUOTE_TO_CUE:
            introduced = any(c.end <= qs and text[c.end:qs].strip(" 　，,：:") == "" for c in t.cues)
            return (qs, qe) if is_speech(text[qs + 1:qe]) and not introduced else None
    return None


def _reported_end(t: _Text, j: int, later: Sequence[Cue]) -> int:
    """Where reported speech from ``j`` ends: the sentence end, the clause before the next
    cue of a new clause (称…，并强调…), or a quoted sentence that closes it."""
    d = t.d
    end = j
    while end < len(d.text) and (d.inside[end] or d.text[end] not in SENTENCE_END + "】"):
        end += 1  # 【headline】 copies of a web page end where their bracket closes
    for cue in later:
        if cue.start >= end:
            break
        cs = clause_start(d, cue.start)
        opening = d.text[cs:cue.start].strip(" 　")
        if d.text[cue.end:cue.end + 2].lstrip(" 　")[:1] not in "，,：:“" \
                and not d.text.startswith(_words()["listener_cues"], cue.start) \
                and (_short_object(t, cue.end) or _names_a_topic(t, cue.end)):
            continue  # …，韩国瑜提出解方，…: one who did something, said of in the statement, says nothing
        if cs > j and (opening.startswith(_words()["continuation_markers"])
                       or not opening and d.text.startswith(_words()["assertion_cues"] + _words()["appeal_cues"], cue.start)
                       or any(c.label == PERSON or c.end == cue.start
                              for c in subject(d, cs, cue.start, after_de=False))
                       or any(c.label == PERSON and subject_to_cue().fullmatch(d.text, c.end, cue.start)
                              for c in subject(d, cs, cue.start))):
            end = cs  # 称…，并强调…; …，李华则认为…; …，出选九龙东的张培刚建议…: a statement of its own
            break
    for qs, qe in t.quotes:
        if j < qs < end and d.text[qs - 1] in "，,：:" and is_speech(d.text[qs + 1:qe]) \
                and (all(ch in "”。！？!?" for ch in d.text[qe:end]) or d.text[qe - 1] in QUOTED_SENTENCE_END
                     or qs in t.unclosed):
            return qs  # 某某表示，A，“B。”: a quoted sentence, ending there or not, or left open (“B…), closes A
    return end


# -- quotes with no cue beside them ------------------------------------------

def _quotes_without_cue(t: _Text, found: list[Statement]) -> list[Statement]:
    """The speech quotes no cue took: attributed by the words around them, or to no one."""
    text = t.d.text
    out: list[Statement] = []
    for qs, qe in t.quotes:
        if not is_speech(text[qs + 1:qe]) or any(s.start <= qs + 1 < s.end for s in found + out):
            continue
        after_cue = any(c.end <= qs and text[c.end:qs].strip(" 　，,：:") == "" for c in t.cues)
        after = qs not in t.unclosed  # a quote left open has no "after": the next paragraph is not its
        speaker = None if after_cue else after and (_named_after(t, qe) or _motto_of(t, qe) or _signed(t, qe)) \
            or _after_colon(t, qs) or after and _subject_of_sentence(t, qs, qe) or _goes_on(t, qs, found + out) \
            or _after_telling(t, qs) or after and _introduced_after(t, qs, qe) or None
        out.append(_said(t, speaker, None, DIRECT, qs + 1, qe))
    return out


def _named_after(t: _Text, qe: int) -> PersonMention | None:
    """“…”这是某某得出的结论 / “…”某某总书记的重要讲话."""
    text = t.d.text
    i = qe + 1 + (text[qe + 1:qe + 2] in ("，", ","))
    for word in _words()["attribution_after_quote"]:
        if text.startswith(word, i):
            found = candidates_at(t.d, i + len(word))
            return found[0] if found and found[0].label == PERSON else None
    found = candidates_at(t.d, i)
    if found and found[0].label == PERSON and \
            text.startswith(_words()["speech_nouns"], found[0].end + len(found[0].title or "")):
        return found[0]
    return None


MOTTO_TO_NAME = 3  # characters of a modifier between 的 and the person (的老|队长丁安庆)


def _motto_of(t: _Text, qe: int) -> PersonMention | None:
    """“为了飞行表演事业，什么都可以牺牲”的丁安庆: a saying that describes the person after 的."""
    text = t.d.text
    if not text.startswith("的", qe + 1):
        return None
    for j in range(qe + 2, min(len(text), qe + 2 + MOTTO_TO_NAME)):  # 的|老|队长丁安庆
        if not is_han(text[j]):
            break
        found = candidates_at(t.d, j)
        if found:
            return found[0] if found[0].label == PERSON else None
    return None


def _signed(t: _Text, qe: int) -> PersonMention | None:
    """A signature after the quote's paragraph: “……” ——外交部长王某."""
    text = t.d.text
    line_end = text.find("\n", qe)
    line_end = len(text) if line_end < 0 else line_end
    m = _SIGNATURE.search(text, qe, min(len(text), line_end + 40))
    if not m or text[qe + 1:m.start()].strip(" 　\n。") != "":
        return None
    for i in range(m.start(1), m.end(1)):
        found = candidates_at(t.d, i)
        if found and found[0].label == PERSON and found[0].end <= m.end(1):
            return found[0]
    return None


def _after_colon(t: _Text, qs: int) -> PersonMention | None:
    """某某碰了他一下：“…” — a colon introduces the words of its clause's subject."""
    if qs == 0 or t.d.text[qs - 1] not in "：:":
        return None
    found = subject(t.d, clause_start(t.d, qs - 1), qs - 1)
    return found[0] if found and found[0].label == PERSON else None


def _subject_of_sentence(t: _Text, qs: int, qe: int) -> PersonMention | None:
    """某某轻点按钮，…，“…”。 — a quote closing a sentence whose subject is a titled person."""
    text = t.d.text
    if qs == 0 or text[qs - 1] not in "，,：:":
        return None
    if qe + 1 < len(text) and text[qe + 1] not in SENTENCE_END + CLOSE_QUOTE:
        return None
    start = sentence_start(t.d, qs)
    people = [p for p in t.d.people if start <= p.start < qs and not t.d.inside[p.start]]
    if len(people) != 1 or people[0].title is None:
        return None
    return people[0]


LEAD_TIME = 8  # characters of a time clause between an opening quote and its speaker (今天一上班，)


def _introduced_after(t: _Text, qs: int, qe: int) -> PersonMention | None:
    """A quoted sentence that opens a paragraph, then the person who said it introduced in
    full as the subject of the next clause, maybe after a short time clause (“……”社区民警
    黄文鑫来到…; “……！”今天一上班，厂长傅彬就…): the lead of a feature story."""
    text = t.d.text
    k = qs - 1
    while k >= 0 and text[k] in " 　":
        k -= 1
    if k >= 0 and text[k] != "\n":
        return None  # not at a paragraph's start
    if qe + 1 >= len(text) or text[qe + 1] in SENTENCE_END or text[qe - 1] not in QUOTED_SENTENCE_END:
        return None
    i = qe + 1
    comma = next((k for k in range(i, min(len(text), i + LEAD_TIME + 1)) if text[k] in "，,"), None)
    for cs in (i,) if comma is None else (i, comma + 1):
        end = next((k for k in range(cs, len(text)) if text[k] in SENTENCE_END + "，,；;"), len(text))
        found = subject(t.d, cs, end)
        if found and found[0].label == PERSON and found[0].title and found[0].chain_start is not None:
            return None if text.startswith(_LISTENING, found[-1].end) else found[0]
    return None


_LISTENING = ("听", "闻言", "连连点头", "点头")  # “……”市长王明听后…: the one who heard it


def _goes_on(t: _Text, qs: int, found: list[Statement]) -> PersonMention | None:
    """A quote that opens a paragraph or a sentence right after a statement goes on with its speaker,
    when no one else is named in between."""
    text = t.d.text
    qe = next(e for s, e in t.quotes if s == qs)
    if qs and text[qs - 1] not in "\n" + SENTENCE_END + CLOSE_QUOTE \
            or qe + 1 < len(text) and text[qe + 1] not in SENTENCE_END:
        return None  # a quote that is a sentence of its own: not “…”，这句老话… or “…”市民说
    before = [s for s in found if s.end <= qs and s.speaker is not None and s.speaker.label == PERSON]
    if not before:
        return None
    last = max(before, key=lambda s: s.end)
    gap = re.sub(r"\s*\n\s*", "\n", text[last.end:qs])  # a blank line between paragraphs is one break
    if len(gap) > 6 or gap.count("\n") > 1:
        return None
    named = any(last.end <= p.start < qs for p in t.d.people)
    return None if named else last.speaker


def _after_telling(t: _Text, qs: int) -> PersonMention | None:
    """A quote that opens the sentence after one whose cue told of a topic (肖天通报了备战情况。
    “在下月举行的…”): the words of that cue's speaker, when no one else is named in between."""
    text = t.d.text
    qe = next(e for s, e in t.quotes if s == qs)
    if qe + 1 < len(text) and text[qe + 1] not in SENTENCE_END:
        return None  # a quote that is a sentence of its own: not “…”，这句老话…
    k = qs - 1
    while k > 0 and text[k] in "\n 　":
        k -= 1
    if k < 0 or text[k] not in SENTENCE_END:
        return None
    start = sentence_start(t.d, k)
    # the cue may have said nothing (通报了…情况 is no statement): any cue verb of the sentence
    told = [j for j in range(start, k) if not t.d.inside[j] and cue_at(text, j) and (t.edges is None or j in t.edges)]
    if not told or any(told[-1] < p.start < qs for p in t.d.people):
        return None
    people = [sp for sp in speakers_of_cue(t.d, told[-1]) if sp.label == PERSON]
    return people[0] if len(people) == 1 else None


# -- transcripts -------------------------------------------------------------

def _labelled_turns(t: _Text) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Turns of a transcript or interview opened by a label (王某：…, 答：…), and the
    stretches of the questions (what others said inside a question is not taken apart)."""
    text = t.d.text
    matches = [m for m in _LABEL.finditer(text) if not _heading(text, m.end())]
    asks = any(m.group(1) in _words()["question_labels"] or m.group(1).endswith(("记者", "主持人"))
               for m in matches)
    labels = [(m.start(1), m.end(), _label_speaker(t, m.start(1), m.end(1), asks)) for m in matches]
    labels = [(s, e, sp) for s, e, sp in labels if sp is not False]
    bites = all(" " in text[s:e].strip(" 　：:").replace("　", " ") for s, e, _ in labels)
    if not asks and (sum(sp is not None for _, _, sp in labels) < 2 or bites):
        # no questions, and one named turn or the sound bites of a television report, each
        # labelled with a post and a name (派出所民警 常辉：…⏎常警官立即…): no transcript
        return _single_turns(t, labels), []
    out, asked = [], []
    for n, (s, e, speaker) in enumerate(labels):
        end = labels[n + 1][0] if n + 1 < len(labels) else len(text)
        if speaker is None:
            asked.append((e, end))
        elif text[e:end].strip():
            cue = "答" if text[s:e - 1].strip() in _words()["answer_labels"] else None
            k = e + len(text[e:end]) - len(text[e:end].lstrip())
            quote = t.quote_at(k)
            if quote is not None:  # 姚明：“……”⏎(the story goes on): the turn is the quote
                out.append(_said(t, speaker, cue, DIRECT, quote[0] + 1, quote[1]))
            else:
                out.append(_said(t, speaker, cue, DIRECT, e, end))
    return out, asked


def _single_turns(t: _Text, labels: list[tuple[int, int, PersonMention | None]]) -> list[Statement]:
    """A person's labelled turn outside a transcript (a sound bite 王某：…): what the label's
    line says, or the next paragraph when the line ends at the colon (某某：⏎⏎女士们…);
    never more. The text's first line is its headline (某某：…, a web page's all in one line):
    no turn."""
    text = t.d.text
    out = []
    for s, e, speaker in labels:
        line_start = text.rfind("\n", 0, s) + 1
        if speaker is None or speaker.label != PERSON or not text[:line_start].strip() \
                or text[line_start:s].strip(" 　\t▲■●◆★[【"):
            continue  # a label opens its line, not the first
        start = e
        while start < len(text) and text[start] in " 　\t\n":
            start += 1
        if text.find("\n", e, start) >= 0 and _LABEL.match(text, start):
            continue  # 王某：⏎李某：… — a list of names, not a turn
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if _says_something(text[start:end]):
            out.append(_said(t, speaker, None, DIRECT, start, end))
    return out


HEADING = 16  # characters: a shorter line with no sentence end after 某某： is a heading, not a turn


def _heading(text: str, after: int) -> bool:
    """卢军：用爱心送子进大学 — a heading about someone, not their turn in a transcript."""
    end = text.find("\n", after)
    line = text[after:len(text) if end < 0 else end].strip()
    return 0 < len(line) < HEADING and not any(p in line for p in "。！？!?…")


def _label_speaker(t: _Text, s: int, e: int, asks: bool) -> PersonMention | None | bool:
    """Who a label names: a person, None (a question), or False (no label: 全文如下：).

    A name the text gives nowhere else is taken only in a transcript with
    questions (``asks``), or after its title (民警 常辉：): 时间：… is no one's turn."""
    while s < e and t.d.text[s] in " 　":
        s += 1
    label, role = t.d.text[s:e], ""
    if " " in label or "　" in label:  # 主持人 鲁健: a role, then the name
        role, _, name = label.replace("　", " ").rpartition(" ")
        s = e - len(name)
        label = name
    if label in _words()["question_labels"] or label.endswith(("记者", "主持人")):
        return None
    if label in _words()["answer_labels"]:
        return _answerer(t, s)
    found = candidates_at(t.d, s)
    if found and found[0].label == ORG and found[0].end == e or label.endswith(_words()["media_endings"]):
        return None  # 齐鲁晚报：… a paper asks
    if found and found[0].label == PERSON and (found[0].end == e or t.d.text[found[0].end:e] in wordlists.words("titles")):
        return found[0]  # 梁君彦议员: a name and a title
    known = _known_person(t, label) or _title_holder(t, label)
    if known is not None:
        return replace(known, start=s, end=e, chain_start=None)
    if (asks or role.strip().endswith(wordlists.words("titles"))) and name_at(label, 0) == (0, len(label)):
        return PersonMention(s, e, label)  # …派出所民警 常辉：, a sound bite in a television script
    return False


def _title_holder(t: _Text, label: str) -> PersonMention | None:
    """A label that is a title (行政长官：, 保安局局长：): the person the text names with it."""
    if not label.endswith(wordlists.words("titles")):
        return None
    return next((p for p in t.d.people if p.label == PERSON and p.title and label.endswith(p.title)
                 and label[:-len(p.title)] in ("", p.org or "")), None)


def _known_person(t: _Text, label: str) -> PersonMention | None:
    """A person the text names in full, named in a label by the full or given name (亚芳 for 谢亚芳)."""
    for p in t.d.people:
        if p.label == PERSON and len(label) >= 2 and (p.name == label or p.name.endswith(label)
                                                       and len(p.name) - len(label) <= 2):
            return p
    return None


def _answerer(t: _Text, at: int) -> PersonMention | None:
    """Who answers in 答：turns: the spokesperson (发言人) the text names before the turn."""
    speakers = [p for p in t.d.people if p.start < at and p.label == PERSON and "发言人" in (p.title or "")]
    return speakers[-1] if speakers else None
