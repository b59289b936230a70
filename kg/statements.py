"""Statements: who said what, as plain functions over an article's people and entities.

After textacy's ``direct_quotations``: pair the quote marks, find the nearest
cue verb, take its subject as the speaker. Chinese news adds its own forms,
each handled below in one small function:

- “…”某某说 — the speaker and cue follow the quote; a cue followed by a
  comma starts a second, indirect statement (“…”魏亮建议，构建…)
- 某某说：“…” — the speaker and cue come first
- 某某表示，… / 据某某介绍，… — indirect speech to the end of the sentence
- 某某轻点按钮，“…” — no cue: the sentence's subject is the speaker
- 他认为 … — a pronoun speaks for the person named last
- 中国人民银行9月4日发布公告称 — an organisation speaks

Quotes that no pattern attributes (verse, slogans, sayings) are kept with no
speaker; short quoted terms (“扩容”) are not statements at all.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from kg import wordlists
from kg.cues import cue_at, cue_class, organisations_say
from kg.normalize import CLOSE_QUOTE, OPEN_QUOTE
from kg.types import DIRECT, INDIRECT, ORG, PERSON, TITLE, Analysis, PersonMention, Span, Statement

SENTENCE_END = "。！？!?\n"
CLAUSE_PUNCT = "，,：:；;、。！？!?\n“”‘’（）()《》"
CUE_WINDOW = 20  # characters allowed between a speaker and its cue (以…为例)
_SHORT_NAME = re.compile(r"（(?:以下)?简称[^（）]{1,20}）")


@cache
def _words() -> dict:
    return {
        "pronouns": wordlists.alternatives("pronouns"),
        "not_pronouns": wordlists.alternatives("not_pronouns"),
        "speech_nouns": wordlists.alternatives("speech_nouns"),
        # A cue followed by one of these is another word or not speech: 说明, 称为,
        # 表示了, 介绍了 (introduced a product), 讲话 (a speech).
        "not_after_cue": wordlists.characters("not_after_cue"),
        "speaker_openers": wordlists.characters("speaker_openers"),
    }


def pair_quotes(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Top-level “…” pairs as (open, close) indices, and warnings.

    Marks are paired by direction, nested ‘…’ stay inside. An unbalanced mark
    is skipped with a warning rather than failing the article (textacy issues
    #379, #380). A quote may run over paragraphs when each new paragraph
    reopens it with “, as Chinese typesetting does.

    >>> pair_quotes("他说：“好。”")
    ([(3, 6)], [])
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
                warnings.append(f"closing quote mark at {i} has no opening mark: skipped")
        elif ch == "\n" and stack and not text.startswith(OPEN_QUOTE, i + 1):
            warnings.append(f"quote opened at {stack[0]} is not closed in its paragraph: skipped")
            stack.clear()
    for start in stack:
        warnings.append(f"quote opened at {start} is not closed: skipped")
    return pairs, warnings


def is_speech(text: str) -> bool:
    """A quoted sentence, not a quoted term: “扩容” and “东数西算” are names."""
    return any(p in text for p in "，。！？；…,.!?;") or len(text) >= 15


@dataclass(frozen=True)
class _Text:
    """One normalised text with what the patterns read: people, organisations, quotes."""

    text: str  # the normalised view
    original: str  # the article text
    people: list[PersonMention]  # sorted by start
    orgs: list[Span]  # organisations, ``name`` set
    quotes: list[tuple[int, int]]
    inside: bytes  # 1 where a character is inside a top-level quote (marks included)
    in_title: bytes  # 1 inside a title: 发言 in 新闻发言人 is no cue


def find_statements(a: Analysis, people: Sequence[PersonMention],
                    mentions: Sequence[Span]) -> tuple[list[Statement], list[str]]:
    """The statements of an article, in text order, and warnings (unpaired quote marks).

    ``people`` and ``mentions`` are the article's (kg.mentions): its
    organisations may speak, and no cue is read inside its titles.
    """
    text = a.norm
    quotes, warnings = pair_quotes(text)
    inside = bytearray(len(text) + 1)
    for s, e in quotes:
        inside[s:e + 1] = b"\x01" * (e + 1 - s)
    in_title = bytearray(len(text) + 1)
    for m in mentions:
        if m.label == TITLE:
            in_title[m.start:m.end] = b"\x01" * (m.end - m.start)
    t = _Text(text, a.text, sorted(people, key=lambda p: p.start), [m for m in mentions if m.label == ORG],
              quotes, bytes(inside), bytes(in_title))
    out = []  # what was said, with no leading or trailing punctuation or space
    for f in sorted(_quotes_and_speech(t), key=lambda f: (f.start, f.end)):
        s, e = f.start, f.end
        while s < e and text[s] in " 　，,：:":
            s += 1
        while e > s and text[e - 1] in " 　。，,；;":
            e -= 1
        if e > s:
            out.append(Statement(f.speaker, f.cue, f.kind, s, e, a.text[s:e], cue_class(f.cue)))
    return out, warnings


def _said(t: _Text, speaker: PersonMention | None, cue: str | None, kind: str, s: int, e: int) -> Statement:
    return Statement(speaker, cue, kind, s, e, t.original[s:e])


def _quotes_and_speech(t: _Text) -> list[Statement]:
    """Every quote (attributed or not), and indirect speech after a cue."""
    found = []
    used: set[int] = set()
    speakers = _speakers(t)
    for qs, qe in t.quotes:
        if not is_speech(t.text[qs + 1:qe]):
            continue
        # 某某说：“…” first: the colon leaves no doubt about whose quote it is.
        hit = _speaker_then_quote(t, speakers, qs) or _quote_then_speaker(t, qe) or _subject_of_sentence(t, qs, qe)
        if hit is None:
            found.append(_said(t, None, None, DIRECT, qs + 1, qe))
            continue
        sp, cue, cue_end = hit
        used.add(sp.start)
        found.append(_said(t, sp, cue, DIRECT, qs + 1, qe))
        if cue_end is not None and cue_end > qe:
            start = _clause_after_cue(t.text, cue_end)
            if start is not None:
                found.append(_said(t, sp, cue, INDIRECT, start, _sentence_end(t, start)))
    for sp in speakers:
        if sp.start in used:
            continue
        hit = _cue_after(t, sp)
        if hit is None:
            continue
        j, cue = hit
        start = _clause_after_cue(t.text, j + len(cue))
        if start is not None:
            found.append(_said(t, sp, cue, INDIRECT, start, _sentence_end(t, start)))
    return found


# -- speakers ----------------------------------------------------------------

def _is_pronoun(t: _Text, i: int) -> bool:
    w = _words()
    return t.text.startswith(w["pronouns"], i) and not t.text.startswith(w["not_pronouns"], i)


def _speaker_at(t: _Text, i: int) -> PersonMention | None:
    """The speaker whose mention begins at ``i`` (chain, name, pronoun, organisation)."""
    for p in t.people:
        if p.first == i or p.start == i:
            return p
    if _is_pronoun(t, i):
        return _resolve_pronoun(t, i)
    for o in t.orgs:
        if o.start == i:
            return PersonMention(o.start, o.end, o.name, label=ORG)
    return None


def _resolve_pronoun(t: _Text, i: int) -> PersonMention | None:
    """他/她 at ``i`` speaks for the person named last before it, outside quotes."""
    earlier = [p for p in t.people if p.end <= i and not t.inside[p.start]]
    if not earlier:
        return None
    p = earlier[-1]
    return PersonMention(i, i + 1, p.name, p.title, p.org)


def _at_clause_start(t: _Text, i: int) -> bool:
    # 据 opens 据某某介绍; 的 ends a relative clause before a chain
    # (为系统提供支持的中国电信…首席科学家钱某表示).
    return i == 0 or t.text[i - 1] in CLAUSE_PUNCT or t.text[i - 1] in _words()["speaker_openers"] + " 　"


def _speakers(t: _Text) -> list[PersonMention]:
    """Every possible speaker at the start of a clause, outside quotes."""
    out = [p for p in t.people if _at_clause_start(t, p.first) and not t.inside[p.start]]
    first_chars = {p[0] for p in _words()["pronouns"]}
    for i, ch in enumerate(t.text):
        if ch in first_chars and _at_clause_start(t, i) and not t.inside[i] and _is_pronoun(t, i):
            sp = _resolve_pronoun(t, i)
            if sp is not None:
                out.append(sp)
    out += [PersonMention(o.start, o.end, o.name, label=ORG) for o in t.orgs
            if _at_clause_start(t, o.start) and not t.inside[o.start]]
    return sorted(out, key=lambda sp: (sp.start, sp.end))


# -- cues and clauses --------------------------------------------------------

def _cue_after(t: _Text, sp: PersonMention) -> tuple[int, str] | None:
    """The first cue verb after the speaker, in the same clause."""
    text = t.text
    start = sp.end
    short = _SHORT_NAME.match(text, start)  # 某公司（以下简称“某某”）在…中称
    if short:
        start = short.end()
    for j in range(start, min(len(text), start + CUE_WINDOW)):
        if text[j] in CLAUSE_PUNCT or t.inside[j]:
            return None
        if j > sp.end and any(p.start == j for p in t.people):
            return None  # another person in between: not this speaker's cue
        cue = None if t.in_title[j] else cue_at(text, j)
        # After 的 a cue word is a noun: 习近平总书记的重要讲话鼓舞人心.
        if cue and text[j - 1] != "的" and (sp.label == PERSON or organisations_say(cue)):
            nxt = text[j + len(cue)] if j + len(cue) < len(text) else "\n"
            if nxt in _words()["not_after_cue"]:
                return None
            return j, cue
    return None


def _sentence_end(t: _Text, i: int) -> int:
    j = i
    while j < len(t.text) and (t.inside[j] or t.text[j] not in SENTENCE_END):
        j += 1
    return j


def _clause_after_cue(text: str, j: int) -> int | None:
    """Where an indirect statement begins after a cue ending at ``j``."""
    if j < len(text) and text[j] in "，,：:":
        j += 1
    if j >= len(text) or text[j] in SENTENCE_END or text[j] == OPEN_QUOTE:
        return None
    return j


# -- patterns ----------------------------------------------------------------

def _quote_then_speaker(t: _Text, qe: int):
    """“…”某某说 / “…”某某以…为例介绍，… / “…”某某总书记的讲话."""
    i = qe + 1
    if t.text.startswith(("，", ","), i):
        i += 1
    sp = _speaker_at(t, i)
    if sp is None:
        return None
    hit = _cue_after(t, sp)
    if hit:
        j, cue = hit
        return sp, cue, j + len(cue)
    if sp.label == PERSON and t.text.startswith(_words()["speech_nouns"], sp.end + len(sp.title or "")):
        return sp, None, None
    return None


def _speaker_then_quote(t: _Text, speakers: list[PersonMention], qs: int):
    """某某说：“…” / 他说：“…”."""
    i = qs
    if i and t.text[i - 1] in "：:，,":
        i -= 1
    for sp in reversed(speakers):
        if sp.end > i or i - sp.end > CUE_WINDOW:
            continue
        hit = _cue_after(t, sp)
        if hit and hit[0] + len(hit[1]) == i:
            return sp, hit[1], None
    return None


def _subject_of_sentence(t: _Text, qs: int, qe: int):
    """某某轻点按钮，…，“…”。 — a quote ending the sentence of its subject."""
    text = t.text
    if qs == 0 or text[qs - 1] not in "，,":
        return None
    if qe + 1 < len(text) and text[qe + 1] not in SENTENCE_END + CLOSE_QUOTE:
        return None
    start = qs
    while start > 0 and (t.inside[start - 1] or text[start - 1] not in SENTENCE_END):
        start -= 1
    people = [p for p in t.people if start <= p.start < qs and not t.inside[p.start]]
    if len(people) != 1 or people[0].title is None:
        return None
    return people[0], None, None
