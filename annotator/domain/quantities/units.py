"""Units written after a number, the nouns counted directly, and their normalisation."""

from __future__ import annotations

from annotator.domain.quantities.wordlists import alternation, word_list

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
_PLAIN_UNITS = word_list(
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
POPULATION_NOUNS: dict[str, str] = {
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
_RATE_DENOMINATORS = word_list(
    "平方米 立方米 千克 公斤 公里 千米 小时 人次 天 日 月 年 人 次 亩 吨 户 件 个 度 km kg"
)


UNIT_RE = alternation(_PLAIN_UNITS, _UNIT_GUARDS, _UNIT_GUARD_PATTERNS)
RATE_RE = alternation(_RATE_DENOMINATORS)
POP_RE = alternation(list(POPULATION_NOUNS))
