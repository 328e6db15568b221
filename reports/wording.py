"""How the generated documents avoid reading like a table printed out.

Three small rules the sentence functions of `reports.phrases` and the builders share:

- **Variety.** A kind of statement ("met targets grouped", "a shortfall", a speech's lead…) has
  several phrasings. `pick` chooses among them with a rotation seeded by the document (region,
  year, kind of document) and the kind of statement, so a rebuild prints the same text while two
  documents, or two sentences of one document, do not repeat one phrase. Outside a `voice` block
  the first phrasing is used, so a sentence function called alone reads the same every time.
- **The year in its plan.** `plan_year` says where a year stands in its five-year plan.
- **Chinese typography.** `normalise` gives the text full-width brackets and punctuation; the
  outline applies it to every text that enters a document.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Variety
# ---------------------------------------------------------------------------------------------


@dataclass
class Voice:
    """The phrasing choices of one document: a seed and how often each kind was used."""

    seed: str
    uses: dict[str, int] = field(default_factory=dict)

    def pick(self, kind: str, options: Sequence[str]) -> str:
        # A rotation from a seeded start: consecutive uses of a kind take consecutive options, so
        # with n options no phrasing comes back before the n others have been used.
        digest = hashlib.sha256(f"{self.seed}|{kind}".encode()).digest()
        start = int.from_bytes(digest[:4], "big")
        used = self.uses.get(kind, 0)
        self.uses[kind] = used + 1
        return options[(start + used) % len(options)]


_voice: ContextVar[Voice | None] = ContextVar("reports_voice", default=None)


@contextmanager
def voice(*seed: object) -> Iterator[Voice]:
    """Choose phrasings for one document, e.g. ``voice(region_name, year, "summary")``."""
    current = Voice("|".join(str(part) for part in seed))
    token = _voice.set(current)
    try:
        yield current
    finally:
        _voice.reset(token)


def pick(kind: str, options: Sequence[str]) -> str:
    """One of `options` for a statement of `kind`: the document's choice, or the first."""
    if not options:
        raise ValueError(f"no phrasing for {kind}")
    current = _voice.get()
    if current is None:
        return options[0]
    return current.pick(kind, options)


# ---------------------------------------------------------------------------------------------
# The year in its five-year plan
# ---------------------------------------------------------------------------------------------

# The 14th plan covers 2021–2025; each plan covers five years.
_FIRST_YEAR_OF_14TH = 2021


def plan_name(year: int) -> str:
    """The five-year plan a year belongs to, quoted as documents write it.

    >>> plan_name(2021), plan_name(2025), plan_name(2026), plan_name(2030)
    ('“十四五”', '“十四五”', '“十五五”', '“十五五”')
    """
    from reports.phrases import chinese_ordinal

    number = 14 + (year - _FIRST_YEAR_OF_14TH) // 5
    return f"“{chinese_ordinal(number)}五”"


def plan_year(year: int) -> str:
    """Where a year stands in its plan, as the opening of a summary or a speech says it.

    >>> plan_year(2025), plan_year(2026), plan_year(2024)
    ('“十四五”规划收官之年', '“十五五”规划开局之年', '实施“十四五”规划的关键一年')
    """
    plan = plan_name(year)
    position = (year - _FIRST_YEAR_OF_14TH) % 5 + 1
    return {
        1: f"{plan}规划开局之年",
        2: f"全面实施{plan}规划的重要一年",
        3: f"{plan}规划承上启下的关键一年",
        4: f"实施{plan}规划的关键一年",
        5: f"{plan}规划收官之年",
    }[position]


# ---------------------------------------------------------------------------------------------
# Chinese typography
# ---------------------------------------------------------------------------------------------

_ALWAYS = str.maketrans({"(": "（", ")": "）", ";": "；", "?": "？", "!": "！"})
# A comma or colon between two digits is a number's (1,000; 10:30), not the sentence's.
_COMMA = re.compile(r"(?<!\d),|,(?!\d)")
_COLON = re.compile(r"(?<!\d):|:(?!\d)")


def normalise(text: str) -> str:
    """The text with full-width brackets and punctuation, as Chinese documents print them.

    Half-width ``.`` stays: it is the decimal point and the "1." of third-level headings.

    >>> normalise("每千人口执业(助理)医师数达到3.11人,较上年增加;")
    '每千人口执业（助理）医师数达到3.11人，较上年增加；'
    >>> normalise("时间10:30, 共1,000人: 完成")
    '时间10:30， 共1,000人： 完成'
    """
    text = text.translate(_ALWAYS)
    text = _COMMA.sub("，", text)
    return _COLON.sub("：", text)
