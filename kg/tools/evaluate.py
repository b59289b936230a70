"""Score a built graph against a gold annotation of statements.

The gold format is that of ``tests/data/sample_gold.json`` (see
docs/annotation.md). Everything is read back from ``graph.ttl`` with the
named SPARQL queries, in the standard vocabulary, so the score measures what
a user of the Turtle gets, not an internal structure.

Matching follows the gold file's ``about``: a statement is found when a
predicted statement's text, with quote marks and whitespace removed, starts
with the gold ``starts``; its speaker is right when the names are equal.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.mentions import canonical_org
from kg.query import load_query, run_query

_STRIP = re.compile(r"[\s“”‘’「」『』\"']")


def match_key(text: str) -> str:
    """Text as gold matching sees it: no quote marks, no whitespace (docs/annotation.md).

    >>> match_key("“下一步， 我们”")
    '下一步，我们'
    """
    return _STRIP.sub("", text)


@dataclass
class StatementScore:
    gold: int = 0  # gold statements
    found: int = 0  # gold statements whose text was found
    right_speaker: int = 0  # ... with the right speaker
    attributed: int = 0  # predicted statements with a speaker
    attributed_right: int = 0  # ... that match a gold or optional statement
    wrongly_attributed_unattributable: int = 0
    people: int = 0  # quoted people in the gold
    people_right: int = 0  # ... with the right title and organisation
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.attributed_right / self.attributed if self.attributed else 0.0

    @property
    def recall(self) -> float:
        return self.right_speaker / self.gold if self.gold else 0.0

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items()}
        d["precision"] = round(self.precision, 4)
        d["recall"] = round(self.recall, 4)
        return d

    def report(self) -> str:
        lines = [
            f"statements with the right speaker   {self.right_speaker}/{self.gold} (text found: {self.found})",
            f"attributed statements right         {self.attributed_right}/{self.attributed} "
            f"(precision {self.precision:.3f})",
            f"unattributable quotes attributed    {self.wrongly_attributed_unattributable}",
            f"quoted people, title and org right  {self.people_right}/{self.people}",
        ]
        lines += [f"  missed: {m}" for m in self.misses]
        lines += [f"  wrong:  {w}" for w in self.wrong]
        return "\n".join(lines)


def score_statements(turtle: Path, gold_path: Path) -> StatementScore:
    """Compare the statements and posts in ``turtle`` with the gold file."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    names, rows = run_query(turtle, load_query("who_said_what"))
    predicted = [dict(zip(names, r)) for r in rows]
    scope = {a["id"] for a in gold.get("articles", []) if "id" in a}
    if scope:  # the gold annotates these articles only
        predicted = [p for p in predicted if p["article"] in scope]
    for p in predicted:
        p["key"] = match_key(p["text"])
    score = StatementScore(gold=len(gold["statements"]))

    def matches(p: dict, g: dict) -> bool:
        return p["key"].startswith(match_key(g["starts"])) and (
            "article" not in g or p["article"] == g["article"])

    for g in gold["statements"]:
        hits = [p for p in predicted if matches(p, g)]
        if hits:
            score.found += 1
        if any(p["speaker"] == g["speaker"] for p in hits):
            score.right_speaker += 1
        else:
            said = ", ".join(sorted({p["speaker"] or "nobody" for p in hits})) or "not found"
            score.misses.append(f"{g['speaker']}: {g['starts']} ({said})")

    acceptable = gold["statements"] + gold.get("optional_statements", [])
    for p in predicted:
        if not p["speaker"]:
            continue
        score.attributed += 1
        if any(matches(p, g) and p["speaker"] == g["speaker"] for g in acceptable):
            score.attributed_right += 1
        else:
            score.wrong.append(f"{p['speaker']}: {p['text'][:20]}")
    for bad in gold.get("not_statements_of_a_named_person", []):
        if any(p["speaker"] and p["key"].startswith(match_key(bad["starts"])) for p in predicted):
            score.wrongly_attributed_unattributable += 1
            score.wrong.append(f"attributed an unattributable quote: {bad['starts']}")

    names, rows = run_query(turtle, load_query("people_posts"))
    posts = {(r[0], r[1], r[2]) for r in rows}
    accepted_orgs: dict[str, set[str]] = {}
    for g in gold["statements"]:
        accepted_orgs.setdefault(g["speaker"], set()).update(g.get("org_accept", []))
    for person in gold.get("people", []):
        if person.get("role") or not person.get("titles"):
            continue  # reporters and photographers are not quoted people
        score.people += 1
        title, org = person["titles"][0]
        orgs = {org or ""} | accepted_orgs.get(person["name"], set())
        orgs |= {canonical_org(o) for o in orgs if o}  # the graph names an organisation by its canonical name
        if any(n == person["name"] and t == title and o in orgs for n, t, o in posts):
            score.people_right += 1
        else:
            held = sorted(f"{t}@{o}" for n, t, o in posts if n == person["name"]) or ["no post"]
            score.misses.append(f"post of {person['name']}: {title}@{org} (graph: {', '.join(held)})")
    return score


@dataclass
class SegmentationScore:
    gold_words: int = 0
    predicted_words: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted_words if self.predicted_words else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_words if self.gold_words else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _spans(lines: Iterable[str]) -> tuple[str, set[tuple[int, int]]]:
    text, spans, i = [], set(), 0
    for line in lines:
        for w in line.split():
            text.append(w)
            spans.add((i, i + len(w)))
            i += len(w)
    return "".join(text), spans


def score_segmentation(gold: Iterable[str], predicted: Iterable[str]) -> SegmentationScore:
    """Word precision, recall and F1 as the SIGHAN bakeoff scores them.

    Words are whitespace-separated; a predicted word is correct when the gold
    has a word over exactly the same characters. Positions count through the
    whole text, not line by line, because raw and gold files do not always
    break lines at the same place (the SIGHAN MSR test moves a “ across).

    >>> s = score_segmentation(["江 泽民 发表 讲话"], ["江泽民 发表 讲话"])
    >>> (s.correct, s.gold_words, s.predicted_words)
    (2, 4, 3)
    """
    gold_text, gold_spans = _spans(gold)
    pred_text, pred_spans = _spans(predicted)
    if gold_text != pred_text:
        at = next((i for i, (a, b) in enumerate(zip(gold_text, pred_text)) if a != b),
                  min(len(gold_text), len(pred_text)))
        raise ValueError(f"gold and prediction differ at character {at}: "
                         f"{gold_text[at:at + 10]!r} vs {pred_text[at:at + 10]!r}")
    return SegmentationScore(len(gold_spans), len(pred_spans), len(gold_spans & pred_spans))


def _ud_sentences(path: Path) -> list[list[str]]:
    """Word forms of each sentence of a CoNLL-U file (multi-word tokens skipped)."""
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
    return sentences


def segmentation_test_sets(data: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Public segmentation test sets in ``data`` (../shared/data): name → (raw lines, gold lines).

    SIGHAN 2005 PKU (the standard kgbuild's model follows), SIGHAN 2005 MSR and
    UD Chinese GSDSimp (other standards, reported for comparison).
    """
    sets = {}
    for name, folder in (("PKU", "sighan2005_pku"), ("MSR", "sighan2005_msr")):
        stem = name.lower()
        raw = (data / folder / f"{stem}_test.utf8").read_text(encoding="utf-8").splitlines()
        gold = (data / folder / f"{stem}_test_gold.utf8").read_text(encoding="utf-8").splitlines()
        sets[name] = (raw, gold)
    ud = _ud_sentences(data / "ud_chinese_gsdsimp" / "zh_gsdsimp-ud-test.conllu")
    sets["UD GSDSimp"] = (["".join(s) for s in ud], [" ".join(s) for s in ud])
    return sets
