"""Training data for a statistical NER component, one token per character.

``build_corpora`` (or ``python -m kg.train_ner prepare --shared ../shared
--out DIR``) converts the public TRAINING splits into spaCy ``DocBin`` files
for ``spacy train`` with ``kg/ner_config.cfg``:

- MSRA NER train (SIGHAN 2006, BIO, four parts that concatenate): PER/LOC/ORG;
- CLUENER2020 train (JSONL, inclusive ends): name → PER, organization,
  government, company → ORG, address → LOC, position → TITLE;
- Resume NER train (BMES): NAME → PER, ORG, LOC, TITLE;
- People's Daily January 1998, original PKU release: nr → PER, ns → LOC,
  nt → ORG, bracketed ``[…]nt`` / ``[…]ns`` compounds → one ORG / LOC.

Every character is a token (``Doc(words=list(text))``), so training does not
depend on the word segmenter and every entity span aligns. Dev and test
splits are never read: the spaCy dev set is every 50th document of each
training source (2 %).
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from kg.errors import InputError, KgbuildError
from kg.ner_eval import Sentence, read_cluener, read_msra, read_resume

DEV_EVERY = 50  # every 50th document of a source is held out: 2 %

# A People's Daily token: optional "[" opening a compound, word, "/tag",
# optional "]tag" closing it. The word may itself hold "/" (１/２/m).
_PD_TOKEN = re.compile(r"(?P<open>\[?)(?P<word>.+?)/(?P<tag>[a-zA-Z]+)(?:\](?P<compound>[a-zA-Z]+))?")
_PD_ID = re.compile(r"\d{8}-\d{2}-\d{3}-\d{3}")
_PD_TAGS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
_PD_COMPOUNDS = {"nt": "ORG", "ns": "LOC"}  # ]nz, ]i, ]l compounds are not entities
_PD_SENTENCE_END = {"。", "！", "？"}


def _pd_entities(tokens: list[tuple[str, str]], compounds: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Character spans of one paragraph's tagged words and bracketed compounds.

    The PKU standard writes a Chinese name as surname and given name apart
    (江/nr 泽民/nr): a short nr word followed by another nr word is one person.
    Words inside an nt/ns compound belong to the compound only.
    """
    starts = [0]
    for word, _ in tokens:
        starts.append(starts[-1] + len(word))
    covered = set()
    spans = []
    for first, last, tag in compounds:
        if tag in _PD_COMPOUNDS:
            spans.append((starts[first], starts[last + 1], _PD_COMPOUNDS[tag]))
            covered.update(range(first, last + 1))
    i = 0
    while i < len(tokens):
        word, tag = tokens[i]
        label = _PD_TAGS.get(tag)
        if label is None or i in covered:
            i += 1
            continue
        end = i + 1
        if (tag == "nr" and len(word) <= 2 and end < len(tokens)
                and tokens[end][1] == "nr" and end not in covered):
            end += 1
        spans.append((starts[i], starts[end], label))
        i = end
    return sorted(spans)


def read_peoples_daily(lines: Iterable[str], source: str = "people's daily") -> Iterator[Sentence]:
    """Sentences of the original People's Daily 1998 release, ids stripped.

    Each paragraph is cut after 。！？ so that documents are sentence sized.
    """
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if parts and _PD_ID.fullmatch(parts[0].partition("/")[0]):
            parts = parts[1:]
        tokens: list[tuple[str, str]] = []
        compounds: list[tuple[int, int, str]] = []
        opened = None
        for part in parts:
            m = _PD_TOKEN.fullmatch(part)
            if not m:
                raise InputError(source, f"expected word/tag, got {part!r}", number)
            if m["open"]:
                opened = len(tokens)
            tokens.append((m["word"], m["tag"]))
            if m["compound"]:
                if opened is None:
                    raise InputError(source, f"]{m['compound']} closes no bracket", number)
                compounds.append((opened, len(tokens) - 1, m["compound"]))
                opened = None
            if m["word"] in _PD_SENTENCE_END and m["tag"] == "w" and opened is None:
                yield _pd_sentence(tokens, compounds)
                tokens, compounds = [], []
        if tokens:
            yield _pd_sentence(tokens, compounds)


def _pd_sentence(tokens: list[tuple[str, str]], compounds: list[tuple[int, int, str]]) -> Sentence:
    text = "".join(word for word, _ in tokens)
    return text, set(_pd_entities(tokens, compounds))


def _read_parts(files: list[Path], reader) -> list[Sentence]:
    if not files:
        raise KgbuildError("no training files found")
    return [sentence for path in files for sentence in reader(path)]


def training_sources(shared: Path) -> dict[str, list[Sentence]]:
    """The four training sets in ``shared/data`` (never their dev or test splits)."""
    data = Path(shared) / "data"
    pd_files = sorted((data / "peoples_daily_1998_original").glob("199801_utf8_part*of4.txt"))
    for path in [data / "cluener2020/train.jsonl", data / "resume_ner/train.char.bmes"]:
        if not path.is_file():
            raise InputError(str(path), "training file is missing")
    return {
        "msra": _read_parts(sorted((data / "msra_ner/train").glob("msra_train_bio_part*of4.txt")), read_msra),
        "cluener": read_cluener(data / "cluener2020/train.jsonl"),
        "resume": read_resume(data / "resume_ner/train.char.bmes"),
        # the four parts are cut at line boundaries: read them as one stream
        "peoples_daily": _read_parts(pd_files, lambda p: read_peoples_daily(
            p.read_text(encoding="utf-8").splitlines(), str(p))),
    }


def to_doc(nlp, text: str, spans: Iterable[tuple[int, int, str]]) -> Doc:
    """A Doc with one token per character and the given entities."""
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    doc.ents = [doc.char_span(s, e, label=label) for s, e, label in sorted(spans)]
    return doc


def build_corpora(shared: Path, out: Path) -> dict:
    """Write ``train.spacy`` and ``dev.spacy`` to ``out``; counts per source and label.

    The result maps each source to ``{"train": {...}, "dev": {...}}`` where
    each holds ``docs``, ``chars`` and one count per entity label.
    """
    nlp = spacy.blank("zh")  # only its vocab is used: tokens are built by hand
    bins = {"train": DocBin(store_user_data=False), "dev": DocBin(store_user_data=False)}
    counts: dict[str, dict[str, Counter]] = {}
    for name, sentences in training_sources(shared).items():
        counts[name] = {"train": Counter(), "dev": Counter()}
        for i, (text, spans) in enumerate(sentences):
            if not text:
                continue
            split = "dev" if i % DEV_EVERY == DEV_EVERY - 1 else "train"
            bins[split].add(to_doc(nlp, text, spans))
            c = counts[name][split]
            c["docs"] += 1
            c["chars"] += len(text)
            c.update(label for _, _, label in spans)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for split, docbin in bins.items():
        docbin.to_disk(out / f"{split}.spacy")
    return {name: {split: dict(sorted(c.items())) for split, c in by.items()} for name, by in counts.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m kg.train_ner", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("prepare", help="write train.spacy and dev.spacy")
    prepare.add_argument("--shared", type=Path, default=Path("../shared"))
    prepare.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    counts = build_corpora(args.shared, args.out)
    for name, by in counts.items():
        for split, c in by.items():
            print(name, split, " ".join(f"{k}={v}" for k, v in c.items()))


if __name__ == "__main__":
    main()
