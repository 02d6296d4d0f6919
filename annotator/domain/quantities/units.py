"""Units written after a number, the nouns counted directly, and their normalisation.

The lexicon is data, kept in resources/quantities/units.toml; this module turns it into the
regex alternatives the quantity pattern uses.
"""

from __future__ import annotations

import tomllib
from typing import Any

from annotator.domain.quantities.wordlists import alternation, word_list
from annotator.resources import resource


def _load_lexicon() -> dict[str, Any]:
    with resource("quantities", "units.toml").open("rb") as handle:
        return tomllib.load(handle)


_LEXICON = _load_lexicon()


def _words(section: str) -> list[str]:
    return [w for spaced in _LEXICON[section].values() for w in word_list(spaced)]


# Units of measure (length, mass, money, time …): 多/余 may follow them, and they may be the
# denominator of a rate. Counters are measure words and counters of people and events.
MEASURES: frozenset[str] = frozenset(_words("measures"))
COUNTERS: frozenset[str] = frozenset(_words("counters")) - MEASURES
TIME_UNITS: frozenset[str] = frozenset(word_list(_LEXICON["measures"]["time"]))

# Unit as written → normalised unit (千米 and 公里 are both km; 名, 位 and 人 all count people).
UNIT_NORMALISATION: dict[str, str] = dict(_LEXICON["normalise"])

# Nouns that are counted directly after a number ("3万农户", "6万多农民"): the mention has no
# unit span, the unit is implicit.
POPULATION_NOUNS: dict[str, str] = dict(_LEXICON["population"])

# Names and set phrases that hold a numeral and a counter (五项原则, 三天两头): never a quantity.
FIXED_PHRASES: tuple[str, ...] = tuple(_words("names"))

_GUARDS: dict[str, str] = dict(_LEXICON["guards"])
_GUARD_PATTERNS: dict[str, str] = dict(_LEXICON["guard_patterns"])
_RATE_DENOMINATORS = sorted(MEASURES | frozenset(_words("rates")))

# Measures come first so that 个小时 and 块钱 win over the counters 个 and 块.
MEASURE_RE = alternation(sorted(MEASURES), _GUARDS, _GUARD_PATTERNS)
COUNTER_RE = alternation(sorted(COUNTERS), _GUARDS, _GUARD_PATTERNS)
UNIT_RE = f"{MEASURE_RE}|{COUNTER_RE}"
RATE_RE = alternation(_RATE_DENOMINATORS, _GUARDS, _GUARD_PATTERNS)
POP_RE = alternation(list(POPULATION_NOUNS))


def normalise_unit(unit: str) -> str:
    """The unit stored for a unit as written ("公斤" → "千克", "名" → "人")."""
    return UNIT_NORMALISATION.get(unit, unit)
