"""The site furniture of the test news site: generic words every Chinese news site prints around an article.

Written for this test site (no article text): site and channel names,
navigation, breadcrumbs, date/source lines, editor and author labels, font
switches, share and print links, "点击进入专题" lines, related and hot lists'
headings, ads, ICP and copyright footers. People's names are drawn from common
surnames and given-name characters, so none is a real editor's.
"""

from __future__ import annotations

import datetime as dt
import random

SITES = ["华夏新闻网", "东方时讯网", "江南在线", "北方日报网", "中原新闻网", "西部资讯网", "海峡时报网", "长城网讯"]
SHORT = {"华夏新闻网": "华夏网", "东方时讯网": "东方网", "江南在线": "江南网", "北方日报网": "北方网"}
SOURCES = ["新华网", "新华社", "人民日报", "中国新闻网", "央视网", "光明日报", "经济日报", "本站", "综合", "本网"]
CHANNELS = [
    ("时政", "politics"),
    ("国际", "world"),
    ("财经", "fortune"),
    ("社会", "society"),
    ("科技", "tech"),
    ("地方", "local"),
    ("教育", "edu"),
    ("文化", "culture"),
]
NAV = [
    "首页",
    "时政",
    "国际",
    "财经",
    "社会",
    "科技",
    "体育",
    "娱乐",
    "文化",
    "教育",
    "健康",
    "军事",
    "图片",
    "视频",
    "评论",
    "地方",
    "专题",
    "English",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红萍建国文晓东海燕志鹏宇浩琳婷雪晨凯悦"
TOPICS = [
    "全国两会",
    "防汛救灾",
    "乡村振兴",
    "一带一路",
    "科技创新",
    "生态文明",
    "民生实事",
    "稳就业保民生",
    "高质量发展",
    "营商环境",
]
HOT_HEADINGS = ["热点排行", "24小时热文", "点击排行", "热门文章", "排行榜"]
RELATED_HEADINGS = ["相关新闻", "相关阅读", "推荐阅读", "延伸阅读", "更多精彩"]
AD_TEXTS = [
    "扫码下载客户端，随时随地看新闻",
    "关注官方微信公众号，获取更多资讯",
    "广告",
    "【广告】品质生活 从这里开始",
    "订阅每日新闻早报 点击这里",
]
SHARE_LINES = [
    "分享到：微信 微博 QQ空间",
    "分享到： 新浪微博 腾讯微信 QQ好友",
    "扫一扫，分享到朋友圈",
    "【打印】 【关闭】",
    "【我要纠错】 【打印本页】 【关闭窗口】",
]
PROVINCES = ["京", "沪", "粤", "浙", "苏", "鲁", "豫", "川", "鄂", "湘"]


def person(rng: random.Random) -> str:
    """A made-up two- or three-character name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def site_short(site: str) -> str:
    return SHORT.get(site, site[:2] + "网")


def when(stamp: dt.datetime, style: int) -> str:
    """A page's printed time, in one of the styles Chinese sites use."""
    if style == 0:
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    if style == 1:
        return stamp.strftime("%Y-%m-%d %H:%M")
    if style == 2:
        return f"{stamp.year}年{stamp.month:02d}月{stamp.day:02d}日 {stamp:%H:%M}"
    if style == 3:
        return f"{stamp.year}年{stamp.month}月{stamp.day}日{stamp:%H:%M}"
    return stamp.strftime("%Y/%m/%d %H:%M:%S")


def date_line(rng: random.Random, stamp: dt.datetime | None, source: str, author: str | None) -> str:
    """A date/source line: "2020-07-26 16:56:07 来源：新华网", "发布时间：…", "时间：… | 来源：… | 作者：…".

    Without a time (a page that prints no date), the source alone: "来源：新华网".
    """
    printed = when(stamp, rng.randrange(5)) if stamp else ""
    form = rng.randrange(5)
    if not stamp:
        line = f"来源：{source}"
    elif form == 0:
        line = f"{printed} 来源：{source}"
    elif form == 1:
        line = f"发布时间：{printed}　来源：{source}"
    elif form == 2:
        line = f"{printed}　来源：{source}"
    elif form == 3:
        line = f"时间：{printed} | 来源：{source}"
    else:
        line = f"{printed}　{source}"
    if author:
        line += rng.choice(("　作者：", " | 作者：", "　记者：")) + author
    if rng.random() < 0.3:
        line += f"　浏览次数：{rng.randrange(100, 99999)}"
    return line


def editor_line(rng: random.Random, name: str) -> str:
    return rng.choice(
        ("【责任编辑：{}】", "责任编辑：{}", "【编辑:{}】", "（责任编辑：{}）", "[责任编辑：{}]", "编辑：{}")
    ).format(name)


def author_line(rng: random.Random, name: str) -> str:
    return rng.choice(("作者：{}", "作者：{} ", "文/{}", "作者：本网记者 {}")).format(name)


def font_line(rng: random.Random) -> str:
    return rng.choice(("【字体：大 中 小】", "字号：大 中 小", "【字体：大 中 小】【打印】", "[字号 大 中 小]"))


def topic_line(rng: random.Random, year: int) -> str:
    topic = rng.choice(TOPICS)
    return rng.choice(("点击进入专题：{}", "点击进入专题 >> {}", "专题：{}", "更多报道请点击进入专题：{}")).format(
        f"{year}{topic}" if rng.random() < 0.5 else topic
    )


def source_tail(rng: random.Random, source: str) -> str:
    return rng.choice(("本文来源：{}", "文章来源：{}", "稿件来源：{}")).format(source)


def breadcrumb(rng: random.Random, channel: str) -> tuple[str, list[str]]:
    """(the words before the links, the link texts) of a breadcrumb trail."""
    lead = rng.choice(("当前位置：", "您的位置：", "您现在的位置：", "位置：", ""))
    trail = rng.choice(
        (["首页", channel, "正文"], ["首页", "新闻中心", channel], ["首页", channel], ["网站首页", f"{channel}新闻"])
    )
    return lead, trail


def footer_lines(rng: random.Random, site: str, year: int) -> list[str]:
    """ICP number, police record, licence, copyright, report line, site links: 3 to 6 of them."""
    prov = rng.choice(PROVINCES)
    lines = [
        f"{prov}ICP备{rng.randrange(10_000_000, 99_999_999)}号-{rng.randrange(1, 9)}",
        f"{prov}公网安备 {rng.randrange(10**13, 10**14)}号",
        f"互联网新闻信息服务许可证：{rng.randrange(10**10, 10**11)}",
        f"Copyright © 2000-{year} {site} All Rights Reserved",
        f"版权所有 {site} 未经书面授权禁止转载",
        f"违法和不良信息举报电话：010-{rng.randrange(10**7, 10**8)}",
        "关于我们 | 联系我们 | 广告服务 | 网站地图 | 免责声明",
    ]
    keep = sorted(rng.sample(range(len(lines)), rng.randrange(3, 7)))
    return [lines[i] for i in keep]
