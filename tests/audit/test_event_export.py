"""The trail as Excel: the page's filters, Chinese labels, and the export itself recorded."""

import io

from openpyxl import load_workbook

from audit.models import Action, AuditEvent, Result
from tests.audit.conftest import last
from tests.clock import NOW

URL = "/audit/export/"


def test_it_exports_the_filtered_trail_in_chinese(client, auditor):
    AuditEvent.objects.create(
        at=NOW,
        action=Action.DOWNLOAD,
        username="leader",
        user_name="王局长",
        ip="10.0.0.9",
        object_type="reports.issuedreport",
        object_id="DG-2026-0001",
        object_name="=2025年工作总结.docx",
    )
    AuditEvent.objects.create(at=NOW, action=Action.LOGIN, username="staff")
    client.force_login(auditor)
    response = client.get(URL, {"action": Action.DOWNLOAD})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    data = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert data[0][:7] == ["时间", "用户名", "姓名", "角色", "范围", "地址", "操作"]
    assert len(data) == 2
    row = dict(zip(data[0], data[1], strict=True))
    assert (row["时间"], row["地址"]) == ("2026-06-15 10:00:00", "10.0.0.9")
    assert (row["操作"], row["对象类型"], row["对象编号"]) == ("下载", "已定稿文件", "DG-2026-0001")
    assert row["结果"] == "成功"
    # A name starting with = stays text, never a formula (build_workbook's quote prefix).
    name_cell = sheet.cell(row=2, column=data[0].index("对象名称") + 1)
    assert (name_cell.value, name_cell.data_type) == ("=2025年工作总结.docx", "s")


def test_the_export_is_recorded(client, auditor):
    client.force_login(auditor)
    client.get(URL, {"result": Result.REFUSED})
    event = last(Action.EXPORT)
    assert (event.user, event.object_name) == (auditor, "安全审计日志.xlsx")
    assert event.path == "/audit/export/?result=refused"


def test_a_bad_filter_exports_nothing(client, auditor):
    client.force_login(auditor)
    response = client.get(URL, {"end": "不详"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response


def test_it_rejects_post(client, auditor):
    client.force_login(auditor)
    assert client.post(URL).status_code == 405
