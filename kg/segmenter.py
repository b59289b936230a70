"""Word segmentation: spaCy's Chinese tokenizer with kgbuild's pkuseg model.

The model (``kg/models/pkuseg``) is trained by ``kgbuild train segmenter``
and shipped in the package; it is loaded through spaCy's own pkuseg support,
``ChineseTokenizer.initialize(pkuseg_model=...)``, always from a directory
path, so spacy-pkuseg never takes it for one of its named models and never
downloads anything. Text is normalised (kg.normalize) before segmenting,
exactly as the training corpus was.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import partial
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from kg import wordlists
from kg.errors import KgbuildError
from kg.normalize import normalize
from kg.types import DEFAULT_SEGMENTER, SEGMENTERS


def model_dir() -> Path:
    """The shipped pkuseg model folder; a clear error when it is missing."""
    path = Path(str(files("kg.models") / "pkuseg"))
    if not (path / "features.msgpack").is_file() or not (path / "weights.npz").is_file():
        raise KgbuildError(
            f"the segmenter model is missing from {path}; build it with "
            "`kgbuild train segmenter --replace-shipped` or use --segmenter char")
    return path.resolve()


def entity_words() -> list[str]:
    """Words from the entity lists that the segmenter must keep whole."""
    words = set(wordlists.words("titles")) | set(wordlists.words("orgs")) | set(wordlists.aliases())
    words |= set(wordlists.words("places_gpe")) | set(wordlists.words("places_loc"))
    return sorted(normalize(w) for w in words if len(w) > 1)


def blank(segmenter: str = DEFAULT_SEGMENTER, user_words: Iterable[str] | None = None,
          model: Path | None = None) -> Language:
    """A ``zh`` pipeline with the given segmenter and, for pkuseg, its word rules.

    ``user_words`` become pkuseg's user dictionary: each is always one token.
    pkuseg's own general dictionary post-processing is switched off: it
    merges words against a dictionary of another standard. ``model`` is a
    model folder other than the shipped one (used right after training).
    """
    if segmenter not in SEGMENTERS:
        raise KgbuildError(f"unknown segmenter {segmenter!r}; supported: {', '.join(SEGMENTERS)}")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    if segmenter == "pkuseg":
        nlp.tokenizer.initialize(pkuseg_model=str(Path(model).resolve() if model else model_dir()))
        nlp.tokenizer.pkuseg_seg.postprocesser.do_process = False
        user_words = list(user_words or [])
        nlp.tokenizer.pkuseg_update_user_dict(user_words, reset=True)
        preprocesser = nlp.tokenizer.pkuseg_seg.preprocesser
        preprocesser.solve = partial(user_word_pieces, preprocesser.trie)
        nlp.add_pipe("kg_segment_rules").protected = set(user_words)
    return nlp


def token_offsets(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` of each token, read from the Doc's arrays (no Token objects are made:
    on a corpus they were a tenth of the run)."""
    return [(s, s + n) for s, n in doc.to_array([IDX, LENGTH]).tolist()]


def split_tokens_at(doc: Doc, offsets: set[int], tokens: list[tuple[int, int]] | None = None) -> None:
    """Split the tokens of ``doc`` so that a token boundary falls at each offset
    (``tokens``: the Doc's :func:`token_offsets`, if already read)."""
    points = sorted(offsets)
    if not points:
        return
    cuts: dict[int, list[int]] = {}
    for i, (s, e) in enumerate(tokens if tokens is not None else token_offsets(doc)):
        start = bisect.bisect_right(points, s)  # the offsets inside each token: linear, not tokens × offsets
        stop = bisect.bisect_left(points, e, lo=start)
        if start < stop:
            cuts[i] = [o - s for o in points[start:stop]]
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            tok = doc[i]
            edges = [0, *points, len(tok.text)]
            parts = [tok.text[x:y] for x, y in zip(edges, edges[1:])]
            retokenizer.split(tok, parts, heads=[(tok, 0)] * len(parts))


# Where the 1998 corpus always puts a word boundary, and a CRF trained on it
# sometimes does not (weather tables are rare in it): around ℃, and around ／
# unless it joins a fraction (１／３).
_MINUS = re.compile(r"(?<=[^0-9.\s－-])(?=[－-][0-9])")  # 晴－9 → 晴 －9


def _number_cuts(text: str) -> set[int]:
    cuts = {m.start() for m in _MINUS.finditer(text)}
    for i, ch in enumerate(text):
        fraction = ch == "／" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
        if ch == "℃" or (ch == "／" and not fraction):
            cuts.update((i, i + 1))
    return cuts


def _number_joins(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Decimal numbers split at the point (55 . 6亿) and a minus split from its number (－ 9);
    ``tokens`` are the ``(start, end)`` of the words of ``text``."""
    joins: list[tuple[int, int]] = []
    for i in range(len(tokens) - 1):
        s, e = tokens[i]
        word, nxt = text[s:e], tokens[i + 1]
        if word not in ("－", "-", "."):
            continue
        before = text[tokens[i - 1][1] - 1] if i else ""  # the last character of the word before
        if word != "." and text[nxt[0]].isdigit() and not before.isdigit():
            join = (s, nxt[1])
        elif word == "." and before.isdigit() and text[nxt[0]].isdigit():
            join = (tokens[i - 1][0], nxt[1])
        else:
            continue
        if joins and join[0] < joins[-1][1]:  # 1.61 . 3.5: joins may chain; merge them as one
            join = (joins.pop()[0], join[1])
        joins.append(join)
    return joins


def user_word_pieces(trie, text: str) -> tuple[list[str], list[bool], list[str]]:
    """Cut ``text`` at the longest user-dictionary word at each place, left to right.

    This replaces spacy-pkuseg's ``Preprocesser.solve``, which returns the
    path it walked rather than the word it found when a longer dictionary
    word shares the start: with 联合国秘书处 in the dictionary,
    联合国秘书长 came out as 联合国秘书 | 长. Returns pkuseg's triple:
    pieces, whether each is a user word, and their (empty) tags.
    """
    pieces: list[str] = []
    is_word: list[bool] = []
    last = i = 0
    while i < len(text):
        node, end = trie, -1
        for j in range(i, len(text)):
            node = node.children.get(text[j])
            if node is None:
                break
            if node.isword:
                end = j + 1
        if end < 0:
            i += 1
            continue
        if last < i:
            pieces.append(text[last:i])
            is_word.append(False)
        pieces.append(text[i:end])
        is_word.append(True)
        last = i = end
    if last < len(text):
        pieces.append(text[last:])
        is_word.append(False)
    return pieces, is_word, [""] * len(pieces)


class SegmentRules:
    """Corrections to the CRF's words, each a convention of the training corpus.

    - Numbers: cut before and after ℃, around ／ outside a fraction, and
      before a minus sign that starts a number (晴－9 → 晴 －9, as the corpus
      writes －０．４); join a decimal number split at its point and a minus
      split from its number.
    - Unknown words: a word the training corpus never had, that splits into
      two words it had side by side, is split there (乡政府 → 乡 政府 when the
      corpus only ever wrote 乡 政府). The model's own word and word-pair
      lists (features.msgpack) hold what is needed.
    - Words of the user dictionary (the entity lists) are left whole.
    """

    def __init__(self, nlp: Language):
        extractor = nlp.tokenizer.pkuseg_seg.feature_extractor
        self.rename = extractor.keyword_rename  # the corpus's own spelling of . - / etc.
        self.words = extractor.unigram
        self.pairs = extractor.bigram
        self.protected = set()

    @property
    def protected(self) -> set[str]:
        return self._protected

    @protected.setter
    def protected(self, words: set[str]) -> None:
        self._protected = words
        self._cuts: dict[str, int | None] = {}  # word → its cut: a corpus repeats its words

    def __call__(self, doc: Doc) -> Doc:
        text, tokens = doc.text, token_offsets(doc)
        cuts = _number_cuts(text) - {s for s, _ in tokens}
        for s, e in tokens:
            word = text[s:e]
            cut = self._cuts[word] if word in self._cuts else self._cuts.setdefault(word, self._unknown_word_cut(word))
            if cut:
                cuts.add(s + cut)
        joins = _number_joins(text, tokens)
        split_tokens_at(doc, cuts, tokens)
        with doc.retokenize() as retokenizer:
            for s, e in joins:
                span = doc.char_span(s, e)
                if span is not None and len(span) > 1:
                    retokenizer.merge(span)
        return doc

    def _unknown_word_cut(self, word: str) -> int | None:
        w = self.rename(word)
        if len(w) < 2 or w in self.words or word in self.protected:
            return None
        cuts = [k for k in range(1, len(w)) if f"{w[:k]}*{w[k:]}" in self.pairs]
        # Of several, the most even split: 古银杏树 → 古 银杏树 is less likely than 古银 杏树.
        return max(cuts, key=lambda k: (min(k, len(w) - k), k)) if cuts else None


@Language.factory("kg_segment_rules")
def make_segment_rules(nlp: Language, name: str) -> SegmentRules:
    return SegmentRules(nlp)


def segment_lines(lines: Iterable[str], nlp: Language) -> Iterator[str]:
    """Each line segmented: words separated by single spaces.

    The words are cut from the line as given, so the output keeps the
    input's characters exactly (whitespace between words aside).
    """
    for line in lines:
        line = line.rstrip("\r\n")
        doc = nlp(normalize(line))
        yield " ".join(line[t.idx:t.idx + len(t)] for t in doc if not t.is_space)
