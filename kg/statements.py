"""Statements: who said what, as a spaCy component over the normalised text.

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
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg.mentions import PersonMention, cue_at
from kg.types import DIRECT, INDIRECT, ORG, PERSON, TITLE

SENTENCE_END = "。！？!?\n"
CLAUSE_PUNCT = "，,：:；;、。！？!?\n“”‘’（）()《》"
PRONOUNS = ("他", "她")
CUE_WINDOW = 20  # characters allowed between a speaker and its cue (以…为例)
# A cue followed by one of these is another word or not speech: 说明, 称为,
# 表示了, 介绍了 (introduced a product), 讲话 (a speech).
_NOT_AFTER_CUE = "了过着为明服号赞话"
_SHORT_NAME = re.compile(r"（(?:以下)?简称[^（）]{1,20}）")
_ORG_CUES = frozenset({"称", "表示", "指出", "宣布", "强调", "介绍", "透露", "回应", "说", "提出", "认为"})


@dataclass(frozen=True)
class Speaker:
    start: int
    end: int
    name: str
    label: str = PERSON
    title: str | None = None
    org: str | None = None


@dataclass(frozen=True)
class Found:
    """A statement found in the normalised text (spaCy-free)."""

    speaker: Speaker | None
    cue: str | None
    kind: str
    start: int
    end: int


def pair_quotes(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """Top-level “…” pairs as (open, close) indices, and warnings.

    Marks are paired by direction, nested ‘…’ stay inside. An unbalanced mark
    is skipped with a warning rather than failing the article (textacy issues
    #379, #380). A quote may run over paragraphs when each new paragraph
    reopens it with “, as Chinese typesetting does.
    """
    pairs, warnings, stack = [], [], []
    for i, ch in enumerate(text):
        if ch == "“":
            if not stack or text[i - 1] != "\n":  # a reopened quote continues
                stack.append(i)
        elif ch == "”":
            if stack:
                start = stack.pop()
                if not stack:
                    pairs.append((start, i))
            else:
                warnings.append(f"closing quote mark at {i} has no opening mark: skipped")
        elif ch == "\n" and stack and not text.startswith("“", i + 1):
            warnings.append(f"quote opened at {stack[0]} is not closed in its paragraph: skipped")
            stack.clear()
    for start in stack:
        warnings.append(f"quote opened at {start} is not closed: skipped")
    return pairs, warnings


def _is_speech(text: str) -> bool:
    """A quoted sentence, not a quoted term: “扩容” and “东数西算” are names."""
    return any(p in text for p in "，。！？；…,.!?;") or len(text) >= 15


class _Finder:
    """Finds the statements of one normalised text; one method per pattern."""

    def __init__(self, text: str, people: list[PersonMention], orgs: list[tuple[int, int, str]],
                 titles: list[tuple[int, int]] = ()):
        self.text = text
        self.people = sorted(people, key=lambda p: p.start)
        self.orgs = orgs
        self.in_title = bytearray(len(text) + 1)  # 发言 in 新闻发言人 is no cue
        for s, e in titles:
            self.in_title[s:e] = b"\x01" * (e - s)
        self.quotes, self.warnings = pair_quotes(text)
        self.inside = bytearray(len(text) + 1)
        for s, e in self.quotes:
            for i in range(s, e + 1):
                self.inside[i] = 1

    # -- speakers ------------------------------------------------------------
    def speaker_at(self, i: int) -> Speaker | None:
        """The speaker whose mention begins at ``i`` (chain, name, pronoun, org)."""
        for p in self.people:
            if p.first == i or p.start == i:
                return Speaker(p.start, p.end, p.name, PERSON, p.title, p.org)
        if self.text.startswith(PRONOUNS, i) and not self.text.startswith(("他们", "她们", "他人"), i):
            return self.resolve_pronoun(i)
        for s, e, name in self.orgs:
            if s == i:
                return Speaker(s, e, name, ORG)
        return None

    def resolve_pronoun(self, i: int) -> Speaker | None:
        earlier = [p for p in self.people if p.end <= i and not self.inside[p.start]]
        if not earlier:
            return None
        p = earlier[-1]
        return Speaker(i, i + 1, p.name, PERSON, p.title, p.org)

    def at_clause_start(self, i: int) -> bool:
        # 据 opens 据某某介绍; 的 ends a relative clause before a chain
        # (为系统提供支持的中国电信…首席科学家钱某表示).
        return i == 0 or self.text[i - 1] in CLAUSE_PUNCT or self.text[i - 1] in "据的 　"

    def speakers(self) -> list[Speaker]:
        """Every possible speaker at the start of a clause, outside quotes."""
        out = [
            Speaker(p.start, p.end, p.name, PERSON, p.title, p.org)
            for p in self.people
            if self.at_clause_start(p.first) and not self.inside[p.start]
        ]
        for i, ch in enumerate(self.text):
            if ch in PRONOUNS and self.at_clause_start(i) and not self.inside[i] \
                    and not self.text.startswith(("他们", "她们", "他人"), i):
                sp = self.resolve_pronoun(i)
                if sp is not None:
                    out.append(sp)
        out += [Speaker(s, e, name, ORG) for s, e, name in self.orgs
                if self.at_clause_start(s) and not self.inside[s]]
        return sorted(out, key=lambda sp: (sp.start, sp.end))

    # -- cues and clauses ----------------------------------------------------
    def cue_after(self, sp: Speaker) -> tuple[int, str] | None:
        """The first cue verb after the speaker, in the same clause."""
        text = self.text
        start = sp.end
        short = _SHORT_NAME.match(text, start)  # 某公司（以下简称“某某”）在…中称
        if short:
            start = short.end()
        for j in range(start, min(len(text), start + CUE_WINDOW)):
            if text[j] in CLAUSE_PUNCT or self.inside[j]:
                return None
            if j > sp.end and any(p.start == j for p in self.people):
                return None  # another person in between: not this speaker's cue
            cue = None if self.in_title[j] else cue_at(text, j)
            # After 的 a cue word is a noun: 习近平总书记的重要讲话鼓舞人心.
            if cue and text[j - 1] != "的" and (sp.label == PERSON or cue in _ORG_CUES):
                nxt = text[j + len(cue)] if j + len(cue) < len(text) else "\n"
                if nxt in _NOT_AFTER_CUE:
                    return None
                return j, cue
        return None

    def sentence_end(self, i: int) -> int:
        j = i
        while j < len(self.text) and (self.inside[j] or self.text[j] not in SENTENCE_END):
            j += 1
        return j

    def clause_after_cue(self, j: int) -> int | None:
        """Where an indirect statement begins after a cue ending at ``j``."""
        text = self.text
        if j < len(text) and text[j] in "，,：:":
            j += 1
        if j >= len(text) or text[j] in SENTENCE_END or text[j] == "“":
            return None
        return j

    # -- patterns ------------------------------------------------------------
    def find(self) -> list[Found]:
        found: list[Found] = []
        used_speakers: set[int] = set()
        self.all_speakers = self.speakers()
        for qs, qe in self.quotes:
            inner = self.text[qs + 1:qe]
            if not _is_speech(inner):
                continue
            # 某某说：“…” first: the colon leaves no doubt about whose quote it is.
            hit = self.speaker_then_quote(qs, qe) or self.quote_then_speaker(qs, qe) \
                or self.subject_of_sentence(qs, qe)
            if hit is None:
                found.append(Found(None, None, DIRECT, qs + 1, qe))
                continue
            sp, cue, cue_end = hit
            used_speakers.add(sp.start)
            found.append(Found(sp, cue, DIRECT, qs + 1, qe))
            if cue_end is not None and cue_end > qe:
                start = self.clause_after_cue(cue_end)
                if start is not None:
                    found.append(Found(sp, cue, INDIRECT, start, self.sentence_end(start)))
        for sp in self.all_speakers:
            if sp.start in used_speakers:
                continue
            hit = self.cue_after(sp)
            if hit is None:
                continue
            j, cue = hit
            start = self.clause_after_cue(j + len(cue))
            if start is not None:
                found.append(Found(sp, cue, INDIRECT, start, self.sentence_end(start)))
        return sorted(found, key=lambda f: (f.start, f.end))

    def quote_then_speaker(self, qs: int, qe: int):
        """“…”某某说 / “…”某某以…为例介绍，… / “…”某某总书记的讲话."""
        i = qe + 1
        if self.text.startswith(("，", ","), i):
            i += 1
        sp = self.speaker_at(i)
        if sp is None:
            return None
        hit = self.cue_after(sp)
        if hit:
            j, cue = hit
            return sp, cue, j + len(cue)
        if sp.label == PERSON and self.text.startswith(("的重要讲话", "的讲话"), sp.end + len(sp.title or "")):
            return sp, None, None
        return None

    def speaker_then_quote(self, qs: int, qe: int):
        """某某说：“…” / 他说：“…”."""
        i = qs
        if i and self.text[i - 1] in "：:，,":
            i -= 1
        for sp in reversed(self.all_speakers):
            if sp.end > i or i - sp.end > CUE_WINDOW:
                continue
            hit = self.cue_after(sp)
            if hit and hit[0] + len(hit[1]) == i:
                return sp, hit[1], None
        return None

    def subject_of_sentence(self, qs: int, qe: int):
        """某某轻点按钮，…，“…”。 — a quote ending the sentence of its subject."""
        text = self.text
        if qs == 0 or text[qs - 1] not in "，,":
            return None
        if qe + 1 < len(text) and text[qe + 1] not in SENTENCE_END + "”":
            return None
        start = qs
        while start > 0 and (self.inside[start - 1] or text[start - 1] not in SENTENCE_END):
            start -= 1
        people = [p for p in self.people if start <= p.start < qs and not self.inside[p.start]]
        if len(people) != 1 or people[0].title is None:
            return None
        p = people[0]
        return Speaker(p.start, p.end, p.name, PERSON, p.title, p.org), None, None


def find_statements(text: str, people: list[PersonMention], orgs: list[tuple[int, int, str]],
                    titles: list[tuple[int, int]] = ()) -> tuple[list[Found], list[str]]:
    """Statements in a normalised text, given its people, organisations and titles."""
    finder = _Finder(text, people, orgs, titles)
    found = finder.find()
    # Trim what was said: no leading or trailing punctuation or space.
    out = []
    for f in found:
        s, e = f.start, f.end
        while s < e and text[s] in " 　，,：:":
            s += 1
        while e > s and text[e - 1] in " 　。，,；;":
            e -= 1
        if e > s:
            out.append(Found(f.speaker, f.cue, f.kind, s, e))
    return out, finder.warnings


if not Doc.has_extension("kg_statements"):
    Doc.set_extension("kg_statements", default=None)
    Doc.set_extension("kg_warnings", default=None)


@Language.component("kg_statements")
def statements_component(doc: Doc) -> Doc:
    """Set ``doc._.kg_statements`` (list of Found) and ``doc._.kg_warnings``."""
    orgs = [(e.start_char, e.end_char, e.kb_id_ or e.ent_id_ or e.text) for e in doc.ents if e.label_ == ORG]
    titles = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == TITLE]
    doc._.kg_statements, doc._.kg_warnings = find_statements(doc.text, doc._.kg_people or [], orgs, titles)
    return doc
