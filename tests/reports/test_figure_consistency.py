"""逾期未整改 is one figure: every page, message, export and document shows the same count.

A small world (tests/fixtures.py's city, not the demo) with problems of two years, among them a
待验收 problem past its deadline (overdue), a closed one and a cancelled one past their deadlines
(not overdue). A place that shows one year's problems must show
`Problem.objects.overdue(today).of_year(year)`; a place that shows all years must show
`Problem.objects.overdue(today)` — and each says its scope in its label.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core import mail
from docx import Document
from openpyxl import load_workbook

from core import reminders
from rectification.models import OPEN_STATES, UNIT_STATES, Problem, Status
from reports import documents, phrases
from tests.clock import at
from tests.rectification.conftest import make_inspection, make_problem

D = datetime.date
TODAY = D(2026, 3, 15)
THIS_YEAR, LAST_YEAR = TODAY.year, TODAY.year - 1
OPEN_LABELS = {Status(s).label for s in OPEN_STATES}


def _problem(inspection, unit, deadline, status=Status.OPEN, **fields):
    problem = make_problem(inspection, unit, deadline=deadline, description=fields.pop("text"))
    Problem.objects.filter(pk=problem.pk).update(status=status, **fields)
    return problem


@pytest.fixture
def world(clock, unit_a, unit_b, leader, staff):
    clock.move_to(at(TODAY))
    this_year = make_inspection("春季院感暗访", date=D(THIS_YEAR, 1, 10))
    last_year = make_inspection("安全生产大检查", date=D(LAST_YEAR, 5, 10), source="专项检查")
    for unit, deadline, status, text in [
        (unit_a, D(THIS_YEAR, 2, 28), Status.OPEN, "逾期待整改"),
        (unit_b, D(THIS_YEAR, 3, 14), Status.IN_PROGRESS, "逾期整改中"),
        (unit_a, D(THIS_YEAR, 3, 1), Status.SUBMITTED, "逾期待验收"),
        (unit_b, D(THIS_YEAR, 2, 1), Status.CANCELLED, "逾期后撤销"),
        (unit_a, TODAY, Status.OPEN, "今天到期"),
        (unit_b, D(THIS_YEAR, 3, 20), Status.SUBMITTED, "七天内到期待验收"),
    ]:
        _problem(this_year, unit, deadline, status, text=text)
    _problem(
        this_year, unit_a, D(THIS_YEAR, 2, 1), Status.CLOSED, text="逾期后销号",
        closed_on=D(THIS_YEAR, 2, 20),
    )  # fmt: skip
    _problem(last_year, unit_b, D(LAST_YEAR, 6, 30), text="去年逾期待整改")
    _problem(last_year, unit_a, D(LAST_YEAR, 12, 31), Status.SUBMITTED, text="去年逾期待验收")
    _problem(last_year, unit_a, D(LAST_YEAR, 7, 1), Status.CANCELLED, text="去年撤销")
    _problem(
        last_year, unit_b, D(LAST_YEAR, 6, 1), Status.CLOSED, text="去年销号",
        closed_on=D(LAST_YEAR, 5, 30),
    )  # fmt: skip

    overdue = Problem.objects.overdue(TODAY)
    expected = {
        None: overdue.count(),
        THIS_YEAR: overdue.of_year(THIS_YEAR).count(),
        LAST_YEAR: overdue.of_year(LAST_YEAR).count(),
    }
    # The definition itself: 待验收 past its deadline counts; closed and cancelled never do.
    assert expected == {None: 5, THIS_YEAR: 3, LAST_YEAR: 2}
    return expected


def _number(html: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}"[^>]*>([\d,]+)<', html)
    assert match, testid
    return int(match.group(1).replace(",", ""))


def test_leader_home_shows_this_years_figure(client, world, leader):
    client.force_login(leader)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["rect_figures"].overdue == world[THIS_YEAR]
    assert _number(html, "fig-overdue") == world[THIS_YEAR]
    assert f"{THIS_YEAR}年逾期未整改" in html


def test_staff_home_shows_all_years(client, world, staff):
    client.force_login(staff)
    response = client.get("/")
    html = response.content.decode()
    assert response.context["rect_overdue_count"] == world[None]
    assert f"逾期未整改（全部年度）：{world[None]}个" in html
    assert sum(row["n"] for row in response.context["rect_overdue_by_unit"]) == world[None]


def test_unit_home_counts_its_own_overdue(client, world, head_a, unit_a):
    client.force_login(head_a)
    response = client.get("/")
    assert response.context["rect_overdue_count"] == (
        Problem.objects.overdue(TODAY).filter(unit=unit_a).count()
    )


@pytest.mark.parametrize("year", [THIS_YEAR, LAST_YEAR])
def test_statistics_page_shows_the_years_figure(client, world, staff, city, year):
    client.force_login(staff)
    response = client.get("/rectification/stats/", {"year": year, "region": city.pk})
    html = response.content.decode()
    figures = response.context["figures"]
    assert figures.overdue == world[year]
    assert _number(html, "fig-overdue") == world[year]
    assert f"{year}年逾期未整改" in html
    assert sum(u.overdue for u in figures.by_unit) == world[year]


def test_staff_digest_and_its_email(world, staff):
    staff.email = "staff@example.org"
    staff.save()
    digest = reminders.staff_digest(staff, TODAY)
    assert f"逾期未整改（全部年度）{world[None]}个" in digest.title
    reminders.send_reminders(TODAY)
    (message,) = [m for m in mail.outbox if m.to == ["staff@example.org"]]
    assert f"逾期未整改（全部年度）{world[None]}个" in message.body


def test_robot_message(world, monkeypatch, settings):
    sent = []
    monkeypatch.setattr(reminders, "_post_json", lambda url, payload: sent.append(payload))
    settings.WECOM_WEBHOOK_URL = "https://robot.example/send?key=k"
    settings.DINGTALK_WEBHOOK_URL = ""
    reminders.send_reminders(TODAY)
    (payload,) = sent
    body = payload["markdown"]["content"]
    at_unit = Problem.objects.overdue(TODAY).filter(status__in=UNIT_STATES).count()
    assert f'逾期未整改（全部年度）：<font color="warning">{world[None]}</font> 个' in body
    # The part still with the units has its own label, never the figure's.
    assert f"其中逾期待单位整改{at_unit}个" in body and at_unit < world[None]


def _overdue_rows(content: bytes) -> int:
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    status, deadline = header.index("整改状态"), header.index("整改时限")
    return sum(
        1
        for row in rows[1:]
        if row[status] in OPEN_LABELS and row[deadline] is not None and row[deadline].date() < TODAY
    )


def test_ledger_exports(client, world, staff, city):
    client.force_login(staff)
    everything = client.get("/rectification/export/")
    assert _overdue_rows(everything.content) == world[None]
    only_overdue = client.get("/rectification/export/", {"overdue": "true"})
    rows = list(load_workbook(io.BytesIO(only_overdue.content)).worksheets[0].iter_rows())
    assert len(rows) - 1 == world[None]
    year = client.get("/rectification/stats/export/", {"year": THIS_YEAR, "region": city.pk})
    assert _overdue_rows(year.content) == world[THIS_YEAR]


# The sentences that print the figure: the data sentence and the shortcomings paragraph.
DOCUMENT_FIGURE = re.compile(r"逾期未整改(\d+)个|仍有(\d+)个问题逾期未完成整改")


@pytest.mark.parametrize("kind", ["summary", "speech"])
@pytest.mark.parametrize("year", [THIS_YEAR, LAST_YEAR])
def test_documents(world, city, kind, year):
    rendered = documents.render(kind, year, city, as_of=TODAY)
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered.docx)).paragraphs)
    printed = {int(a or b) for a, b in DOCUMENT_FIGURE.findall(text)}
    assert printed == {world[year]}
    # The workpaper lists the same figure, with as many records, wherever the text prints it.
    overdue = [row for row in rendered.figures if row.key == "rect.overdue"]
    assert overdue and {(row.printed, row.records) for row in overdue} == {
        (f"{world[year]}个", world[year])
    }


def test_halfyear_prints_the_first_halfs_figure(world, city):
    """All of this year's problems were found before 30 June: the half's figure is the year's."""
    rendered = documents.render("halfyear", THIS_YEAR, city, as_of=TODAY)
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered.docx)).paragraphs)
    printed = {int(a or b) for a, b in DOCUMENT_FIGURE.findall(text)}
    assert printed == {world[THIS_YEAR]}


def test_bulletin_prints_the_all_years_figure(client, world, staff, city):
    """The bulletin of this week counts overdue problems of every year, as the staff home does;
    its 整改完成率 of the year to date is the statistics page's."""
    client.force_login(staff)
    home = client.get("/").context["rect_overdue_count"]
    stats = client.get("/rectification/stats/", {"year": THIS_YEAR, "region": city.pk})
    rendered = documents.render("bulletin", THIS_YEAR, city, as_of=TODAY, period=f"week:{TODAY}")
    text = "\n".join(p.text for p in Document(io.BytesIO(rendered.docx)).paragraphs)
    assert home == world[None]
    assert f"逾期未整改问题{world[None]}个（含以往年度）" in text
    rate = stats.context["figures"].completion_rate
    assert f"整改完成率{phrases.format_percent(rate)}" in text
    listed = Document(io.BytesIO(rendered.docx)).tables[-1].rows[1:]
    assert len(listed) == world[None]
