"""A plain outline of a generated document: what it says, not how it looks.

The document builders turn data into an :class:`Outline`; ``reports.docx_layout.render_outline``
lays it out as a GB/T 9704 Word file and the HTML preview renders the same outline, so the two can
never disagree about the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reports.phrases import chinese_ordinal
from reports.wording import normalise

HEADING_LEVELS = (1, 2, 3, 4)


def heading_prefix(level: int, number: int) -> str:
    """The numbering GB/T 9704 prescribes for each heading level.

    >>> [heading_prefix(level, 3) for level in (1, 2, 3, 4)]
    ['三、', '（三）', '3.', '（3）']
    """
    if level == 1:
        return f"{chinese_ordinal(number)}、"
    if level == 2:
        return f"（{chinese_ordinal(number)}）"
    if level == 3:
        return f"{number}."
    if level == 4:
        return f"（{number}）"
    raise ValueError(f"heading level must be 1–4, not {level}")


@dataclass(frozen=True)
class Heading:
    """A heading; ``text`` carries its own numbering ("一、…", "（一）…"), given by `numbered`."""

    level: int
    text: str

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1–4, not {self.level}")
        # Every text enters the document through a block: the one place typography is set.
        object.__setattr__(self, "text", normalise(self.text))

    @classmethod
    def numbered(cls, level: int, number: int, text: str) -> Heading:
        """The heading numbered by `heading_prefix`: ``Heading.numbered(2, 3, "加强领导")`` reads
        "（三）加强领导"."""
        return cls(level, heading_prefix(level, number) + text)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``lead`` is an optional opening phrase set in bold ("一是加强领导。")."""

    text: str
    lead: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", normalise(self.text))
        if self.lead is not None:
            object.__setattr__(self, "lead", normalise(self.lead))


@dataclass(frozen=True)
class Table:
    """A table: a header row and body rows of text; ``numeric_columns`` are right-aligned."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    numeric_columns: Sequence[int] = ()
    widths_mm: Sequence[float] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", [normalise(cell) for cell in self.header])
        object.__setattr__(self, "rows", [[normalise(cell) for cell in row] for row in self.rows])


@dataclass(frozen=True)
class Signature:
    """The sender and the date under the body ("宝应县卫生健康局" / "2026年1月10日")."""

    sender: str
    date_text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "sender", normalise(self.sender))


@dataclass(frozen=True)
class Attachment:
    """The start of an attachment (附件) on a new page: its label ("附件", "附件1") and title;
    the blocks after it belong to it."""

    label: str
    title: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", normalise(self.title))


Block = Heading | Paragraph | Table | Signature | Attachment


@dataclass
class Outline:
    """A whole document: a title (one or more lines), an optional number line (发文字号), an
    optional speech date line and salutation ("同志们：" or an addressee), then the blocks in
    order."""

    title_lines: Sequence[str]
    date_line: str | None = None
    salutation: str | None = None
    blocks: list[Block] = field(default_factory=list)
    # The 发文字号 of a document that has one (a 通报): "宝卫整改〔2026〕24号".
    number_line: str | None = None

    def __post_init__(self) -> None:
        self.title_lines = [normalise(line) for line in self.title_lines]

    @property
    def title(self) -> str:
        """The title on one line, e.g. for a file name or the preview's page title."""
        return "".join(self.title_lines)
