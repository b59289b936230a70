"""Rebuilding plain-text newspaper pages into articles (kg.layout).

The synthetic page ``tests/data/layout_page.txt`` was written by the team
(invented people and events) in the layout of ``../shared/corpus``: narrow and
wide columns, headlines and bylines after their article, a caption, debris, a
column label, a subtitle and two continuation fragments.
"""
from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from kg.layout import join_lines, parse_byline, parse_dateline, split_page

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
PAGE = (DATA / "layout_page.txt").read_text(encoding="utf-8")
QUOTES = "“”‘’「」『』\""

JOIN_CASES = [
    (["市民政局近日印发《关于", "推进社区食堂》，对选址"], "市民政局近日印发《关于推进社区食堂》，对选址"),
    (["新款", "GPU芯片上市"], "新款GPU芯片上市"),
    (["支持AI", "GPU芯片"], "支持AI GPU芯片"),
    (["累计超过1.6", "万家"], "累计超过1.6万家"),
    (["投放12000亿", "元资金"], "投放12000亿元资金"),
    (["运力达4", "5TFLOPS"], "运力达45TFLOPS"),  # a number split by the wrap stays one
    (["新开 42 条", "公交线路"], "新开 42 条公交线路"),
]

# (lines, expected paragraphs): wrapped lines, one a row as a page has them.
PARAGRAPH_CASES = [
    pytest.param(
        ["今年以来，江城市新建的社区食", "堂陆续开门营业，不少老人在家门口",
         "就能吃上热乎饭菜。", "社区食堂如何办得长久？", "江城市民政局副局长沈佳禾介",
         "绍，全市已建成社区食堂126家，今", "年还将新增40家。"],
        ["今年以来，江城市新建的社区食堂陆续开门营业，不少老人在家门口就能吃上热乎饭菜。",
         "社区食堂如何办得长久？", "江城市民政局副局长沈佳禾介绍，全市已建成社区食堂126家，今年还将新增40家。"],
        id="short-line-ends-paragraph"),
    pytest.param(
        ["“以前中午只能凑合一口，现在", "每天都盼着来食堂，这里饭菜可口，",
         "荤素搭配很合理，老人吃着也放心，", "价格也比外面的饭馆便宜了不少。”",
         "幸福里社区的退休教师周明远说。", "江城市民政局副局长沈佳禾介",
         "绍，全市已建成社区食堂，今年还将", "新增40家，重点覆盖老城区和新建的", "小区。"],
        ["“以前中午只能凑合一口，现在每天都盼着来食堂，这里饭菜可口，荤素搭配很合理，"
         "老人吃着也放心，价格也比外面的饭馆便宜了不少。”幸福里社区的退休教师周明远说。",
         "江城市民政局副局长沈佳禾介绍，全市已建成社区食堂，今年还将新增40家，重点覆盖老城区和新建的小区。"],
        id="full-line-sentence-end-is-not-a-paragraph-end"),
    pytest.param(
        ["“以前中午只能凑合一口，现在", "每天都盼着来食堂，这里饭菜可口，",
         "荤素搭配很合理，老人吃着也放心。”", "周明远说。", "江城市民政局副局长沈佳禾介",
         "绍，全市已建成社区食堂，今年还将", "新增40家，重点覆盖老城区和新建的", "小区。"],
        ["“以前中午只能凑合一口，现在每天都盼着来食堂，这里饭菜可口，荤素搭配很合理，"
         "老人吃着也放心。”周明远说。",
         "江城市民政局副局长沈佳禾介绍，全市已建成社区食堂，今年还将新增40家，重点覆盖老城区和新建的小区。"],
        id="speaker-on-a-short-last-line"),
    pytest.param(
        ["据行业协会测算，社区食堂每", "服务1名老人，带动2元的消费。",
         "记者走访发现，社区食堂正在改变老", "人的生活方式，带动了周边的便民服",
         "务，让邻里之间的走动更勤、更亲近", "了许多。"],
        ["据行业协会测算，社区食堂每服务1名老人，带动2元的消费。",
         "记者走访发现，社区食堂正在改变老人的生活方式，带动了周边的便民服务，让邻里之间的走动更勤、更亲近了许多。"],
        id="short-line-then-unindented-paragraph"),
    pytest.param(
        ["记者走访发现，部分食堂面临人", "手紧、成本高等问题，菜价也偏高。",
         "运营难题仍待破解", "沈佳禾表示，将通过补贴和志愿", "服务降低运营成本，让食堂开得久。"],
        ["记者走访发现，部分食堂面临人手紧、成本高等问题，菜价也偏高。", "运营难题仍待破解",
         "沈佳禾表示，将通过补贴和志愿服务降低运营成本，让食堂开得久。"],
        id="subheading-after-full-line"),
    pytest.param(
        ["当退休教师感慨“饭菜比家里还香，", "再也不用每天自己买菜做饭了”……",
         "大家真切体会到，社区食堂不只是一", "个吃饭的地方，更是邻里的客厅。"],
        ["当退休教师感慨“饭菜比家里还香，再也不用每天自己买菜做饭了”……大家真切体会到，社区食堂不只是一个吃饭的地方，更是邻里的客厅。"],
        id="ellipsis-mid-paragraph"),
]

# (dateline, source, ISO date)
DATELINE_CASES = [
    ("新华社北京3月12日电", "新华社", None),
    ("新華社廣州3月12日電", "新华社", None),
    ("新华社江城2025年3月12日电", "新华社", "2025-03-12"),
    ("新华社华盛顿2025年2月30日电", "新华社", None),  # no such day
    ("人民日报北京3月1日电", "人民日报", None),
    ("本报北京3月1日电", None, None),
    ("本报讯", None, None),
    (None, None, None),
]

# (byline, reporters, source)
BYLINE_CASES = [
    ("新华社“新华视点”记者 陆一帆 秦雨桐", ("陆一帆", "秦雨桐"), "新华社"),
    ("记者韩思远", ("韩思远",), None),
    ("記者韓思遠", ("韓思遠",), None),
    ("记者吴桐 许安", ("吴桐", "许安"), None),
    ("记者 吴桐、许安", ("吴桐", "许安"), None),
    ("人民日报评论员", (), "人民日报"),  # a role, not a person
    ("本报评论员", (), None),
    ("新华社记者 阿依古丽·买买提", ("阿依古丽·买买提",), "新华社"),
    ("林晓棠", ("林晓棠",), None),
]

# A leading or trailing dateline in an ordinary file:
# (text, dateline, reporters, source, first paragraph)
EDGE_CASES = [
    ("新华社北京3月12日电（记者韩思远）记者12日获悉，春季植树活动启动。\n活动为期一个月。",
     "新华社北京3月12日电", ("韩思远",), "新华社", "记者12日获悉，春季植树活动启动。"),
    ("新華社北京3月12日電(記者韓思遠)記者12日獲悉，春季植樹活動啟動。\n活動為期一個月。",
     "新華社北京3月12日電", ("韓思遠",), "新华社", "記者12日獲悉，春季植樹活動啟動。"),
    ("本报讯（记者 林晓棠 屈志航）市图书馆今天开馆。\n开馆首日读者众多。",
     "本报讯", ("林晓棠", "屈志航"), None, "市图书馆今天开馆。"),
    ("市图书馆今天开馆。\n开馆首日读者众多。 (新華社江城3月1日電)",
     "新華社江城3月1日電", (), "新华社", "市图书馆今天开馆。"),
]


@pytest.mark.parametrize(("lines", "joined"), JOIN_CASES)
def test_layout_join_lines(lines, joined):
    assert join_lines(lines) == joined


@pytest.mark.parametrize(("lines", "paragraphs"), PARAGRAPH_CASES)
def test_layout_rebuilds_paragraphs(lines, paragraphs):
    (article,) = split_page("\n\n".join(lines))
    assert article.text.split("\n") == paragraphs


@pytest.mark.parametrize(("dateline", "source", "date"), DATELINE_CASES)
def test_layout_parse_dateline(dateline, source, date):
    assert parse_dateline(dateline) == (source, date)


@pytest.mark.parametrize(("byline", "reporters", "source"), BYLINE_CASES)
def test_layout_parse_byline(byline, reporters, source):
    assert parse_byline(byline) == (reporters, source)


@pytest.mark.parametrize(("text", "dateline", "reporters", "source", "first"), EDGE_CASES)
def test_layout_datelines_leave_the_text(text, dateline, reporters, source, first):
    (article,) = split_page(text)
    assert (article.dateline, article.reporters, article.source) == (dateline, reporters, source)
    assert article.text.split("\n")[0] == first
    assert "电" not in article.text and "電" not in article.text


def test_layout_ordinary_file_is_one_article():
    text = "江城社区食堂越办越红火\n\n今年以来，社区食堂陆续开门营业。\n老人们在家门口就能吃上热乎饭菜。\n"
    (article,) = split_page(text, origin="a.txt", base_id="a")
    assert article.id == "a"
    assert article.title == "江城社区食堂越办越红火"
    assert article.text == "今年以来，社区食堂陆续开门营业。\n老人们在家门口就能吃上热乎饭菜。"
    assert article.origin == "a.txt"


def test_layout_ordinary_file_without_title():
    (article,) = split_page("今年以来，社区食堂陆续开门营业。\n老人们吃上了热乎饭菜。")
    assert article.title is None
    assert article.text.count("\n") == 1


@pytest.mark.parametrize("text", ["", "\n\n  \n", "新华社发新华社发\n"])
def test_layout_nothing_to_read(text):
    assert split_page(text) == []


# The synthetic page: (title, dateline, reporters, source, first characters of the text)
PAGE_ARTICLES = [
    ("社区食堂如何越办越红火？", "新华社江城3月12日电", ("陆一帆", "秦雨桐"), "新华社", "今年以来，江城市"),
    ("今年春季全国计划造林绿化超过2000万亩", "新华社北京3月12日电", ("韩思远",), "新华社", "记者12日从"),
    (None, None, (), "新华社", "3月11日，在江城市郊区"),  # the caption
    ("种好每一棵树", "新华社北京3月12日电", (), "人民日报", "春风拂面"),
    ("政务服务再提速", None, (), None, "让数据多跑路"),  # jump head after the other fragment
    (None, None, (), None, "3个研发平台"),
    ("广州本周后期气温将明显下降", "新华社广州3月12日电", ("吴桐", "许安"), "新华社", "广州市气象台12日"),
]


def test_layout_page_articles():
    arts = split_page(PAGE, origin="page.txt", base_id="page")
    found = [(a.title, a.dateline, a.reporters, a.source, a.text[:len(exp[4])])
             for a, exp in zip(arts, PAGE_ARTICLES)]
    assert found == PAGE_ARTICLES
    assert len(arts) == len(PAGE_ARTICLES)
    assert [a.id for a in arts] == [f"page#{n}" for n in range(1, len(arts) + 1)]
    assert all(a.origin == "page.txt" and a.date is None for a in arts)


@pytest.mark.parametrize("furniture", [
    "新华社发", "民生@速递", "林小川", "（上接第一版）", "上接", "□", "——写在", "兼谈城乡绿化",
    "新华社记者", "人民日报评论员", "社区食堂如何越办越红火", "造林绿化超过2000万亩", "种好每一棵树\n",
    "广 州", "广州本周后期", "政务服务再提速",
])
def test_layout_page_furniture_left_out(furniture):
    for a in split_page(PAGE):
        assert furniture not in a.text + "\n", a.id


def test_layout_page_subheadings_are_paragraphs():
    first = split_page(PAGE)[0].text.split("\n")
    assert "小食堂连着大民生" in first and "运营难题仍待破解" in first
    assert "社区食堂如何办得长久？" in first


def test_layout_page_quote_stays_with_speaker():
    first = split_page(PAGE)[0].text.split("\n")
    assert any(p.startswith("“以前中午只能凑合一口") and "周明远说" in p for p in first)


def test_layout_page_traditional_and_half_width():
    page = (PAGE.replace("（新华社江城3月12日电）", "(新華社江城3月12日電)")
            .replace("新华社北京3月12日电（记者韩思远）", "新華社北京3月12日電(記者韓思遠)"))
    arts = split_page(page)
    assert (arts[0].dateline, arts[0].source) == ("新華社江城3月12日電", "新华社")
    assert (arts[1].dateline, arts[1].reporters) == ("新華社北京3月12日電", ("韓思遠",))
    assert arts[1].text.startswith("记者12日从")


def test_layout_blank_lines_between_paragraphs_only():
    page = "\n".join(["今年以来，江城市新建的社区食", "堂陆续开门营业，不少老人在家门口",
                      "就能吃上热乎饭菜和家常小菜", "", "江城市民政局副局长沈佳禾介",
                      "绍，全市已建成社区食堂126家，今", "年还将新增40家，覆盖老城区"])
    (article,) = split_page(page)
    assert article.text.split("\n") == [
        "今年以来，江城市新建的社区食堂陆续开门营业，不少老人在家门口就能吃上热乎饭菜和家常小菜",
        "江城市民政局副局长沈佳禾介绍，全市已建成社区食堂126家，今年还将新增40家，覆盖老城区"]


def test_layout_deterministic():
    assert split_page(PAGE, "p", "p") == split_page(PAGE, "p", "p")


def test_layout_sample_page_gold():
    """The built-in sample page (kg/sample) against its gold (tests/data/sample_gold.json)."""
    gold = json.loads((DATA / "sample_gold.json").read_text(encoding="utf-8"))["page"]
    page = resources.files("kg.sample").joinpath("page.txt").read_text(encoding="utf-8")
    arts = split_page(page)
    found = {(a.title, a.dateline, a.reporters) for a in arts}
    for g in gold["articles"]:
        assert (g["headline"], g["dateline"], tuple(g["byline"])) in found
    texts = [re.sub(rf"[ \t\u3000{QUOTES}']", "", a.text) for a in arts]
    for st in gold["statements"]:
        start = re.sub(rf"\s|[{QUOTES}']", "", st["starts"])
        assert sum(start in t for t in texts) == 1, start


# --- the real page in ../shared --------------------------------------------

def _real_page():
    page = SHARED / "corpus" / "000_f786ed146695884a.txt"
    gold = SHARED / "eval" / "seed_gold.json"
    if not page.exists() or not gold.exists():
        pytest.skip(f"the real page and its gold are not there: {page.resolve()}")
    return (split_page(page.read_text(encoding="utf-8"), origin=str(page), base_id="p"),
            json.loads(gold.read_text(encoding="utf-8")))


def test_layout_real_page_gold_articles():
    arts, gold = _real_page()
    by_title = {a.title: a for a in arts}
    for g in gold["articles"]:
        a = by_title.get(g["headline"])
        assert a is not None, f"headline not found: {g['headline']}"
        assert a.dateline == g["dateline"]
        # A byline like 人民日报评论员 is a role: it is the source, not a reporter.
        roles = [b for b in g["byline"] if b.endswith("评论员")]
        assert a.reporters == tuple(b for b in g["byline"] if b not in roles)
        assert all(a.source and role.startswith(a.source) for role in roles)


def test_layout_real_page_headlines_do_not_leak():
    arts, gold = _real_page()
    for g in gold["articles"]:
        for a in arts:
            paragraphs = a.text.split("\n")
            assert g["headline"] not in paragraphs, a.id
            if a.title != g["headline"]:
                assert g["headline"] not in a.text, a.id


def test_layout_real_page_statements_in_one_piece():
    arts, gold = _real_page()
    texts = [re.sub(rf"[ \t\u3000{QUOTES}]", "", a.text) for a in arts]
    for s in gold["statements"]:
        start = re.sub(rf"\s|[{QUOTES}]", "", s["starts"])
        assert sum(start in t for t in texts) == 1, start
