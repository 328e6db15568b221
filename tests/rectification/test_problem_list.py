"""The problem list (整改问题): scope, filters, query count."""

from datetime import timedelta

import pytest

from rectification.models import Problem, Status
from tests.fixtures import make_unit
from tests.rectification.conftest import SOON, D, make_inspection, make_problem, text, url


@pytest.fixture
def deadline():
    return SOON


def test_list_shows_only_the_scope(client, head_a, problem_a, problem_b):
    client.force_login(head_a)
    body = text(client.get(url("problem_list")))
    assert problem_a.description in body
    assert problem_b.description not in body


def test_list_filters_by_overdue_and_status(client, staff, problem_a, problem_b):
    Problem.objects.filter(pk=problem_b.pk).update(
        deadline=D(2020, 1, 1), original_deadline=D(2020, 1, 1)
    )
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"overdue": "true"}))
    assert problem_b.description in body and problem_a.description not in body
    assert "逾期" in body
    body = text(client.get(url("problem_list"), {"status": "closed"}))
    assert "没有符合筛选条件的问题" in body


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow(
    client, staff, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"问题{i}")
    client.force_login(staff)
    with django_assert_num_queries(8):  # no choices of regions: a search box
        response = client.get(url("problem_list"), {"sort": "deadline"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_default_list_query_count_does_not_grow(
    client, staff, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"问题{i}")
        make_problem(inspection, unit_a, description=f"已销号{i}", status=Status.CLOSED)
    client.force_login(staff)
    with django_assert_num_queries(8):  # no choices of regions: a search box
        response = client.get(url("problem_list"))
    assert response.status_code == 200


def test_the_list_opens_on_the_open_problems_of_every_year_most_urgent_first(
    client, staff, unit_a, unit_b
):
    last_year = make_inspection("去年的检查", date=D(2024, 5, 1))
    this_year = make_inspection("今年的检查", date=D(2025, 5, 1))
    make_problem(this_year, unit_a, description="今年到期", deadline=D(2025, 9, 1))
    make_problem(last_year, unit_b, description="去年逾期", deadline=D(2024, 8, 1))
    make_problem(
        this_year, unit_b, description="待验收的", deadline=D(2025, 7, 1), status="submitted"
    )
    make_problem(last_year, unit_a, description="已销号的", status=Status.CLOSED)
    make_problem(this_year, unit_a, description="已撤销的", status=Status.CANCELLED)
    client.force_login(staff)
    response = client.get(url("problem_list"))
    shown = [p.description for p in response.context["page"].object_list]
    assert shown == ["去年逾期", "待验收的", "今年到期"]
    body = text(response)
    assert "共 3 个未办结问题" in body
    assert '<option value="active" selected>未办结</option>' in body
    assert '<option value="deadline" selected>整改时限（由近到远）</option>' in body


def test_all_problems_are_one_click_away(client, staff, problem_a):
    make_problem(problem_a.inspection, problem_a.unit, description="已销号的", status="closed")
    client.force_login(staff)
    body = text(client.get(url("problem_list")))
    assert 'href="?status=all" data-testid="show-all-problems"' in body
    assert "已销号的" not in body
    body = text(client.get(url("problem_list"), {"status": "all"}))
    assert "已销号的" in body and problem_a.description in body


def test_a_link_naming_its_records_lists_all_of_them(client, staff, problem_a):
    closed = make_problem(
        problem_a.inspection, problem_a.unit, description="已销号的", status="closed"
    )
    client.force_login(staff)
    body = text(client.get(url("problem_list"), {"unit": closed.unit_id, "year": 2025}))
    assert "已销号的" in body and problem_a.description in body


def test_the_sort_choices_say_the_direction_in_chinese(client, staff, problem_a):
    client.force_login(staff)
    body = text(client.get(url("problem_list")))
    for label in ("整改时限（由近到远）", "整改时限（由远到近）", "检查日期（由近到远）"):
        assert label in body
    assert "descending" not in body and "默认" not in body


def test_sorting_by_the_latest_deadline_first(client, staff, inspection, unit_a):
    make_problem(inspection, unit_a, description="早", deadline=D(2025, 7, 1))
    make_problem(inspection, unit_a, description="晚", deadline=D(2025, 9, 1))
    client.force_login(staff)
    response = client.get(url("problem_list"), {"sort": "-deadline"})
    assert [p.description for p in response.context["page"].object_list] == ["晚", "早"]


def test_the_filters_fold_into_one_button_on_a_phone(client, staff, problem_a):
    client.force_login(staff)
    body = text(client.get(url("problem_list")))
    assert 'data-bs-toggle="collapse" data-bs-target="#problem-filters"' in body
    assert 'id="problem-filters" class="collapse d-md-block' in body


def test_no_open_problem_says_so_and_links_to_all(client, staff, problem_a):
    Problem.objects.update(status=Status.CLOSED)
    client.force_login(staff)
    body = text(client.get(url("problem_list")))
    assert "没有未办结的问题。" in body and 'href="?status=all"' in body


def test_list_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(url("problem_list")).status_code == 405


def test_county_staff_sees_only_their_county(client, county_staff, problem_a, problem_b):
    client.force_login(county_staff)
    body = text(client.get(url("problem_list")))
    assert problem_a.description in body
    assert problem_b.description not in body


def test_a_unit_outside_the_scope_is_not_a_filter(client, county_staff, problem_a, problem_b):
    client.force_login(county_staff)
    response = client.get(url("problem_list"), {"unit": problem_b.unit_id})
    assert response.status_code == 200
    assert problem_b.description not in text(response)


def test_a_filter_that_cannot_apply_is_explained(client, staff, problem_a):
    client.force_login(staff)
    response = client.get(url("problem_list"), {"due_within": "-1"})
    assert "大于或等于0" in text(response)


# Keyword search and pages of a large record (issue 13) ---------------------------------------


def test_the_keyword_finds_description_measures_unit_and_inspection(
    client, staff, county_a, unit_a, unit_b
):
    fire = make_inspection("消防安全专项检查")
    other = make_inspection("院感暗访", date=D(2025, 4, 1))
    make_problem(other, unit_a, description="消防通道堆放杂物")
    make_problem(other, unit_b, description="手卫生不规范", measures="配合消防演练整改")
    make_problem(fire, unit_b, description="灭火器过期")
    named = make_unit(county_a, "消防站旁卫生室")
    make_problem(other, named, description="处方不规范")
    make_problem(other, unit_a, description="与关键词无关")
    client.force_login(staff)
    response = client.get(url("problem_list"), {"q": " 消防 "})
    shown = {p.description for p in response.context["page"].object_list}
    assert shown == {"消防通道堆放杂物", "手卫生不规范", "灭火器过期", "处方不规范"}


def test_many_matching_units_are_named_by_a_subquery(client, staff, county_a, monkeypatch):
    from rectification import filters

    monkeypatch.setattr(filters, "SEARCH_KEYS", 1)
    inspection = make_inspection()
    for index in range(3):
        make_problem(inspection, make_unit(county_a, f"消防站卫生室{index}"), description="x")
    client.force_login(staff)
    response = client.get(url("problem_list"), {"q": "消防站"})
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize("rows", [3, 30])
def test_the_keyword_search_query_count_does_not_grow(
    client, staff, inspection, unit_a, rows, django_assert_num_queries
):
    for i in range(rows):
        make_problem(inspection, unit_a, description=f"消防问题{i}")
    client.force_login(staff)
    # The list's eight, and the units and inspections the keyword names (two small queries).
    with django_assert_num_queries(10):
        response = client.get(url("problem_list"), {"q": "消防问题"})
    assert response.context["page"].paginator.count == rows


def test_a_later_page_holds_the_next_rows_in_the_sort_order(client, staff, inspection, unit_a):
    for day in range(1, 61):
        make_problem(
            inspection,
            unit_a,
            description=f"第{day:02d}个",
            deadline=D(2025, 6, 1) + timedelta(day),
        )
    client.force_login(staff)
    response = client.get(url("problem_list"), {"sort": "-deadline", "page": 2})
    shown = [p.description for p in response.context["page"].object_list]
    assert shown == [f"第{day:02d}个" for day in range(10, 0, -1)]
    assert all(hasattr(p, "is_overdue") for p in response.context["page"].object_list)
