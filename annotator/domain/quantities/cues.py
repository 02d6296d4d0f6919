"""Status and aspect guesses from the cue words before or after a quantity."""

from __future__ import annotations

import re

from annotator.domain.metrics import Aspect, Status
from annotator.domain.quantities.sentences import clause_start

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


def guess_status(text: str, sent_start: int, q_start: int, q_end: int, clause_end: int) -> Status | None:
    # Search a little past the quantity so that lookaheads see the next characters ("将3个").
    cues = [
        c for c in _STRONG_STATUS.finditer(text, sent_start, min(q_start + 2, q_end))
        if c.end() <= q_start
    ]
    if cues:
        nearest = _STATUS_OF[cues[-1].group()]
        if nearest is not Status.PLANNED:
            # A planning word earlier in the same clause scopes over the verb ("力争完成…").
            clause_lo = clause_start(text, sent_start, q_start)
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


def guess_aspect(
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
