"""A guess at the indicator: the noun phrase that a quantity counts."""

from __future__ import annotations

import re

from annotator.domain.quantities.wordlists import word_list
from annotator.domain.spans import Span

# Verbs after which the left context names what is counted ("累计建成|高标准农田|20.26万亩").
_HEAD_CUES = re.compile(
    "|".join(
        sorted(
            word_list(
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
        word_list(
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
_LEADING_NOISE = (
    "截至目前",
    "目前",
    "当前",
    "其中",
    "全市",
    "全县",
    "全区",
    "全省",
    "今年",
    "此外",
    "另外",
    "同时",
    "并",
    "和",
    "及",
    "与",
    "共",
    "已",
    "还",
    "了",
)
# Verbs whose object is an amount of money: the verb itself names the indicator (投入 2800余万元).
_VERB_INDICATORS = frozenset(
    word_list("投入 投资 总投资 发放 兑现 捐款 筹集 节省 挽回经济损失 争取到")
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
# Where a phrase too long for one indicator may be cut: after its last joining word, so that
# 重点民生实事项目和|重点监测民生项目指标 keeps its last noun phrase whole.
_JOINS = re.compile("[的和及与、]")


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
    stop = _RIGHT_STOPS.search(text, lo + 1 if text[lo] in '“"' else lo, hi)
    if stop is not None:
        hi = stop.start()
    hi = min(hi, lo + _MAX_INDICATOR)
    if text[lo] in '“"':
        # A quoted name is kept whole, with the noun after it: “跨省通办”事项.
        close = text.find("”" if text[lo] == "“" else '"', lo + 1, m.end())
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
    if hi - lo > _MAX_INDICATOR:
        joins = [m.end() for m in _JOINS.finditer(text, lo, hi) if hi - m.end() >= 2]
        if not joins or hi - joins[-1] > _MAX_INDICATOR:
            return None  # a cut at a fixed length would start in the middle of a word
        lo = joins[-1]
    segment = text[lo:hi]
    if hi - lo >= 2 and all("\u4e00" <= ch <= "\u9fff" or ch in "()（）" for ch in segment):
        return Span(lo, hi, segment)
    return None


def guess_indicator(
    text: str, clause_lo: int, q_start: int, q_end: int, clause_hi: int, is_ratio: bool
) -> Span | None:
    """A guess at the noun phrase that is counted: after a counter, else before the number."""
    if not is_ratio:
        right = _right_indicator(text, q_end, clause_hi)
        if right is not None:
            return right
    return _left_indicator(text, clause_lo, q_start)
