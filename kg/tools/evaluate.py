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


OVERLAP = 0.3  # a found quote covers at least this share of the gold span (the Gender Gap Tracker's loose match)


def ratio(right: int, total: int) -> float:
    return right / total if total else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Tally:
    """Right speaker and start of what was said, for one kind of statement."""

    gold: int = 0
    right: int = 0  # gold statements found with the right speaker
    attributed: int = 0  # predictions with a speaker
    attributed_right: int = 0  # ... that are a gold or optional statement with that speaker

    @property
    def precision(self) -> float:
        return ratio(self.attributed_right, self.attributed)

    @property
    def recall(self) -> float:
        return ratio(self.right, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass
class SpanTally:
    """Quotes found by span, whatever the speaker (as the Gender Gap Tracker scores them)."""

    gold: int = 0
    predicted: int = 0  # predictions with a speaker that are no optional statement
    matched: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass
class StatementScore:
    gold: int = 0  # gold statements
    found: int = 0  # gold statements whose text was found
    right_speaker: int = 0  # ... with the right speaker
    attributed: int = 0  # predicted statements with a speaker
    attributed_right: int = 0  # ... that match a gold or optional statement
    wrongly_attributed_unattributable: int = 0
    people: int = 0  # people the gold gives a title (not reporters or authors)
    people_right: int = 0  # ... with the right title and organisation
    quoted_people: int = 0  # of them, the speakers of gold statements
    quoted_people_right: int = 0
    by_kind: dict[str, Tally] = field(default_factory=dict)  # direct, indirect, organisation speakers
    quotes_found: int = 0  # gold statements a prediction covers (overlap >= OVERLAP)
    quotes_found_right: int = 0  # ... whose prediction has the right speaker
    overlap: SpanTally = field(default_factory=SpanTally)  # span overlap >= OVERLAP
    exact_start: SpanTally = field(default_factory=SpanTally)  # the same first character
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.attributed_right, self.attributed)

    @property
    def recall(self) -> float:
        return ratio(self.right_speaker, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> float:
        """Of the gold statements whose quote was found, the share given to the right speaker."""
        return ratio(self.quotes_found_right, self.quotes_found)

    def as_dict(self) -> dict:
        d = {k: v for k, v in self.__dict__.items() if not isinstance(v, (Tally, SpanTally, dict))}
        for name in ("precision", "recall", "f1", "speaker_accuracy"):
            d[name] = round(getattr(self, name), 4)
        tallies = {"overlap": self.overlap, "exact_start": self.exact_start, **self.by_kind}
        for name, t in tallies.items():
            d[name] = {**t.__dict__, "precision": round(t.precision, 4), "recall": round(t.recall, 4),
                       "f1": round(t.f1, 4)}
        return d

    def report(self) -> str:
        lines = [
            f"statements with the right speaker   {self.right_speaker}/{self.gold} (text found: {self.found})",
            f"attributed statements right         {self.attributed_right}/{self.attributed} "
            f"(precision {self.precision:.3f})",
            f"statements F1                       {self.f1:.3f} (recall {self.recall:.3f})",
            f"unattributable quotes attributed    {self.wrongly_attributed_unattributable}",
            f"people, title and org right         {self.people_right}/{self.people} "
            f"(quoted people {self.quoted_people_right}/{self.quoted_people})",
            f"speaker accuracy on found quotes    {self.quotes_found_right}/{self.quotes_found} "
            f"({self.speaker_accuracy:.3f})",
        ]
        for name, t in (("quotes, overlap >= 0.3", self.overlap), ("quotes, exact start", self.exact_start)):
            lines.append(f"{name:<36}P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f} "
                         f"({t.matched} of {t.gold} gold, {t.predicted} predicted)")
        for name, t in self.by_kind.items():
            lines.append(f"{name:<36}P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f} "
                         f"({t.right}/{t.gold} right, {t.attributed_right}/{t.attributed} attributed)")
        lines += [f"  missed: {m}" for m in self.misses]
        lines += [f"  wrong:  {w}" for w in self.wrong]
        return "\n".join(lines)


_ARTICLE_TEXTS = """
PREFIX schema: <https://schema.org/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX kgb: <https://kgbuild.example.org/vocab#>
SELECT ?article ?text WHERE { ?a schema:identifier ?article ; kgb:hasContext/nif:isString ?text }
"""


def _predictions(turtle: Path, scope: set[str]) -> tuple[list[dict], dict[str, str]]:
    """The graph's statements (named query ``statements``) and article texts, read with SPARQL."""
    names, rows = run_query(turtle, load_query("statements"))
    predicted = [dict(zip(names, r)) for r in rows]
    predicted = [p for p in predicted if not scope or p["article"] in scope]
    for p in predicted:
        p["start"], p["end"] = int(p["start"]), int(p["end"])
        p["key"] = match_key(p["text"])
    _, rows = run_query(turtle, _ARTICLE_TEXTS)
    return predicted, dict((a, t) for a, t in rows)


def _gold_span(g: dict, texts: dict[str, str]) -> tuple[str, int, int] | None:
    """Where a gold statement is: its article and offsets, from ``span``, else found from
    ``starts``/``ends`` (in its article, or in the first article holding them)."""
    from kg.tools.realnews import locate

    articles = [g["article"]] if g.get("article") else sorted(texts)
    if g.get("span") and g.get("article"):
        return g["article"], *g["span"]
    for article in articles:
        found = locate(texts.get(article, ""), g["starts"], g.get("ends"))
        if found:
            return article, *found
    return None


def _covers(gold: tuple[str, int, int] | None, p: dict) -> float:
    """The share of the gold span the prediction covers (0 in another article)."""
    if gold is None or gold[2] <= gold[1] or p["article"] != gold[0]:
        return 0.0
    return max(0, min(gold[2], p["end"]) - max(gold[1], p["start"])) / (gold[2] - gold[1])


def score_statements(turtle: Path, gold_path: Path, split: str | None = None) -> StatementScore:
    """Compare the statements and posts in ``turtle`` with the gold file (of one ``split``)."""
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if split:
        from kg.tools.realnews import gold_split

        gold = gold_split(gold, split)
    scope = {a["id"] for a in gold.get("articles", []) if "id" in a}
    predicted, texts = _predictions(turtle, scope)
    for key in ("statements", "optional_statements", "not_statements_of_a_named_person"):
        for g in gold.get(key, []):
            g["_span"] = _gold_span(g, texts)
    score = StatementScore(gold=len(gold["statements"]))
    _score_speakers(score, gold, predicted)
    _score_spans(score, gold, predicted)
    _score_posts(score, gold, turtle)
    return score


def _same_article(p: dict, g: dict) -> bool:
    return "article" not in g or p["article"] == g["article"]


def _starts_as(p: dict, g: dict) -> bool:
    """The prediction begins as the gold statement does (a final 。 or ， of ``starts`` aside:
    kgbuild trims them from what was said)."""
    return _same_article(p, g) and p["key"].startswith(match_key(g["starts"]).rstrip("。，,；;"))


def _same_speaker(p: dict, g: dict) -> bool:
    """The same name; an organisation may be given as the text writes it (央视 for 中央电视台)."""
    return p["speaker"] == g["speaker"] or g.get("speaker_kind") == "organization" \
        and p["speaker"] == canonical_org(g["speaker"])


def _kinds(g: dict) -> list[str]:
    kinds = [g.get("kind", "")]
    if g.get("speaker_kind") == "organization":
        kinds.append("organisation speakers")
    return kinds


def _score_speakers(score: StatementScore, gold: dict, predicted: list[dict]) -> None:
    """Right speaker and start, overall and by kind; precision of what was attributed."""
    for g in gold["statements"]:
        hits = [p for p in predicted if _starts_as(p, g)]
        right = any(_same_speaker(p, g) for p in hits)
        score.found += bool(hits)
        score.right_speaker += right
        for kind in _kinds(g):
            tally = score.by_kind.setdefault(kind, Tally())
            tally.gold += 1
            tally.right += right
        if not right:
            said = ", ".join(sorted({p["speaker"] or "nobody" for p in hits})) or "not found"
            score.misses.append(f"{g.get('article', '')} {g['speaker']}: {g['starts']} ({said})")
    acceptable = gold["statements"] + gold.get("optional_statements", [])
    for p in predicted:
        if not p["speaker"]:
            continue
        score.attributed += 1
        match = next((g for g in acceptable if _starts_as(p, g) and _same_speaker(p, g)), None)
        kinds = [p["kind"]] + (["organisation speakers"] if p["speakerType"] == "Organization" else [])
        for kind in kinds:
            tally = score.by_kind.setdefault(kind, Tally())
            tally.attributed += 1
            tally.attributed_right += match is not None
        if match is not None:
            score.attributed_right += 1
            continue
        score.wrong.append(f"{p['article']} {p['speaker']}: {p['text'][:20]}")
        bad = next((b for b in gold.get("not_statements_of_a_named_person", []) if _claims(p, b)), None)
        if bad is not None:
            score.wrongly_attributed_unattributable += 1
            score.wrong.append(f"attributed an unattributable quote: {bad['starts']}")


def _claims(p: dict, bad: dict) -> bool:
    """Whether a prediction gives out a quote that is no statement as one: it starts inside
    the quote and covers it (a statement that merely holds a scare quote does not)."""
    if not _same_article(p, bad):
        return False
    span = bad["_span"]
    if span is None:
        return p["key"].startswith(match_key(bad["starts"]))
    return span[1] <= p["start"] < span[2] and _covers(span, p) >= OVERLAP


def _score_spans(score: StatementScore, gold: dict, predicted: list[dict]) -> None:
    """Quotes found by span (overlap and exact start), and the speaker of each found quote."""
    optional = gold.get("optional_statements", [])
    claimed = [p for p in predicted if p["speaker"]]
    for tally, fits in ((score.overlap, lambda g, p: _covers(g["_span"], p) >= OVERLAP),
                        (score.exact_start, lambda g, p: _covers(g["_span"], p) > 0 and p["start"] == g["_span"][1])):
        left = list(claimed)
        for g in gold["statements"]:
            best = max((p for p in left if _same_article(p, g) and fits(g, p)),
                       key=lambda p: _covers(g["_span"], p), default=None)
            if best is not None:
                tally.matched += 1
                left.remove(best)
        # What matched no statement is a false find, unless it is an optional statement's.
        spare = [p for p in left if any(_same_article(p, o) and _covers(o["_span"], p) >= OVERLAP for o in optional)]
        tally.gold, tally.predicted = len(gold["statements"]), len(claimed) - len(spare)
    for g in gold["statements"]:  # any prediction, attributed or not: was the quote found, and by whom?
        best = max((p for p in predicted if _same_article(p, g) and _covers(g["_span"], p) >= OVERLAP),
                   key=lambda p: _covers(g["_span"], p), default=None)
        if best is not None:
            score.quotes_found += 1
            score.quotes_found_right += _same_speaker(best, g)


def _score_posts(score: StatementScore, gold: dict, turtle: Path) -> None:
    """Quoted people with the right title and organisation (title_accept and org_accept count too)."""
    names, rows = run_query(turtle, load_query("people_posts"))
    posts = {(r[0], r[1], r[2]) for r in rows}
    accepted_orgs: dict[str, set[str]] = {}
    accepted_titles: dict[str, set[str]] = {}
    for g in gold["statements"]:
        accepted_orgs.setdefault(g["speaker"], set()).update(g.get("org_accept", []))
        accepted_titles.setdefault(g["speaker"], set()).update(g.get("title_accept", []))
    quoted = {(g.get("article"), g["speaker"]) for g in gold["statements"]}
    quoted |= {(None, name) for _, name in quoted}  # people listed for the whole file
    for person in gold.get("people", []):
        if person.get("role") or not person.get("titles") or not person["titles"][0][0]:
            continue  # reporters, authors and people with no title are not scored here
        is_quoted = (person.get("article"), person["name"]) in quoted
        score.people += 1
        score.quoted_people += is_quoted
        title, org = person["titles"][0]
        orgs = {org or ""} | accepted_orgs.get(person["name"], set())
        orgs |= {canonical_org(o) for o in orgs if o}  # the graph names an organisation by its canonical name
        titles = {title} | accepted_titles.get(person["name"], set())
        if any(n == person["name"] and t in titles and o in orgs for n, t, o in posts):
            score.people_right += 1
            score.quoted_people_right += is_quoted
        else:
            held = sorted(f"{t}@{o}" for n, t, o in posts if n == person["name"]) or ["no post"]
            score.misses.append(f"post of {person['name']}: {title}@{org} (graph: {', '.join(held)})")


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
