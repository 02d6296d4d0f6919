"""Status and aspect guesses from the cue words before or after a quantity."""

from __future__ import annotations

import re

from annotator.domain.metrics import Aspect, Status
from annotator.domain.quantities.sentences import clause_start

_PLANNED = (
    "计划",
    "预计",
    "力争",
    "争取",
    "目标",
    "拟",
    "有望",
    "可望",
    "预期",
    "规划",
    "将于",
    "将在",
    "将",
    "可达",
    "可提高",
    "可增加",
    "可新增",
    "可实现",
    "可节省",
    "计划于",
)
_ACHIEVED = (
    "争取到",
    "已经",
    "已",
    "完成",
    "建成",
    "实现",
    "办结",
    "取得",
    "获得",
    "查处",
    "处置",
    "发放",
    "兑现",
    "收到",
    "接待",
    "走访",
    "竣工",
    "通车",
    "上线",
    "汇集",
    "落实",
    "挽回",
    "收集",
)
_ONGOING = (
    "正在",
    "在建",
    "启动",
    "推进中",
    "施工中",
    "建设中",
    "进行中",
    "持续",
    "稳步推进",
    "加快推进",
)
_WEAK_ACHIEVED = (
    "新增",
    "新建",
    "增加",
    "建设",
    "改造",
    "投入",
    "共有",
    "累计",
    "共计",
    "达到",
    "了",
)

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
for _w in (
    "新增",
    "增加",
    "增长",
    "提升",
    "提高",
    "增收",
    "扩大",
    "上升",
    "新建",
    "提速",
    "增至",
    "增",
):
    _ASPECT_WORDS[_w] = Aspect.INCREASE
for _w in ("减少", "压减", "降低", "下降", "下调", "缩短", "削减", "减"):
    _ASPECT_WORDS[_w] = Aspect.DECREASE
for _w in (
    "累计",
    "共有",
    "共计",
    "总计",
    "合计",
    "总数",
    "达到",
    "达",
    "全长",
    "总投资",
    "现有",
    "实有",
    "保有量",
    "总",
    "共",
):
    _ASPECT_WORDS[_w] = Aspect.TOTAL
_ASPECT_CUE = re.compile("|".join(sorted(map(re.escape, _ASPECT_WORDS), key=len, reverse=True)))
_RATIO_CUE = re.compile("率|比例|进度|占比|比重|覆盖|满意度|普及|好评")


def guess_status(
    text: str, sent_start: int, q_start: int, q_end: int, clause_end: int
) -> Status | None:
    # Search a little past the quantity so that lookaheads see the next characters ("将3个").
    cues = [
        c
        for c in _STRONG_STATUS.finditer(text, sent_start, min(q_start + 2, q_end))
        if c.end() <= q_start
    ]
    if cues:
        nearest = _STATUS_OF[cues[-1].group()]
        if nearest is not Status.PLANNED:
            # A planning word earlier in the same clause scopes over the verb ("力争完成…").
            clause_lo = clause_start(text, sent_start, q_start)
            if any(
                _STATUS_OF[c.group()] is Status.PLANNED and c.start() >= clause_lo for c in cues
            ):
                return Status.PLANNED
        return nearest
    after = _STRONG_STATUS.search(text, q_end, clause_end)
    if after is not None:
        return _STATUS_OF[after.group()]
    if _WEAK_STATUS.search(text, sent_start, q_start):
        return Status.ACHIEVED
    return None


# A value per person, household or mu is a ratio (人均3.23平方米); per trip (每人次) is a price.
_PER_HEAD = re.compile("人均|户均|亩均|平均每(?:人|户|亩)|每(?:人(?!次)|户|亩|百人|千人|万人)")
# A capacity, a rate per unit of time, a design figure or a unit price is neither a count nor
# a change (年产50万吨, 日均接诊3000人次, 设计行车速度60千米每小时, 票价2元): other.
_CAPACITY = re.compile(
    "年产|月产|日产|年均|月均|日均|每年|每月|每天|每日|每小时|设计|时速|容量|"
    "可容纳|容纳|载客|票价|单价|售价|价格|每人次|每次"
)
# A single dimension (5米宽, 路面宽度7米), a duration or an age is other.
_DIMENSION_AFTER = re.compile("[宽高深厚粗]")
_DIMENSION_BEFORE = re.compile(
    "(?:宽度?|高度?|深度|厚度|直径|半径|车速|速度|时长|工期|用时|历时|"
    "耗时|仅用|只用|经过|持续|工作日)[为是约近达了]*$"
)
_DURATION_UNITS = frozenset(
    {
        "秒",
        "秒钟",
        "分钟",
        "小时",
        "钟头",
        "天",
        "日",
        "周",
        "星期",
        "月",
        "年",
        "季度",
        "学期",
        "岁",
        "周岁",
        "虚岁",
        "工作日",
    }
)


def _other_kind(text: str, clause_lo: int, q_start: int, q_end: int, unit: str | None) -> bool:
    """A duration, a dimension, a capacity or a rate: facts the aspect list calls other."""
    if unit is not None and (unit in _DURATION_UNITS or "/" in unit):
        return True
    if _DIMENSION_AFTER.match(text, q_end):
        return True
    before = text[clause_lo:q_start]
    return bool(_DIMENSION_BEFORE.search(before) or _CAPACITY.search(before))


def guess_aspect(
    text: str,
    phrase_lo: int,
    clause_lo: int,
    q_start: int,
    unit: str | None,
    q_end: int | None = None,
) -> Aspect | None:
    """The aspect of the quantity at q_start..q_end (its unit normalised as `unit`).

    A change cue before it in its clause wins (新增, 减少); then a per-head value is a ratio, a
    duration, dimension, capacity or rate is other, a total cue (累计, 共有) is total; a share
    (%) is a ratio. None when nothing says (a suggestion then takes total:
    `implicit_fields.completed_aspect`).
    """
    clause = text[clause_lo:q_start]
    cues = list(_ASPECT_CUE.finditer(clause))
    last = _ASPECT_WORDS[cues[-1].group()] if cues else None
    if unit in ("%", "‰", "百分点"):
        if _RATIO_CUE.search(clause):
            return Aspect.RATIO
        if last is not None and last is not Aspect.TOTAL:
            return last
        return Aspect.RATIO
    if last in (Aspect.INCREASE, Aspect.DECREASE):
        return last
    if _PER_HEAD.search(clause):
        return Aspect.RATIO
    if _other_kind(text, clause_lo, q_start, q_start if q_end is None else q_end, unit):
        return Aspect.OTHER
    if last is not None:
        return last
    # "共建成…28个、健身驿站5处": a cue before an enumeration applies to all its items.
    cues = list(_ASPECT_CUE.finditer(text, phrase_lo, clause_lo))
    if cues:
        return _ASPECT_WORDS[cues[-1].group()]
    return None
