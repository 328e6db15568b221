"""Every figure the documents print is the one the rectification and indicator pages show."""

import io

from docx import Document

from reports import phrases
from tests.reports.conftest import YEAR


def _document_text(client, region, kind="summary") -> tuple[str, list[list[str]]]:
    response = client.get("/reports/download/", {"kind": kind, "year": YEAR, "region": region.pk})
    document = Document(io.BytesIO(response.content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return "\n".join(p.text for p in document.paragraphs), rows


def test_rectification_figures_match_the_statistics_page(client, leader, year_record):
    client.force_login(leader)
    figures = client.get("/rectification/stats/", {"year": YEAR, "region": year_record.pk}).context[
        "figures"
    ]
    text, _ = _document_text(client, year_record)
    assert f"开展督查检查{figures.inspections}次" in text
    assert f"发现问题{figures.problems}个" in text
    assert f"已整改销号{figures.closed}个" in text
    assert f"整改完成率{phrases.format_percent(figures.completion_rate)}" in text
    assert f"仍有{figures.overdue}个问题逾期未完成整改" in text
    assert f"罚款金额共计{phrases.format_amount_yuan(figures.sanctions_fine_total)}" in text


def test_indicator_figures_match_the_scorecard(client, leader, year_record):
    client.force_login(leader)
    groups = client.get("/indicators/", {"year": YEAR, "region": year_record.pk}).context["groups"]
    shown = {r.name: r for _, results in groups for r in results if r.target_text}
    assert shown, "the scorecard shows indicators with targets"
    _, rows = _document_text(client, year_record)
    table = {row[0]: row for row in rows[1:]}
    for name, result in shown.items():
        value = phrases.format_with_unit(result.value, result.unit_label, result.decimals)
        assert table[name][1] == value
        assert table[name][3] == result.target_text
        assert table[name][4] == result.status_label


def test_the_speech_uses_the_same_figures(client, leader, year_record):
    client.force_login(leader)
    figures = client.get("/rectification/stats/", {"year": YEAR, "region": year_record.pk}).context[
        "figures"
    ]
    text, _ = _document_text(client, year_record, "speech")
    assert f"督查检查发现的{figures.problems}个问题已整改销号{figures.closed}个" in text
