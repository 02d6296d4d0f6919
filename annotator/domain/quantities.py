"""Quantity detection in Chinese news text: number, unit, approximation and a guessed indicator."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from annotator.domain.metrics import Approx, Aspect, Status
from annotator.domain.spans import Span

__all__ = ["Quantity", "find_quantities", "parse_number", "snap_to_quantity", "UNIT_NORMALISATION"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity mention (a metric candidate): see resources/guidelines/quantities.md.

    `start`/`end`/`text` cover the whole mention with its approximation words and unit
    ("约30—50元", "2800余万元", "5000亩以上"). `value` covers the number as written with its
    scale word ("20.26万", "2800余万", "百分之八十"); `number` is its decimal value with the scale
    folded in. `unit` covers the unit as written without the scale word ("元" in "2800余万元").
    """

    start: int
    end: int
    text: str
    value: Span
    number: int | float
    number_high: int | float | None
    value_high: Span | None
    unit: Span | None
    unit_normalized: str | None
    approx: Approx
    status: Status | None
    aspect: Aspect | None
    indicator: Span | None
    sentence: Span


def _words(spaced: str) -> list[str]:
    """Word lists are written space-separated: long lists of one-character words read better."""
    return spaced.split()


# --- units -----------------------------------------------------------------------------------

# Unit as written → normalised unit. Units that mean the same measure are merged (千米 and 公里
# are both km; 名 and 人 both count people); counters that count different things stay apart.
UNIT_NORMALISATION: dict[str, str] = {
    "千米": "公里", "km": "公里", "㎞": "公里",
    "㎡": "平方米", "m²": "平方米", "平米": "平方米",
    "平方千米": "平方公里", "km²": "平方公里",
    "m³": "立方米",
    "公斤": "千克", "kg": "千克", "㎏": "千克",
    "名": "人",
    "个月": "月", "个多月": "月",
    "个小时": "小时", "个多小时": "小时",
    "个百分点": "百分点",
    "％": "%",
}

# Units that are safe after any number. Order does not matter: the pattern sorts by length so
# that the longest unit wins (人次 before 人, 平方米 before 米).
_PLAIN_UNITS = _words(
    "平方公里 平方千米 平方米 平米 立方米 公顷 公里 千米 厘米 毫米 米 亩 "
    "千克 公斤 吨 千瓦时 千瓦 兆瓦 美元 元 "
    "个多小时 个小时 小时 分钟 天 周 个多月 个月 年 "
    "人次 户次 场次 批次 架次 "
    "个百分点 百分点 倍 岁 "
    "户 所 张 座 栋 套 辆 艘 册 篇 封 笔 只 棵 株 盏 宗 例 类 轮 趟 层 "
    "件 名 人 位 家 条 项 处 台 场 次 批 间 本 份 部 面 起 支 头 种 段 个 "
    "% ％ ‰ ㎡ ㎞ ㎏ m² m³ km² km kg"
)

# A single-character counter that also starts common words gets a guard: "3项目" is not "3项".
_UNIT_GUARDS: dict[str, str] = {
    "项": "目",
    "人": "民才工",
    "名": "单称义牌字列额城",
    "条": "件例款",
    "所": "有以在属谓",
    "部": "门署分长队委位",
    "场": "所馆地景面",
    "处": "理置罚分长室",
    "面": "积临向对貌",
    "本": "地级市县土身科",
    "份": "额",
    "支": "持付出援部",
    "只": "有是要能",
    "台": "账阶湾",
    "批": "准示复评",
    "次": "数序要日",
    "位": "于置列次居",
    "户": "籍口外",
    "家": "庭长乡属园",
    "元": "宵素旦",
    "种": "植子",
    "起": "来草诉步点",
    "天": "然津下",
    "周": "边围年",
    "间": "隔断",
    "段": "时落",
    "个": "性体",
    "层": "面次级",
    "米": "粮",
}
# 年 after a number is a duration ("12年之久", "5年以上") unless it belongs to a period or an
# adjective: 10年来, 3年以后, 80年代, 五年级, 2023年度, 年底.
_UNIT_GUARD_PATTERNS: dict[str, str] = {"年": "以来|以后|以前|[级代度底初末前后间来]"}

# Nouns that are counted directly after a number ("3万农户", "6万多农民"): the mention has no
# unit span, the unit is implicit.
_POPULATION_NOUNS: dict[str, str] = {
    "农户": "户",
    "贫困户": "户",
    "贫困人口": "人",
    "人口": "人",
    "农民": "人",
    "群众": "人",
    "党员": "人",
    "村民": "人",
    "居民": "人",
    "市民": "人",
    "中小学生": "人",
    "学生": "人",
    "员工": "人",
    "职工": "人",
    "游客": "人",
}

# Denominators of a rate: "2.89元/立方米", "60千米每小时".
_RATE_DENOMINATORS = _words(
    "平方米 立方米 千克 公斤 公里 千米 小时 人次 天 日 月 年 人 次 亩 吨 户 件 个 度 km kg"
)


def _alternation(
    words: list[str] | tuple[str, ...],
    guards: dict[str, str] | None = None,
    guard_patterns: dict[str, str] | None = None,
) -> str:
    """A regex alternative of `words`, longest first, each with its guard lookahead."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        part = re.escape(word)
        if guards and word in guards:
            part += f"(?![{guards[word]}])"
        if guard_patterns and word in guard_patterns:
            part += f"(?!{guard_patterns[word]})"
        if word[-1].isascii() and word[-1].isalpha():
            part += "(?![A-Za-z])"
        parts.append(part)
    return "|".join(parts)


_UNIT_RE = _alternation(_PLAIN_UNITS, _UNIT_GUARDS, _UNIT_GUARD_PATTERNS)
_RATE_RE = _alternation(_RATE_DENOMINATORS)
_POP_RE = _alternation(list(_POPULATION_NOUNS))

# --- numbers ---------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_ALL = _CN_DIGITS + "十百千万亿"
_SCALES: dict[str, int] = {
    "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
    "千万": 10_000_000, "亿": 100_000_000, "万亿": 10**12,
}

# Arabic digits, half- or full-width, with optional thousands commas and a decimal part.
_AR = r"[0-9０-９]+(?:,[0-9]{3}(?![0-9]))*(?:[.．][0-9０-９]+)?"
# A Chinese numeral with at least one digit or 十 ("两", "十八", "三千五百", "二十三"); a lone 一
# is an article far more often than a count (一批, 一次, 一名) and is never read as one.
_CN = (
    rf"(?!一(?![{_CN_ALL}点]))[{_CN_ALL}]*[{_CN_DIGITS}十][{_CN_ALL}]*"
    rf"(?:点[{_CN_DIGITS}]+)?"
)
# A scale word after digits; 千 before 米/克/瓦 is part of the unit (5千米 is 5 km).
_SCALE = r"(?:[千百](?![米克瓦卡分])万?|十万|万亿?|亿)"
_APPROX_INFIX = "[余多]"


def _value(tag: str) -> str:
    """A number with its optional approximation infix and scale ("2800余万", "20.26万", "两")."""
    return (
        rf"(?P<{tag}>"
        rf"(?P<{tag}_ar>{_AR})(?:{_APPROX_INFIX}(?={_SCALE}))?(?P<{tag}_sc>{_SCALE})?"
        rf"|(?P<{tag}_cn>{_CN})(?:{_APPROX_INFIX}(?=[万亿]))?(?P<{tag}_cnsc>[万亿])?"
        # A bare scale word counts only with 余/多 or after 近/上/逾/超: "万余户", "百余名",
        # "近百名", "上千人" (not 千亩水稻, 万元鱼苗, 千家万户).
        rf"|(?P<{tag}_bare>[百千万](?=[余多])|(?<=[近上逾超])[百千万])"
        r")"
    )


_RANGE_SEP = r"(?:[—–\-－~～〜]|至|到)"

_QUANTITY = re.compile(
    rf"""
    (?:
        (?P<pct>(?P<pct_kind>百分之|千分之)
            (?P<pct_num>[{_CN_DIGITS}十百]+(?:点[{_CN_DIGITS}]+)?|{_AR}))
      |
        {_value("lo")}
        (?:
            (?P<lo_unit>{_UNIT_RE})?
            (?P<sep>{_RANGE_SEP})
            {_value("hi")}
        )?
        (?P<post>{_APPROX_INFIX})?
        (?:
            (?P<unit>{_UNIT_RE})(?P<rate>(?:/|每)(?:{_RATE_RE}))?
          | (?P<pop>{_POP_RE})
        )
    )
    (?P<suffix>左右|以上|以下|以内|之多|有余|开外)?
    """,
    re.VERBOSE,
)

# Approximation words written before the number, longest first.
_PREFIXES: tuple[tuple[str, Approx], ...] = (
    ("不超过", Approx.UNDER), ("不少于", Approx.OVER), ("将近", Approx.ABOUT),
    ("接近", Approx.ABOUT), ("大约", Approx.ABOUT), ("超过", Approx.OVER),
    ("超出", Approx.OVER), ("至少", Approx.OVER), ("最多", Approx.UNDER), ("至多", Approx.UNDER),
    ("不到", Approx.UNDER), ("不足", Approx.UNDER), ("约", Approx.ABOUT), ("近", Approx.ABOUT),
    ("逾", Approx.OVER), ("超", Approx.OVER),
)
_PREFIX_LAST_CHARS = frozenset(word[-1] for word, _ in _PREFIXES)
_SUFFIXES: dict[str, Approx] = {
    "左右": Approx.ABOUT, "以上": Approx.OVER, "以下": Approx.UNDER, "以内": Approx.UNDER,
    "之多": Approx.OVER, "有余": Approx.OVER, "开外": Approx.OVER,
}

# Characters that glue a number to a code or an identifier: G319, S20, 163.com, 0731-8975.
_CODE_BEFORE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
    "0123456789０１２３４５６７８９.．@_/#-－"
)
# 第 before any number makes an ordinal (第3批, 第一所). Before a Chinese numeral these also
# make a date, a weekday or a vague amount (初七, 周三, 数十名, 几十), but "办件数9485件" counts.
_ORDINAL_BEFORE = frozenset("第")
_NOT_A_CN_COUNT_BEFORE = frozenset("初数几若周每礼拜星")
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")
# Set phrases in which a numeral and a counter do not count anything.
_IDIOMS = ("三番五次", "三天两头", "四面八方", "三头六臂", "一五一十", "三三两两", "千家万户",
           "五湖四海", "七上八下", "九牛一毛", "三言两语", "一举两得")
_IDIOM_CHARS = frozenset("".join(_IDIOMS))


# --- number parsing --------------------------------------------------------------------------


def _to_number(value: Decimal) -> int | float:
    """Integral values become ints (14000, not 14000.0)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@lru_cache(maxsize=4096)
def _cn_value(token: str) -> Decimal | None:
    """A Chinese numeral through cn2an (strict mode, so digit strings like 一二三 are refused)."""
    if token in ("百", "千", "万", "亿"):
        return Decimal(_SCALES[token])
    normalised = token.replace("两", "二").replace("〇", "零")
    try:
        value = cn2an.cn2an(normalised, "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def _ar_value(token: str) -> Decimal | None:
    try:
        return Decimal(token.translate(_FULLWIDTH).replace(",", ""))
    except InvalidOperation:
        return None


_PARSE = re.compile(
    rf"(?P<pct>百分之|千分之)?(?:(?P<ar>{_AR})|(?P<cn>[{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?))"
    rf"[余多]?(?P<sc>{_SCALE})?[余多]?"
)


def parse_number(text: str) -> int | float | None:
    """The decimal value of a written number: "14000", "20.26万", "两", "十八", "三千五百",
    "1.76亿", "2800余万", "百分之八十" (→ 80). None when `text` is not a number."""
    m = _PARSE.fullmatch(text.strip())
    if m is None:
        return None
    ar = m.group("ar")
    value = _ar_value(ar) if ar is not None else _cn_value(m.group("cn"))
    if value is None:
        return None
    if m.group("sc"):
        value *= _SCALES[m.group("sc")]
    # 百分之八十 is 80 (%), 千分之五 is 5 (‰): the unit is implied, the number stays as written.
    return _to_number(value)


def _match_value(m: re.Match[str], tag: str) -> tuple[Decimal | None, bool]:
    """The value of the `tag` number of a match, and whether it carried a scale word."""
    ar = m.group(f"{tag}_ar")
    if ar is not None:
        value = _ar_value(ar)
        scale = m.group(f"{tag}_sc")
        if value is not None and scale:
            return value * _SCALES[scale], True
        return value, False
    cn = m.group(f"{tag}_cn")
    if cn is not None:
        value = _cn_value(cn)
        scale = m.group(f"{tag}_cnsc")
        if value is not None and scale:
            return value * _SCALES[scale], True
        return value, any(ch in "万亿" for ch in cn)
    bare = m.group(f"{tag}_bare")
    return Decimal(_SCALES[bare]), True


# --- sentences and clauses -------------------------------------------------------------------

_HARD_END = "。！？；!?;"
_LINE_FINAL = frozenset(_HARD_END + "：:）)”’」』…—.")
# A line at least this long that ends without punctuation was broken mid-sentence by the
# scraper ("相\n关负责人"); a shorter one is a headline, byline or caption.
_SOFT_LINE = 40
_WINDOW = 400
_BOUNDARY = re.compile(r"[。！？；!?;]+[”’」』\"')）]*|\.(?![0-9０-９])|\n+")


# The last sentence boundary before a position: a greedy `.*` backtracks from the right end, so
# one C-level match finds it without a Python loop over characters.
_LAST_BOUNDARY = re.compile(
    r"(?s:.*)(?:(?P<nl>\n+)|[。！？；!?;]+[”’」』\"')）]*|\.(?![0-9０-９]))"
)
_CLAUSE_CHARS = "，,、：:；;。！？!?\n"
_LAST_CLAUSE = re.compile(rf"(?s:.*)[{_CLAUSE_CHARS}]")
_LAST_PHRASE = re.compile(r"(?s:.*)[，,；;：:。！？!?\n]")
_CLAUSE_DELIM = re.compile(rf"[{_CLAUSE_CHARS}]")


def _is_hard_newline(text: str, nl_start: int) -> bool:
    """Whether the newline run starting at `nl_start` ends a sentence."""
    if nl_start == 0:
        return True
    if text[nl_start - 1] in _LINE_FINAL:
        return True
    line_start = text.rfind("\n", max(0, nl_start - _SOFT_LINE - 1), nl_start) + 1
    if line_start == 0 and nl_start > _SOFT_LINE:
        return False
    return nl_start - line_start < _SOFT_LINE


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around offset `pos`, without its leading and trailing whitespace."""
    lo = max(0, pos - _WINDOW)
    start = lo
    hi = pos
    while hi > lo:
        m = _LAST_BOUNDARY.match(text, lo, hi)
        if m is None:
            break
        nl = m.start("nl")
        while nl > lo and text[nl - 1] == "\n":
            nl -= 1  # the greedy `.*` leaves only the last newline of a run to the group
        if nl == -1 or _is_hard_newline(text, nl):
            start = m.end()
            break
        hi = nl  # a line broken mid-sentence: keep looking further back
    end = min(len(text), pos + _WINDOW)
    at = pos
    while True:
        m = _BOUNDARY.search(text, at, end)
        if m is None:
            break
        if m.group()[0] != "\n":
            end = m.end()
            break
        if _is_hard_newline(text, m.start()):
            end = m.start()
            break
        at = m.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause that ends at `pos`, not before `lo` (clauses end at ，、：；。 …)."""
    m = _LAST_CLAUSE.match(text, lo, pos)
    return m.end() if m else lo


def _phrase_start(text: str, lo: int, pos: int) -> int:
    """Start of the comma-delimited phrase that ends at `pos` (an enumeration with 、 stays)."""
    m = _LAST_PHRASE.match(text, lo, pos)
    return m.end() if m else lo


def _clause_end(text: str, pos: int, hi: int) -> int:
    m = _CLAUSE_DELIM.search(text, pos, hi)
    return m.start() if m else hi


# --- status, aspect, indicator cues ----------------------------------------------------------

_PLANNED = ("计划", "预计", "力争", "争取", "目标", "拟", "有望", "可望", "预期", "规划", "将于",
            "将在", "将", "可达", "可提高", "可增加", "可新增", "可实现", "可节省", "计划于")
_ACHIEVED = ("争取到", "已经", "已", "完成", "建成", "实现", "办结", "取得", "获得", "查处",
             "处置", "发放", "兑现", "收到", "接待", "走访", "竣工", "通车", "上线", "汇集", "落实",
             "挽回", "收集")
_ONGOING = ("正在", "在建", "推进中", "施工中", "建设中", "进行中", "持续", "稳步推进", "加快推进")
_WEAK_ACHIEVED = ("新增", "新建", "增加", "建设", "改造", "投入", "共有", "累计", "共计", "达到",
                  "了")

_STATUS_OF: dict[str, Status] = {}
for _w in _PLANNED:
    _STATUS_OF[_w] = Status.PLANNED
for _w in _ACHIEVED:
    _STATUS_OF[_w] = Status.ACHIEVED
for _w in _ONGOING:
    _STATUS_OF[_w] = Status.ONGOING

# 将 is also the object marker ("将72座城区公厕纳入", "将全市6个园区") and part of 将近/将军.
_OBJECT_MARKER = r"(?![0-9０-９该其此这原心军领近各]|全[市县区省国部])"
_STRONG_STATUS = re.compile(
    "|".join(
        re.escape(w) + (_OBJECT_MARKER if w == "将" else "")
        for w in sorted(_STATUS_OF, key=len, reverse=True)
    )
)
_WEAK_STATUS = re.compile("|".join(map(re.escape, _WEAK_ACHIEVED)))

_ASPECT_WORDS: dict[str, Aspect] = {}
for _w in ("新增", "增加", "增长", "提升", "提高", "增收", "扩大", "上升", "新建", "提速", "增至",
           "增"):
    _ASPECT_WORDS[_w] = Aspect.INCREASE
for _w in ("减少", "压减", "降低", "下降", "下调", "缩短", "削减", "减"):
    _ASPECT_WORDS[_w] = Aspect.DECREASE
for _w in ("累计", "共有", "共计", "总计", "合计", "总数", "达到", "达", "全长", "总投资", "现有",
           "实有", "保有量", "总", "共"):
    _ASPECT_WORDS[_w] = Aspect.TOTAL
_ASPECT_CUE = re.compile("|".join(sorted(map(re.escape, _ASPECT_WORDS), key=len, reverse=True)))
_RATIO_CUE = re.compile("率|比例|进度|占比|比重|覆盖|满意度|普及|好评")

# Verbs after which the left context names what is counted ("累计建成|高标准农田|20.26万亩").
_HEAD_CUES = re.compile(
    "|".join(
        sorted(
            _words(
            "建成 完成 新增 新建 改扩建 改造 提质改造 累计 共有 现有 实有 共计 总计 拥有 已有 发放 "
            "兑现 办结 落实 收集 走访 查处 处置 开展 清理 培育 招录 引进 接待 形成 撰写 提交 梳理 "
            "发布 上线 签订 汇集 注册 涵盖 涉及 覆盖 惠及 带动 组织 设置 建立 选派 推出 实施 启动 "
            "建设 投放 种植 制作 购买 领取 排查 处理 解决 推动 帮助 动员 设立 编制 选拔培育 "
            "公开发布 节省 下降 增加 提高 提升 降低 压减 减少 投入 投资 达到 达 为 是 有"
        ),
            key=len,
            reverse=True,
        )
    )
)
_TRAILING_LINKS = tuple(
    sorted(
        _words(
        "达到 达 为 是 约 近 共 共计 累计 总计 计 至 到 了 逾 超过 超 不到 不足 不超过 仅 只 已 的 "
        "就 增至 提高至 提升至 下降 增长 增加 减少 压减 降低 新增 完成 建成 实现 投入 总投资 有 "
        "达到了 分别达 分别为 分别 突破 高达 多达 平均 均 可 将 还 再 又 也 都"
        ),
        key=len,
        reverse=True,
    )
)
# Matched on the reversed clause, so that one C-level match strips words from its end.
_TRAILING_REVERSED = re.compile(
    "(?:" + "|".join(re.escape(w[::-1]) for w in _TRAILING_LINKS) + ")+"
)
_LEADING_NOISE = ("截至目前", "目前", "当前", "其中", "全市", "全县", "全区", "全省", "今年",
                  "此外", "另外", "同时", "并", "和", "及", "与", "共", "已", "还", "了")
# Verbs whose object is an amount of money: the verb itself names the indicator (投入 2800余万元).
_VERB_INDICATORS = frozenset(
    _words("投入 投资 总投资 发放 兑现 捐款 筹集 节省 挽回经济损失 争取到")
)
_VERB_REVERSED = re.compile(
    "|".join(re.escape(w[::-1]) for w in sorted(_VERB_INDICATORS, key=len, reverse=True))
)
_RIGHT_NP = re.compile(
    r"(?:[“\"][\u4e00-\u9fff]{1,10}[”\"])?[\u4e00-\u9fff]+"
    r"(?:[(（][\u4e00-\u9fff]+[)）][\u4e00-\u9fff]*)?"
)
_RIGHT_STOPS = re.compile(
    "等|和|与|及|并|已|将|被|在|于|从|到|是|就|都|也|均|用于|实现|提供|纳入|参与|进行|放弃|受益|"
    "享受|取得|入选|完成|获|得到|达到|开展|上线|同比|其中|通过|涉及|覆盖|惠及|正在|的|"
    "分别|全部|实行|启动|前往|来到|参加|亮灯|落地|成为|提前|转移|实地|进驻|作为|仅|了|签订|"
    "下调|上调|提升至|提高至|增至|降至|因此|急匆匆"
)
_MAX_INDICATOR = 16


def _status(text: str, sent_start: int, q_start: int, q_end: int, clause_end: int) -> Status | None:
    # Search a little past the quantity so that lookaheads see the next characters ("将3个").
    cues = [
        c for c in _STRONG_STATUS.finditer(text, sent_start, min(q_start + 2, q_end))
        if c.end() <= q_start
    ]
    if cues:
        nearest = _STATUS_OF[cues[-1].group()]
        if nearest is not Status.PLANNED:
            # A planning word earlier in the same clause scopes over the verb ("力争完成…").
            clause_lo = _clause_start(text, sent_start, q_start)
            if any(
                _STATUS_OF[c.group()] is Status.PLANNED and c.start() >= clause_lo
                for c in cues
            ):
                return Status.PLANNED
        return nearest
    after = _STRONG_STATUS.search(text, q_end, clause_end)
    if after is not None:
        return _STATUS_OF[after.group()]
    if _WEAK_STATUS.search(text, sent_start, q_start):
        return Status.ACHIEVED
    return None


def _aspect(
    text: str, phrase_lo: int, clause_lo: int, q_start: int, unit: str | None
) -> Aspect | None:
    clause = text[clause_lo:q_start]
    if unit in ("%", "‰", "百分点"):
        if _RATIO_CUE.search(clause):
            return Aspect.RATIO
        cues = list(_ASPECT_CUE.finditer(clause))
        if cues and _ASPECT_WORDS[cues[-1].group()] is not Aspect.TOTAL:
            return _ASPECT_WORDS[cues[-1].group()]
        return Aspect.RATIO
    cues = list(_ASPECT_CUE.finditer(clause))
    if not cues:
        # "共建成…28个、健身驿站5处": a cue before an enumeration applies to all its items.
        cues = list(_ASPECT_CUE.finditer(text, phrase_lo, clause_lo))
    if cues:
        return _ASPECT_WORDS[cues[-1].group()]
    return None


def _strip_right(text: str, lo: int, hi: int) -> tuple[int, Span | None]:
    """Drop linking and approximation words from the end of text[lo:hi] ("…总进度|达到").

    Returns the new end, and the verb that names money when one was dropped (投入, 总投资).
    """
    m = _TRAILING_REVERSED.match(text[lo:hi][::-1])
    if m is None:
        return hi, None
    verb = _VERB_REVERSED.search(m.group())
    if verb is None:
        return hi - m.end(), None
    # Position i of the reversed clause is position hi - 1 - i of the text.
    return hi - m.end(), Span(hi - verb.end(), hi - verb.start(), verb.group()[::-1])


def _right_indicator(text: str, end: int, clause_hi: int) -> Span | None:
    """The noun phrase right after a counter: 14000个|停车位, 522户|困难老年人居家适老化改造."""
    m = _RIGHT_NP.match(text, end, clause_hi)
    if m is None:
        return None
    lo, hi = m.start(), m.end()
    stop = _RIGHT_STOPS.search(text, lo + 1 if text[lo] in "“\"" else lo, hi)
    if stop is not None:
        hi = stop.start()
    hi = min(hi, lo + _MAX_INDICATOR)
    if text[lo] in "“\"":
        # A quoted name is kept whole, with the noun after it: “跨省通办”事项.
        close = text.find("”" if text[lo] == "“" else "\"", lo + 1, m.end())
        if close == -1 or close >= hi:
            return None
    if hi - lo < 2:
        return None
    return Span(lo, hi, text[lo:hi])


def _left_indicator(text: str, clause_lo: int, q_start: int) -> Span | None:
    """The noun phrase before the number: 累计建成|高标准农田|20.26万亩, 整体进度|达到|116.88%."""
    hi, verb = _strip_right(text, clause_lo, q_start)
    if verb is not None:
        return verb  # 投入2800余万元, 总投资约4.5亿元: the verb names what the money is.
    lo = clause_lo
    for head in reversed(list(_HEAD_CUES.finditer(text, lo, hi))):
        if head.end() < hi:
            lo = head.end()
            break
    changed = True
    while changed and lo < hi:
        changed = False
        for word in _LEADING_NOISE:
            if text.startswith(word, lo):
                lo += len(word)
                changed = True
                break
    lo = max(lo, hi - _MAX_INDICATOR)
    segment = text[lo:hi]
    if hi - lo >= 2 and all("\u4e00" <= ch <= "\u9fff" or ch in "()（）" for ch in segment):
        return Span(lo, hi, segment)
    return None


def _indicator(
    text: str, clause_lo: int, q_start: int, q_end: int, clause_hi: int, is_ratio: bool
) -> Span | None:
    """A guess at the noun phrase that is counted: after a counter, else before the number."""
    if not is_ratio:
        right = _right_indicator(text, q_end, clause_hi)
        if right is not None:
            return right
    return _left_indicator(text, clause_lo, q_start)


# --- detection -------------------------------------------------------------------------------


def _inside_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a 《title》 (names are not quantities)."""
    lo = max(0, start - 80)
    opening = text.rfind("《", lo, start)
    if opening == -1 or text.rfind("》", opening, start) != -1:
        return False
    return text.find("》", end, end + 80) != -1


def _is_quoted_name(text: str, start: int, end: int) -> bool:
    """“八个一”, “两项补贴”: a short quoted string that starts with the number is a name."""
    if start == 0 or text[start - 1] not in _OPEN_QUOTES:
        return False
    window = text[end:end + 12]
    return any(ch in _CLOSE_QUOTES for ch in window)


def _in_idiom(text: str, start: int, end: int) -> bool:
    if text[start] not in _IDIOM_CHARS:
        return False
    around = text[max(0, start - 3):end + 3]
    return any(idiom in around for idiom in _IDIOMS)


def _is_year(m: re.Match[str], doc_date: datetime.date | None) -> bool:
    """A four-digit number before 年 is a year ("2023年", "2022—2023年"), not a duration."""
    token = m.group("lo_ar")
    if token is None or m.group("lo_sc"):
        return False
    digits = token.translate(_FULLWIDTH)
    if not (len(digits) == 4 and digits.isdigit()):
        return False
    latest = (doc_date.year if doc_date else 2100) + 50
    return 1000 <= int(digits) <= latest


def _approx_before(text: str, start: int) -> tuple[int, Approx | None]:
    """An approximation word just before the number: its start and meaning."""
    if not start or text[start - 1] not in _PREFIX_LAST_CHARS:
        return start, None
    for word, approx in _PREFIXES:
        i = start - len(word)
        if i >= 0 and text.startswith(word, i):
            if word == "近" and i > 0 and text[i - 1] in "最附将接":
                continue
            return i, approx
    return start, None


def _accept(m: re.Match[str], text: str, doc_date: datetime.date | None) -> bool:
    """The rules that turn a number-with-unit match down (see the guidelines)."""
    start, end = m.span()
    prev = text[start - 1] if start else ""
    if prev in _CODE_BEFORE or prev in _ORDINAL_BEFORE:
        return False
    if prev in _NOT_A_CN_COUNT_BEFORE and (m.group("lo_cn") or m.group("lo_bare")):
        return False
    if prev == "前" and m.group("unit") in ("名", "位"):
        return False  # 前3名: a rank
    unit = m.group("unit")
    if unit == "年":
        if m.group("post") is None and m.group("suffix") is None and _is_year(m, doc_date):
            return False
        if prev == "近":
            return False  # 近三年: the last three years, a period
    if m.group("pop"):
        cn = m.group("lo_cn")
        if cn is not None and not (m.group("lo_cnsc") or "万" in cn or "亿" in cn):
            return False  # 高三学生, 初二学生: a grade, not a head count
    if m.group("lo_cn") is not None and not m.group("pct"):
        nxt = text[end:end + 1]
        if nxt and nxt in _CN_ALL:
            return False  # "四位一体", "八个一": a slogan, not a count.
        if _in_idiom(text, start, end):
            return False
    return not (_is_quoted_name(text, start, end) or _inside_title(text, start, end))


def _value_parts(
    m: re.Match[str],
) -> tuple[Decimal, Span, Decimal | None, Span | None] | None:
    """Low value, its span, and the high value and its span for a range."""
    number, lo_scaled = _match_value(m, "lo")
    if number is None:
        return None
    value = Span(m.start("lo"), m.end("lo"), m.group("lo"))
    if not m.group("sep"):
        return number, value, None, None
    high, _ = _match_value(m, "hi")
    if high is None:
        return None
    hi_scale = m.group("hi_sc") or m.group("hi_cnsc")
    # "1至2万元" is 10000–20000: a scale written once applies to both ends, unless that would
    # put the low end above the high one ("3000至5万").
    if (
        hi_scale
        and not lo_scaled
        and not m.group("lo_unit")
        and number * _SCALES[hi_scale] <= high
    ):
        number *= _SCALES[hi_scale]
    if high <= number:
        return None  # "5-3", "0731-8975": not a range of amounts
    return number, value, high, Span(m.start("hi"), m.end("hi"), m.group("hi"))


def _approx(m: re.Match[str], prefix: Approx | None) -> Approx:
    """A range wins; then an explicit bound (逾, 余, 以上 / 不到, 以下); then about (约, 左右)."""
    if m.group("sep"):
        return Approx.RANGE
    words = [prefix] if prefix is not None else []
    if not m.group("pct") and (
        "余" in m.group("lo")
        or "多" in m.group("lo")
        or m.group("post")
        or (m.group("unit") and "多" in m.group("unit"))
    ):
        words.append(Approx.OVER)
    if m.group("suffix"):
        words.append(_SUFFIXES[m.group("suffix")])
    for word in words:
        if word in (Approx.OVER, Approx.UNDER):
            return word
    return Approx.ABOUT if words else Approx.EXACT


def _build(m: re.Match[str], text: str, sentence: tuple[int, int]) -> Quantity | None:
    start, end = m.span()
    sent_start, sent_end = sentence
    high: Decimal | None = None
    value_high: Span | None = None
    unit_span: Span | None = None
    unit_norm: str
    if m.group("pct"):
        raw = m.group("pct_num")
        parsed = _ar_value(raw) if raw[0] in "0123456789０１２３４５６７８９" else _cn_value(raw)
        if parsed is None:
            return None
        number = parsed
        value = Span(start, m.end("pct"), m.group("pct"))
        unit_norm = "%" if m.group("pct_kind") == "百分之" else "‰"
    else:
        parts = _value_parts(m)
        if parts is None:
            return None
        number, value, high, value_high = parts
        if m.group("pop"):
            # "3万农户": the noun is what is counted; the unit is implied, there is no unit span.
            unit_norm = _POPULATION_NOUNS[m.group("pop")]
            end = m.start("pop")
        else:
            u_start = m.start("unit")
            u_end = m.end("rate") if m.group("rate") else m.end("unit")
            unit_span = Span(u_start, u_end, text[u_start:u_end])
            unit_norm = UNIT_NORMALISATION.get(m.group("unit"), m.group("unit"))
            if m.group("rate"):
                denominator = m.group("rate")[1:]
                unit_norm += "/" + UNIT_NORMALISATION.get(denominator, denominator)
    start, prefix = _approx_before(text, start)
    if prefix is None and m.group("lo_bare") and text[start - 1] == "上":
        start, prefix = start - 1, Approx.OVER  # 上千人: upwards of a thousand
    clause_lo = _clause_start(text, sent_start, start)
    clause_hi = _clause_end(text, end, sent_end)
    phrase_lo = _phrase_start(text, sent_start, start)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        number=_to_number(number),
        number_high=_to_number(high) if high is not None else None,
        value_high=value_high,
        unit=unit_span,
        unit_normalized=unit_norm,
        approx=_approx(m, prefix),
        status=_status(text, sent_start, start, end, clause_hi),
        aspect=_aspect(text, phrase_lo, clause_lo, start, unit_norm),
        indicator=_indicator(text, clause_lo, start, end, clause_hi, unit_norm == "%"),
        sentence=Span(sent_start, sent_end, text[sent_start:sent_end]),
    )


def find_quantities(text: str, doc_date: datetime.date | None = None) -> list[Quantity]:
    """Every quantity mention in `text`, in text order (years, dates, ordinals, codes excluded).

    `doc_date`, when known, bounds what counts as a year ("2035年" in a 2024 text is a year;
    "9000年" is not).
    """
    found: list[Quantity] = []
    sentence = (-1, -1)
    for m in _QUANTITY.finditer(text):
        if not _accept(m, text, doc_date):
            continue
        pos = m.start()
        if not sentence[0] <= pos < sentence[1]:
            sentence = _sentence_bounds(text, pos)
        quantity = _build(m, text, sentence)
        if quantity is not None:
            found.append(quantity)
    return found


_RAW_NUMBER = re.compile(
    rf"(?:百分之|千分之)?(?:{_AR}|[{_CN_ALL}]+)(?:[余多]?{_SCALE})?[余多]?(?:{_UNIT_RE})?"
)


def snap_to_quantity(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen or trim a selection to the quantities it touches ("14000|个" → "14000个").

    A selection touching detected quantities becomes the smallest span covering them; one that
    touches only a bare number ("民生100") becomes that number; otherwise it is returned as is.
    """
    if not 0 <= start <= end <= len(text):
        return start, end
    lo = max(0, start - 80)
    hi = min(len(text), end + 80)
    window = text[lo:hi]
    touching = [
        (q.start + lo, q.end + lo)
        for q in find_quantities(window)
        if q.start + lo < end and start < q.end + lo
        or (start == end and q.start + lo <= start <= q.end + lo)
    ]
    if not touching:
        touching = [
            (m.start() + lo, m.end() + lo)
            for m in _RAW_NUMBER.finditer(window)
            if m.start() + lo < end and start < m.end() + lo
            or (start == end and m.start() + lo <= start <= m.end() + lo)
        ]
    if not touching:
        return start, end
    return min(s for s, _ in touching), max(e for _, e in touching)
