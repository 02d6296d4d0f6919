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
                "公开发布 整理 实现 年产 生产 节省 下降 增加 提高 提升 降低 压减 减少 投入 投资 达到 达 为 是 有"
            ),
            key=len,
            reverse=True,
        )
    )
)
# A cue verb followed by one of these is part of a noun (覆盖率, 保有量): it does not start the
# indicator.
_NOMINAL_SUFFIX = re.compile("率|量|数|额|面积")
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
    "由",
    "各类",
    "各项",
    "各种",
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
_ENDING_VERBS = tuple(sorted(_VERB_INDICATORS, key=len, reverse=True))
# 由/从 opening a change from one value to another: the subject stands before it.
_FROM_FRAME = re.compile(r"(?:由|从)(?:原来的?|\d|[零一二两三四五六七八九十百千万亿])")
# A time clause before the noun (改造后的路面宽度) says when, not what.
_TIME_MODIFIER = re.compile("[后前时]的")
# Adverbs that open the predicate: what follows them is the measured act (两个项目仅|用时4天).
_PREDICATE_ADVERBS = re.compile("仅|因此")
# A place name heading a clause is the metric's place, not its indicator (娄底市|政务服务全年办件);
# not a word that only starts like one (农贸市场, 市直机关).
_LEADING_PLACE = re.compile("[\u4e00-\u9fff]{2,3}[市县省](?![场民级委直区内外域容貌城份])")
# After a cue verb, 项目 closes the project's name (建设|项目|用地): the project is the subject.
_PROJECT_WORD = "项目"
_VERB_REVERSED = re.compile(
    "|".join(re.escape(w[::-1]) for w in sorted(_VERB_INDICATORS, key=len, reverse=True))
)
# A noun phrase: Chinese characters with quoted names inside (特色“一件事一次办”事项), one
# parenthesised alternative (村(社区)服务平台), and nouns listed with 、 (乡镇、街道).
_RIGHT_NP = re.compile(
    r"(?:(?:[“\"][\u4e00-\u9fff]{1,10}[”\"])?[\u4e00-\u9fff]+)+"
    r"(?:[(（][\u4e00-\u9fff]+[)）][\u4e00-\u9fff]*)?"
    r"(?:、[\u4e00-\u9fff]+)*"
)
_RIGHT_STOPS = re.compile(
    "等|和|与|及|并|已|将|被|在|于|从|到|是|就|都|也|均|用于|实现|提供|纳入|参与|进行|放弃|受益|"
    "享受|取得|入选|完成|获|得到|达到|开展|上线|同比|其中|通过|涉及|覆盖|惠及|正在|的|"
    "分别|全部|实行|启动|前往|来到|参加|亮灯|落地|成为|提前|转移|实地|进驻|作为|仅|了|签订|"
    "下调|上调|提升至|提高至|增至|降至|因此|急匆匆|基本|每|捐款|筹集"
)
_ACTION_NOUN = re.compile(
    "(?:"
    + "|".join(word_list("维修 维护 改造 提质改造 修缮 整治 治理 升级 建设 清理"))
    + ")(?![\u4e00-\u9fff])"
)
# Chinese head nouns are mostly two characters (指标, 项目, 任务).
_HEAD_WORD = 2
_PLACE_WORDS = "外内里前后上下中"
_FRAME_END = re.compile("[中里内]")
# A dimension named right before its number (全长1075米的隧道): guideline 17's "single dimension".
_DIMENSIONS = ("全长", "总长", "长度", "宽度", "高度", "深度", "面积", "全程", "里程")
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


def _list_end(text: str, end: int) -> int:
    """The end of the nouns listed with 、 after text[:end] (32个乡镇|、街道|，): an item followed by
    a number is the next metric's noun (14000个停车位、公厕|20座) and ends the list before it."""
    while end < len(text) and text[end] == "、":
        item = end + 1
        while item < len(text) and "\u4e00" <= text[item] <= "\u9fff":
            item += 1
        if (
            item == end + 1
            or text[end + 1] in _NUMERAL_CHARS
            or (item < len(text) and text[item] not in _LIST_OPENERS)
        ):
            break  # 三年提升内循环、|五年构建外循环: an item with a number is another quantity
        end = item
    return end


def _describes(text: str, lo: int, modifier_end: int) -> bool:
    """Whether text[lo:modifier_end], before a 的, describes the noun after it (5米|宽的|水泥路);
    a place word says where the quantity is instead (130公里|外的|…)."""
    if modifier_end <= lo or text[modifier_end - 1] in _PLACE_WORDS:
        return False
    # 243处农村供水工程的|维修: work done on the things counted leaves them the indicator.
    return _ACTION_NOUN.match(text, modifier_end + 1) is None


def _right_indicator(text: str, q_start: int, end: int, clause_hi: int) -> Span | None:
    """The noun phrase right after a counter: 14000个|停车位, 522户|困难老年人居家适老化改造."""
    m = _RIGHT_NP.match(text, end, clause_hi)
    if m is None:
        return None
    lo, hi = m.start(), _list_end(text, m.end())
    if text[lo] == "的":
        if text.endswith(_DIMENSIONS, 0, q_start):
            return None  # 全长1075米的|隧道: the dimension named before the number is measured
        lo += 1  # 经过六年的|探索实践, 才两岁的|孩子: the noun after 的 is what is measured
        if m.end() <= lo:
            return None
    stop = _RIGHT_STOPS.search(text, lo + 1 if text[lo] in '“"' else lo, hi)
    if stop is not None and stop.group() == "的" and _describes(text, lo, stop.start()):
        # 60个标准化更高的|运动场地: what stands before 的 describes the noun after it.
        noun = _RIGHT_STOPS.search(text, stop.end(), hi)
        noun_hi = noun.start() if noun is not None else hi
        if noun_hi - stop.end() >= 2:
            lo, stop = stop.end(), noun
    if stop is not None:
        hi = stop.start()
    if q_start > 0 and text[q_start - 1] in "在从":
        # 在3.7万个“五级联动”微信群|中…, 从10支参赛代表队|中…: the frame's 中/里 ends the noun.
        frame_end = _FRAME_END.search(text, lo + 2, hi)
        if frame_end is not None:
            hi = frame_end.start()
    hi = min(hi, lo + _MAX_INDICATOR)
    if text[lo] in '“"':
        # A quoted name opening the phrase is a programme (the metric's subject): the noun after
        # it is what is counted (231项“跨省通办”|事项).
        close = text.find("”" if text[lo] == "“" else '"', lo + 1, m.end())
        if close == -1 or hi - (close + 1) < 2:
            return None
        lo = close + 1
    if hi - lo < 2:
        return None
    return Span(lo, hi, text[lo:hi])


def _inside_noun(text: str, end: int) -> bool:
    """Whether the cue verb ending at `end` is part of a noun (覆盖率, 保有量)."""
    return _NOMINAL_SUFFIX.match(text, end) is not None


_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千"
_LIST_OPENERS = "，,；;：:。！？!?\n、"


def _list_start(text: str, clause_lo: int) -> int:
    """The start of a list of nouns joined by 、 that ends the clause before clause_lo
    (撰写|社情民意、微建议110多条): items without a number belong to the counted noun."""
    lo = clause_lo
    while lo > 0 and text[lo - 1] == "、":
        item = lo - 1
        while item > 0 and "\u4e00" <= text[item - 1] <= "\u9fff":
            item -= 1
        if item == lo - 1 or (item > 0 and text[item - 1] not in _LIST_OPENERS):
            break  # 健身中心28个、|健身驿站5处: an item with its own number is another metric
        lo = item
    return lo


def _left_indicator(text: str, clause_lo: int, q_start: int) -> Span | None:
    """The noun phrase before the number: 累计建成|高标准农田|20.26万亩, 整体进度|达到|116.88%."""
    hi, verb = _strip_right(text, clause_lo, q_start)
    if verb is not None:
        return verb  # 投入2800余万元, 总投资约4.5亿元: the verb names what the money is.
    frame = _FROM_FRAME.search(text, clause_lo, hi)
    if frame is not None:
        hi = frame.start()
    for ending in _ENDING_VERBS:
        if text.endswith(ending, clause_lo, hi):
            return Span(hi - len(ending), hi, ending)  # 向慈善总会捐款1000元
    lo = _list_start(text, clause_lo)
    for head in reversed(list(_HEAD_CUES.finditer(text, lo, hi))):
        if head.end() < hi and not _inside_noun(text, head.end()):
            lo = head.end()
            break
    for adverb in _PREDICATE_ADVERBS.finditer(text, lo, hi):
        if hi - adverb.end() >= 2:
            lo = adverb.end()
    if text.startswith(_PROJECT_WORD, lo) and hi - lo >= len(_PROJECT_WORD) + 2:
        lo += len(_PROJECT_WORD)
    when = _TIME_MODIFIER.search(text, lo, hi)
    if when is not None and hi - when.end() >= 2:
        lo = when.end()  # 改造后的|路面宽度: a time clause says when, the noun after it what
    place = _LEADING_PLACE.match(text, lo, hi)
    if place is not None and hi - place.end() >= 4:
        lo = place.end()
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
    if hi - lo >= 2 and all("\u4e00" <= ch <= "\u9fff" or ch in "()（）、" for ch in segment):
        return Span(lo, hi, segment)
    return None


def _counter_before(text: str, clause_lo: int, q_start: int) -> int | None:
    """Where a number with its counter right before q_start begins (指标|18件|37个), if any."""
    at = q_start - 1
    if at - 1 < clause_lo or not ("\u4e00" <= text[at] <= "\u9fff" and text[at - 1].isdigit()):
        return None
    while at - 1 >= clause_lo and text[at - 1].isdigit():
        at -= 1
    return at


def _without_alternative(span: Span | None) -> Span | None:
    """The span without a parenthesised alternative at its end (学位|(园位)): the alternative
    names the same thing again; one inside the phrase stays (村(社区)服务平台)."""
    if span is None or span.text[-1:] not in ")）":
        return span
    cut = max(span.text.rfind("("), span.text.rfind("（"))
    if cut < 2:
        return span
    return Span(span.start, span.start + cut, span.text[:cut])


def guess_indicator(
    text: str, clause_lo: int, q_start: int, q_end: int, clause_hi: int, is_ratio: bool
) -> Span | None:
    """A guess at the noun phrase that is counted: after a counter, else before the number."""
    return _without_alternative(_guess(text, clause_lo, q_start, q_end, clause_hi, is_ratio))


def _guess(
    text: str, clause_lo: int, q_start: int, q_end: int, clause_hi: int, is_ratio: bool
) -> Span | None:
    if not is_ratio:
        right = _right_indicator(text, q_start, q_end, clause_hi)
        if right is not None:
            return right
    # Two counters after one noun phrase (指标18件37个, guideline 14): the first counts what the
    # phrase names before its head word (…项目|指标 → 18件 projects), the second the head word.
    before = _counter_before(text, clause_lo, q_start)
    if before is not None:
        phrase = _left_indicator(text, clause_lo, before)
        if phrase is None or phrase.end - phrase.start < 2 + _HEAD_WORD:
            return None
        return Span(phrase.end - _HEAD_WORD, phrase.end, phrase.text[-_HEAD_WORD:])
    if q_end < len(text) and text[q_end].isdigit() and q_start > clause_lo:
        whole = _left_indicator(text, clause_lo, q_start)
        if whole is not None and whole.end - whole.start >= 2 + _HEAD_WORD:
            return _left_indicator(text, clause_lo, q_start - _HEAD_WORD)
        return whole
    return _left_indicator(text, clause_lo, q_start)
