"""Speaker chains and names: [organisation][department][title][name], [name][title]."""
from __future__ import annotations

import pytest

from conftest import analysis, span, stages
from kg.mentions import canonical_org, find_people
from kg.names import name_at, name_list, without_next_word
from kg.normalize import normalize
from kg.types import Span

# text, expected people as (name, title, organisation)
CHAINS = [
    ("中国信息通信研究院副院长郑立衡说", [("郑立衡", "副院长", "中国信息通信研究院")]),
    ("国家信息中心信息化和产业发展部主任韩启明认为",
     [("韩启明", "主任", "国家信息中心信息化和产业发展部")]),
    ("省医疗保障局规划财务和法规处三级调研员杜若溪表示", [("杜若溪", "三级调研员", "省医疗保障局规划财务和法规处")]),
    ("吉利汽车研究院首席人工智能科学家陈思远以", [("陈思远", "首席人工智能科学家", "吉利汽车研究院")]),
    ("采煤区区长郝以宁轻点按钮", [("郝以宁", "区长", "采煤区")]),
    ("。罗明川部长强调", [("罗明川", "部长", None)]),
    ("工信部规划司司长易远航说", [("易远航", "司长", "工业和信息化部规划司")]),
    # a place in brackets inside a company's name does not end the chain
    ("本源量子计算科技（合肥）股份有限公司首席工程师岑晓风表示", [("岑晓风", "首席工程师", "本源量子计算科技（合肥）股份有限公司")]),
    ("他笑了（大笑）首席工程师岑晓风表示", [("岑晓风", "首席工程师", None)]),
    # only an organisation is one: not a time word, a conjunction or an adjective before the title
    ("赛后主教练罗明川称", [("罗明川", "主教练", None)]),
    ("而主教练罗明川却认为", [("罗明川", "主教练", None)]),
    ("老队长罗明川说", [("罗明川", "队长", None)]),
    ("星海公司党组书记罗明川说", [("罗明川", "党组书记", "星海公司")]),
    # 总 of 总政治部 is part of the name, not the title's modifier
    ("总政治部主任罗明川说", [("罗明川", "主任", "总政治部")]),
    # 国防部长: 部长 of 国防部, though the segmenter reads 国防部|长董军
    ("国防部长罗明川表示", [("罗明川", "部长", "国防部")]),
    ("國防部長羅明川表示", [("罗明川", "部长", "国防部")]),
    ("国务委员兼外交部长罗明川说", [("罗明川", "部长", "外交部")]),
    # a quoted term inside an organisation's name does not end it
    ("复旦大学“一带一路”及全球治理研究院院长罗明川表示",
     [("罗明川", "院长", "复旦大学“一带一路”及全球治理研究院")]),
    # ORG的NAME: the organisation is the person's
    ("星海游乐园协会的罗明川副秘书长说", [("罗明川", "副秘书长", "星海游乐园协会")]),
    # which holder of the post is no part of the organisation
    ("澳门特区第六任行政长官罗明川表示", [("罗明川", "行政长官", "澳门特区")]),
    ("联合国第二位秘书长罗明川说", [("罗明川", "秘书长", "联合国")]),
    # a foreign name keeps no adverb of its verb (曾说)
    ("联合国秘书长达格·罗明川曾说", [("达格·罗明川", "秘书长", "联合国")]),
    # what stands before the organisation: such as, a speaker and the verb of a clause of its own
    ("专家如星海东南亚研究所高级研究员罗明川认为", [("罗明川", "高级研究员", "星海东南亚研究所")]),
    ("只见他数次追问星海委员会主委罗明川", [("罗明川", "主委", "星海委员会")]),
    ("王志明问星海大学校长罗明川", [("王志明", None, None), ("罗明川", "校长", "星海大学")]),
    # a cue word inside an organisation's name does not cut it
    ("星海评论通讯社记者罗明川表示", [("罗明川", "记者", "星海评论通讯社")]),
    # a place, then the field of the title: the place is the organisation, the field the title's
    ("英国外交国务大臣罗明川说", [("罗明川", "外交国务大臣", "英国")]),
    ("法国国防部长罗明川说", [("罗明川", "部长", "法国国防部")]),
    ("香港大公报记者罗明川说", [("罗明川", "记者", "香港大公报")]),
    # 与 inside an organisation's name; 就 of 就业 is no word of its own
    ("全国高等学校学生信息咨询与就业指导中心主任罗明川说",
     [("罗明川", "主任", "全国高等学校学生信息咨询与就业指导中心")]),
    # an organisation referred back to is not named
    ("这家医院院长罗明川说", [("罗明川", "院长", None)]),
    # a name the model sees, with no Chinese surname, before a title
    ("克林顿总统说", [("克林顿", "总统", None)]),
    # the dot between the parts of a foreign name, as other sites write it
    ("新西兰前总理约翰‧基说", [("约翰·基", "前总理", "新西兰")]),
    # titles found missing in real news: a permanent representative (常代), a brigade commander
    ("星海群岛常代斯卡毕尼表示", [("斯卡毕尼", "常代", "星海群岛")]),
    # a name that begins with a place, after a title, where the segmenter left its last character alone
    ("星海市长韩国瑜昨天到达台北", [("韩国瑜", "市长", "星海市")]),
    ("陆军第七十一集团军某旅旅长王志明说", [("王志明", "旅长", "陆军第七十一集团军某旅")]),
    ("医院150名影像科医生全天的工作量", []),
    ("有记者问及论坛筹备情况", []),
]


@pytest.mark.parametrize("text,people", CHAINS)
def test_mentions_chains(nlp, text, people):
    found, mentions, _ = stages(nlp, text)
    assert [(p.name, p.title, p.org) for p in found] == people
    persons = [normalize(text)[m.start:m.end] for m in mentions if m.label == "PERSON"]  # names are Simplified
    assert persons == [p[0] for p in people]


@pytest.mark.parametrize("text", [
    "赖总统于今年3月13日指出，要加强国防。",  # 于 before a time word is a preposition
    "星海大学导师于早前表示，学生表现很好。",  # ... whatever the model reads
    "执行法官习惯说，案件已经执行完毕。",  # a common word after a title
])
def test_mentions_no_name_where_a_surname_character_starts_another_word(nlp, text):
    found, _, _ = stages(nlp, text)
    assert [p.name for p in found if p.name.startswith(("于", "习"))] == []


@pytest.mark.parametrize("text,name", [
    ("魏明说", "魏明"),  # 说 follows a name: two characters
    ("李慧然建议", "李慧然"),
    ("陈思以案例", "陈思"),
    ("郝以宁轻点", "郝以宁"),  # 以 may start a given name
    ("强调要", None),  # a cue verb, not 强 + 调
    ("王说", None),
])
def test_mentions_name_at(text, name):
    found = name_at(text, 0)
    assert (text[found[0]:found[1]] if found else None) == name


@pytest.mark.parametrize("words,name", [
    (["方", "知远", "说"], "方知远"),
    (["王", "明", "今天", "说"], "王明"),  # the name ends where a word does
    (["充满", "智慧"], None),  # a surname inside a word is none
    (["相识", "，"], None),
    (["关于", "军队"], None),
    (["高莉", "表示", "，"], "高莉"),  # a name of two kept whole, then a cue
    (["高度", "重视"], None),  # a word kept whole, then no cue
    (["戚务生", "："], "戚务生"),  # a name of three kept whole, then a mark (主教练|戚务生|：)
    (["高速路", "。"], None),  # but not a word whose first character is mostly no surname
])
def test_mentions_name_at_fits_the_segmenters_words(words, name):
    text = "".join(words)
    edges = {0}
    for w in words:
        edges.add(max(edges) + len(w))
    found = name_at(text, 0, edges=edges)
    assert (text[found[0]:found[1]] if found else None) == name


def test_mentions_no_name_cuts_a_latin_word_or_holds_a_cue(nlp):
    found, _, _ = stages(nlp, "date 2024-05 罗明川说，今年出席活动。曾说过的话要算数。")
    assert [p.name for p in found] == ["罗明川"]  # not da (of date), not 曾说过


def test_mentions_a_name_that_begins_with_a_place(nlp):
    found, _, _ = stages(nlp, "韩国瑜宣布，会议将延期举行。英国人说，天气很好。")
    assert [p.name for p in found] == ["韩国瑜"]


def test_mentions_a_name_has_no_spaces_around_it(nlp):
    found, _, _ = stages(nlp, "中国青年报记者 罗明川(摄影 王立)\n罗明川：各位网友，大家好！")
    assert "罗明川" in [p.name for p in found] and all(p.name == p.name.strip() for p in found)


def test_mentions_no_name_guessed_from_a_word_after_a_title(nlp):
    text = "江主席充满智慧和幽默的回答赢得了掌声。早已和江泽民主席相识。"
    _, mentions, _ = stages(nlp, text)
    persons = [text[m.start:m.end] for m in mentions if m.label == "PERSON"]
    assert "充满智" not in persons and "相识" not in persons
    assert "江泽民" in persons


@pytest.mark.parametrize("name,canonical", [
    ("工信部", "工业和信息化部"),
    ("央行", "中国人民银行"),
    ("工信部规划司", "工业和信息化部规划司"),
    ("清华大学五道口金融学院", "清华大学五道口金融学院"),
    ("星海集团", "星海集团"),
])
def test_mentions_canonical_org(name, canonical):
    assert canonical_org(name) == canonical


@pytest.mark.parametrize("text, title, not_title", [
    ("他主演了《汽车驾驶员》，驾驶员王明说很好", "驾驶员", "《汽车驾驶员》"),  # a film
    ("专业委员会副会长王明说，委员都同意", "委员", "委员会"),  # 委员 begins 委员会
])
def test_mentions_no_title_in_book_titles_or_office_names(nlp, text, title, not_title):
    _, mentions, _ = stages(nlp, text)
    titles = [(m.start, text[m.start:m.end]) for m in mentions if m.label == "TITLE"]
    start = text.index(not_title)
    assert not any(start <= s < start + len(not_title) for s, _ in titles)
    assert title in [t for _, t in titles]


def places_of(nlp, text: str) -> list[str]:
    _, _, places = stages(nlp, text)
    return [text[p.start:p.end] for p in places]


def test_mentions_no_place_inside_book_title(nlp):
    places = places_of(nlp, "《在太行山上》《保卫黄河》响起，太行山下的河北省")
    assert "黄河" not in places
    assert places.count("太行山") == 1 and "河北省" in places


def test_mentions_places_inside_the_title_of_a_law_or_treaty(nlp):
    # A law or a treaty names the places it is about; a song does not (above).
    places = places_of(nlp, "依照《中华人民共和国香港特别行政区基本法》办事。《保卫黄河》响起")
    assert places == ["中华人民共和国", "香港特别行政区"]


def test_mentions_a_name_is_not_looked_for_where_the_model_saw_a_place():
    text = "马拉维这一国称因马拉维湖而得名。"  # the model's PER at 0, LOC 马拉维湖 at 8
    assert [p.start for p in find_people(analysis(text, model=[(0, 3, "PER")]), [], [])] == [0, 8]
    a = analysis(text, model=[(0, 3, "PER"), (8, 12, "LOC")])
    assert [p.start for p in find_people(a, [], [])] == [0]


# Lists of names without separators, as official news prints them; the
# segmenter cuts some names wrong (何平伍 | 德华, 田成田 | 小禾 in a row of pairs).
NAME_LISTS = [
    ("组委会委员：吴海涛郑真朱永康许文杰何平伍德华罗兰杜明辉王群王志远叶青叶光明。",
     ["吴海涛", "郑真", "朱永康", "许文杰", "何平", "伍德华", "罗兰", "杜明辉", "王群", "王志远", "叶青", "叶光明"]),
    ("专家组：马建军刘一鸣宋平安孙起航潘高峰韩雪梅田成田小禾。",
     ["马建军", "刘一鸣", "宋平安", "孙起航", "潘高峰", "韩雪梅", "田成", "田小禾"]),
    # a transliterated name is one name, and the list goes on after it
    ("主任委员：吴海涛郑真朱永康司马义·艾买提许文杰何平伍德华。",
     ["吴海涛", "郑真", "朱永康", "司马义·艾买提", "许文杰", "何平", "伍德华"]),
]


@pytest.mark.parametrize("text,names", NAME_LISTS)
def test_mentions_lists_of_names_are_split_into_names(nlp, text, names):
    people, _, _ = stages(nlp, text)
    assert [p.name for p in people] == names


def test_mentions_a_list_needs_a_name_the_model_saw():
    # pairs of [surname][one or two characters], but no names: 中|墨|两|国|人民|和|世界
    words = ["为", "中", "墨", "两", "国", "人民", "和", "世界", "各国", "人民"]
    a = analysis("".join(words), words=words)
    assert name_list(a.norm, a.words, model_names=[]) == []
    assert name_list(a.norm, a.words) != []  # without the model, the pairs alone decide


@pytest.mark.parametrize("text,orgs", [
    ("对统一战线和人民政协提出要求", [("人民政协", "中国人民政治协商会议")]),
    ("台盟中央和农工党中央", [("台盟中央", "台湾民主自治同盟"), ("农工党中央", "中国农工民主党")]),
    # 民革, 民建, 民进 are no aliases: they are strings of common words
    ("人民革命和农民建房，人民进行建设", []),
])
def test_mentions_political_bodies_by_their_short_names(nlp, text, orgs):
    _, mentions, _ = stages(nlp, text)
    found = [m for m in mentions if m.label == "ORG"]
    assert [text[m.start:m.end] for m in found] == [name for name, _ in orgs]
    assert all(m.name.startswith(canonical) for m, (_, canonical) in zip(found, orgs))  # the party, or its 中央


def test_mentions_a_day_of_the_week_is_no_part_of_the_models_name():
    text = "外交部长王毅周一（6日）会见黄英贤。"
    [name] = without_next_word(text, [Span(4, 8, "PER")], {0, 3, 4, 5, 6, 8, 9})
    assert text[name.start:name.end] == "王毅"
