"""Conversion of the four NER training formats into one-token-per-character DocBins.

Fixtures are small sentences written for these tests, in each corpus's format.
"""
from __future__ import annotations

import json

import pytest
import spacy
from spacy.tokens import DocBin

from kg.errors import InputError
from kg.tools.train_ner import (DEV_EVERY, MISSING, _dev_log, build_corpora, char_patterns, disputed, entity_lexicon,
                          read_peoples_daily, to_doc)

# People's Daily line → entities (text, label) of each sentence it yields
PD_CASES = [
    # id stripped; surname + given name written apart are one person
    ("19980102-03-004-005/m  国家/n  主席/n  王/nr  小明/nr  讲话/v  。/w  ",
     [[("王小明", "PER")]]),
    # a bracketed nt compound is one ORG; the ns inside it is not a place of its own
    ("19980102-03-004-006/m  [北京/ns  青年/n  出版社/n]nt  成立/v  ",
     [[("北京青年出版社", "ORG")]]),
    # an ns compound is one LOC; a plain nt word is an ORG
    ("19980102-03-004-007/m  [东方/ns  特别/a  市/n]ns  的/u  新华社/nt  ",
     [[("东方特别市", "LOC"), ("新华社", "ORG")]]),
    # two full names side by side stay two people; ]nz compounds are not entities
    ("19980102-03-004-008/m  欧阳明/nr  赵大海/nr  读/v  [长江/ns  日报/n]nz  ",
     [[("欧阳明", "PER"), ("赵大海", "PER"), ("长江", "LOC")]]),
    # paragraphs are cut after 。！？ into sentences
    ("19980102-03-004-009/m  李/nr  四/nr  来/v  了/y  ！/w  张/nr  到/v  上海/ns  。/w  ",
     [[("李四", "PER")], [("张", "PER"), ("上海", "LOC")]]),
    # a word holding a slash keeps it
    ("19980102-03-004-010/m  １/２/m  在/p  河南/ns  ",
     [[("河南", "LOC")]]),
]


def _ents(text, spans):
    return [(text[s:e], label) for s, e, label in sorted(spans)]


@pytest.mark.parametrize("line, expected", PD_CASES)
def test_train_ner_peoples_daily_entities(line, expected):
    sentences = list(read_peoples_daily([line]))
    assert [_ents(text, spans) for text, spans in sentences] == expected
    assert all("/" not in text or "１/２" in text for text, _ in sentences)
    assert not any(text.startswith("1998") for text, _ in sentences)


@pytest.mark.parametrize("line", ["19980102-03-004-011/m  没有标签  ", "19980102-03-004-012/m  书/n]nt  "])
def test_train_ner_peoples_daily_rejects_bad_lines(line):
    with pytest.raises(InputError):
        list(read_peoples_daily([line]))


MSRA_PART1 = "张\tB-PER\n三\tI-PER\n在\tO\n南\tB-LOC\n京\tI-LOC\n\n"
MSRA_PART2 = "东\tB-ORG\n方\tI-ORG\n公\tI-ORG\n司\tI-ORG\n好\tO\n\n"
CLUENER = [
    {"text": "李雷是红星公司经理", "label": {"name": {"李雷": [[0, 1]]}, "company": {"红星公司": [[3, 6]]},
                                           "position": {"经理": [[7, 8]]}}},
    {"text": "去 西湖 玩游戏", "label": {"address": {"西湖": [[2, 3]]}, "game": {"游戏": [[6, 7]]}}},
]
RESUME = "韩 B-NAME\n梅 E-NAME\n任 O\n总 B-TITLE\n监 E-TITLE\n\n王 S-NAME\n在 O\n天 B-ORG\n华 M-ORG\n厂 E-ORG\n\n"
PD = ("19980102-03-004-001/m  [海河/ns  机械/n  厂/n]nt  厂长/n  刘/nr  洋洋/nr  说/v  。/w  \r\n"
      "\r\n19980102-03-004-002/m  他/r  去/v  了/u  天津/ns  。/w  \r\n")

EXPECTED = {
    "msra": [[("张三", "PER"), ("南京", "LOC")], [("东方公司", "ORG")]],
    # CLUENER's and Resume's LOC are left unannotated (kg.train_ner.UNKNOWN)
    "cluener": [[("李雷", "PER"), ("红星公司", "ORG"), ("经理", "TITLE")], []],
    "resume": [[("韩梅", "PER"), ("总监", "TITLE")], [("王", "PER"), ("天华厂", "ORG")]],
    "peoples_daily": [[("海河机械厂", "ORG"), ("刘洋洋", "PER")], [("天津", "LOC")]],
}


@pytest.fixture
def shared(tmp_path):
    """A ../shared look-alike with every training file, and dev/test files that must not be read."""
    data = tmp_path / "shared" / "data"
    for folder in ["msra_ner/train", "cluener2020", "resume_ner", "peoples_daily_1998_original"]:
        (data / folder).mkdir(parents=True)
    (data / "msra_ner/train/msra_train_bio_part1of4.txt").write_text(MSRA_PART1, encoding="utf-8")
    (data / "msra_ner/train/msra_train_bio_part2of4.txt").write_text(MSRA_PART2, encoding="utf-8")
    (data / "msra_ner/msra_test_bio.txt").write_text("测\tB-PER\n\n", encoding="utf-8")
    (data / "cluener2020/train.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in CLUENER), encoding="utf-8")
    (data / "cluener2020/dev.jsonl").write_text('{"text": "测", "label": {"name": {"测": [[0, 0]]}}}\n',
                                                encoding="utf-8")
    (data / "resume_ner/train.char.bmes").write_text(RESUME, encoding="utf-8")
    (data / "resume_ner/dev.char.bmes").write_text("测 S-NAME\n\n", encoding="utf-8")
    (data / "peoples_daily_1998_original/199801_utf8_part1of4.txt").write_text(PD, encoding="utf-8", newline="")
    return tmp_path / "shared"


def test_train_ner_build_corpora_round_trip(shared, tmp_path):
    out = tmp_path / "out"
    counts = build_corpora(shared, out)
    nlp = spacy.blank("zh")
    docs = list(DocBin().from_disk(out / "train.spacy").get_docs(nlp.vocab))
    docs += list(DocBin().from_disk(out / "dev.spacy").get_docs(nlp.vocab))
    expected = [ents for source in EXPECTED.values() for ents in source]
    assert sorted([(e.text, e.label_) for e in doc.ents] for doc in docs) == sorted(expected)
    # one token per character, spaces included, and no dev/test text ("测") read
    assert all([t.text for t in doc] == list(doc.text) for doc in docs)
    assert not any("测" in doc.text for doc in docs)
    assert counts["peoples_daily"]["train"] == {"LOC": 1, "ORG": 1, "PER": 1, "chars": 18, "docs": 2}
    assert counts["cluener"]["train"]["TITLE"] == 1 and "game" not in counts["cluener"]["train"]
    unknown = {t.text for doc in docs for t in doc if t.ent_iob_ == ""}  # missing, not "O"
    assert unknown == set("西湖")


def test_train_ner_dev_is_every_fiftieth(shared, tmp_path):
    lines = [json.dumps({"text": f"文本{i}", "label": {}}, ensure_ascii=False) for i in range(2 * DEV_EVERY)]
    (shared / "data/cluener2020/train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = build_corpora(shared, tmp_path / "out")
    assert counts["cluener"]["dev"]["docs"] == 2
    assert counts["cluener"]["train"]["docs"] == 2 * DEV_EVERY - 2


def test_train_ner_to_doc_spans_align():
    doc = to_doc(spacy.blank("zh"), "A 公司在上海", {(0, 4, "ORG"), (5, 7, "LOC")})
    assert len(doc) == 7 and doc[1].text == " "
    assert [(e.text, e.label_) for e in doc.ents] == [("A 公司", "ORG"), ("上海", "LOC")]


def test_train_ner_to_doc_tags_are_biluo_and_missing_stays_untagged():
    doc = to_doc(spacy.blank("zh"), "张三在北京路", {(0, 2, "PER"), (3, 6, "LOC")}, unknown=("LOC",))
    assert [t.tag_ for t in doc] == ["B-PER", "L-PER", "O", "", "", ""]


def test_train_ner_abbreviations_take_the_label_msra_gives_them():
    line = "19980102-03-004-013/m  十五大/j  和/c  经贸/j  在/p  东盟/j  与/p  中美/j  ！/w  "
    abbreviations = {"十五大": "ORG", "东盟": "ORG", "中": "LOC", "美": "LOC"}
    [(text, spans)] = read_peoples_daily([line], abbreviations=abbreviations)
    assert _ents(text, spans) == [("十五大", "ORG"), ("东盟", "ORG"), ("中", "LOC"), ("美", "LOC")]
    [(text, spans)] = read_peoples_daily([line])
    assert spans == set()


def test_train_ner_common_nouns_msra_labels_are_entities():
    line = "19980102-03-004-015/m  两岸/n  关系/n  和/c  中华民族/n  的/u  中/f  "
    [(text, spans)] = read_peoples_daily([line], lexicon={"两岸": "LOC", "中华": "LOC", "中": "LOC"})
    assert _ents(text, spans) == [("两岸", "LOC"), ("中华", "LOC")]  # a single character only as j


def test_train_ner_names_that_begin_a_noun_are_people_as_in_msra():
    line = "19980102-03-004-014/m  学习/v  邓小平理论/n  和/c  马克思主义/n  ，/w  邓小平/nr  说/v  "
    labels = {"邓小平": "PER", "马克思": "PER", "东盟": "ORG"}
    [(text, spans)] = read_peoples_daily([line], lexicon=labels)
    assert _ents(text, spans) == [("邓小平", "PER"), ("马克思", "PER"), ("邓小平", "PER")]


def test_train_ner_entity_lexicon_keeps_frequent_names_with_their_commonest_label():
    sentences = [("东盟", {(0, 2, "ORG")})] * 3 + [("东盟", {(0, 2, "LOC")})] + [("十五大", {(0, 3, "ORG")})] * 2
    assert entity_lexicon(sentences) == {"东盟": "ORG"}
    assert entity_lexicon(sentences, min_count=2) == {"东盟": "ORG", "十五大": "ORG"}
    # usually: labelled in most of the places the string occurs
    sentences += [("东盟国家和东盟", {(4, 6, "ORG")}), ("东盟国家", set()), ("东盟国家", set())]
    assert entity_lexicon(sentences) == {}
    assert entity_lexicon(sentences, usual=False) == {"东盟": "ORG"}


def test_train_ner_disputed_words_are_labelled_in_some_contexts_only():
    river = ("长江两岸", set())
    strait = ("两岸关系", {(0, 2, "LOC")})
    # 3 of 6 occurrences labelled: half is not "most", so disputed, not usual
    sentences = [strait] * 3 + [river] * 3
    assert disputed(sentences) == {"两岸"} and entity_lexicon(sentences) == {}
    assert disputed([strait] * 4 + [river] * 3) == set()  # usually labelled: the lexicon's
    assert disputed([strait] * 3 + [river] * 13) == set()  # under a fifth: not an entity
    assert disputed([strait] * 2 + [river]) == set()  # too rare to tell
    assert disputed([("中国", {(0, 1, "LOC")}), ("中", set())] * 3) == set()  # single characters are j's


def test_train_ner_disputed_words_stay_unannotated_in_peoples_daily():
    line = "19980102-03-004-016/m  两岸/n  关系/n  和/c  [长江/ns  两岸/n]ns  ！/w  "
    [(text, spans)] = read_peoples_daily([line], lexicon={"两岸": MISSING})
    assert _ents(text, spans) == [("两岸", MISSING), ("长江两岸", "LOC")]
    doc = to_doc(spacy.blank("zh"), text, spans)
    assert [t.tag_ for t in doc][:5] == ["", "", "O", "O", "O"] and len(doc.ents) == 1


def test_train_ner_entity_words_take_the_label_msra_usually_gives_them():
    line = "19980102-03-004-017/m  东盟/ns  和/c  江/nr  泽民/nr  在/p  巴西/ns  ！/w  "
    lexicon = {"东盟": "ORG", "江泽民": "PER", "巴西": MISSING, "江": "LOC"}
    [(text, spans)] = read_peoples_daily([line], lexicon=lexicon)
    # a disputed name stays what People's Daily says; so does a single character
    assert _ents(text, spans) == [("东盟", "ORG"), ("江泽民", "PER"), ("巴西", "LOC")]


def test_train_ner_char_patterns_are_the_single_characters_msra_labels_inside_words():
    visit = ("访华", {(1, 2, "LOC")})
    sentences = [visit] * 3 + [("访华", set())] + [("华人", {(0, 1, "LOC")})] * 3 + [("华人", set())] * 5
    sentences += [("中国", {(0, 2, "LOC")})] * 4 + [("中美", {(0, 1, "LOC"), (1, 2, "LOC")})] * 3
    patterns = char_patterns(sentences)
    # 访华: 华 labelled in 3 of 4; 华人: in 3 of 8, by context; 中国 is a longer entity
    assert patterns["访华"] == ((1, "LOC"),) and patterns["华人"] == MISSING
    assert patterns["中美"] == ((0, "LOC"), (1, "LOC"))
    assert "中国" not in patterns and "华访" not in patterns
    assert char_patterns(sentences, min_count=4) == {}


def test_train_ner_char_patterns_label_people_s_daily_words():
    line = "19980102-03-004-018/m  美国/ns  驻华/vn  大使/n  和/c  华人/n  ！/w  "
    patterns = {"驻华": ((1, "LOC"),), "华人": MISSING, "美国": MISSING}
    [(text, spans)] = read_peoples_daily([line], patterns=patterns)
    assert _ents(text, spans) == [("美国", "LOC"), ("华", "LOC"), ("华人", MISSING)]


def test_train_ner_text_is_normalised_as_the_pipeline_reads_it(shared, tmp_path):
    (shared / "data/msra_ner/train/msra_train_bio_part1of4.txt").write_text(
        "Ｉ\tB-ORG\nＢ\tI-ORG\nＭ\tI-ORG\n１\tO\n,\tO\n\n", encoding="utf-8")
    build_corpora(shared, tmp_path / "out")
    docs = list(DocBin().from_disk(tmp_path / "out/train.spacy").get_docs(spacy.blank("zh").vocab))
    [doc] = [d for d in docs if "IBM" in d.text]
    assert doc.text == "IBM1，" and [(e.text, e.label_) for e in doc.ents] == [("IBM", "ORG")]


def test_train_ner_reads_spacy_training_log():
    log = ("E    #       LOSS TOK2VEC  LOSS NER  ENTS_F  ENTS_P  ENTS_R  SCORE\n"
           "  0       0          0.00     40.17    0.00    0.00    0.00    0.00\n"
           "  1    2000       6260.01  18732.64   59.09   64.25   54.70    0.59\n")
    assert _dev_log(log) == [[0, 0, 0.0], [1, 2000, 59.09]]


def test_train_ner_command_ships_a_loadable_model_with_its_card(shared, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main
    from kg.ner import load_model, predict

    lines = [json.dumps({"text": f"李雷{i}号是红星公司经理", "label": {
        "name": {"李雷": [[0, 1]]}, "position": {"经理": [[len(f"李雷{i}号是红星公司"), len(f"李雷{i}号是红星公司") + 1]]}}},
        ensure_ascii=False) for i in range(2 * DEV_EVERY)]
    (shared / "data/cluener2020/train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (shared / "data/resume_ner/test.char.bmes").write_text("韩 B-NAME\n梅 E-NAME\n\n", encoding="utf-8")
    out = tmp_path / "ner"
    result = CliRunner().invoke(main, ["train", "ner", "--shared", str(shared), "-o", str(out), "--max-steps", "3"])
    assert result.exit_code == 0, result.output
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    assert card["max_steps"] == 3 and card["sources"]["cluener"]["dev"]["docs"] == 2
    assert set(card["test_f1_model_alone"]) == {"msra", "cluener", "resume"}
    assert "# kgbuild NER model" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert not (tmp_path / "ner.new").exists()
    model = load_model(str(out))
    assert model.pipe_names == ["kg_char_bigrams", "tok2vec", "ner"]
    assert len(predict(model, ["李雷是经理", ""])) == 2
