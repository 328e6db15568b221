"""Figures noted while sentences are built."""

from reports import trace


@trace.sentence
def _sentence(n: int) -> str:
    return f"发现问题{trace.figure('found', f'{n}个', '口径')}。"


def test_nothing_is_noted_outside_a_recording():
    assert _sentence(3) == "发现问题3个。"


def test_a_figure_is_tied_to_its_sentence():
    with trace.recording() as recording:
        _sentence(3)
    [printed] = recording.figures
    assert (printed.key, printed.printed, printed.sentence) == ("found", "3个", "发现问题3个。")


def test_the_innermost_sentence_wins():
    @trace.sentence
    def paragraph() -> str:
        return "截至年底，" + _sentence(4)

    with trace.recording() as recording:
        paragraph()
    assert recording.figures[0].sentence == "发现问题4个。"


def test_a_table_row_ties_its_cells():
    with trace.recording() as recording:
        cells = trace.row(lambda: ["床位", trace.figure("beds", "120张", "口径")])
    assert cells == ["床位", "120张"]
    assert recording.figures[0].sentence == "床位 | 120张"
