"""What a Chinese personal name looks like: the common surnames.

Shared by the key-term glosses (a name gets pinyin only when it starts with a
common surname) and the keywords (a word jieba's HMM invented counts as a name
only when it looks like one).
"""

from __future__ import annotations

# The most common Chinese surnames, single and compound.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆"
    "汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤翟单解仇朴查区葛骆倪常"
    "乔庞洪易鲁齐樊兰殷施温柳阎甘祝饶俞凌聂章耿邢费翁苗毕岳盛焦谷童蒙卫颜辛阮柴麦纪裴霍尤舒屈詹鲍冉邬滕岑艾"
)
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "司徒", "慕容", "尉迟", "公孙", "长孙"}
)


def split_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of something shaped like a personal name, else None.

    A common surname and a given name of one or two characters: 李明, 欧阳修文.
    """
    if 3 <= len(name) <= 4 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    if 2 <= len(name) <= 3 and name[0] in SURNAMES:
        return name[:1], name[1:]
    return None
