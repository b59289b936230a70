"""Fuzzing kgbuild (issue 15): random Unicode and random bytes as .txt files and as
JSONL lines (random field values), many at a time in one folder, through one
in-process run per example.

For every example: the run does not crash; every refusal is in kgbuild's own
words and names its file (and, for JSONL, a line of that file); every non-blank
JSONL line and every text file is either read or refused, never dropped
without a word; every article read is in the graph with its text as read; a
well-formed JSONL record is read, its text and fields kept exactly (but for the
characters no output may hold, each one U+FFFD); a clean Chinese text file is
read; and the outputs are valid: rapper and pyoxigraph read graph.ttl, graph.gexf
is well-formed XML, and jing validates it against the GEXF 1.3 schema (one jing
for many examples: the JVM's start is most of its cost).

Profiles (HYPOTHESIS_PROFILE):
  ci    the default, in `make test`: derandomized (the same examples every run),
        FUZZ_CI_EXAMPLES examples of up to about 30 inputs each, well under a minute
  long  `make fuzz`: random, runs examples until FUZZ_CASES inputs (default 10,000)
        have been fed; a failing example's inputs are kept on disk and named
"""
from __future__ import annotations

import importlib
import json
import os
import pkgutil
import shutil
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg
from kg.errors import InputError
from kg.reader import iter_articles
from test_hostile import (articles_of, jing_problems, offsets_problems, oxigraph_store, own_words,
                          rapper_problem, statements_problem, text_problems)

# Hypothesis draws some values from the literals of the local modules loaded (kgbuild's own, and the
# test modules collected), so what the derandomized examples are depends on which are loaded when it
# runs. kgbuild's modules are all loaded here, so that the examples do not depend on which tests ran
# before (tests/test_hostile.py loads kg.cli, say); for one set of test files they are always the same.
for _module in pkgutil.walk_packages(kg.__path__, "kg."):
    importlib.import_module(_module.name)

_COMMON = dict(deadline=None, database=None, print_blob=True,
               suppress_health_check=list(HealthCheck))
settings.register_profile("ci", max_examples=int(os.environ.get("FUZZ_CI_EXAMPLES", "100")), derandomize=True,
                          **_COMMON)
settings.register_profile("long", max_examples=200, derandomize=False, **_COMMON)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
FUZZ_SETTINGS = settings.get_profile(PROFILE if PROFILE in ("ci", "long") else "ci")
LONG = PROFILE == "long"
FUZZ_CASES = int(os.environ.get("FUZZ_CASES", "10000"))  # inputs fed in the long run

# ---------------------------------------------------------------- strategies

# Pieces of invented Chinese news, and what breaks it: quotes, half-width punctuation,
# line ends of every kind, controls, BOMs, astral and RTL characters, markup.
WORDS = [
    "林若川", "温思远", "周明远", "吴桐", "林晓雨", "星海集团", "江城市", "长湖县", "交通运输局", "副总经理",
    "市长", "局长", "首席预报员", "表示", "说", "认为", "介绍", "指出", "据", "称", "预计", "将", "加快",
    "建设", "数据中心", "社区食堂", "今年", "明年", "我们", "欢迎", "合作", "新华社", "江城9月4日电",
    "3.5亿元", "2025年9月4日", "《江城日报》", "𠮷祥市", "臺北市", "經濟部", "次長", "說", "表示，",
]
MARKS = [
    "：", "，", "。", "、", "；", "！", "？", ".", ",", ":", "!", "?", "“", "”", "‘", "’", "「", "」", "『",
    "』", '"', "'", "（", "）", "(", ")", "《", "》", "…", "——", " ", "\u3000", "\t",
]
HOSTILE = [
    "\n", "\n\n", "\r\n", "\r", "\f", "\v", "\x00", "\x1b", "\x7f", "\x85", "\ufeff", "\u2028", "\u2029",
    "\ufffe", "\uffff", "\ufffd", "\u202e", "\u200f", "\u200d", "👩\u200d👩\u200d👧", "<", ">", "&", "\\",
    "]]>", "\"\"\"", "\\u0000", "%zz", "javascript:alert(1)", "http://例子.中国/a b", "\U0010ffff", "\ud800",
    "\udfff", "e\u0301", "\U0001f600", "\u0000",
]
CLEAN_WORDS = [*WORDS, *MARKS, "\n", "\n\n"]

clean_chinese = st.lists(st.sampled_from(CLEAN_WORDS), max_size=30).map("".join)
# Sentences that are unmistakably an article's body (invented); a clean file holds one on a line of its own.
BODIES = ["星海集团副总经理林若川表示，公司将加快建设数据中心。", "江城市市长温思远说，今年将新建十家社区食堂。",
          "經濟部次長林志遠表示，將加快推動產業升級。", "长湖县交通运输局局长周明远介绍，全县将新改建农村公路八十公里。"]
any_char = st.characters(exclude_categories=())  # every code point, lone surrogates too
messy_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.sampled_from(HOSTILE),
              st.text(any_char, max_size=6)),
    max_size=40).map("".join)
random_text = st.one_of(messy_text, st.text(any_char, max_size=80), st.text(max_size=80))

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "gb18030",
             "gbk", "big5", "latin-1"]


def encode(text: str, encoding: str) -> bytes:
    """Text as a file holds it; what an encoding cannot hold becomes that encoding's damage."""
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le", errors="surrogatepass")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", errors="surrogatepass")
    if encoding.startswith("utf"):
        return text.encode(encoding, errors="surrogatepass")
    return text.encode(encoding, errors="replace")


@st.composite
def mutated(draw, base: st.SearchStrategy[bytes]) -> bytes:
    """Bytes with a few random insertions, deletions and overwrites."""
    data = bytearray(draw(base))
    for pos, junk, cut in draw(st.lists(st.tuples(st.integers(0, 1 << 16), st.binary(max_size=4),
                                                  st.integers(0, 3)), max_size=4)):
        at = pos % (len(data) + 1)
        data[at:at + cut] = junk
    return bytes(data)


encoded_text = st.builds(encode, random_text, st.sampled_from(ENCODINGS))
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x89PNG\r\n\x1a\n", b"\x00", b"%PDF-1.7\n",
            b"PK\x03\x04", b"{", b"\xef\xbb\xbf{"]
hostile_file = st.one_of(
    st.binary(max_size=600),
    encoded_text,
    mutated(encoded_text),
    mutated(st.builds(encode, clean_chinese, st.sampled_from(["utf-8", "gb18030", "big5"]))),
    st.builds(lambda p, d: p + d, st.sampled_from(PREFIXES), st.one_of(st.binary(max_size=300), encoded_text)),
)
CLEAN_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "big5"]


@st.composite
def clean_file(draw) -> tuple[bytes, str]:
    """Clean Chinese text with a body sentence, in an encoding kgbuild reads: it must be read, and the
    sentence must be in the graph. (bytes, the sentence)"""
    body = draw(st.sampled_from(BODIES))
    text = f"{draw(clean_chinese)}\n{body}\n{draw(clean_chinese)}"
    encoding = draw(st.sampled_from(CLEAN_ENCODINGS))
    if encoding == "big5":
        try:
            return text.encode("big5"), body
        except UnicodeEncodeError:
            encoding = "gb18030"
    return encode(text, encoding), body


JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), random_text)
json_value = st.recursive(JSON_SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=6)
OPTIONAL = ("title", "date", "source", "url")
field_text = st.one_of(random_text, st.sampled_from(["2025-09-04", "2025-02-30", "https://news.example.cn/a/1",
                                                     "javascript:alert(1)", "http://例子.中国/kg/", ""]))


@st.composite
def good_record(draw, n: int) -> dict:
    """A well-formed record (string id and text, optional fields strings or null); the id unique in its batch."""
    record = {"id": f"r{n}-{draw(random_text)}", "text": draw(random_text.filter(lambda t: t.strip()))}
    for key in OPTIONAL:
        choice = draw(st.integers(0, 2))
        if choice == 1:
            record[key] = draw(field_text)
        elif choice == 2:
            record[key] = None
    if draw(st.booleans()):
        unknown = draw(st.text(max_size=6).filter(lambda k: k not in ("id", "text", *OPTIONAL)))
        record[unknown] = draw(json_value)  # a field kgbuild does not know
    return record


def dump(value: object, ascii_only: bool) -> bytes:
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", errors="surrogatepass")


@st.composite
def jsonl_line(draw, n: int) -> tuple[bytes, dict | None]:
    """One line (no b"\\n") and, for a well-formed record in clean UTF-8, the record it must be read as."""
    kind = draw(st.integers(0, 7))
    if kind <= 2:
        record = draw(good_record(n))
        ascii_only = draw(st.booleans())
        line = dump(record, ascii_only)
        clean = ascii_only or not any(unicodedata.category(c) == "Cs" for v in record.values()
                                      if isinstance(v, str) for c in v)
        return line, (record if clean else None)
    if kind == 3:  # random values in the fields
        record = draw(st.dictionaries(st.sampled_from(["id", "text", *OPTIONAL]), json_value, max_size=6))
        return dump(record, draw(st.booleans())), None
    if kind == 4:  # any JSON at all
        return dump(draw(json_value), draw(st.booleans())), None
    if kind == 5:  # cut short
        line = dump(draw(good_record(n)), draw(st.booleans()))
        return line[:draw(st.integers(0, max(0, len(line) - 1)))], None
    if kind == 6:  # in a legacy encoding (feeds joined together)
        text = json.dumps(draw(good_record(n)), ensure_ascii=False)
        legacy = draw(st.sampled_from(["gb18030", "gbk", "big5", "utf-16-le"]))
        return encode(text, legacy).replace(b"\n", b" "), None
    return draw(mutated(st.builds(dump, good_record(n), st.just(False)))).replace(b"\n", b" "), None


@st.composite
def batch(draw) -> Batch:
    """One folder: a few hostile and clean text files and one or two JSONL files."""
    b = Batch()
    for i in range(draw(st.integers(0, 8))):
        folder = draw(st.sampled_from(["", "day1/", "day2/", "a/b/"]))  # same names in other folders
        name = f"{folder}{draw(st.sampled_from(['news', '新闻', 'x y', '.']))}{i}.txt"
        if draw(st.integers(0, 3)) == 0:
            data, text = draw(clean_file())
            b.clean_texts[name] = text
        else:
            data = draw(hostile_file)
        b.files[name] = data
    n = 0
    for j in range(draw(st.integers(1, 2))):
        lines, records = [], {}
        for _ in range(draw(st.integers(0, 12))):
            n += 1
            line, record = draw(jsonl_line(n))
            lines.append(line)
            if record is not None:
                records[len(lines)] = record  # its line number in the file
            if draw(st.integers(0, 9)) == 0:  # a blank or whitespace line
                lines.append(draw(st.sampled_from([b"", b" ", b"\t", b"\r"])))
        sep = draw(st.sampled_from([b"\n", b"\r\n"]))
        name = f"feed{j}.jsonl"
        b.files[name] = sep.join(lines) + draw(st.sampled_from([b"", sep]))
        b.records[name] = records
    return b


@dataclass
class Batch:
    files: dict[str, bytes] = field(default_factory=dict)  # path in the folder -> bytes
    clean_texts: dict[str, str] = field(default_factory=dict)  # text files that must be read -> a sentence in them
    records: dict[str, dict[int, dict]] = field(default_factory=dict)  # jsonl -> line -> record read exactly

    def cases(self) -> int:
        """Inputs fed: text files, and JSONL lines that are not blank."""
        return sum(1 if not n.endswith(".jsonl") else sum(1 for line in d.split(b"\n") if line.strip())
                   for n, d in self.files.items())


# ---------------------------------------------------------------- checking one batch

def as_read(value: str) -> str:
    """What the reader makes of a field: each character no output may hold is one U+FFFD; \\f and \\v line breaks."""
    return "".join("\n" if c in "\f\v" else
                   "\ufffd" if c in "\ufffe\uffff" or (unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r")
                   else c for c in value)


@dataclass
class Fuzz:
    """The state of one fuzz test: the pipeline, where examples go, counts, GEXF files waiting for jing."""
    pipeline: object
    root: Path
    examples: int = 0
    cases: int = 0
    refused: int = 0
    articles: int = 0
    pending: list[Path] = field(default_factory=list)

    def check(self, b: Batch) -> None:
        from kg.run import run

        case = self.root / f"example-{self.examples:05d}"
        self.examples += 1
        self.cases += b.cases()
        folder, out = case / "in", case / "out"
        for name, data in b.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        errors: list[InputError] = []
        notes: list[str] = []
        run([str(folder)], out, pipeline=self.pipeline, on_error=errors.append, on_note=notes.append,
            allow_empty=True)  # no exception: no crash
        self.refused += len(errors)
        self.check_messages(folder, b, errors, notes)
        self.check_nothing_lost(folder, b, errors, out)
        self.check_outputs(out)
        self.pending.append(out / "graph.gexf")  # for jing, after this call of the @given test

    def check_messages(self, folder: Path, b: Batch, errors: list[InputError], notes: list[str]) -> None:
        lines = {str(folder / n): d.count(b"\n") + 1 for n, d in b.files.items() if n.endswith(".jsonl")}
        for e in errors:
            message = str(e)
            assert own_words(message), message
            assert e.source.startswith(str(folder) + os.sep), message
            if e.source in lines:
                assert e.line is not None and 1 <= e.line <= lines[e.source], message
                assert message.startswith(f"{e.source}:{e.line}: "), message
            else:
                assert message.startswith(f"{e.source}: "), message
        for n in notes:
            assert own_words(n), n
            assert n.startswith(str(folder)), n

    def check_nothing_lost(self, folder: Path, b: Batch, errors: list[InputError], out: Path) -> None:
        read = list(iter_articles([str(folder)], lambda e: None))  # the reader alone, for the origins
        refused = {(e.source, e.line) for e in errors}
        origins = {a.origin for a in read}
        for name, data in b.files.items():
            path = str(folder / name)
            if Path(name).name.startswith("."):
                continue  # a hidden file (.0.txt): skipped without a word, by design
            if name.endswith(".jsonl"):
                for n, raw in enumerate(data.split(b"\n"), 1):
                    if raw.strip():
                        assert f"{path}:{n}" in origins or (path, n) in refused, f"{path}:{n} dropped without a word"
            else:
                assert path in origins or (path, None) in refused, f"{path} dropped without a word"
        store = oxigraph_store(out / "graph.ttl")
        graph = articles_of(store)
        for name, body in b.clean_texts.items():
            path = str(folder / name)
            if Path(name).name.startswith("."):
                continue
            assert (path, None) not in refused, f"{path}: clean Chinese text refused"
            ids = {a.id for a in read if a.origin == path}
            assert any(body in (graph[i]["string"] or "") + (graph[i]["headline"] or "") for i in ids if i in graph), \
                f"{path}: the sentence {body!r} is lost"
        failed = {e.source for e in errors if "could not be processed" in str(e)}
        for a in read:
            if a.origin in failed:
                continue
            assert a.id in graph, f"{a.origin}: article {a.id!r} read but not in the graph"
            assert graph[a.id]["string"] == a.text, f"{a.origin}: the graph's text is not the text read"
        for name, records in b.records.items():
            path = str(folder / name)
            for n, record in records.items():
                assert (path, n) not in refused, f"{path}:{n}: a well-formed record refused: {record!r}"
                got = graph[as_read(record["id"])]
                assert got["string"] == as_read(record["text"]), f"{path}:{n}: text changed"
                for key, attr in (("title", "headline"), ("date", "date"), ("source", "source"), ("url", "url")):
                    if record.get(key):
                        assert got[attr] == as_read(record[key]), f"{path}:{n}: {key} changed"
        assert offsets_problems(store) == []
        self.articles += len(graph)

    def check_outputs(self, out: Path) -> None:
        assert text_problems(out) == []
        problem = rapper_problem(out / "graph.ttl")
        assert problem is None, problem
        ET.parse(out / "graph.gexf")
        assert statements_problem(out / "statements.jsonl") is None

    def run_jing(self) -> None:
        pending, self.pending = self.pending, []
        problem = jing_problems(pending)
        if problem is None:
            for p in pending:
                shutil.rmtree(p.parent.parent, ignore_errors=True)  # valid: the example's folder can go
        assert problem is None, f"{problem}\n(the inputs are kept beside each failing graph.gexf, in in/)"


def run_fuzz(nlp, target_cases: int) -> Fuzz:
    fuzz = Fuzz(nlp, Path(tempfile.mkdtemp(prefix="kgbuild-fuzz-")))

    @FUZZ_SETTINGS
    @given(batch())
    def one_batch(b: Batch) -> None:
        fuzz.check(b)

    t0 = time.perf_counter()
    while True:
        one_batch()  # max_examples examples; a failure is shrunk to a small one and reported
        fuzz.run_jing()  # one jing for the GEXF files of all of them
        if fuzz.cases >= target_cases:
            break
    seconds = time.perf_counter() - t0
    print(f"\nfuzz ({PROFILE}): {fuzz.cases} inputs ({fuzz.examples} examples, {fuzz.articles} articles "
          f"in the graphs, {fuzz.refused} refusals) in {seconds:.0f} s")
    shutil.rmtree(fuzz.root, ignore_errors=True)
    return fuzz


def test_fuzz_random_files_and_jsonl_lines(nlp):
    fuzz = run_fuzz(nlp, FUZZ_CASES if LONG else 1)
    assert fuzz.cases >= (FUZZ_CASES if LONG else 100)
