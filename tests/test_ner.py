"""The statistical NER component: its features, its pieces, how it meets the rules, the shipped model."""
from __future__ import annotations

import hashlib
import json

import numpy
import pytest
import spacy
from spacy.strings import get_string_id

from kg import ner
from conftest import analysis, span, surfaces
from kg.entities import with_model_entities
from kg.errors import KgbuildError
from kg.extract import extract
from kg.mentions import find_people
from kg.nlp import load_pipeline
from kg.tools.train_ner import config_path, model_card
from kg.types import GPE, LOC, ORG, PERSON, TITLE, Article


def test_ner_char_bigrams_store_the_bigram_each_character_starts():
    doc = ner.char_bigrams(ner.char_doc(spacy.blank("zh").vocab, "李强说"))
    assert [t.text for t in doc] == ["李", "强", "说"]
    assert [t.norm for t in doc] == [get_string_id("李强"), get_string_id("强说"), get_string_id("说" + ner._END)]
    assert ner.char_bigrams(ner.char_doc(spacy.blank("zh").vocab, "")).text == ""


@pytest.mark.parametrize("text", [
    "他说：“好。”我们走吧\n第二行！",
    "没有句号" * 120,  # 480 characters, no sentence end
    "。。\n\n",
    "甲" * 150 + "，" + "乙" * 100 + "。",  # a long run is cut after its last comma
])
def test_ner_pieces_cover_the_text_in_sentence_sized_parts(text):
    parts = ner.pieces(text)
    assert "".join(p for _, p in parts) == text
    assert all(text[o:o + len(p)] == p for o, p in parts)
    assert all(0 < len(p) <= 201 for _, p in parts)
    # a piece ends at a sentence end, or is the longest allowed, or ends the text
    for o, p in parts:
        assert p[-1] in "。！？；\n，、：）" or len(p) == 200 or o + len(p) == len(text)
    if "，" in text:
        assert [len(p) for _, p in parts] == [151, 101]


TEXT = "国务院办公厅经理和部长在在北京与上海市"
PLACES = [span(13, 15, "GPE")]  # 北京
RULES = [span(0, 3, ORG, "国务院"), span(9, 11, TITLE), *PLACES]  # the rules' entities hold their places


@pytest.mark.parametrize("found, ents, places", [
    pytest.param([span(0, 6, "ORG")], RULES + [span(0, 6, ORG)], PLACES, id="org holding a rule org is added"),
    pytest.param([span(2, 6, "ORG")], RULES, PLACES, id="org crossing a rule entity is not"),
    pytest.param([span(0, 11, "ORG")], RULES, PLACES, id="org holding a rule title is not"),
    pytest.param([span(16, 18, "LOC")], RULES + [span(16, 18, LOC)], PLACES + [span(16, 18, LOC)],
                 id="place is added to both"),
    pytest.param([span(12, 14, "LOC")], RULES, PLACES, id="place crossing a rule place is not"),
    pytest.param([span(13, 15, "LOC")], RULES, PLACES, id="the same place is not added twice"),
    pytest.param([span(13, 16, "LOC")], RULES[:2] + [span(13, 16, LOC)], [span(13, 16, LOC)],
                 id="place holding a rule place replaces it"),
    pytest.param([span(6, 8, "TITLE")], RULES + [span(6, 8, TITLE)], PLACES, id="title where no rule is"),
    pytest.param([span(8, 11, "TITLE")], RULES + [span(8, 11, TITLE)], PLACES, id="title holding a rule title"),
    pytest.param([span(3, 6, "TITLE")], RULES, PLACES, id="no title that does not end with one of the lists"),
    pytest.param([span(10, 12, "TITLE")], RULES, PLACES, id="title crossing a rule title is not"),
    pytest.param([span(6, 8, "PER")], RULES, PLACES, id="names are kg.mentions' business"),
])
def test_ner_model_entities_only_where_the_rules_found_none(found, ents, places):
    assert with_model_entities(TEXT, found, RULES, PLACES) == (ents, places)


def people_of(text: str, ents, names=None, places=()):
    """find_people on a hand-built analysis: ``names`` are the model's (None: rules only)."""
    model = None if names is None else [(s, e, "PER") for s, e in names]
    a = analysis(text, model=model)
    return find_people(a, [span(*e) for e in ents], [span(*p) for p in places])


def test_ner_model_names_in_speaker_chains():
    text = "联合国秘书长古特雷斯会见了李华。"
    ents = [(0, 3, ORG), (3, 6, TITLE)]
    # without the model, the surname guess cuts the foreign name short
    assert [p.name for p in people_of(text, ents)] == ["古特雷"]
    people = people_of(text, ents, names=[(6, 10), (13, 15)])
    assert [(p.name, p.title, p.org) for p in people] == [("古特雷斯", "秘书长", "联合国"), ("李华", None, None)]
    # a model name that starts inside a title starts after it (秘书|长古特雷斯 → 古特雷斯)
    assert [(p.name, p.title) for p in people_of(text, ents, names=[(5, 10)])] == [("古特雷斯", "秘书长")]


@pytest.mark.parametrize("text, ents, names, expected", [
    # after a title, 和 joins two people: not 和叶利
    ("江泽民主席和叶利钦总统会谈", [(3, 5, TITLE), (9, 11, TITLE)], [(0, 3), (6, 9)], ["江泽民", "叶利钦"]),
    ("克林顿总统和夫人", [(3, 5, TITLE)], [(0, 3)], ["克林顿"]),
    # [name][title] is no name when the run is an organisation, or the model sees none there
    ("国务院副总理钱其琛", [(0, 3, ORG), (3, 6, TITLE)], [(6, 9)], ["钱其琛"]),
    ("享有崇高威望的卓越领导人", [(9, 12, TITLE)], [], []),
    ("。罗明川部长强调", [(4, 6, TITLE)], [], ["罗明川"]),  # 罗 is rarely anything but a surname
    # a surname before a title is a name of its own when the model says so
    ("江主席说", [(1, 3, TITLE)], [(0, 1)], ["江"]),
    # a one-character model name after a title is a surname cut short
    ("采煤区区长郝以瑞轻点按钮", [(3, 5, TITLE)], [(5, 6)], ["郝以瑞"]),
])
def test_ner_model_names_check_the_guesses(text, ents, names, expected):
    assert [p.name for p in people_of(text, ents, names)] == expected


def test_ner_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(KgbuildError, match="kgbuild train ner"):
        ner.load_model(str(tmp_path))


def test_ner_pipeline_without_model_says_so_in_its_analysis():
    pipeline = load_pipeline("char", ner=False)
    assert pipeline.model is None and pipeline.analyse("李华说").model is None


def test_ner_pipeline_finds_names_without_context(nlp):
    """Names with no title, cue or known surname pattern around them come from the model."""
    text = "昨天下午，古特雷斯和王小明在日内瓦湖边散步。"
    [ex] = extract(nlp, [Article(id="n", text=text)])
    assert {"古特雷斯", "王小明"} <= surfaces(ex, (PERSON,))
    [rules_only] = extract(load_pipeline(ner=False), [Article(id="n", text=text)])
    assert "古特雷斯" not in surfaces(rules_only, (PERSON,))


def test_ner_model_spans_index_the_text(nlp):
    text = "新华社北京电 国务院总理李强今天在北京会见了来访的法国总统马克龙。\n马克龙说，两国合作前景广阔。"
    found = nlp.analyse(text).model
    assert found, "the model found nothing"
    assert all(0 <= m.start < m.end <= len(text) for m in found)
    assert ("马克龙", "PER") in {(text[m.start:m.end], m.label) for m in found}


@pytest.mark.parametrize("tags, expected", [
    ([], []),
    ([(0, "B-PER"), (1, "I-PER"), (2, "L-PER"), (4, "U-LOC")], [(0, 3, "PER"), (4, 5, "LOC")]),
    # ill-formed sequences are read leniently
    ([(0, "I-ORG"), (1, "L-ORG")], [(0, 2, "ORG")]),  # no B
    ([(0, "B-PER"), (1, "I-PER"), (3, "L-PER")], [(0, 2, "PER"), (3, 4, "PER")]),  # an O inside
    ([(0, "B-PER"), (1, "L-LOC")], [(0, 1, "PER"), (1, 2, "LOC")]),  # the label changes
    ([(0, "B-ORG"), (1, "B-ORG"), (2, "L-ORG")], [(0, 1, "ORG"), (1, 3, "ORG")]),  # a new B
    ([(5, "B-LOC"), (6, "I-LOC")], [(5, 7, "LOC")]),  # open at the end of the text
])
def test_ner_biluo_tags_become_spans(tags, expected):
    assert ner.tags_to_spans(tags) == expected


TAGS = ("O", "B-PER", "I-PER", "L-PER", "U-PER", "B-LOC", "L-LOC", "U-LOC")


def test_ner_transitions_keep_entities_whole():
    allowed, first, last = ner.transitions(TAGS)
    ok = {(a, b) for i, a in enumerate(TAGS) for j, b in enumerate(TAGS) if allowed[i, j]}
    assert ("B-PER", "I-PER") in ok and ("I-PER", "L-PER") in ok and ("L-PER", "U-LOC") in ok
    assert ("B-PER", "O") not in ok and ("B-PER", "L-LOC") not in ok and ("O", "I-PER") not in ok
    assert [t for t, f in zip(TAGS, first) if f] == ["O", "B-PER", "U-PER", "B-LOC", "U-LOC"]
    assert [t for t, f in zip(TAGS, last) if f] == ["O", "L-PER", "U-PER", "L-LOC", "U-LOC"]


@pytest.mark.parametrize("seed", range(20))
def test_ner_best_tags_is_the_best_well_formed_sequence(seed):
    """Checked against every sequence of up to five tags."""
    import itertools

    rng = numpy.random.default_rng(seed)
    scores = rng.normal(size=(1 + seed % 5, len(TAGS)))
    allowed, first, last = ner.transitions(TAGS)
    well_formed = [p for p in itertools.product(range(len(TAGS)), repeat=len(scores))
                   if first[p[0]] and last[p[-1]] and all(allowed[a, b] for a, b in zip(p, p[1:]))]
    best = max(well_formed, key=lambda p: scores[range(len(p)), p].sum())
    assert list(ner.best_tags(scores, allowed, first, last)) == list(best)


def test_ner_best_tags_keeps_a_name_whole():
    """B-PER O L-PER is not left as two halves: the tagger's choice is made well-formed."""
    allowed, first, last = ner.transitions(TAGS)
    scores = numpy.full((3, len(TAGS)), -5.0)
    scores[0, TAGS.index("B-PER")] = 3
    scores[1, TAGS.index("O")], scores[1, TAGS.index("I-PER")] = 2, 1.5
    scores[2, TAGS.index("L-PER")] = 3
    assert [TAGS[i] for i in ner.best_tags(scores, allowed, first, last)] == ["B-PER", "I-PER", "L-PER"]


def test_ner_entity_tagger_sets_its_tags_as_entities():
    tagger = ner.load_model().get_pipe("ner")
    doc = ner.char_doc(tagger.vocab, "张三在北京说")
    tags = ["B-PER", "L-PER", "O", "B-LOC", "L-LOC", "O"]
    tagger.set_annotations([doc], [numpy.array([tagger.labels.index(t) for t in tags])])
    assert [(e.text, e.label_) for e in doc.ents] == [("张三", "PER"), ("北京", "LOC")]


# The shipped model and its card

def test_ner_shipped_model_is_small_and_loads_offline():
    path = ner.model_dir()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 30e6
    model = ner.load_model()
    assert model.pipe_names == ["kg_char_bigrams", "tok2vec", "ner"]
    tags = set(model.get_pipe("ner").labels)
    assert tags == {"O"} | {f"{move}-{label}" for move in "BILU" for label in ("PER", "ORG", "LOC", "TITLE")}


def test_ner_model_card_matches_the_model():
    path = ner.model_dir()
    card = json.loads((path / "card.json").read_text(encoding="utf-8"))
    assert card["config_sha256"] == hashlib.sha256(config_path().read_bytes()).hexdigest()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and f.name not in ("card.json", "MODEL_CARD.md"))
    assert card["bytes"] == size
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert card["dev_ents_f"] == round(meta["performance"]["ents_f"], 4)
    assert (path / "MODEL_CARD.md").read_text(encoding="utf-8") == model_card(card)
    assert set(card["test_f1_model_alone"]) == {"msra", "cluener", "resume"}


def test_ner_model_card_scores_are_the_models():
    """The card's MSRA figures are what the shipped model scores alone, recomputed here."""
    from conftest import SHARED

    from kg.tools.train_ner import score_model

    card = json.loads((ner.model_dir() / "card.json").read_text(encoding="utf-8"))
    scores = score_model(ner.model_dir(), SHARED / "data")
    for name in ("msra", "cluener", "resume"):
        for label, f1 in card["test_f1_model_alone"][name].items():
            if label != "chars_per_second":
                assert scores[name][label] == f1, (name, label)


def test_ner_model_spans_holding_quotes_open_brackets_or_departments_are_refused():
    text = "中国人民银行（以下简称“人民银行”）规划发展部副主任说"
    title = text.index("副主任")
    rules = [span(0, 6, ORG, "中国人民银行"), span(title, title + 3, TITLE)]
    found = [span(0, text.index("”"), "ORG"), span(text.index("规划"), title + 3, "TITLE")]
    assert with_model_entities(text, found, rules, []) == (rules, [])
    # the same title without a department before it is taken
    assert with_model_entities("人事副主任说", [span(0, 5, "TITLE")], [span(2, 5, TITLE)], [])[0][-1] == \
        span(0, 5, TITLE)
    # offices named by 处, 办 ... are departments too
    for text, word in (("详规处处长张玉鑫说", "处长"), ("强基办主任说", "主任")):
        title = text.index(word)
        rules = [span(title, title + 2, TITLE)]
        assert with_model_entities(text, [span(0, title + 2, "TITLE")], rules, []) == (rules, [])


def test_ner_model_titles_start_a_word():
    text = "各大楼盘置业顾问说"  # tokens 各 大 楼盘 置业 顾问 说
    rules = [span(4, 8, TITLE)]
    found = [span(3, 8, "TITLE")]
    assert with_model_entities(text, found, rules, [], word_starts={0, 1, 2, 4, 6, 8}) == (rules, [])
    assert with_model_entities(text, found, rules, [], word_starts={0, 1, 2, 3, 4, 6, 8})[0][-1] == span(3, 8, TITLE)


def test_ner_name_inside_a_longer_name_is_part_of_it():
    text = "易远航说：“好。”易远航表示，将加快建设。"
    second = text.rindex("易远航")
    people = people_of(text, [], names=[(0, 3), (second, second + 2)])
    assert [(p.name, p.start, p.end) for p in people] == [("易远航", 0, 3), ("易远航", second, second + 3)]


def test_ner_place_named_organisations_come_from_the_rules_only_without_the_model(nlp):
    """A place + words + an office suffix is an organisation when no model is there to say;
    with the model, 签署 and 一部 do not make one (巴黎正式签署, 中国和世界留下一部)."""
    text = "上海市交通委员会6日发布通知。俄罗斯和北约在巴黎正式签署了文件，为中国和世界留下一部史书。"
    [rules_only] = extract(load_pipeline(ner=False), [Article(id="o", text=text)])
    assert "上海市交通委员会" in surfaces(rules_only, (ORG,))
    [ex] = extract(nlp, [Article(id="o", text=text)])
    orgs = surfaces(ex, (ORG,))
    assert "上海市交通委员会" in orgs
    assert not {o for o in orgs if o.endswith(("签署", "一部"))}


@pytest.mark.parametrize("ner", [True, False])
def test_ner_region_noun_is_not_part_of_a_place_name(ner, nlp):
    """西北地区 is in the word lists, but the place is 西北, as news corpora annotate it."""
    text = "亚太地区和西北地区的经济都在增长，喀什地区也是。"
    [ex] = extract(nlp if ner else load_pipeline(ner=False), [Article(id="r", text=text)])
    places = surfaces(ex, (LOC, GPE))
    assert {"亚太", "西北"} <= places
    assert not {p for p in places if p.endswith("地区")}
