"""What a request was, recorded by audit.middleware: writes, transitions, imports, exports,
downloads and refusals, each with its object; and at most one query more per request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Action, AuditEvent, Result
from rectification.models import Inspection, Source, Status
from rectification.workflow import Action as Step
from rectification.workflow import transition
from reports.issuance import issue
from tests.audit.conftest import events, last
from tests.imports.conftest import LEDGER_PAGE, preview
from tests.rectification.conftest import url
from tests.reports.conftest import AS_OF, YEAR
from units.credit_code import make_credit_code
from units.models import Unit


def unit_data(region) -> dict:
    return {
        "name": "城关镇中心卫生院",
        "credit_code": make_credit_code("12329921000000077"),
        "kind": "township_center",
        "region": region.pk,
        "ownership": "public",
        "grade": "1",
        "approved_beds": "80",
        "head_name": "曹强",
        "phone": "0599-8000000",
    }


def test_a_create_names_the_new_object_and_its_history(client, staff, county_a):
    client.force_login(staff)
    client.post("/units/new/", unit_data(county_a), REMOTE_ADDR="10.0.0.8")
    created = Unit.objects.get(name="城关镇中心卫生院")
    event = last(Action.CREATE)
    assert (event.object_type, event.object_id) == ("units.unit", str(created.pk))
    assert (event.object_name, event.object_type_label) == ("城关镇中心卫生院", "医疗卫生机构")
    assert (event.user, event.ip, event.result) == (staff, "10.0.0.8", Result.SUCCESS)
    assert (event.role, event.scope) == ("局机关工作人员", "示例市（含下级）")
    # The change itself is simple-history's: the event points to it.
    assert event.history_id == created.history.get().history_id


def test_a_create_without_history_names_its_object(client, staff):
    client.force_login(staff)
    data = {"source": Source.objects.get(name="暗访").pk, "title": "夜间暗访", "date": "2025-05-01"}
    client.post(url("inspection_create"), data)
    created = Inspection.objects.get(title="夜间暗访")
    event = last(Action.CREATE)
    assert (event.object_type, event.object_id) == ("rectification.inspection", str(created.pk))
    assert (event.object_name, event.history_id) == ("夜间暗访（2025-05-01）", None)


def test_a_transition_names_the_problem_and_the_step(client, staff, head_a, problem_a, with_photo):
    with_photo(problem_a, head_a)
    transition(problem_a, Step.SUBMIT, head_a, note="已整改")
    client.force_login(staff)
    client.post(url("problem_action", problem_a.pk, "close"), {"note": "合格"})
    problem_a.refresh_from_db()
    assert problem_a.status == Status.CLOSED
    event = last(Action.TRANSITION)
    assert (event.object_type, event.object_id) == ("rectification.problem", str(problem_a.pk))
    assert "action=close" in event.detail and "销号" in event.detail


def test_a_workflow_refusal_is_recorded_with_its_message(client, head_a, problem_a):
    client.force_login(head_a)
    client.post(url("problem_action", problem_a.pk, "submit"), {"note": "已整改"})
    event = last(Action.TRANSITION)
    assert event.result == Result.REFUSED
    assert "须至少上传一份佐证材料" in event.reason


def test_an_import_is_recorded_with_its_batch_and_outcome(client, staff, unit_a):
    client.force_login(staff)
    client.post(LEDGER_PAGE, {"token": preview(client)})
    imports = events(Action.IMPORT)
    assert [e.result for e in imports] == [Result.SUCCESS, Result.SUCCESS]  # preview, import
    assert imports[-1].object_type == "imports.importbatch"
    assert imports[-1].object_name.endswith("（已导入）")
    assert imports[-1].detail == "rectification:ledger_import 新增1条，更新0条"


def test_an_export_is_recorded_with_its_file_and_filters(client, staff, unit_a):
    client.force_login(staff)
    assert client.get("/units/export/", {"kind": "general_hospital"}).status_code == 200
    event = last(Action.EXPORT)
    assert event.object_name.endswith("机构名录.xlsx")
    assert event.path == "/units/export/?kind=general_hospital"
    # The unit list carries heads' names and phones (个人信息保护法).
    assert event.detail == "units:unit_export；含个人信息：机构负责人姓名、联系电话"


def test_a_document_download_names_the_issued_number(client, staff, leader, year_record):
    issued = issue("summary", YEAR, year_record, user=staff, as_of=AS_OF)
    client.force_login(leader)
    response = client.get(f"/reports/issued/{issued.number}/download/")
    assert response.status_code == 200
    event = last(Action.DOWNLOAD)
    assert (event.object_type, event.object_id) == ("reports.issuedreport", issued.number)
    assert event.object_name == issued.file_name
    assert event.user == leader


def test_a_403_is_recorded_with_its_reason(client, leader):
    client.force_login(leader)
    assert client.get(url("inspection_create")).status_code == 403
    event = last(Action.DENIED)
    assert (event.user, event.result, event.detail) == (
        leader,
        Result.REFUSED,
        "rectification:inspection_create",
    )
    assert event.reason  # the refusal's own Chinese message


def test_a_404_outside_the_scope_is_recorded(client, county_staff, unit_b):
    client.force_login(county_staff)
    assert client.get(f"/units/{unit_b.pk}/").status_code == 404
    event = last(Action.DENIED)
    assert (event.object_type, event.object_id) == ("units.unit", str(unit_b.pk))
    assert event.reason == "页面或对象不存在，或不在管辖范围内"


def test_page_views_are_not_recorded(client, staff, unit_a):
    client.force_login(staff)
    before = AuditEvent.objects.count()
    client.get("/units/")
    client.get(f"/units/{unit_a.pk}/")
    client.post("/accounts/keep-alive/")
    assert AuditEvent.objects.count() == before


def _queries(client, method: str, path: str, data=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        getattr(client, method)(path, data or {})
    return len(captured)


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/units/", None),
        ("get", "/units/export/", None),
        ("post", "/units/new/", {"name": ""}),  # refused: recorded
    ],
)
def test_recording_costs_at_most_one_query(client, settings, staff, unit_a, method, path, data):
    client.force_login(staff)
    recorded = _queries(client, method, path, data)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.startswith("audit.")]
    client.force_login(staff)
    assert recorded <= _queries(client, method, path, data) + 1


def test_an_unknown_address_asked_before_login_is_not_recorded(client, db):
    assert client.get("/no-such-page/").status_code == 404
    assert AuditEvent.objects.count() == 0


def test_a_403_before_login_is_recorded(client, staff):
    client = type(client)(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "staff"}).status_code == 403
    assert last(Action.DENIED).username == ""
