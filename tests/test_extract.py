"""The extraction stages as plain functions, on hand-built analyses: no spaCy, no model.

Each case builds the :class:`~kg.types.Analysis` that kg.nlp would give
(words, the gazetteer's hits, the NER model's spans or None) and checks one
stage: entities, people, entity mentions, statements, and the whole
extraction.
"""
from __future__ import annotations

import sys

import pytest

from conftest import analysis, span
from kg.entities import find_entities
from kg.extract import extract_one
from kg.mentions import entity_mentions, find_people
from kg.statements import find_statements
from kg.types import DIRECT, GPE, INDIRECT, LOC, ORG, PERSON, TITLE, Article, PersonMention


def texts(text, spans):
    return [(text[s.start:s.end], s.label) for s in spans]


# -- entities ----------------------------------------------------------------

def test_extract_titles_take_their_modifiers_and_chief_titles_are_found():
    text = "常务副院长说，首席数据科学家说"
    a = analysis(text, rule_ents=[(3, 5, TITLE)])
    ents, _ = find_entities(a)
    assert texts(text, ents) == [("常务副院长", TITLE), ("首席数据科学家", TITLE)]


def test_extract_no_title_inside_a_work_or_at_the_start_of_an_office():
    text = "《汽车驾驶员》和专业委员会"
    a = analysis(text, rule_ents=[(3, 6, TITLE), (10, 12, TITLE)])
    assert find_entities(a)[0] == []


def test_extract_places_inside_works_are_none_but_a_treaty_names_real_places():
    text = "《保卫黄河》与《中美联合声明》，西北地区"
    a = analysis(text, places=[(3, 5, LOC), (8, 9, GPE), (9, 10, GPE), (16, 20, LOC)])
    ents, places = find_entities(a)
    assert texts(text, places) == [("中", GPE), ("美", GPE), ("西北", LOC)]  # 地区 is no part of the name


@pytest.mark.parametrize("model, orgs", [
    (None, ["上海市交通委员会"]),  # rules only: place + stem + suffix
    ((), []),  # the model ran and found no organisation there: the rule stays off
])
def test_extract_place_named_organisations_only_without_the_model(model, orgs):
    text = "上海市交通委员会发布通知"
    a = analysis(text, places=[(0, 3, GPE)], model=model)
    ents, _ = find_entities(a)
    assert [text[e.start:e.end] for e in ents if e.label == ORG] == orgs


def test_extract_model_organisation_holding_a_rule_organisation_wins():
    text = "国务院台湾事务办公室负责人说"
    a = analysis(text, rule_ents=[(0, 3, ORG, "国务院")], model=[(0, 10, "ORG")])
    ents, _ = find_entities(a)
    assert texts(text, ents) == [("国务院台湾事务办公室", ORG)]


# -- people ------------------------------------------------------------------

def test_extract_speaker_chain_gives_name_title_and_organisation():
    text = "星海大学副校长林晓雨说，好。林副校长表示，要加快。"
    a = analysis(text, rule_ents=[(0, 4, ORG), (4, 7, TITLE), (15, 18, TITLE)])
    ents, places = find_entities(a)
    people = find_people(a, ents, places)
    assert [(p.name, p.title, p.org, p.start) for p in people] == [
        ("林晓雨", "副校长", "星海大学", 7),
        ("林晓雨", "副校长", "星海大学", 14),  # surname + title: the person named before
    ]


def test_extract_the_model_decides_names_only_where_it_ran():
    text = "古特雷斯表示，会谈有成果。"
    rules_only = analysis(text)
    assert find_people(rules_only, [], []) == []  # 古特雷 is no surname + given name the rules trust here
    with_model = analysis(text, model=[(0, 4, "PER")])
    assert [p.name for p in find_people(with_model, [], [])] == ["古特雷斯"]


# -- entity mentions ---------------------------------------------------------

def test_extract_entity_mentions_people_first_and_organisations_named():
    text = "台盟中央主席李明说，山西焦煤在山西"
    people = [PersonMention(6, 8, "李明", "主席", "台湾民主自治同盟中央", chain_start=0)]
    ents = [span(0, 4, ORG), span(4, 6, TITLE), span(10, 14, ORG), span(15, 17, GPE)]
    places = [span(10, 12, GPE), span(15, 17, GPE), span(6, 7, GPE)]  # 李 read as a place
    mentions, kept = entity_mentions(text, ents, places, people)
    assert [(text[m.start:m.end], m.label, m.name) for m in mentions] == [
        ("台盟中央", ORG, "台湾民主自治同盟中央"),  # as news names it, as the chain's organisation is
        ("主席", TITLE, "主席"),
        ("李明", PERSON, "李明"),
        ("山西焦煤", ORG, "山西焦煤"),
        ("山西", GPE, "山西"),
    ]
    # a place inside an organisation's name stays a mention; one cutting into a name does not
    assert [text[p.start:p.end] for p in kept] == ["山西", "山西"]


# -- statements --------------------------------------------------------------

LIN = PersonMention(7, 10, "林若川", "副总经理", "星海集团", chain_start=0)


@pytest.mark.parametrize("text, people, expected", [
    ("星海集团副总经理林若川说：“今年的订单多了三成。”", [LIN], [("林若川", DIRECT, "说", "今年的订单多了三成")]),
    ("星海集团副总经理林若川表示，将加快建设。", [LIN], [("林若川", INDIRECT, "表示", "将加快建设")]),
    ("星海集团副总经理林若川是负责人，他认为，技术要经受检验。", [LIN],
     [("林若川", INDIRECT, "认为", "技术要经受检验")]),  # the pronoun speaks for the person named last
    ("“一湖烟雨半城诗，十里荷风满巷香。”在这座城市。", [], [(None, DIRECT, None, "一湖烟雨半城诗，十里荷风满巷香")]),
    ("推出“书香满城”活动。", [], []),  # a quoted term is no statement
])
def test_extract_statements_on_given_people(text, people, expected):
    a = analysis(text)
    found, warnings = find_statements(a, people, [])
    assert [(s.speaker.name if s.speaker else None, s.kind, s.cue, s.text) for s in found] == expected
    assert all(text[s.start:s.end] == s.text for s in found)
    assert warnings == []


def test_extract_organisations_speak_with_their_own_cues_only():
    text = "中国人民银行发布公告称，将开展操作。中国人民银行感慨，时间过得快。"
    orgs = [span(0, 6, ORG, "中国人民银行"), span(18, 24, ORG, "中国人民银行")]
    found, _ = find_statements(analysis(text), [], orgs)
    assert [(s.speaker.name, s.speaker.label, s.cue, s.text) for s in found] == [
        ("中国人民银行", ORG, "称", "将开展操作")]  # 感慨 is a person's cue


def test_extract_statements_say_whether_their_cue_reports_speech_or_opinion():
    text = "星海集团副总经理林若川表示，将加快建设。他认为，技术要经受检验。“好。”"
    found, _ = find_statements(analysis(text), [LIN], [])
    assert [(s.cue, s.cue_class) for s in found] == [("表示", "speech"), ("认为", "opinion"), (None, None)]


def test_extract_no_cue_inside_a_title():
    text = "新闻发言人李华介绍，会议将召开。"  # 发言 inside 新闻发言人 is no cue
    people = [PersonMention(5, 7, "李华", "新闻发言人", None, chain_start=0)]
    found, _ = find_statements(analysis(text), people, [span(0, 5, TITLE)])
    assert [(s.cue, s.text) for s in found] == [("介绍", "会议将召开")]


def test_extract_unpaired_quote_is_a_warning_not_an_error():
    found, warnings = find_statements(analysis("尾巴。”正文"), [], [])
    assert found == [] and len(warnings) == 1


# -- the whole extraction ----------------------------------------------------

def test_extract_one_article_from_its_analysis():
    text = "工信部副部长柯文澜说：“要加快推广。”"
    a = analysis(text, rule_ents=[(0, 3, ORG, "工业和信息化部"), (3, 6, TITLE)])
    ex = extract_one(Article(id="a", text=text), a)
    assert [(m.label, m.name) for m in ex.mentions] == [
        (ORG, "工业和信息化部"), (TITLE, "副部长"), (PERSON, "柯文澜")]
    assert [(p.person, p.title, p.org) for p in ex.posts] == [("柯文澜", "副部长", "工业和信息化部")]
    [s] = ex.statements
    assert (s.speaker.name, s.speaker.org, s.kind, s.cue, s.text) == ("柯文澜", "工业和信息化部", DIRECT, "说", "要加快推广")


def test_extract_offsets_index_the_original_text_of_a_traditional_web_copy():
    text = "副院長林曉雨說:「今年訂單多了三成。」"  # normalised: 副院长林晓雨说：“…”
    a = analysis(text, rule_ents=[(0, 3, TITLE)])
    [s] = extract_one(Article(id="t", text=text), a).statements
    assert s.text == "今年訂單多了三成" and text[s.start:s.end] == s.text
    assert s.speaker.name == "林晓雨"  # names are normalised (Simplified)


def test_extract_stages_do_not_load_spacy():
    """Everything after the analysis is plain Python (checked in a fresh interpreter)."""
    import subprocess

    code = ("import sys; import kg.extract, kg.graph, kg.rdf, kg.gexf, kg.output, kg.run; "
            "assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# -- speakers, posts and names of real news -----------------------------------

def people_of(text, rule_ents=(), model=None, words=None):
    a = analysis(text, rule_ents=rule_ents, model=model, words=words)
    ents, places = find_entities(a)
    return find_people(a, ents, places)


@pytest.mark.parametrize("text, rule_ents, post", [
    # the posting goes with the title, the country is the organisation
    ("中国驻俄罗斯大使李凤林说", [(0, 2, GPE), (6, 8, TITLE)], ("驻俄罗斯大使", "中国")),
    # words before the first entity say something else
    ("以下是美国国务院发言人李华说", [(3, 5, GPE), (5, 8, ORG), (8, 11, TITLE)], ("发言人", "美国国务院")),
    # a modifier of the title is no part of the organisation
    ("前任联合国副秘书长李华说", [(2, 5, ORG), (5, 9, TITLE)], ("副秘书长", "联合国")),
    # the unit the title heads ends the organisation
    ("经济部长龚明说", [(2, 4, TITLE)], ("部长", "经济部")),
    # a meeting before the title belongs to it
    ("大会新闻发言人王国说", [(2, 7, TITLE)], ("大会新闻发言人", None)),
    # an organisation's short form before the title: a few characters ending with its kind of body
    ("国科会主委吴明说", [(3, 5, TITLE)], ("主委", "国科会")),
    ("民众党主席柯明说", [(2, 5, TITLE)], ("主席", "民众党")),
    # a name between the organisation and the title: the person of that organisation
    ("据星海花卉研究所彭扬所长介绍", [(1, 8, ORG), (10, 12, TITLE)], ("所长", "星海花卉研究所")),
    # a title in quote marks before the name (as mainland media write Taiwan's offices)
    ("台湾“行政院长”苏明说", [(0, 2, GPE), (3, 6, ORG), (6, 8, TITLE)], ("院长", "行政院")),
    # when the post is held is no part of the organisation
    ("中国新任驻美大使谢明说", [(0, 2, GPE), (6, 8, TITLE)], ("驻美大使", "中国")),
    # but not a word or two that say something else (赛后|主教练)
    ("赛后主教练王明说", [(2, 5, TITLE)], ("主教练", None)),
    # with whom, whom one asked or met: no part of the organisation (分别同|美国, 邀请|星海海关)
    ("李红分别同美国国务卿王明说", [(5, 7, GPE), (7, 10, TITLE)], ("国务卿", "美国")),
    ("李红邀请星海海关副关长王明说", [(4, 8, ORG), (8, 11, TITLE)], ("副关长", "星海海关")),
    # by what, from whom, whom one visited: no part of the organisation (根据|美国, 路透社引述|美国国务院)
    ("根据美国总统王明说", [(2, 4, GPE), (4, 6, TITLE)], ("总统", "美国")),
    ("路透社引述美国国务院发言人李华说", [(0, 3, ORG), (5, 7, GPE), (7, 10, ORG), (10, 13, TITLE)],
     ("发言人", "美国国务院")),
    # an agency (机构) is a body: a place before it names no field of the title
    ("李红访问泰国旅游机构总裁王明说", [(4, 6, GPE), (10, 12, TITLE)], ("总裁", "泰国旅游机构")),
    # titles joined by 、 share the organisation before the first
    ("星海大学党委书记、副校长王明说", [(0, 4, ORG), (4, 8, TITLE), (9, 12, TITLE)], ("副校长", "星海大学")),
    # a party committee's secretary who is the city's mayor: the mayor of the city
    ("星海市委副书记、代市长王明说", [(0, 4, ORG), (4, 7, TITLE), (8, 11, TITLE)], ("代市长", "星海市")),
])
def test_extract_posts_as_written(text, rule_ents, post):
    [p] = [p for p in people_of(text, rule_ents) if p.title]
    assert (p.title, p.org) == post


def test_extract_a_name_the_segmenter_kept_whole_after_a_title():
    # the model reads 王丽 only where she speaks; after the title the segmenter kept 王丽 one word
    text = "星海海关发言人王丽主持发布会。王丽说，进口增长。"
    words = ["星海海关", "发言人", "王丽", "主持", "发布会", "。", "王丽", "说", "，", "进口", "增长", "。"]
    people = people_of(text, [(0, 4, ORG), (4, 7, TITLE)], model=[(15, 17, "PER")], words=words)
    assert {(p.start, p.title, p.org) for p in people if p.name == "王丽"} >= {(7, "发言人", "星海海关")}


def test_extract_a_word_after_a_title_is_no_name_the_model_never_read():
    text = "星海海关发言人相约记者。"
    words = ["星海海关", "发言人", "相约", "记者", "。"]
    assert [p.name for p in people_of(text, [(0, 4, ORG), (4, 7, TITLE)], model=[], words=words)] == []


def test_extract_a_speaker_label_with_a_space_keeps_its_post():
    text = "星海海关新闻发言人 王明：我们已经启动核查。"  # web copies put a space in the label
    [p] = people_of(text, [(0, 4, ORG), (4, 9, TITLE)])
    assert (p.name, p.title, p.org) == ("王明", "新闻发言人", "星海海关")


def test_extract_married_names_from_the_models_name():
    text = "行政长官林郑月娥重申，政府会加强监管。"
    words = ["行政长官", "林", "郑", "月娥", "重申", "，", "政府", "会", "加强", "监管", "。"]
    people = people_of(text, [(0, 4, TITLE)], model=[(5, 8, "PER")], words=words)
    assert [p.name for p in people] == ["林郑月娥"]


def test_extract_an_adverb_after_a_name_is_not_part_of_it():
    text = "副总裁李敬则认为，很难。王明也表示，可以。"
    words = ["副总裁", "李", "敬则", "认为", "，", "很", "难", "。", "王明", "也", "表示", "，", "可以", "。"]
    people = people_of(text, [(0, 3, TITLE)], model=[(3, 6, "PER"), (12, 14, "PER")], words=words)
    assert [p.name for p in people] == ["李敬", "王明"]


def test_extract_a_name_ends_where_a_cue_begins():
    text = "发言人林爽反问道，好不好。"  # the segmenter cut 林|爽反|问道
    words = ["发言人", "林", "爽反", "问道", "，", "好不好", "。"]
    people = people_of(text, [(0, 3, TITLE)], words=words)
    assert [p.name for p in people] == ["林爽"]


def test_extract_a_company_before_its_head_is_no_person():
    text = "力成董事长蔡明远预期，业绩会好。江明主席李华总统致辞。"
    model = [(0, 2, "PER"), (5, 8, "PER"), (16, 18, "PER"), (20, 22, "PER")]
    people = people_of(text, [(2, 5, TITLE), (18, 20, TITLE), (22, 24, TITLE)], model=model)
    assert [p.name for p in people] == ["蔡明远", "江明", "李华"]


def test_extract_short_names_become_the_full_name():
    text = "记者谢亚芳说，好。亚芳还说，行。马尔科·卢比奥表示，可以。卢比奥说，对。"
    model = [(2, 5, "PER"), (9, 11, "PER"), (16, 23, "PER"), (29, 32, "PER")]
    people = people_of(text, [(0, 2, TITLE)], model=model)
    assert [p.name for p in people] == ["谢亚芳", "谢亚芳", "马尔科·卢比奥", "马尔科·卢比奥"]


@pytest.mark.parametrize("text, orgs, places, speaker", [
    ("厄瓜多尔军方今天说，边境稳定。", [], [(0, 4, GPE)], "厄瓜多尔军方"),
    ("厄瓜多尔与秘鲁交火。厄军方说，战斗在境内。", [], [(0, 4, GPE)], "厄瓜多尔军方"),
    ("「公民监督国会联盟」指出，质询率低。公督盟还表示，将监督。", [(1, 9, ORG, "公民监督国会联盟")], [],
     "公民监督国会联盟"),
])
def test_extract_organisations_speak_by_side_and_by_abbreviation(text, orgs, places, speaker):
    mentions = [span(*o) for o in orgs] + [span(*p) for p in places]
    found, _ = find_statements(analysis(text), [], mentions)
    assert found and {s.speaker.name for s in found} == {speaker}


def test_extract_she_is_the_woman_the_text_names():
    text = "林若川和王丽女士出席会议。她表示，项目进展顺利。"
    people = [PersonMention(0, 3, "林若川"), PersonMention(4, 6, "王丽")]
    found, _ = find_statements(analysis(text), people, [])
    assert [(s.speaker.name, s.text) for s in found] == [("王丽", "项目进展顺利")]


# -- long articles, read in pieces -------------------------------------------

_PARAGRAPH = ("星海集团副总经理林若川表示，将加快建设数据中心。“今年的订单比去年多了三成。”他说。"
              "据星海大学教授王晓梅介绍，新园区年底投产。\n")


def test_extract_a_long_article_is_read_in_pieces_that_find_what_the_whole_finds(nlp, monkeypatch):
    import kg.extract

    text = _PARAGRAPH * 40  # 2,600 characters
    whole = kg.extract.extract_article(nlp, Article(id="t", text=text))
    monkeypatch.setattr(kg.extract, "PIECE", 500)
    monkeypatch.setattr(nlp.nlp, "max_length", 600)  # spaCy would refuse the whole text ([E088])
    cut = kg.extract.extract_article(nlp, Article(id="t", text=text))
    assert len(kg.extract.pieces(text, 500)) > 5
    assert cut.statements == whole.statements  # each piece ends at a paragraph end: nothing crosses a cut
    assert cut.mentions == whole.mentions and cut.posts == whole.posts
    assert all(text[s.start:s.end] == s.text for s in cut.statements)
    assert all(text[s.speaker.start:s.speaker.end] in (s.speaker.name, "他") for s in cut.statements)


def test_extract_a_quote_left_open_in_a_later_piece_is_reported_where_it_is_in_the_article(nlp, monkeypatch):
    import kg.extract

    text = _PARAGRAPH * 20 + "林若川说：“我们会继续努力\n"
    monkeypatch.setattr(kg.extract, "PIECE", 500)
    ex = kg.extract.extract_article(nlp, Article(id="t", text=text))
    assert ex.warnings == (f"quote opened at character {text.rindex('“')} is not closed in its paragraph: taken to the paragraph end",)
    assert ex.statements[-1].text == "我们会继续努力"


@pytest.mark.parametrize("text,size", [("一句。" * 50, 40), ("没有标点" * 100, 30), ("段。\n" * 99, 50), ("", 10)])
def test_extract_pieces_cover_the_text_and_none_is_longer_than_asked(text, size):
    from kg.extract import pieces

    got = pieces(text, size)
    assert got[0][0] == 0 and got[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(got, got[1:]))
    assert all(0 < e - s <= size for s, e in got) or text == ""
