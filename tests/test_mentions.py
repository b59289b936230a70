"""Speaker chains and names: [organisation][department][title][name], [name][title]."""
from __future__ import annotations

import pytest

from kg.mentions import canonical_org, name_at
from kg.normalize import normalize

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
    ("医院150名影像科医生全天的工作量", []),
    ("有记者问及论坛筹备情况", []),
]


@pytest.mark.parametrize("text,people", CHAINS)
def test_mentions_chains(nlp, text, people):
    doc = nlp(normalize(text))
    got = [(p.name, p.title, p.org) for p in doc._.kg_people]
    assert got == people
    persons = [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert persons == [p[0] for p in people]


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


@pytest.mark.parametrize("name,canonical", [
    ("工信部", "工业和信息化部"),
    ("央行", "中国人民银行"),
    ("工信部规划司", "工业和信息化部规划司"),
    ("清华大学五道口金融学院", "清华大学五道口金融学院"),
    ("星海集团", "星海集团"),
])
def test_mentions_canonical_org(name, canonical):
    assert canonical_org(name) == canonical


def test_mentions_no_place_inside_book_title(nlp):
    doc = nlp(normalize("《在太行山上》《保卫黄河》响起，太行山下的河北省"))
    places = [e.text for e in doc.ents if e.label_ in ("GPE", "LOC")]
    assert "黄河" not in places
    assert places.count("太行山") == 1 and "河北省" in places
