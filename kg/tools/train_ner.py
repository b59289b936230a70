"""Training data for a statistical NER component, one token per character.

``build_corpora`` (or ``kgbuild train ner-data --shared ../shared -o DIR``)
converts the public TRAINING splits into spaCy ``DocBin`` files for
``spacy train`` with ``kg/tools/ner_config.cfg``:

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

import hashlib
import io
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training.iob_utils import doc_to_biluo_tags

from kg.errors import InputError, KgbuildError
from kg.normalize import normalize
from kg.tools.ner_eval import Sentence, read_cluener, read_msra, read_resume

DEV_EVERY = 50  # every 50th document of a source is held out: 2 %
# CLUENER's and Resume's places follow another convention than news: a whole
# address is one place (北京市海淀区中关村大街1号). Those spans are left
# unannotated, so the news corpora alone teach LOC; the two still teach
# names, organisations (companies) and job titles.
UNKNOWN = {"cluener": ("LOC",), "resume": ("LOC",)}
# A span with this label is left unannotated in any source: People's Daily
# words that MSRA labels in some contexts and not in others (see disputed
# and char_patterns).
MISSING = "MISSING"
# The single characters MSRA labels inside a word, as (offset, label): 访华 → ((1, "LOC"),)
Pattern = tuple[tuple[int, str], ...] | str  # or MISSING

# A People's Daily token: optional "[" opening a compound, word, "/tag",
# optional "]tag" closing it. The word may itself hold "/" (１/２/m).
_PD_TOKEN = re.compile(r"(?P<open>\[?)(?P<word>.+?)/(?P<tag>[a-zA-Z]+)(?:\](?P<compound>[a-zA-Z]+))?")
_PD_ID = re.compile(r"\d{8}-\d{2}-\d{3}-\d{3}")
_PD_TAGS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
_PD_COMPOUNDS = {"nt": "ORG", "ns": "LOC"}  # ]nz, ]i, ]l compounds are not entities
_PD_SENTENCE_END = {"。", "！", "？"}


def _pd_entities(tokens: list[tuple[str, str]], compounds: list[tuple[int, int, str]],
                 lexicon: dict[str, str] | None = None,
                 abbreviations: dict[str, str] | None = None,
                 patterns: dict[str, Pattern] | None = None) -> list[tuple[int, int, str]]:
    """Character spans of one paragraph's tagged words and bracketed compounds.

    The PKU standard writes a Chinese name as surname and given name apart
    (江/nr 泽民/nr): a short nr word followed by another nr word is one person.
    Words inside an nt/ns compound belong to the compound only. Where the
    corpus's conventions differ from MSRA's, ``lexicon`` (what MSRA train
    labels, entity_lexicon) decides, so that the two corpora teach one
    convention: abbreviations are tagged ``j`` whatever they name
    (十五大/j and 东盟/j are ORG, 经贸/j is none, 中美/j is two places:
    ``abbreviations``, what MSRA labels at all); some common nouns are
    places in MSRA (月球/n, 地球/n); and an entity may begin a longer word (邓小平 in
    邓小平理论/n, 中华 in 中华民族/n): ``lexicon``, what MSRA usually labels.
    A word the lexicon maps to MISSING (两岸/n, 市委/n: see disputed) comes
    out as a MISSING span, left unannotated. An entity word takes the label
    MSRA usually gives it (东盟/ns is ORG, 内塔尼亚胡/ns PER). A word in which
    MSRA labels single characters (访华/v, 华侨/n, 港人/n: ``patterns``, see
    char_patterns) gets those, or a MISSING span where MSRA does so only in
    some contexts.
    """
    abbreviations = abbreviations or {}
    lexicon = lexicon or {}
    patterns = patterns or {}
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
        if label is None and i not in covered:
            before = len(spans)
            if tag == "j":
                label = abbreviations.get(word)  # 十五大/j, 东盟/j
                if label is None and len(word) > 1 and all(abbreviations.get(c) == "LOC" for c in word):
                    # 中美/j: two places, as MSRA labels 中 and 美
                    spans += [(starts[i] + k, starts[i] + k + 1, "LOC") for k in range(len(word))]
            elif len(word) > 1:
                label = lexicon.get(word)  # 两岸/n
            pattern = patterns.get(word) if label is None and len(spans) == before else None
            if pattern == MISSING:
                label = MISSING
            elif pattern:  # 访华/v: 华 is a place
                spans += [(starts[i] + k, starts[i] + k + 1, char_label) for k, char_label in pattern]
            elif label is None and len(word) > 1:
                known = next((word[:k] for k in range(len(word) - 1, 1, -1) if word[:k] in lexicon), None)
                if known:  # 邓小平 in 邓小平理论/n, 中华 in 中华民族/n
                    spans.append((starts[i], starts[i] + len(known), lexicon[known]))
        if label is None or i in covered:
            i += 1
            continue
        end = i + 1
        if (tag == "nr" and len(word) <= 2 and end < len(tokens)
                and tokens[end][1] == "nr" and end not in covered):
            end += 1
        name = "".join(w for w, _ in tokens[i:end])
        if len(name) > 1 and label in _PD_TAGS.values() and lexicon.get(name, MISSING) != MISSING:
            label = lexicon[name]  # 东盟/ns: MSRA's ORG
        spans.append((starts[i], starts[end], label))
        i = end
    return sorted(spans)


def read_peoples_daily(lines: Iterable[str], source: str = "people's daily",
                       lexicon: dict[str, str] | None = None,
                       abbreviations: dict[str, str] | None = None,
                       patterns: dict[str, Pattern] | None = None) -> Iterator[Sentence]:
    """Sentences of the original People's Daily 1998 release, ids stripped.

    Each paragraph is cut after 。！？ so that documents are sentence sized.
    ``lexicon``, ``abbreviations`` and ``patterns`` bring the labels to MSRA's
    conventions (see _pd_entities).
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
                yield _pd_sentence(tokens, compounds, lexicon, abbreviations, patterns)
                tokens, compounds = [], []
        if tokens:
            yield _pd_sentence(tokens, compounds, lexicon, abbreviations, patterns)


def _pd_sentence(tokens: list[tuple[str, str]], compounds: list[tuple[int, int, str]],
                 lexicon: dict[str, str] | None, abbreviations: dict[str, str] | None,
                 patterns: dict[str, Pattern] | None) -> Sentence:
    text = "".join(word for word, _ in tokens)
    return text, set(_pd_entities(tokens, compounds, lexicon, abbreviations, patterns))


def entity_lexicon(sentences: Iterable[Sentence], min_count: int = 3, usual: bool = True) -> dict[str, str]:
    """Strings labelled an entity at least ``min_count`` times, with their commonest
    label; with ``usual``, only those labelled in most of their occurrences
    (两岸 LOC, 中华 LOC, 邓小平 PER)."""
    sentences = list(sentences)
    counts = Counter((text[s:e], label) for text, spans in sentences for s, e, label in spans)
    best: dict[str, tuple[int, str]] = {}
    for (name, label), n in counts.items():
        if n >= min_count and n > best.get(name, (0, ""))[0]:
            best[name] = (n, label)
    corpus = "\n".join(text for text, _ in sentences)
    return {name: label for name, (n, label) in best.items() if not usual or 2 * n > corpus.count(name)}


def disputed(sentences: Iterable[Sentence], min_count: int = 3, share: float = 0.2) -> set[str]:
    """Strings of two characters or more labelled an entity at least ``min_count``
    times and in at least ``share`` of their occurrences, but not in most.

    MSRA labels such a word by context (两岸 is a place in 两岸关系, not on a
    river's two banks; 市委 is an organisation when it is one city's). People's
    Daily never labels them (两岸/n, 市委/n), and would teach that they are
    never entities, so there they are left unannotated.
    """
    sentences = list(sentences)
    counts = Counter(text[s:e] for text, spans in sentences for s, e, _ in spans if e - s > 1)
    corpus = "\n".join(text for text, _ in sentences)
    found = set()
    for name, n in counts.items():
        if n >= min_count:
            occurrences = corpus.count(name)
            if share * occurrences <= n and 2 * n <= occurrences:
                found.add(name)
    return found


def char_patterns(sentences: Iterable[Sentence], min_count: int = 3, share: float = 0.2,
                  longest: int = 3) -> dict[str, Pattern]:
    """Strings of two to ``longest`` characters in which MSRA labels single characters.

    MSRA labels a one-character abbreviation inside a word (华 in 访华 and
    华侨, 港 in 港人, 中 in 中外); People's Daily tags the word as a whole
    (访华/v, 华侨/n). For each string around such a character, seen with the
    same characters labelled at least ``min_count`` times: those (offset,
    label) pairs where that is so in most of the string's occurrences,
    MISSING where it is so in at least ``share`` of them.
    """
    sentences = list(sentences)
    counts: Counter = Counter()
    for text, spans in sentences:
        singles = {s: label for s, e, label in spans if e - s == 1}
        windows = {(start, start + size) for i in singles for size in range(2, longest + 1)
                   for start in range(max(0, i - size + 1), min(i, len(text) - size) + 1)}
        for start, end in windows:
            if not any(s < end and start < e and e - s > 1 for s, e, _ in spans):  # no longer entity in it
                pattern = tuple((k - start, singles[k]) for k in range(start, end) if k in singles)
                counts[text[start:end], pattern] += 1
    corpus = "\n".join(text for text, _ in sentences)
    best: dict[str, tuple[int, tuple]] = {}
    for (string, pattern), n in counts.items():
        if n >= min_count and n > best.get(string, (0, ()))[0]:
            best[string] = (n, pattern)
    found: dict[str, Pattern] = {}
    for string, (n, pattern) in best.items():
        occurrences = corpus.count(string)
        if 2 * n > occurrences:
            found[string] = pattern
        elif share * occurrences <= n:
            found[string] = MISSING
    return found


def _read_parts(files: list[Path], reader) -> list[Sentence]:
    if not files:
        raise KgbuildError("no training files found")
    return [sentence for path in files for sentence in reader(path)]


def training_files(shared: Path) -> dict[str, list[Path]]:
    """The files of each training set in ``shared/data`` (never a dev or test split)."""
    data = Path(shared) / "data"
    files = {
        "msra": sorted((data / "msra_ner/train").glob("msra_train_bio_part*of4.txt")),
        "cluener": [data / "cluener2020/train.jsonl"],
        "resume": [data / "resume_ner/train.char.bmes"],
        "peoples_daily": sorted((data / "peoples_daily_1998_original").glob("199801_utf8_part*of4.txt")),
    }
    for paths in files.values():
        for path in paths:
            if not path.is_file():
                raise InputError(str(path), "training file is missing")
    return files


def training_sources(shared: Path) -> dict[str, list[Sentence]]:
    """The four training sets in ``shared/data`` (never their dev or test splits)."""
    files = training_files(shared)
    msra = _read_parts(files["msra"], read_msra)
    # Where People's Daily's conventions differ from MSRA's (十五大/j, 月球/n,
    # 邓小平理论/n), MSRA's own training labels decide (see _pd_entities); where
    # MSRA labels a word only in some contexts (两岸/n), People's Daily abstains.
    lexicon = {**dict.fromkeys(disputed(msra), MISSING), **entity_lexicon(msra)}
    abbreviations = entity_lexicon(msra, usual=False)
    patterns = char_patterns(msra)
    return {
        "msra": msra,
        "cluener": read_cluener(files["cluener"][0]),
        "resume": read_resume(files["resume"][0]),
        # the four parts are cut at line boundaries: read them as one stream
        "peoples_daily": _read_parts(files["peoples_daily"], lambda p: read_peoples_daily(
            p.read_text(encoding="utf-8").splitlines(), str(p), lexicon, abbreviations, patterns)),
    }


def to_doc(nlp, text: str, spans: Iterable[tuple[int, int, str]], unknown: Iterable[str] = ()) -> Doc:
    """A Doc with one token per character and the given entities.

    Spans labelled MISSING or with one of ``unknown`` are left unannotated
    (missing), so training neither learns them nor learns that they are not
    entities.
    """
    doc = Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))
    unknown = {MISSING, *unknown}
    doc.set_ents([doc.char_span(s, e, label=label) for s, e, label in sorted(spans) if label not in unknown],
                 missing=[doc.char_span(s, e) for s, e, label in sorted(spans) if label in unknown])
    # What the character tagger learns: the BILUO tags of these entities;
    # missing characters keep no tag, which spaCy's tagger leaves out of the loss.
    for token, tag in zip(doc, doc_to_biluo_tags(doc)):
        if token.ent_iob_:  # "" where the entity annotation is missing
            token.tag_ = tag
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
            text = normalize(text)  # what the pipeline reads: same length, so spans hold
            split = "dev" if i % DEV_EVERY == DEV_EVERY - 1 else "train"
            bins[split].add(to_doc(nlp, text, spans, UNKNOWN.get(name, ())))
            c = counts[name][split]
            c["docs"] += 1
            c["chars"] += len(text)
            c.update(label for _, _, label in spans)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for split, docbin in bins.items():
        docbin.to_disk(out / f"{split}.spacy")
    return {name: {split: dict(sorted(c.items())) for split, c in by.items()} for name, by in counts.items()}


def _sha256(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def config_path() -> Path:
    return Path(__file__).parent / "ner_config.cfg"


def score_model(model_path: Path, data_dir: Path) -> dict:
    """F1 of the NER model alone (no rules) on each public test set."""
    from kg.ner import load_model, predict
    from kg.tools.ner_eval import SETS, evaluate

    model = load_model(str(model_path))

    def spans(texts):
        return [set(found) for found in predict(model, [normalize(t) for t in texts])]

    scores = {}
    for name in SETS:
        result = evaluate(name, data_dir, None, predict=spans)
        scores[name] = {label: round(s["f1"], 4) for label, s in result["scores"].items()}
        scores[name]["chars_per_second"] = round(result["chars"] / result["seconds"])
    return scores


def train(shared: Path, out: Path, max_steps: int = 20000, log=print, replace: bool = False) -> dict:
    """Build the training data, train with ``kg/tools/ner_config.cfg``, write the best model to ``out``.

    ``out`` must be a new or empty folder, checked before training starts;
    with ``replace`` a model already there is replaced (``kgbuild train ner
    --replace-shipped`` rebuilds the shipped one so). spaCy keeps the model
    that scored best on the held-out 2 % (``model-best``); only that one is
    copied to ``out``, and only once training has ended, so a stopped run
    never leaves a half-trained model behind. Returns the model card's facts,
    also written to ``out/card.json`` and ``out/MODEL_CARD.md``.
    """
    import contextlib
    import shutil
    import tempfile

    from spacy.cli.train import train as spacy_train

    import kg.ner  # noqa: F401  (registers kg_char_bigrams and kg_entity_tagger for the config)
    from kg.tools.model_folder import check_new, staged

    shared, out = Path(shared), Path(out)
    check_new(out, replace)
    started = time.time()
    with staged(out, replace) as model, tempfile.TemporaryDirectory(prefix="kgbuild-ner-") as tmp:
        tmp = Path(tmp)
        counts = build_corpora(shared, tmp / "data")
        log(f"training data written in {time.time() - started:.0f} s")
        buffer = _Tee(sys.stderr)  # spaCy's progress table, shown as it comes and kept for the card
        trained = time.time()
        with contextlib.redirect_stdout(buffer):
            spacy_train(config_path(), tmp / "model", overrides={
                "paths.train": str(tmp / "data/train.spacy"), "paths.dev": str(tmp / "data/dev.spacy"),
                "training.max_steps": max_steps})
        seconds = time.time() - trained
        shutil.copytree(tmp / "model" / "model-best", model, dirs_exist_ok=True)
        card = _card(shared, model, counts, max_steps, buffer.getvalue(), seconds)
    return card


def _card(shared: Path, staged: Path, counts: dict, max_steps: int, log_text: str, seconds: float) -> dict:
    """The model card's facts for the model in ``staged``; writes card.json and MODEL_CARD.md there."""
    meta = json.loads((staged / "meta.json").read_text(encoding="utf-8"))
    card = {
        "sources": {name: by for name, by in counts.items()},
        "source_files_sha256": _sha256(f for paths in training_files(shared).values() for f in paths),
        "normalisation": "kg.normalize (Traditional→Simplified, full-width digits/letters→ASCII, "
                         "half-width punctuation→full-width), as in kgbuild run",
        "config": "kg/tools/ner_config.cfg",
        "config_sha256": _sha256([config_path()]),
        "max_steps": max_steps,
        "dev_ents_f": round(meta["performance"]["ents_f"], 4),
        "dev_ents_per_type": {k: round(v["f"], 4) for k, v in meta["performance"]["ents_per_type"].items()},
        "dev_log": _dev_log(log_text),
        "training_seconds": round(seconds),
        "spacy": spacy.__version__,
        "bytes": sum(f.stat().st_size for f in staged.rglob("*") if f.is_file()),
        "test_f1_model_alone": score_model(staged, shared / "data"),
    }
    (staged / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (staged / "MODEL_CARD.md").write_text(model_card(card), encoding="utf-8")
    return card


class _Tee(io.StringIO):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        return super().write(text)


_LOG_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s*$", re.M)


def _dev_log(text: str) -> list[list]:
    """``[epoch, step, dev F1]`` rows of spaCy's console log."""
    return [[int(e), int(s), float(f)] for e, s, f in _LOG_ROW.findall(text)]


def model_card(card: dict) -> str:
    """The model card in Markdown, from the facts in ``card.json``."""
    names = {"msra": "MSRA test", "cluener": "CLUENER2020 dev", "resume": "Resume NER test"}
    rows = []
    for name, scores in card["test_f1_model_alone"].items():
        cells = " | ".join(f"{scores[k]:.3f}" if k in scores else "–" for k in ("PER", "ORG", "LOC", "TITLE", "micro"))
        rows.append(f"| {names[name]} | {cells} | {scores['chars_per_second']:,} |")
    sources = []
    for name, by in card["sources"].items():
        t = by["train"]
        labels = ", ".join(f"{k} {v}" + (" (unannotated)" if k in (MISSING, *UNKNOWN.get(name, ())) else "")
                           for k, v in t.items() if k not in ("docs", "chars"))
        sources.append(f"| {name} | {t.get('docs', 0)} | {t.get('chars', 0)} | {labels} | {by['dev'].get('docs', 0)} |")
    curve = ", ".join(f"{step}: {f / 100:.3f}" for _, step, f in card["dev_log"])
    return "\n".join([
        "# kgbuild NER model (spaCy, one token per character)",
        "",
        "A spaCy `tok2vec` + `tagger` pipeline over single characters, each with the bigram it starts",
        "(`kg_char_bigrams` in kg/ner.py), that tags each character B, I, L, U or O of PER, ORG, LOC or",
        "TITLE (`kg_entity_tagger`: the tagger, its tags read as entities). Trained by `kgbuild train ner`;",
        "kgbuild loads it from the package (kg/ner.py) and combines it with its rules. Nothing is",
        "downloaded. The facts below are from `card.json`, written by the training run itself.",
        "",
        "## Data (training splits only; no dev or test split was read)",
        "",
        "| source | documents | characters | entities | held out |",
        "|---|---|---|---|---|",
        *sources,
        "",
        f"- Files: MSRA NER train (4 parts), CLUENER2020 train, Resume NER train, People's Daily 1998",
        f"  (original PKU release, 4 parts); sha256 of them together `{card['source_files_sha256']}`.",
        "- Labels: CLUENER name→PER, organization/government/company→ORG, address→LOC, position→TITLE;",
        "  Resume NAME→PER; People's Daily nr→PER (surname and given name joined), ns→LOC, nt→ORG,",
        "  bracketed [...]nt / [...]ns compounds→one ORG / LOC.",
        "- Where People's Daily's conventions differ from MSRA's, what MSRA train labels (at least 3",
        "  times) decides: abbreviations tagged j take MSRA's label (十五大 → ORG; 中美/j → two places),",
        "  words MSRA usually labels are entities (月球/n), and an entity at the start of a longer word",
        "  is one (邓小平 in 邓小平理论/n, 中华 in 中华民族/n). Words MSRA labels in 20 to 50 % of their",
        "  occurrences, by context (两岸/n, 市委/n), are left unannotated (MISSING). An entity word takes",
        "  the label MSRA usually gives it (东盟/ns → ORG), and words in which MSRA labels single",
        "  characters take those labels (访华/v: 华 → LOC; 华侨/n: 华 → LOC), or are left unannotated",
        "  where MSRA labels them so only in some contexts (华人/n).",
        "- CLUENER's and Resume's LOC spans follow another convention than news (a whole address is",
        "  one place) and are left unannotated (missing, not O): news alone teaches LOC.",
        "- Held out to pick the best model: every 50th document of each source (2 %).",
        f"- Normalisation, in training and in use: {card['normalisation']}.",
        "",
        "## Settings",
        f"- `{card['config']}` (sha256 `{card['config_sha256']}`), spaCy {card['spacy']}, at most",
        f"  {card['max_steps']} steps; the best model on the held-out documents is kept.",
        "- Prediction: each character's best tag; where those tags do not form whole entities",
        "  (an I or L with no B before it), the best sequence that does, by Viterbi over the",
        "  allowed BILUO transitions (`best_tags` in kg/ner.py).",
        f"- Training time: {card['training_seconds']} s on one CPU core.",
        f"- Size on disk: {card['bytes'] / 1e6:.1f} MB.",
        f"- Held-out F1: {card['dev_ents_f']:.3f} "
        f"({', '.join(f'{k} {v:.3f}' for k, v in card['dev_ents_per_type'].items())}).",
        f"- Held-out F1 by step: {curve}.",
        "",
        "## Scores of the model alone (exact span F1; `kgbuild eval ner` scores it with the rules)",
        "",
        "| test set | PER | ORG | LOC | TITLE | micro | characters/s |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        "CLUENER2020 has no public test labels, so its dev set stands in for a test set; it was",
        "never used in training. MSRA test errors were looked at while writing the People's Daily",
        "harmonisation above, so the MSRA figures are not blind. Characters per second: the model",
        "alone, one process.",
        "",
    ])
