"""The real-news evaluation set: passages drawn at random, their texts rebuilt, their gold checked.

The texts are other people's, so the repository keeps only what points at
them and the annotation (``eval/realnews/gold.json``):

- People's Daily, January 1998 (``../shared/data/peoples_daily_1998_original``):
  an article is rebuilt from its tagged paragraphs (tags and brackets
  dropped, paragraphs joined with ``\\n``) and drawn with a fixed seed
  (:func:`draw_peoples_daily`);
- web pages as the search tool's ``pages`` corpus stores them: saved, exactly
  as stored, to a folder outside the repository (``--pages``, one
  ``<passage id>.txt`` each); the gold records each page's url, the query
  and rank that found it, and the SHA-256 of its text, so a copy fetched
  again is checked before it is scored.

Each passage goes to dev or test by a fixed hash of its id (:func:`split_of`),
before anything is tuned on it.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import wordlists
from kg.errors import InputError, KgbuildError

DEV_SHARE = 60  # percent of passages in dev; the rest is test
PD_FOLDER = Path("data") / "peoples_daily_1998_original"
PD_SEED = 20261203
PD_MIN_CHARS, PD_MAX_CHARS = 200, 2000
_PD_TOKEN = re.compile(r"\[?(?P<word>.+?)/(?P<tag>[a-zA-Z]+)(?:\][a-zA-Z]+)?")
_PD_ID = re.compile(r"(\d{8}-\d{2}-\d{3})-\d{3}")


def split_of(passage_id: str) -> str:
    """``dev`` or ``test``, by a fixed hash of the passage id (about 60 / 40).

    >>> split_of("pd-19980101-01-003"), split_of("web-0a1b2c3d4e")
    ('dev', 'test')
    """
    bucket = int(hashlib.sha256(passage_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "dev" if bucket < DEV_SHARE else "test"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- People's Daily ---------------------------------------------------------


def peoples_daily_articles(shared: Path) -> dict[str, list[tuple[str, str]]]:
    """Article id (``19980101-01-003``) → its tokens ``(word, tag)``, paragraphs
    separated by a ``("\\n", "")`` token."""
    folder = Path(shared) / PD_FOLDER
    files = sorted(folder.glob("199801_utf8_part*of4.txt"))
    if not files:
        raise InputError(str(folder), "no 199801_utf8_part*of4.txt here; --shared must name the shared/ folder")
    articles: dict[str, list[tuple[str, str]]] = {}
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            parts = line.split()
            if not parts:
                continue
            m = _PD_ID.fullmatch(parts[0].partition("/")[0])
            if not m:
                raise InputError(str(path), f"expected a paragraph id, got {parts[0]!r}", number)
            tokens = articles.setdefault(m[1], [])
            if tokens:
                tokens.append(("\n", ""))
            for part in parts[1:]:
                t = _PD_TOKEN.fullmatch(part)
                if not t:
                    raise InputError(str(path), f"expected word/tag, got {part!r}", number)
                tokens.append((t["word"], t["tag"]))
    return articles


def article_text(tokens: Iterable[tuple[str, str]]) -> str:
    return "".join(word for word, _ in tokens)


def draw_peoples_daily(shared: Path, n: int, seed: int = PD_SEED, exclude: Iterable[str] = ()) -> list[str]:
    """``n`` article ids drawn at random (``seed``) among the month's articles of
    PD_MIN_CHARS to PD_MAX_CHARS characters that hold a verb of
    ``kg/data/cue_verbs.txt`` (tagged ``v``), but those of ``exclude``. Sorted by id.

    The draw depends on the cue list: the gold records the ids drawn and the
    commit whose list drew them (eval/realnews/README.md)."""
    cues = set(wordlists.cue_verbs())
    left_out = set(exclude)
    eligible = sorted(
        aid for aid, tokens in peoples_daily_articles(shared).items()
        if PD_MIN_CHARS <= len(article_text(tokens)) <= PD_MAX_CHARS and aid not in left_out
        and any(tag == "v" and word in cues for word, tag in tokens))
    return sorted(random.Random(seed).sample(eligible, n))


# --- the gold and its texts -------------------------------------------------


def load_gold(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise InputError(str(path), f"not a readable gold file: {e}") from e


def passage_texts(gold: dict, shared: Path, pages: Path | None) -> dict[str, str]:
    """Passage id → text, rebuilt from ``shared`` and the saved pages, each
    checked against the SHA-256 the gold records."""
    texts: dict[str, str] = {}
    pd = None
    for a in gold["articles"]:
        if a.get("pd_article"):
            pd = pd if pd is not None else peoples_daily_articles(shared)
            if a["pd_article"] not in pd:
                raise InputError(str(Path(shared) / PD_FOLDER), f"no article {a['pd_article']}")
            text = article_text(pd[a["pd_article"]])
        else:
            if pages is None:
                raise KgbuildError(f"passage {a['id']} is a saved web page: give the folder of saved pages")
            path = Path(pages) / f"{a['id']}.txt"
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise InputError(str(path), f"cannot read the saved page of {a['url']}: {e}") from e
        if sha256_text(text) != a["sha256"]:
            raise InputError(a.get("url") or a["pd_article"],
                             f"the text of passage {a['id']} differs from the annotated one (SHA-256)")
        texts[a["id"]] = text
    return texts


def feed_lines(gold: dict, texts: dict[str, str], split: str | None = None) -> Iterator[str]:
    """JSONL lines (``id``, ``text``, ``source``, ``url``) of the passages, for ``kgbuild run``."""
    for a in gold["articles"]:
        if split and a["split"] != split:
            continue
        record = {"id": a["id"], "text": texts[a["id"]]}
        if a.get("url"):
            record["url"] = a["url"]
        record["source"] = a.get("source") or "人民日报"
        yield json.dumps(record, ensure_ascii=False)


def gold_split(gold: dict, split: str) -> dict:
    """The gold restricted to the passages of one split."""
    ids = {a["id"] for a in gold["articles"] if a["split"] == split}
    out = dict(gold)
    out["articles"] = [a for a in gold["articles"] if a["id"] in ids]
    for key in ("statements", "optional_statements", "not_statements_of_a_named_person", "people"):
        out[key] = [s for s in gold.get(key, []) if s["article"] in ids]
    return out


_STRIP = re.compile(r"[\s“”‘’「」『』\"']")


def locate(text: str, starts: str, ends: str | None = None, after: int = 0) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` of a statement in ``text`` from its first and
    last characters as annotated (``starts``, ``ends``; whitespace and quote
    marks inside them are ignored, as in matching). ``end`` is None-safe: with
    no ``ends`` the span runs to the end of the sentence.

    >>> locate("他说：“我们要 加油。”好。", "我们要加", "加油")
    (4, 10)
    """
    key = _STRIP.sub("", starts)
    pattern = r"[\s“”‘’「」『』\"']*".join(map(re.escape, key))
    m = re.compile(pattern).search(text, after)
    if not m:
        return None
    start = m.start()
    if not ends:
        end = start
        while end < len(text) and text[end] not in "。！？!?\n":
            end += 1
        return start, end
    tail = r"[\s“”‘’「」『』\"']*".join(map(re.escape, _STRIP.sub("", ends)))
    t = re.compile(tail).search(text, start)
    return (start, t.end()) if t else None


STATEMENT_KEYS = ("statements", "optional_statements", "not_statements_of_a_named_person")
KINDS = ("direct", "indirect")
SPEAKER_KINDS = (None, "organization", "anonymous")


def check_passage(annotation: dict, text: str) -> list[str]:
    """Problems of one passage's annotation; fills each statement's ``span``.

    Every statement (and quote that is none) must be found in ``text`` from
    its ``starts`` (and ``ends``), once: ``nth`` picks an occurrence when the
    same words occur more than once.
    """
    problems = []
    aid = annotation["article"]["id"]
    for key in STATEMENT_KEYS:
        for number, s in enumerate(annotation.get(key, []), 1):
            where = f"{aid} {key}[{number}] {s.get('starts', '')!r}"
            s["article"] = aid
            if not s.get("starts"):
                problems.append(f"{where}: no starts")
                continue
            if key != "not_statements_of_a_named_person":
                if s.get("kind") not in KINDS:
                    problems.append(f"{where}: kind must be one of {KINDS}")
                if s.get("speaker_kind") not in SPEAKER_KINDS:
                    problems.append(f"{where}: speaker_kind must be absent or one of {SPEAKER_KINDS[1:]}")
                if not s.get("speaker"):
                    problems.append(f"{where}: no speaker")
                if not s.get("ends"):
                    problems.append(f"{where}: no ends")
            spans, at = [], 0
            while (found := locate(text, s["starts"], s.get("ends"), at)) is not None:
                spans.append(found)
                at = found[0] + 1
            nth = s.get("nth", 0)
            if not spans:
                problems.append(f"{where}: starts/ends not found in the text")
            elif len(spans) > 1 and "nth" not in s:
                problems.append(f"{where}: starts occurs {len(spans)} times; lengthen it or give nth (0-based)")
            elif nth >= len(spans):
                problems.append(f"{where}: nth {nth} but only {len(spans)} occurrences")
            else:
                s["span"] = list(spans[nth])
    return problems


def check_files(paths: Iterable[Path], texts_dir: Path) -> list[str]:
    """Check annotation files (one passage each) against the texts in
    ``texts_dir`` (``<id>.txt``): SHA-256, length, split, spans. Spans are
    written back into the files."""
    problems = []
    for path in paths:
        annotation = json.loads(Path(path).read_text(encoding="utf-8"))
        a = annotation["article"]
        text = (Path(texts_dir) / f"{a['id']}.txt").read_text(encoding="utf-8")
        if a.get("sha256") != sha256_text(text) or a.get("chars") != len(text):
            problems.append(f"{a['id']}: sha256/chars do not match the text: "
                            f"sha256 {sha256_text(text)}, chars {len(text)}")
        if a.get("split") != split_of(a["id"]):
            problems.append(f"{a['id']}: split must be {split_of(a['id'])}")
        problems += check_passage(annotation, text)
        Path(path).write_text(json.dumps(annotation, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return problems



ABOUT = ("Real news, drawn at random (People's Daily 1998 by a fixed seed; web pages and Q&A transcripts as the "
         "first results of fixed queries to a store of public pages that pass fixed rules), split into dev and "
         "test by a hash of the passage id before any tuning. Every statement and every quote that is none is "
         "annotated (docs/annotation.md). Statements are matched by article, speaker name and the first "
         "characters of what was said (quote marks and whitespace removed); span figures use 'span'.")


def merge(annotations: Iterable[Path]) -> dict:
    """One gold file from the annotation files of single passages (sorted by passage id)."""
    gold: dict = {"source": "kg.tools.realnews", "about": ABOUT, "articles": [], "statements": [],
                  "optional_statements": [], "not_statements_of_a_named_person": [], "people": []}
    for path in sorted(annotations, key=lambda p: Path(p).name):
        one = json.loads(Path(path).read_text(encoding="utf-8"))
        article = dict(one["article"])
        if one.get("notes"):
            article["notes"] = one["notes"]
        aid = article["id"]
        if article.get("split") != split_of(aid):
            raise InputError(str(path), f"split of {aid} must be {split_of(aid)}")
        gold["articles"].append(article)
        for key in STATEMENT_KEYS:
            for s in one.get(key, []):
                if "span" not in s:
                    raise InputError(str(path), f"{key}: {s.get('starts')!r} has no span: check the file first")
                gold[key].append({**{k: v for k, v in s.items() if k != "article"}, "article": aid})
        gold["people"] += [{**person, "article": aid} for person in one.get("people", [])]
    return gold

