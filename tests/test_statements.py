"""Statement patterns, one invented sentence each, through the whole pipeline."""
from __future__ import annotations

import pytest

from conftest import extract_text
from kg.statements import pair_quotes

# text, expected statements as (speaker, kind, cue, what was said starts with)
CASES = [
    pytest.param(
        "“今年的订单比去年多了三成。”星海集团副总经理林若川说。",
        [("林若川", "direct", "说", "今年的订单")], id="quote-before-speaker"),
    pytest.param(
        "星海集团副总经理林若川说：“今年的订单比去年多了三成。”",
        [("林若川", "direct", "说", "今年的订单")], id="quote-after-speaker"),
    pytest.param(
        "“平台让研发提速。”星海大学教授林若川以新药研发为例介绍，研发周期缩短了一半。",
        [("林若川", "direct", "介绍", "平台让研发"), ("林若川", "indirect", "介绍", "研发周期缩短")],
        id="quote-then-verb-phrase-then-indirect"),
    pytest.param(
        "星海集团副总经理林若川表示，将加快建设数据中心。",
        [("林若川", "indirect", "表示", "将加快建设")], id="indirect"),
    pytest.param(
        "据星海集团副总经理林若川介绍，新园区年底投产。",
        [("林若川", "indirect", "介绍", "新园区年底")], id="ju-jieshao"),
    pytest.param(
        "星海大学教授林若川是项目负责人，他认为，技术必须经受工业环境的检验。",
        [("林若川", "indirect", "认为", "技术必须")], id="pronoun"),
    pytest.param(
        "工业和信息化部副部长柯文澜说，要加快推广。柯副部长强调，要防范风险。",
        [("柯文澜", "indirect", "说", "要加快推广"), ("柯文澜", "indirect", "强调", "要防范风险")],
        id="surname-and-title"),
    pytest.param(
        "星海集团副总经理林若川说，要加快推广。林若川还表示，要防范风险。",
        [("林若川", "indirect", "说", "要加快推广"), ("林若川", "indirect", "表示", "要防范风险")],
        id="name-alone"),
    pytest.param(
        "中国人民银行3月5日发布公告称，将开展5000亿元操作。",
        [("中国人民银行", "indirect", "称", "将开展5000")], id="organisation-speaks"),
    pytest.param(
        "中国人民银行（以下简称“人民银行”）在公告中称，将开展5000亿元操作。",
        [("中国人民银行", "indirect", "称", "将开展5000")], id="organisation-with-its-short-name"),
    pytest.param(
        "星海大学则指出，合并没有进展。星大也证实，曾与中华大学接触。",
        [("星海大学", "indirect", "指出", "合并没有"), ("星海大学", "indirect", "证实", "曾与中华大学")],
        id="a-university-named-again-by-two-characters"),
    pytest.param(
        "大火在凌晨扑灭。消防处表示，正在调查起火原因。",
        [("消防处", "indirect", "表示", "正在调查")], id="an-office-named-by-its-unit-alone"),
    pytest.param(
        "星海中央气象署昨天召开记者会。气象署也提醒，未来仍可能出现余震。",
        [("星海中央气象署", "indirect", "提醒", "未来仍可能")], id="an-organisation-named-again-by-its-end"),
    pytest.param(
        "有关部门表示，正在调查。领导干部表示，要好好学习。", [], id="some-office-or-people-are-no-unit"),
    pytest.param(
        "星海集团近日回应。星海集团方面表示，项目进展顺利。",
        [("星海集团", "indirect", "表示", "项目进展")], id="an-organisation's-side-is-the-organisation"),
    pytest.param(
        "一位外交部发言人直言不讳地说，对方想将中国除名。", [], id="one-of-an-organisation's-people-counted-is-not-it"),
    pytest.param(
        "林若川强调，演练行动具有震慑功能，“尽管对方在周边有行动，但我们有能力应对一切挑战",
        [("林若川", "indirect", "强调", "演练行动"), ("林若川", "direct", "强调", "尽管对方")],
        id="a-quote-cut-off-by-the-end-of-the-text-closes-reported-speech"),
    pytest.param(
        "对于上述传言，星海集团回应称，关注到部分文章。对此，明确表示，公司未出台限制政策。",
        [("星海集团", "indirect", "回应称", "关注到部分"), ("星海集团", "indirect", "表示", "公司未出台")],
        id="a-sentence-with-no-subject-goes-on-with-the-speaker-before"),
    pytest.param(
        "林若川表示，改革要快。\n强调加快改革速度，是日本改革的重要信息。老罗说，要节约用水。",
        [("林若川", "indirect", "表示", "改革要快")], id="no-subject-in-a-new-paragraph-or-an-unknown-one"),
    pytest.param(
        "星海航空今(24日)宣布砸下2600亿元，引进24架客机。",
        [("星海航空", "indirect", "宣布", "砸下2600")], id="a-company-no-list-knows-before-its-cue"),
    pytest.param(
        "據(jù)現(xiàn)場同事介紹,車上共兩人,均已送醫。", [], id="a-pinyin-gloss-is-no-name"),
    pytest.param(
        "林若川回顾，三年前也发生过地震。王志明回顾过去一年的工作。",
        [("林若川", "indirect", "回顾", "三年前")], id="looking-back-is-a-cue-before-a-comma-only"),
    pytest.param(
        "星海集团许诺，年底前解决问题。", [("星海集团", "indirect", "许诺", "年底前")], id="a-promise"),
    pytest.param(
        "依立法院院会纪录统计，约有20项法律完成三读，可称得上三党皆具共识。", [], id="what-can-be-called-is-no-cue"),
    pytest.param(
        "经常在星海银行门外吸烟的林若川无奈地表示，能在街边吸烟的日子不多了。",
        [("林若川", "indirect", "表示", "能在街边")], id="the-one-a-description-with-an-object-describes"),
    pytest.param(
        "林若川赞赏各方达成一致。王志明提倡减低租金成本。",
        [("林若川", "indirect", "赞赏", "各方达成"), ("王志明", "indirect", "提倡", "减低租金")],
        id="praise-and-advocacy"),
    pytest.param(
        "林若川强调候选人以政纲论高低，出选九龙东的王志明建议暂停输入外劳。",
        [("林若川", "indirect", "强调", "候选人以政纲"), ("王志明", "indirect", "建议", "暂停输入外劳")],
        id="the-next-speaker-after-a-description-ends-reported-speech"),
    pytest.param(
        "林若川认为王志明的回答“信息量是比较大的”，曾任副主任的王志明回答起来“比较简洁”。",
        [("林若川", "indirect", "认为", "王志明的回答")], id="answering-in-some-way-is-no-cue"),
    pytest.param(
        "“那就等于往自己吃饭的碗里吐痰！”——林若川，联赛一直对球员的言行管理严格，这次的处罚也不轻。"
        "林若川赛后这样说道，听到此话，翻译也吓了一跳。",
        [("林若川", "direct", None, "那就等于")], id="a-signature-then-the-story-and-a-cue-that-points-back"),
    pytest.param(
        "“订单排得满满的，业务都忙不过来咯！”今天一上班，星海集团一分厂厂长傅彬就不断接到催货电话。",
        [("傅彬", "direct", None, "订单排得满满")], id="a-lead-quote-then-its-speaker-introduced"),
    pytest.param(
        "“我们一定会赢！”星海市市长王志明听后连连点头。", [(None, "direct", None, "我们一定会赢")],
        id="a-lead-quote-then-one-who-heard-it"),
    pytest.param(
        "林若川第一次飞赴海外。“我在星海集团工作过5年，负责协调。”。他在电话里这样对记者说。",
        [("林若川", "direct", "说", "我在星海集团")], id="a-cue-that-says-so-after-the-quote's-sentence"),
    pytest.param(
        "“一湖烟雨半城诗，十里荷风满巷香。”在这座城市，诗意随处可见。",
        [(None, "direct", None, "一湖烟雨")], id="verse-no-speaker"),
    pytest.param(
        "全市推出“书香满城”活动，《在太行山上》等歌曲响起。",
        [], id="terms-are-not-statements"),
    pytest.param(
        "星海集团副總經理林若川說:「今年的訂單比去年多了三成。」",
        [("林若川", "direct", "说", "今年的訂單")], id="traditional-and-halfwidth"),
    pytest.param(
        '星海集团副总经理林若川说:"今年的订单比去年多了三成."',
        [("林若川", "direct", "说", "今年的订单")], id="ascii-quotes"),
    # Shapes of real news (docs/annotation.md, "Shapes of real news")
    pytest.param(
        "星海集团副总经理林若川表示，将加快建设，并强调要防范风险。",
        [("林若川", "indirect", "表示", "将加快建设"), ("林若川", "indirect", "强调", "要防范风险")],
        id="two-cues-in-one-sentence"),
    pytest.param(
        "星海市环保局督察专委林若川今日在记者会上表示，空气质量明显好转。",
        [("林若川", "indirect", "表示", "空气质量明显好转")],
        id="a-post-the-lists-lack-between-organisation-and-name"),
    pytest.param(
        "星海市市场监督管理局提醒消费者，如发现不合格食品，请拨打投诉电话。",
        [("星海市市场监督管理局", "indirect", "提醒", "如发现不合格食品")], id="a-listener-before-the-comma"),
    pytest.param(
        "星海市政府发言人宣布，市民李红获得表彰。这位发言人说，李红的事迹感人。",
        [("星海市政府", "indirect", "宣布", "市民李红获得表彰")],
        id="this-spokesperson-is-no-one-named-but-not-as-spokesperson"),
    pytest.param(
        "演员李红说，这部剧很好看。据该剧制片人王立介绍，该剧明年播出。",
        [("李红", "indirect", "说", "这部剧很好看"), ("王立", "indirect", "介绍", "该剧明年播出")],
        id="a-description-before-a-name-is-of-that-name"),
    pytest.param(
        "星海集团董事们表示，愿继续合作。", [], id="office-holders-of-an-organisation-are-not-the-organisation"),
    pytest.param(
        "東盟外長(cháng)們高度評價(jià)中國取得的成就，表示東盟國家願同中方繼續合作。", [],
        id="office-holders-with-a-pinyin-gloss-between"),
    pytest.param(
        "星海集团黄姓主管认为，订单排到了明年。",
        [], id="a-person-of-an-organisation-known-by-surname-is-not-the-organisation"),
    pytest.param(
        "星海大学校长林若川会后发声明指，双方进行了坦率交谈。",
        [("林若川", "indirect", "指", "双方进行了坦率交谈")], id="a-cue-the-segmenter-joined-to-the-document-before"),
    pytest.param(
        "林若川正联络各地学者研究对策，并希望明年在星海召开会议。",
        [("林若川", "indirect", "希望", "明年在星海召开会议")], id="a-cue-before-a-word-that-begins-as-a-suffix-would"),
    pytest.param(
        "林若川认为，建立机制是好事，但要说清楚规则。",
        [("林若川", "indirect", "认为", "建立机制是好事")], id="say-clearly-is-no-cue"),
    pytest.param(
        "星海市环保局召开电话会议，呼吁人们重视燃气热水器的安全问题。",
        [("星海市环保局", "indirect", "呼吁", "人们重视燃气热水器")], id="what-one-calls-for-is-no-topic"),
    pytest.param(
        "星海市政府发言人王明正告对方，不要一错再错。",
        [("王明", "indirect", "正告", "不要一错再错")], id="a-party-spoken-to-before-the-comma"),
    pytest.param(
        "星海中学校长林若川告诉同学们，要珍惜时间。",
        [("林若川", "indirect", "告诉", "要珍惜时间")], id="a-group-of-listeners-before-the-comma"),
    pytest.param(
        "县长王立出席说明会。会上也由交通队组长李红进行安全宣导，她呼吁长辈一定要戴安全帽。",
        [("李红", "indirect", "呼吁", "长辈一定要戴安全帽")], id="one-by-whom-something-is-done-is-its-subject"),
    pytest.param(
        "县委书记孙录来到村里。村民孙为军种了十亩地。孙书记说，要发展产业。",
        [("孙录", "indirect", "说", "要发展产业")], id="surname-and-title-is-the-one-who-held-the-title"),
    pytest.param(
        "星海市议员王立表示，预算被砍，市长李红提出解方，预算中心却辜负好意，“这才是新闻。”",
        [("王立", "indirect", "表示", "预算被砍"), ("王立", "direct", "表示", "这才是新闻")],
        id="one-who-did-something-inside-a-statement-says-nothing"),
    pytest.param(
        "星海市环保局表示，今年空气质量明显好转，呼吁市民继续绿色出行。",
        [("星海市环保局", "indirect", "表示", "今年空气质量明显好转"),
         ("星海市环保局", "indirect", "呼吁", "市民继续绿色出行")],
        id="an-appeal-after-a-comma-is-a-statement-of-its-own"),
    pytest.param(
        "星海市市长王志明表示，希望各方加强合作。",
        [("王志明", "indirect", "表示", "希望各方加强合作")], id="a-wish-right-after-the-cue-is-what-was-said"),
    pytest.param(
        "星海大学教授林若川致信大会，希望各方加强合作。",
        [("林若川", "indirect", "希望", "各方加强合作")], id="subject-of-an-earlier-clause"),
    pytest.param(
        "星海集团董事长王立在28日召开的新闻发布会上向中外记者宣布：“公司明年将上市。”",
        [("王立", "direct", "宣布", "公司明年将上市")], id="long-phrase-between-speaker-and-cue"),
    pytest.param(
        "星海大学教授林若川对学生李明说：“这是好事。”",
        [("林若川", "direct", "说", "这是好事")], id="a-name-after-a-preposition-is-no-speaker"),
    pytest.param(
        "星海大学校长林若川会见了来访的王明。他表示，双方将加强合作。",
        [("林若川", "indirect", "表示", "双方将加强合作")], id="pronoun-for-the-subject-before"),
    pytest.param(
        "王志明在市议会回答议员李红的提问时说，今年共提交十项法案。\n\n \n\n政府会继续提交法案。\n\n \n\n他指，这些建议是各方讨论的成果。",
        [("王志明", "indirect", "说", "今年共提交"), ("王志明", "indirect", "指", "这些建议")],
        id="blank-lines-do-not-spend-a-pronoun's-reach"),
    pytest.param(
        "“市场将持续回暖，这一点毋庸置疑。”这是星海大学教授林若川得出的结论。",
        [("林若川", "direct", None, "市场将持续回暖")], id="this-is-the-conclusion-of"),
    pytest.param(
        "“我们会坚持下去，直到成功。”\n——星海集团董事长王立",
        [("王立", "direct", None, "我们会坚持下去")], id="signature-line"),
    pytest.param(
        "星海大学教授林若川说：“第一点很重要。”\n“第二点也很重要，不能忘记。”",
        [("林若川", "direct", "说", "第一点很重要"), ("林若川", "direct", None, "第二点也很重要")],
        id="follow-on-quote"),
    pytest.param(
        "外交部发言人林若川主持例行记者会。\n问：中方如何评价此事？\n答：我们欢迎各方的努力。",
        [("林若川", "direct", "答", "我们欢迎各方")], id="transcript-answer"),
    pytest.param(
        "记者：请介绍一下今年的情况。\n林若川：今年订单增加了三成。",
        [("林若川", "direct", None, "今年订单增加")], id="transcript-label"),
    pytest.param(
        "新华社北京3月5日电星海集团董事长王立今天表示，公司将扩大生产。",
        [("王立", "indirect", "表示", "公司将扩大")], id="dateline-runs-into-the-lead"),
    pytest.param(
        "星海集团副总经理林若川介绍了今年的工作情况。林若川在会上发言时，情绪激动。",
        [], id="a-topic-or-a-time-clause-is-not-what-was-said"),
    pytest.param(
        "国务院新闻办工作人员证实，他们是各部委的新闻发言人。",
        [], id="an-unnamed-person-of-an-organisation-is-no-one"),
    pytest.param(
        "星海集团回应产品质量问题：网传消息不实",
        [("星海集团", "indirect", "回应", "网传消息不实")], id="what-the-cue-speaks-of-then-a-colon"),
    pytest.param(
        "星海集团发布声明。官方表示 , 公司已提起诉讼 , 同时 , 官方强调 , 将维护合法权益 。",
        [("星海集团", "indirect", "表示", "公司已提起诉讼"), ("星海集团", "indirect", "强调", "将维护合法权益")],
        id="web-spaced-commas-and-the-official-side"),
    pytest.param(
        "星海集团董事长王立今天出席活动。对于林若川接受电视台“晚间新闻”采访时表示，明年将降价，王立未作回应。",
        [("林若川", "indirect", "表示", "明年将降价")], id="the-person-after-duiyu-speaks-in-its-clause"),
    pytest.param(
        "星海集团董事长王立拒绝透露新厂选址，仅称“今年会公布”。",
        [("王立", "direct", "称", "今年会公布")], id="a-refused-cue-says-nothing"),
    pytest.param(
        "星海集团董事长王立再次的重申，公司不会裁员。",
        [("王立", "indirect", "重申", "公司不会裁员")], id="de-written-for-di-before-a-cue"),
    pytest.param(
        "〔记者董立／台北报导〕星海大学校长林若川今（10）日出席会议。他在会上证实，新校区明年启用。",
        [("林若川", "indirect", "证实", "新校区明年启用")], id="a-bracketed-byline-is-no-antecedent"),
    pytest.param(
        "工人张强在读书。我碰到一位叫刘佳的女青年，她说她很喜欢这里。",
        [("刘佳", "indirect", "说", "她很喜欢这里")], id="she-after-a-woman-described-so"),
    pytest.param(
        "星海光学厂的王志明写道：“这里让我们感到温暖。”",
        [("王志明", "direct", "写道", "这里让我们")], id="the-person-of-an-organisation"),
    pytest.param(
        "记者王立在会场偶遇星海大学校长林若川，后者告诉他，“今年招生会扩大。”",
        [("林若川", "direct", "告诉", "今年招生会扩大")], id="the-latter"),
    pytest.param(
        "星海大学教授林若川在家长会上发言。她印象最深的是，老师讲孩子要多运动。",
        [], id="a-common-noun-is-the-subject-of-its-own-clause"),
    pytest.param(
        "星海市公安局领导认为，服务窗口要延伸到社区。",
        [], id="the-leaders-of-an-organisation-are-no-one-named"),
    pytest.param(
        "中国证监会近日就星海集团董事长林若川违规案发出通报，强调严禁内幕交易。",
        [("中国证监会", "indirect", "强调", "严禁内幕交易")], id="a-person-the-organisation-speaks-of"),
    pytest.param(
        "公安部门的同志告诉我们，这些店已经关了。",
        [], id="an-office-of-any-town-is-no-ministry"),
    pytest.param(
        "对于票子，星海公司总经理林若川看得更透：你收了人家的钱，人家就管你。",
        [("林若川", "indirect", "看得更透", "你收了人家的钱")], id="a-colon-after-a-person-and-a-predicate-is-the-cue"),
    pytest.param(
        "林若川感慨万千：“这里变化太大了。”",
        [("林若川", "direct", "感慨万千", "这里变化太大了")], id="a-colon-frame-before-a-quote"),
    pytest.param(
        "本报北京1月8日讯记者林若川报道：星海市经济建设取得了很大成绩。",
        [], id="a-reporters-byline-before-a-colon-is-no-frame"),
    pytest.param(
        "林若川面临两个选择：一边是高薪聘请，一边是继续留下。",
        [], id="a-colon-before-a-list-is-no-frame"),
    pytest.param(
        "在星海大学教授林若川看来，这种做法并不可取。",
        [("林若川", "indirect", "看来", "这种做法并不可取")], id="in-someones-view"),
    pytest.param(
        "星海大学教授林若川接受了采访。这名美国问题专家同时认为，此次中方的反应得体。",
        [("林若川", "indirect", "认为", "此次中方的反应得体")], id="a-description-refers-back-like-a-pronoun"),
    pytest.param(
        "星海大学教授林若川接受了采访。这些专家认为，市场会继续上涨。",
        [], id="a-plural-description-is-no-one-person"),
    pytest.param(
        "林若川来到会场。他没有犹豫，笑容满面地回答说：“我最喜欢这里的人。”",
        [("林若川", "direct", "回答说", "我最喜欢这里的人")], id="an-adverbial-clause-keeps-the-sentences-subject"),
    pytest.param(
        "林若川的文章写得很清楚，别说统一天下，生存都难。",
        [], id="let-alone-is-no-speech"),
    pytest.param(
        "星海日报报道，一些分析人士怀疑这项计划能否实现。",
        [], id="a-cue-inside-a-noun-of-a-person"),
    pytest.param(
        "在会议上，林若川专门阐述如何做好宣传教育和舆论引导工作。",
        [], id="a-topic-after-a-cue-is-not-what-was-said"),
    pytest.param(
        "示威者林若川包围了立法会，不少人说，政府必须回应诉求。",
        [], id="many-people-are-a-subject-of-their-own"),
    pytest.param(
        "林若川来到会场。如果说这是一次失败，那也是值得的。",
        [], id="if-one-says-is-no-speech"),
    pytest.param(
        "林若川直斥，这项政策完全是错误的。",
        [("林若川", "indirect", "直斥", "这项政策完全是错误的")], id="a-verb-of-criticism-is-a-cue"),
    pytest.param(
        "星海电台发言人表示，电台将继续播出节目。",
        [("星海电台", "indirect", "表示", "电台将继续播出节目")], id="an-unnamed-spokesperson-speaks-for-the-organisation"),
    pytest.param(
        "国务院新闻办工作人员证实，会议将于明天举行。",
        [], id="another-unnamed-person-of-an-organisation-is-no-one-named"),
    pytest.param(
        "林若川去港台节目《铿锵说》接受访问。",
        [], id="no-cue-inside-the-title-of-a-work"),
    pytest.param(
        "星海国总统林若川向江泽民主席发来了慰问电。电文说：“惊悉河北省发生地震，谨致慰问。”",
        [("林若川", "direct", "说", "惊悉河北省发生地震")], id="a-document-speaks-for-who-sent-it"),
    pytest.param(
        "代表团团长王立宣读了星海公司的贺词。贺词热烈祝贺大会召开。\n贺词说，公司愿意继续发展两国友谊。",
        [("星海公司", "indirect", "说", "公司愿意继续发展")], id="a-document-read-out-is-its-authors"),
    pytest.param(
        "星海公司发布声明。该声明指出，公司从未违规经营。",
        [("星海公司", "indirect", "指出", "公司从未违规经营")], id="the-statement-of-an-organisation"),
    pytest.param(
        "林若川在申请书上签署了同意的意见。通报说，林若川利用职权收受股票。",
        [], id="a-document-no-one-issued-speaks-for-no-one"),
    pytest.param(
        "星海国总统林若川今天出席活动。总统在致辞中指出，经济会继续增长。",
        [("林若川", "indirect", "指出", "经济会继续增长")], id="a-bare-title-one-person-holds"),
    pytest.param(
        "星海日报记者林若川采访了活动。记者谈及新任发言人的首秀，说很精彩。",
        [], id="a-bare-title-many-hold-is-no-one-person"),
    pytest.param(
        "星海国总统林若川今天访问美国。随后，王总统表示，两国会继续合作。",
        [], id="a-surname-and-title-is-not-the-last-with-the-title"),
    pytest.param(
        "星海市市长林若川出席会议。星河市市长表示，两市会继续合作。",
        [], id="another-citys-mayor-is-not-the-last-mayor"),
    pytest.param(
        "星海体委副主任林若川通报了备战情况。“在下月举行的比赛上，我们力争取得好成绩。”",
        [("林若川", "direct", None, "在下月举行的比赛上")], id="a-quote-after-one-who-told-of-a-topic"),
    pytest.param(
        "星海体委副主任林若川通报了备战情况。运动员王立也来了。“我们力争取得好成绩。”",
        [(None, "direct", None, "我们力争取得好成绩")], id="no-quote-after-a-topic-when-another-is-named"),
    pytest.param(
        "林若川透露，公司今年将投入2亿元。“民以食为天，食以安为先”，这句老话被多位代表反复提起。",
        [("林若川", "indirect", "透露", "公司今年将投入"), (None, "direct", None, "民以食为天")],
        id="a-saying-inside-a-sentence-is-no-ones"),
    pytest.param(
        "公司总经理林若川说，这是———（附图片１张）",
        [], id="a-pointer-and-a-layout-note-say-nothing"),
    pytest.param(
        "美国《星海时报》评论说，这项政策会带来风险。",
        [("星海时报", "indirect", "评论说", "这项政策会带来风险")], id="a-paper-is-named-inside-its-marks"),
    pytest.param(
        "刚刚放下铲子、身着毛衣、满头大汗的省长林若川告诉记者，救灾工作进展顺利。",
        [("林若川", "indirect", "告诉", "救灾工作进展顺利")], id="a-long-description-before-the-speaker"),
    pytest.param(
        "刚刚放下铲子、身着毛衣、满头大汗的记者采访了省长林若川，救灾工作进展顺利。",
        [], id="a-long-description-and-an-object"),
    pytest.param(
        "曾说过“为了飞行表演事业，什么都可以牺牲”的老队长林若川留了下来。",
        [("林若川", "direct", None, "为了飞行表演事业")], id="a-saying-that-describes-its-speaker"),
    pytest.param(
        "“为了飞行表演事业，什么都可以牺牲”的精神感动了林若川。",
        [(None, "direct", None, "为了飞行表演事业")], id="a-saying-that-describes-a-thing"),
    pytest.param(
        "星海新闻单位认真落实星海市委宣传部部署要求，统筹网上网下宣传。",
        [], id="who-carries-out-a-demand-is-no-speaker-of-it"),
    pytest.param(
        "星海电台总裁林若川话，咁样讲已经干预紧啲记者喇。",
        [("林若川", "indirect", "话", "咁样讲已经干预紧")], id="cantonese-hua-is-a-cue"),
    pytest.param(
        "林若川总爱说这样一句话：“要想让员工们树立美好形象，领导要先做到。”",
        [("林若川", "direct", "说", "要想让员工们")], id="a-sentence-hua-is-a-noun"),
    pytest.param(
        "林若川说明，她十几天前亲自去了印尼一趟。",
        [("林若川", "indirect", "说明", "她十几天前")], id="explaining-before-a-comma-is-a-cue"),
    pytest.param(
        "林若川的数据说明市场需求依然旺盛。星海统计局公布了今年的增长数据。",
        [], id="explaining-without-a-comma-is-no-cue"),
    pytest.param(
        "星海公司随后确认，两名员工已经离职。",
        [("星海公司", "indirect", "确认", "两名员工已经离职")], id="confirming-is-a-cue"),
    pytest.param(
        "星海市文化局局长林若川今天出席会议。林说，改革会继续推进。",
        [("林若川", "indirect", "说", "改革会继续推进")], id="a-surname-alone-is-the-last-person-with-it"),
    pytest.param(
        "星海市文化局局长林若川今天出席会议。王说，改革会继续推进。",
        [], id="a-surname-no-one-has-is-no-one"),
    pytest.param(
        "警方表示，案件仍在调查中。",
        [("警方", "indirect", "表示", "案件仍在调查中")], id="the-police-speak"),
    pytest.param(
        "“城市的发展要靠每一个人的努力。”在对话环节，林若川说。",
        [("林若川", "direct", "说", "城市的发展要靠")], id="a-clause-between-a-quote-and-its-speaker"),
    pytest.param(
        "“城市的发展要靠每一个人的努力。”王立点头，林若川说。",
        [(None, "direct", None, "城市的发展要靠")], id="no-speaker-past-another-person"),
    pytest.param(
        "泰国素叻他尼府副府尹班丹·萨提拉查万认为，旅游业恢复很快。",
        [("班丹·萨提拉查万", "indirect", "认为", "旅游业恢复很快")], id="a-foreign-name-after-a-title"),
    pytest.param(
        "星海日报社谴责星海市当局的行动，“这突显了当局对独立报道的限制。”",
        [("星海日报社", "direct", "谴责", "这突显了当局")], id="what-was-criticised-then-a-quote"),
    pytest.param(
        "星海日报社总编辑林若川批评王立，称这种做法完全错误。",
        [("林若川", "indirect", "称", "这种做法完全错误")], id="one-criticised-is-no-speaker"),
    pytest.param(
        "星海市发改委召开新闻发布会，介绍大规模设备更新的进展。市长林若川介绍这座城市的发展。",
        [], id="introducing-a-topic-says-nothing"),
    pytest.param(
        "据总设计师林若川介绍说，这种飞机的特点是气动外形新。",
        [("林若川", "indirect", "介绍说", "这种飞机的特点")], id="introducing-before-saying-is-a-cue"),
    pytest.param(
        "专家建议星海日报在刊发文章方面，继续鼓励新观点的出现。",
        [], id="one-advised-is-no-speaker"),
    pytest.param(
        "星海资审会在有需要时会征询意见再作判断，以确保候选人合格。",
        [], id="a-cue-after-a-light-verb-is-a-noun"),
    pytest.param(
        "林若川介绍了一本新书。该书提出，审计是国家治理的一部分。",
        [], id="a-thing-named-is-its-clauses-own-subject"),
    pytest.param(
        "星海报业集团昨日发表声明。星海报业不得不宣布，三月七日起停止资助慈善基金。",
        [("星海报业集团", "indirect", "宣布", "三月七日起")], id="a-company-less-its-kind-of-body"),
    pytest.param(
        "星海公司总经理林若川表示：\n“今年的目标是扩大出口。”",
        [("林若川", "direct", "表示", "今年的目标是扩大出口")], id="a-colon-then-a-quote-in-the-next-paragraph"),
    pytest.param(
        "星海集团声明如下：\n\n一、今年的计划经费约28亿元。",
        [("星海集团", "indirect", "声明", "一、今年的计划")], id="a-colon-then-a-block-in-the-next-paragraph"),
    pytest.param(
        "星海公司总经理林若川说：“明年的目标是扩大出口。”\n\n“我们还要开拓新的市场。”",
        [("林若川", "direct", "说", "明年的目标"), ("林若川", "direct", None, "我们还要开拓")],
        id="a-follow-on-quote-after-a-blank-line"),
    pytest.param(
        "座谈会上，出品人林若川、导演王立发言。\n林若川（出品人、总监制）：为了把这部电视剧创作好，我们用了三年。\n"
        "王立（导演）：拍摄过程很艰苦，但是大家都坚持下来了。",
        [("林若川", "direct", None, "为了把这部电视剧"), ("王立", "direct", None, "拍摄过程很艰苦")],
        id="labelled-turns-with-a-title-in-brackets"),
    pytest.param(
        "星海市市长林若川今日会见传媒。\n记者：请问政府会否检讨政策？\n市长：政府一直都有检讨相关政策。\n"
        "记者：何时公布结果？\n市长：我们会尽快公布。",
        [("林若川", "direct", None, "政府一直都有检讨"), ("林若川", "direct", None, "我们会尽快公布")],
        id="turns-labelled-by-a-title"),
    pytest.param(
        "[主持人]:欢迎收看节目。\n[林若川]:\n\n今年的经济目标是稳中求进。\n[主持人]:谢谢。\n[林若川]:谢谢大家。",
        [("林若川", "direct", None, "今年的经济目标"), ("林若川", "direct", None, "谢谢大家")],
        id="turns-labelled-in-brackets"),
    pytest.param(
        "本报记者林若川\n他再次打电话向煤气公司致谢时，值班员告诉他：活动赶在春节前启动了。大家都称他是种菜王。",
        [], id="people-no-one-names-are-their-clauses-subject"),
    pytest.param(
        "星海财政经济院的官员说，对这些金融机构必须追究责任。",
        [], id="an-official-of-an-organisation-is-no-one-named"),
    pytest.param(
        "林若川号召作家们要深入生活，创作更多好作品。林若川想吃蔬菜补充些维生素。",
        [("林若川", "indirect", "号召", "作家们要深入生活")], id="calling-on-is-a-cue-supplementing-vitamins-is-not"),
    pytest.param(
        "星海市市长林若川在阐述1998年的任务时强调要加快改革步伐。",
        [("林若川", "indirect", "强调", "要加快改革步伐")], id="a-cue-inside-a-time-clause-says-nothing"),
    pytest.param(
        "林若川的妻子王丽说，今年家里的收入会增长。林若川的女儿说，明年会更好。",
        [("王丽", "indirect", "说", "今年家里的收入")], id="the-one-a-relation-names-speaks"),
    pytest.param(
        "星海市召开新闻发布会。\n林若川:各位记者朋友,大家上午好。今天介绍春运安排。\n随后回答记者提问。",
        [("林若川", "direct", None, "各位记者朋友")], id="a-single-labelled-turn-is-its-line"),
    pytest.param(
        "星海市召开新闻发布会。\n星海市交通局新闻发言人、宣传处副处长 林若川:\n\n女士们、先生们,上午好。今天介绍春运安排。\n\n"
        "春运期间将加开列车。",
        [("林若川", "direct", None, "女士们、先生们")], id="a-single-turn-label-with-a-long-role-then-the-next-paragraph"),
    pytest.param(
        "林若川：星海港吞吐量创下新高 市民可监察港口运营 发布时间：2023年5月5日 星海港昨天公布了全年数据。",
        [], id="a-headline-label-takes-no-article"),
    pytest.param(
        "据星海社电（记者林若川、王立）星海湖是否会干涸，我国学者最近提出了新的看法，认为人类活动是主要原因。",
        [], id="a-bracketed-byline-is-no-speaker-carried"),
    pytest.param(
        "虎园过年\n本报记者林若川\n记者问一个小朋友，春节去哪玩？他毫不犹豫地说：“去虎园听虎叫。”",
        [(None, "direct", None, "去虎园听虎叫")], id="a-pronoun-never-means-the-byline-reporter"),
    pytest.param(
        "据星海市委的同志介绍，参加这次活动的干部有三千人。欧盟一些成员国还希望代表团能会见反对党人士。",
        [], id="some-of-an-organisations-people-or-parts-are-not-the-organisation"),
    pytest.param(
        "星海电视台摄影人员与交易所职员争论，认为安排仪器的做法较好。",
        [], id="an-organisations-unnamed-staff-carry-no-speaker"),
    pytest.param(
        "省委书记林若川、省长王立等来到灾区。他们要求各级领导在抓好生产的同时，关心群众的生活。",
        [("林若川", "indirect", "要求", "各级领导在抓好生产的同时"), ("王立", "indirect", "要求", "各级领导在抓好生产的同时")],
        id="they-are-the-people-named-together-before"),
    pytest.param(
        "林若川来到灾区，王立也来了。村民们很高兴。他们说，重建很快。",
        [], id="they-after-an-unnamed-group-are-no-one-named"),
    pytest.param(
        "林若川在会见中说，两国重视合作。根据王立主席达成的共识，两军交流有了开端。他表示，这是他第八次访华。",
        [("林若川", "indirect", "说", "两国重视合作"), ("林若川", "indirect", "表示", "这是他第八次访华")],
        id="a-name-after-according-to-is-no-antecedent"),
    pytest.param(
        "林若川表示相信此次访问有助于增进了解。",
        [("林若川", "indirect", "表示", "相信此次访问")], id="what-is-believed-is-what-was-said"),
    pytest.param(
        "林若川遭警察到家中拘捕，指她涉嫌制作假新闻。王立与官员见面，被告知座位已预留。",
        [], id="the-one-something-is-done-to-does-not-speak"),
    pytest.param(
        "林若川是星海湖的专家。林先生介绍说，星海湖曾屡经变故。",
        [("林若川", "indirect", "介绍说", "星海湖曾屡经变故")], id="a-surname-and-an-honorific"),
    pytest.param(
        "星海市议会主席林若川离开会议厅时指，已经放下重担。",
        [("林若川", "indirect", "指", "已经放下重担")], id="a-cue-right-after-a-time-clause"),
    pytest.param(
        "林若川说毋须缩减，形容九十个议员也有很多事做。",
        [("林若川", "indirect", "说", "毋须缩减"), ("林若川", "indirect", "形容", "九十个议员")],
        id="a-second-cue-describing-starts-its-own-statement"),
    pytest.param(
        "林若川强调，警方执法不会因立场而不同，指市民不应因意见不同而冲突。",
        [("林若川", "indirect", "强调", "警方执法不会"), ("林若川", "indirect", "指", "市民不应")],
        id="the-one-who-spoke-goes-on-not-a-subject-of-what-he-said"),
    pytest.param(
        "行政院要求，首次通报必须载明回报单位。立法会主席林若川表示，会议顺利完成。",
        [("行政院", "indirect", "要求", "首次通报必须"), ("林若川", "indirect", "表示", "会议顺利完成")],
        id="hong-kong-macau-and-taiwan-bodies-are-organisations"),
    pytest.param(
        "醫管局說，由於今日公立醫院有大量醫護人員缺勤，服務受到嚴重影響。",
        [("医院管理局", "indirect", "说", "由於今日公立醫院")], id="a-hong-kong-body-by-its-short-form"),
    pytest.param(
        "林若川认为，“便捷、高效、透明”是她采访今年大会最直接的感受。",
        [("林若川", "indirect", "认为", "便捷、高效、透明”是她")], id="a-quoted-term-opens-reported-speech"),
    pytest.param(
        "议会主席林若川回应「告别议案」争议。",
        [], id="a-quoted-term-after-respond-is-what-was-responded-to"),
    pytest.param(
        "林若川说，“我们会尽快公布”他还说。",
        [("林若川", "direct", "说", "我们会尽快公布")], id="a-short-quote-then-someone-is-speech"),
    pytest.param(
        "林若川表示，会议很顺利。\n相关推荐\n  • 外交部称拒绝经济胁迫 外交部:不知这从何谈起\n"
        "香港特区政府强烈反驳委员会的报告内容\n",
        [("林若川", "indirect", "表示", "会议很顺利")], id="a-web-pages-list-of-other-articles-is-furniture"),
    pytest.param(
        "星海电视\n更多新闻短片\n林若川出席会议。\n星海大学校长林若川表示，会议很顺利，双方将在明年继续加强在科研和教学方面的合作。\n",
        [("林若川", "indirect", "表示", "会议很顺利")], id="a-related-heading-above-the-article-is-only-its-line"),
    pytest.param(
        "星海大学校长林若川周一（6日）会见来访的王明。林若川表示，合作很重要。",
        [("林若川", "indirect", "表示", "合作很重要")], id="a-day-of-the-week-after-a-name"),
    pytest.param(
        "林若川表示，会议很顺利。\n中央电视台质疑29岁市长 网站被黑 夏日减肥秘方 日本瘦脸法\n",
        [("林若川", "indirect", "表示", "会议很顺利")], id="a-line-of-links-is-furniture"),
    pytest.param(
        "议会主席林若川指，个人相信及尊重立法会的评估，强调每一届议会情况不同。",
        [("林若川", "indirect", "指", "个人相信及尊重"), ("林若川", "indirect", "强调", "每一届议会")],
        id="one-the-object-belongs-to-is-no-subject"),
    pytest.param(
        "要深刻领会党中央对经济形势的分析判断，对照年初目标，认真开展回头看。",
        [], id="two-cue-verbs-after-de-are-one-noun"),
    pytest.param(
        "建立机制是好事，但星海市政府要说清楚游戏规则，避免指挥系统错乱。",
        [], id="saying-clearly-is-no-cue"),
    pytest.param(
        "星海市政府昨在议会解说区议会改革方案。会上有人关注区议员能否表达反对声音。当局指，希望区议员收集多元意见。",
        [("星海市政府", "indirect", "指", "希望区议员收集")], id="the-authorities-are-the-government-named-last"),
    pytest.param(
        "林若川、王立来到村里，此外他们表示，会议很顺利。",
        [("林若川", "indirect", "表示", "会议很顺利"), ("王立", "indirect", "表示", "会议很顺利")],
        id="they-after-an-opener-in-the-same-sentence"),
    pytest.param(
        "林若川表示已经根据已知数据作全面分析，希望预算案务实有为，并能回应社会需要。",
        [("林若川", "indirect", "表示", "已经根据已知数据")], id="a-cue-after-a-light-verb-or-a-modal-is-none"),
    pytest.param(
        "星海市水利局组织防汛会商，滚动分析研判各地雨情汛情形势。",
        [], id="analysing-is-an-act-unless-a-comma-follows"),
    pytest.param(
        "收入文章的作者有林若川、王立、张华、李明、赵强等。他们将照片献给读者，相信每个人读后都会感动。",
        [], id="they-after-a-long-list-are-no-speakers"),
    pytest.param(
        "星海新任驻美大使林若川表示，要维护利益。“这是我的职责，”林在降落后告诉记者。",
        [("林若川", "indirect", "表示", "要维护利益"), ("林若川", "direct", "告诉", "这是我的职责")],
        id="a-surname-alone-opening-a-clause"),
    pytest.param(
        "外交官林若川以直言不讳的风格着称，但也曾多年研究政策。发言人王立在吹风会上说，行动有限。这位发言人称，打击将是毁灭性的。",
        [("王立", "indirect", "说", "行动有限"), ("王立", "indirect", "称", "打击将是毁灭性的")],
        id="known-for-is-no-cue-a-spokesman-says-is"),
    pytest.param(
        "马德海和他的杯水工程\n认识马德海的人，都知道他总是闲不住。有一个念头始终支撑着他：那就是让这片土地摆脱贫困。",
        [], id="a-pronoun-coordinated-with-its-antecedent-ends"),
    pytest.param(
        "行政院先前提出今年度追加预算案。林若川出面提出追加预算之道。",
        [], id="proposing-a-budget-is-no-statement"),
    pytest.param(
        "林若川感谢球迷一路以来的支持与鼓励，期盼国家队未来持续努力。",
        [("林若川", "indirect", "期盼", "国家队未来持续努力")], id="a-cue-joined-to-a-noun-is-a-noun"),
    pytest.param(
        "星海市政府强烈抨击外交部的决定。林若川说这是错误的决定。",
        [("林若川", "indirect", "说", "这是错误的决定")], id="criticising-a-decision-names-what-it-is-about"),
    pytest.param(
        "有报道称，中国足协已经与星海体育解除了合同。该报道称，“解约的部分原因是拖欠费用。”",
        [(None, "direct", None, "解约的部分原因")], id="the-report-is-no-organisation"),
    pytest.param(
        "林若川向各大学校长喊话，强调教授不应只写论文。",
        [("林若川", "indirect", "强调", "教授不应只写论文")], id="a-cue-then-a-comma-then-the-cue-that-says-it"),
    pytest.param(
        "林若川说，他拒绝这个建议，认为那是干涉内部事务。",
        [("林若川", "indirect", "说", "他拒绝这个建议"), ("林若川", "indirect", "认为", "那是干涉内部事务")],
        id="a-clause-opening-with-a-cue-is-a-statement-of-its-own"),
    pytest.param(
        "林若川表示，成果有目共睹，“但学界没有办法，这不丢脸吗？”星海大学的审核也会改革。",
        [("林若川", "indirect", "表示", "成果有目共睹"), ("林若川", "direct", "表示", "但学界没有办法")],
        id="a-quoted-sentence-in-mid-paragraph-closes-reported-speech"),
    pytest.param(
        "“今天是星期五。”王明回应道。",
        [("王明", "direct", "回应道", "今天是星期五")], id="a-cue-and-dao-cut-apart-by-the-segmenter"),
    pytest.param(
        "林若川坦言土地是根本，「没有土地，城市难以增容。」问到为何不参选，他认为新人应当多参与。",
        [("林若川", "direct", "坦言", "没有土地"), ("林若川", "indirect", "认为", "新人应当多参与")],
        id="asked-about-is-no-statement"),
    pytest.param(
        "只见王志明追问星海大学校长罗明川「学费怎么算？」，让后者摸不着头脑。",
        [("王志明", "direct", "追问", "学费怎么算")], id="whom-a-cue-asks-then-a-quoted-sentence"),
    pytest.param(
        "王志明警告罗明川「清楚后果」。",
        [("王志明", "indirect", "警告", "罗明川")], id="a-person-then-a-quoted-term-is-what-was-said"),
    pytest.param(
        "不解 球员王志明咬牙切齿:“干嘛还没挺住?” 表扬 星海队主教练林若川:“今天为我们进球的是老队员。”",
        [("王志明", "direct", "咬牙切齿", "干嘛还没挺住"), ("林若川", "direct", None, "今天为我们进球")],
        id="a-cue-word-between-blanks-is-a-heading-not-a-cue"),
    pytest.param(
        "民主党表示，将提出不信任案。", [("民主党", "indirect", "表示", "将提出")], id="a-party-named-alone-speaks"),
    pytest.param(
        "消防处指，近3年每年有大量事故。", [("消防处", "indirect", "指", "近3年")],
        id="a-one-character-cue-the-segmenter-joined-to-an-office"),
    pytest.param(
        "王明走进展厅，便对馆长李象益说：“这些展品很好。”", [("王明", "direct", "说", "这些展品很好")],
        id="whom-a-clause-speaks-to-is-no-subject-of-its-own"),
    pytest.param(
        "王明看着孩子们，边安慰他们说：“不要怕。”", [("王明", "direct", "说", "不要怕")],
        id="a-clause-going-on-with-bian-keeps-the-subject"),
    pytest.param(
        "外交部长王明会见星海国前总理李华。对方表示，相信两国关系会更好。",
        [("李华", "indirect", "表示", "相信两国关系")], id="the-counterpart-is-the-one-met"),
    pytest.param("王明走进展厅，对方表示，欢迎参观。", [], id="the-counterpart-is-never-the-subject-before"),
    pytest.param(
        "王明会见李华，表示中方愿加强合作。", [("王明", "indirect", "表示", "中方愿加强合作")],
        id="a-side-after-the-cue-is-what-was-said"),
    pytest.param(
        "□实习生 王明\n\n本报讯 近日，市民李华向本报记者反映，路灯坏了。记者致电星海市公安局。该局相关负责人称，民警已经到场。",
        [("李华", "indirect", "反映", "路灯坏了")], id="an-unnamed-official-is-not-the-byline-nor-the-one-named-before"),
    pytest.param(
        "网友“闽山”就认为，这一做法值得点赞。", [("闽山", "indirect", "认为", "这一做法")], id="a-screen-name-names-its-person"),
    pytest.param(
        "韩国瑜宣布败选\n国民党候选人韩国瑜昨晚在开票结束前宣布败选。一些支持者在总部前落泪。"
        "他在致辞时表示已致电蔡英文表达祝贺。他还呼吁蔡英文：“要团结所有人。”",
        [("韩国瑜", "indirect", "表示", "已致电"), ("韩国瑜", "direct", "呼吁", "要团结所有人")],
        id="the-same-pronoun-as-the-subject-before-is-the-same-person"),
    pytest.param(
        "王明表示已经致电李强表达祝贺。", [("王明", "indirect", "表示", "已经致电李强")],
        id="a-clause-after-the-cue-ending-as-a-topic-does-is-still-a-clause"),
    pytest.param(
        "旅遊業議會表示，歡迎政府的措施。", [("旅游业议会", "indirect", "表示", "歡迎政府")],
        id="a-council-named-by-its-unit-speaks"),
    pytest.param(
        "星海通讯传播委员会（XCC）表示，将加强管理。XCC说明，业者应改善。",
        [("星海通讯传播委员会", "indirect", "表示", "将加强管理"), ("星海通讯传播委员会", "indirect", "说明", "业者应改善")],
        id="initials-the-article-defines-are-the-organisation"),
    pytest.param(
        "星海控股集团有限公司（以下简称“星海控股”）今年增资两亿元。星海控股表示，业务正常。",
        [("星海控股集团有限公司", "indirect", "表示", "业务正常")],
        id="a-short-name-the-article-defines-is-the-organisation"),

]


@pytest.mark.parametrize("text,expected", CASES)
def test_statements_patterns(nlp, text, expected):
    ex = extract_text(nlp, text)
    got = [(s.speaker.name if s.speaker else None, s.kind, s.cue, s.text[:len(want)])
           for s, (*_, want) in zip(ex.statements, expected)]
    assert len(ex.statements) == len(expected), ex.statements
    assert got == expected
    for s in ex.statements:
        assert text[s.start:s.end] == s.text  # offsets index the original text


def test_statements_sound_bites_of_a_television_report_end_with_their_line(nlp):
    text = ("民警借用摩托车追上了嫌疑人。\n星海市公安局新城派出所民警 林若川:我当时表明了自己身份，借用一下他的摩托车。\n"
            "林警官立即上了摩托车。\n星海市公安局新城派出所民警 林志明:我比对了一下，嫌疑人就是这个驾驶员。\n事后驾驶员收到了锦旗。")
    ex = extract_text(nlp, text)
    assert [(s.speaker.name, s.text) for s in ex.statements] == [
        ("林若川", "我当时表明了自己身份，借用一下他的摩托车"), ("林志明", "我比对了一下，嫌疑人就是这个驾驶员")]


def test_statements_a_labelled_quote_is_the_turn_and_the_page_goes_on(nlp):
    text = ("林若川：“当然。这恰恰体现了篮球的受欢迎程度。”\n“我看过相关的照片，感受到了热爱。”\n"
            "体育播报10月22日报道，联赛将开幕。\n王志明：“这是一场非常艰难的比赛。”")
    ex = extract_text(nlp, text)
    assert [(s.speaker.name, s.text) for s in ex.statements] == [
        ("林若川", "当然。这恰恰体现了篮球的受欢迎程度"), ("林若川", "我看过相关的照片，感受到了热爱"),
        ("王志明", "这是一场非常艰难的比赛")]


def test_statements_a_paper_asks_in_a_transcript(nlp):
    text = ("星海晚报专访企业家林若川。\n星海晚报：请问您如何看待今年的市场？\n林若川：今年的市场会更好。\n"
            "星海晚报：您有什么计划？\n林若川：我们会扩大投资。")
    ex = extract_text(nlp, text)
    assert [(s.speaker.name, s.text) for s in ex.statements] == [("林若川", "今年的市场会更好"), ("林若川", "我们会扩大投资")]


def test_statements_speaker_title_and_org_come_from_first_mention(nlp):
    text = "国家信息中心信息化和产业发展部主任韩启明认为，要打通堵点。韩启明也表示，将发布指南。"
    ex = extract_text(nlp, text)
    assert [(s.speaker.title, s.speaker.org) for s in ex.statements] == [("主任", "国家信息中心信息化和产业发展部")] * 2


def test_statements_a_later_mention_gives_the_same_title_its_organisation(nlp):
    text = "民警张晓伟说，孩子已经找到了。星海市城关派出所民警张晓伟表示，将加强巡逻。"
    ex = extract_text(nlp, text)
    assert [(s.speaker.title, s.speaker.org) for s in ex.statements] == [("民警", "星海市城关派出所")] * 2


@pytest.mark.parametrize("text,pairs,warnings", [
    ("“甲”乙“丙”", [(0, 2), (4, 6)], 0),
    ("“外‘内’外”", [(0, 6)], 0),
    ("尾巴。”正文“完整”", [(6, 9)], 1),  # the tail of a quote from another page
    ("“没有结束\n下一段", [(0, 5)], 1),  # left open: taken to its paragraph's end
    ("“没有结束  \n下一段", [(0, 5)], 1),  # … not counting the blanks at the end
    ("“到文末", [(0, 4)], 1),
    ("“第一段\n“第二段”", [(0, 9)], 0),  # a quote reopened in each paragraph
])
def test_statements_pair_quotes(text, pairs, warnings):
    got, warned = pair_quotes(text)
    assert got == pairs
    assert len(warned) == warnings


def test_statements_unbalanced_quote_does_not_stop_the_article(nlp):
    text = "技术成熟周期。”星海集团副总经理林若川表示，将加快建设。"
    ex = extract_text(nlp, text)
    assert [s.speaker.name for s in ex.statements] == ["林若川"]
    assert ex.warnings


def test_statements_a_quote_left_open_runs_to_its_paragraph_end_with_a_warning(nlp):
    text = "今天召开了会议。\n王强说：“我们会继续努力，明年更好\n李娜表示，物价稳定。"
    ex = extract_text(nlp, text)
    assert [(s.speaker.name, s.kind, s.text) for s in ex.statements] == [
        ("王强", "direct", "我们会继续努力，明年更好"), ("李娜", "indirect", "物价稳定")]
    assert any("not closed" in w for w in ex.warnings)


def test_statements_a_quote_left_open_takes_no_speaker_from_the_next_paragraph(nlp):
    text = "今天召开了会议。\n“我们会继续努力，明年更好\n李娜说，物价稳定。"
    ex = extract_text(nlp, text)
    quote = next(s for s in ex.statements if s.text.startswith("我们会"))
    assert quote.speaker is None


@pytest.mark.parametrize("text", ["“" * 5000 + "”" * 5000, '"' * 10000, "他说：“”“”“”“”“”“”“”“”“”“”"])
def test_statements_a_quote_of_only_quote_marks_is_no_statement(nlp, text):
    ex = extract_text(nlp, "今天召开了会议。\n" + text)
    assert not ex.statements


def test_statements_a_half_width_full_stop_ends_reported_speech(nlp):
    text = "张伟表示,今年经济增长较快.他说,明年会更好.李娜指出,物价上涨了2.3%.这是好事."
    ex = extract_text(nlp, text)
    assert [(s.speaker.name, s.text) for s in ex.statements] == [
        ("张伟", "今年经济增长较快"), ("张伟", "明年会更好"), ("李娜", "物价上涨了2.3%")]
