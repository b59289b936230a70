"""NER evaluation: the three readers, exact-span scoring, and a run on MSRA."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.tools import ner_eval
from kg.errors import InputError, KgbuildError
from kg.extract import extract
from kg.types import Article

DATA = Path(__file__).resolve().parent / "data"
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

# (reader, team-written fixture, expected (text, gold spans) per sentence)
READ_CASES = [
    (ner_eval.read_msra, "ner_msra.bio", [
        ("王明在北京会见了联合国代表。", {(0, 2, "PER"), (3, 5, "LOC"), (8, 11, "ORG")}),
        ("李华说：“上海很好。”", {(0, 2, "PER"), (5, 7, "LOC")}),
        ("今天天气不错。", set()),
        # I- with no B- before it starts a span (conlleval); no blank line at the end.
        ("去杭州", {(1, 3, "LOC")}),
    ]),
    (ner_eval.read_resume, "ner_resume.bmes", [
        ("张伟，男，本科学历。", {(0, 2, "PER")}),  # EDU is not scored
        ("现任华信科技有限公司总经理，现居京。",
         {(2, 10, "ORG"), (10, 13, "TITLE"), (16, 17, "LOC")}),  # 京 is one S-LOC
    ]),
    (ner_eval.read_cluener, "ner_cluener.jsonl", [
        ("国务院总理李强在广州考察了腾讯公司。",
         {(0, 3, "ORG"), (3, 5, "TITLE"), (5, 7, "PER"), (8, 10, "LOC"), (13, 17, "ORG")}),
        ("他在故宫读完了《红楼梦》。", set()),  # scene and book are dropped
        ("皇马主帅安切洛蒂表示满意", {(0, 2, "ORG"), (2, 4, "TITLE"), (4, 8, "PER")}),
    ]),
]

# (reader, bad file content, line number named in the error)
BAD_CASES = [
    (ner_eval.read_msra, "王\tB-PER\n明I-PER\n", 2),  # no separator
    (ner_eval.read_msra, "王\tB-PER\n明\tE-PER\n", 2),  # a BMES tag in BIO
    (ner_eval.read_resume, "张 B-NAME\n伟 O-NAME\n", 2),
    (ner_eval.read_cluener, '{"text": "李强说", "label": {"name": {"李强": [[0, 1]]}}}\n{"text": \n', 2),
    (ner_eval.read_cluener, '{"text": "李强说", "label": {"name": {"李强": [[1, 2]]}}}\n', 1),
]

P, O, L, T = "PER", "ORG", "LOC", "TITLE"
# (gold, predicted, label → (gold, predicted, correct)); one sentence each
SCORE_CASES = [
    pytest.param({(0, 2, P)}, {(0, 2, P)}, {P: (1, 1, 1), "micro": (1, 1, 1)}, id="exact match"),
    pytest.param({(0, 2, P)}, {(0, 2, O)}, {P: (1, 0, 0), O: (0, 1, 0), "micro": (1, 1, 0)}, id="wrong label"),
    pytest.param({(0, 3, O)}, {(0, 2, O)}, {O: (1, 1, 0)}, id="end one short"),
    pytest.param({(1, 3, L)}, {(0, 3, L)}, {L: (1, 1, 0)}, id="start one early"),
    pytest.param({(0, 2, P), (3, 5, L)}, {(0, 2, P)}, {P: (1, 1, 1), L: (1, 0, 0), "micro": (2, 1, 1)},
                 id="missed span"),
    pytest.param(set(), {(0, 2, T)}, {T: (0, 1, 0)}, id="spurious span"),
]


@pytest.fixture(scope="module")
def char_nlp():
    """The char pipeline: it needs no segmenter model, which may be in training."""
    from kg.nlp import load_pipeline

    return load_pipeline("char")


@pytest.mark.parametrize("reader,name,expected", READ_CASES)
def test_ner_eval_reads_fixture(reader, name, expected):
    assert reader(DATA / name) == expected


@pytest.mark.parametrize("reader,content,line", BAD_CASES)
def test_ner_eval_reader_names_bad_line(tmp_path, reader, content, line):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as e:
        reader(path)
    assert e.value.line == line and e.value.source == str(path)


@pytest.mark.parametrize("gold,predicted,expected", SCORE_CASES)
def test_ner_eval_score_counts_exact_spans(gold, predicted, expected):
    result = ner_eval.score([gold], [predicted], [P, O, L, T])
    for label, (g, p, c) in expected.items():
        s = result[label]
        assert (s["gold"], s["predicted"], s["correct"]) == (g, p, c), label
        assert s["precision"] == (c / p if p else 0.0)
        assert s["recall"] == (c / g if g else 0.0)


def test_ner_eval_score_micro_averages_over_given_labels_only():
    gold = [{(0, 2, P), (3, 5, L)}, {(0, 3, O), (4, 6, T)}]
    predicted = [{(0, 2, P), (3, 4, L)}, {(0, 3, O), (4, 6, T)}]
    result = ner_eval.score(gold, predicted, [P, O, L])
    assert T not in result
    assert (result["micro"]["gold"], result["micro"]["predicted"], result["micro"]["correct"]) == (3, 3, 2)
    assert result["micro"]["f1"] == pytest.approx(2 / 3)


def test_ner_eval_predict_drops_places_nested_in_names(char_nlp):
    text = "中国信息通信研究院副院长魏亮说，山西焦煤今年增产。"
    nested = {(0, 2), (16, 18)}  # 中国 in the institute, 山西 in 山西焦煤
    [ex] = extract(char_nlp, [Article(id="a", text=text)])
    assert nested <= {(m.start, m.end) for m in ex.mentions}  # kgbuild keeps them ...
    [spans] = ner_eval.predict_spans(char_nlp, [text])
    assert not nested & {(s, e) for s, e, _ in spans}  # ... the scoring does not
    assert {(0, 9, O), (9, 12, T), (12, 14, P), (16, 20, O)} <= spans


def test_ner_eval_titles_come_from_the_extraction(char_nlp):
    text = "中国信息通信研究院副院长魏亮说"
    [ex] = extract(char_nlp, [Article(id="t", text=text)])
    assert ("TITLE", 9, 12) in {(m.label, m.start, m.end) for m in ex.mentions}
    [spans] = ner_eval.predict_spans(char_nlp, [text])
    assert (9, 12, T) in spans


def test_ner_eval_unknown_set_is_refused(char_nlp, tmp_path):
    with pytest.raises(KgbuildError, match="supported: msra, cluener, resume"):
        ner_eval.evaluate("weibo", tmp_path, char_nlp)


def test_ner_eval_missing_file_names_it(char_nlp, tmp_path):
    with pytest.raises(InputError, match="msra_test_bio.txt"):
        ner_eval.evaluate("msra", tmp_path, char_nlp)


def test_ner_eval_msra_smoke(char_nlp):
    path = SHARED_DATA / "msra_ner" / "msra_test_bio.txt"
    if not path.is_file():
        pytest.skip(f"the MSRA NER test set is not here: {path}")
    result = ner_eval.evaluate("msra", SHARED_DATA, char_nlp, limit=50)
    assert result["sentences"] == 50 and result["seconds"] > 0
    gold = [g for _, g in ner_eval.read_msra(path)[:50]]
    scores = result["scores"]
    assert set(scores) == {P, O, L, "micro"}
    for label in (P, O, L):
        assert scores[label]["gold"] == sum(1 for g in gold for s in g if s[2] == label)
    for key in ("gold", "predicted", "correct"):
        assert scores["micro"][key] == sum(scores[label][key] for label in (P, O, L))
    for s in scores.values():
        assert 0 <= s["correct"] <= min(s["gold"], s["predicted"])
        assert all(0.0 <= s[k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert scores["micro"]["gold"] > 0 and scores["micro"]["predicted"] > 0
    table = ner_eval.format_report([result])
    assert "MSRA test" in table and "micro*" in table


# What kgbuild eval ner measured with the shipped NER model (README, Results),
# less 0.01 for a small change elsewhere; the CLUENER2020 position floor is
# the target of issue 4 itself. Raise them when the pipeline improves.
FLOORS = {
    ("msra", "micro"): 0.870, ("msra", P): 0.915, ("msra", O): 0.763, ("msra", L): 0.889,
    ("cluener", "micro"): 0.660, ("cluener", T): 0.75,
    ("resume", T): 0.756,
}


@pytest.fixture(scope="module")
def full_results(nlp):
    from kg.nlp import load_pipeline

    rules = load_pipeline(ner=False)
    return {name: (ner_eval.evaluate(name, SHARED_DATA, nlp), ner_eval.evaluate(name, SHARED_DATA, rules))
            for name in ("msra", "cluener", "resume")}


@pytest.mark.parametrize("name, label", list(FLOORS))
def test_ner_eval_full_sets_hold_the_published_figures(full_results, name, label):
    with_model, _ = full_results[name]
    assert with_model["scores"][label]["f1"] >= FLOORS[(name, label)], ner_eval.format_report([with_model])


def test_ner_eval_the_model_finds_the_names_the_rules_miss(full_results):
    with_model, rules = full_results["msra"]
    assert with_model["scores"][P]["f1"] > rules["scores"][P]["f1"] + 0.3
    assert with_model["scores"]["micro"]["f1"] > rules["scores"]["micro"]["f1"] + 0.15
