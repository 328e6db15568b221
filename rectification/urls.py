from django.urls import path

from accounts.scoping import writer_required
from healthreport.lib.imports import workbook_download
from imports.flow import import_page
from rectification import views
from rectification.ledger import LedgerImporter, template_workbook

app_name = "rectification"

urlpatterns = [
    path("", views.problem_list, name="problem_list"),
    path("export/", views.problem_export, name="problem_export"),
    path("<int:pk>/", views.problem_detail, name="problem_detail"),
    path("<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("<int:pk>/do/<slug:action>/", views.problem_action, name="problem_action"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/sanction/", views.sanction_add, name="sanction_add"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("sanctions/<int:pk>/", views.sanction_detail, name="sanction_detail"),
    path("sanctions/<int:pk>/edit/", views.sanction_edit, name="sanction_edit"),
    path("sanctions/<int:pk>/void/", views.sanction_void, name="sanction_void"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/thumb/", views.evidence_thumbnail, name="evidence_thumbnail"),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="inspection_edit"),
    path("inspections/<int:pk>/problems/new/", views.problem_create, name="problem_create"),
    path("queue/", views.queue, name="queue"),
    path("stats/", views.stats, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
    path(
        "import/",
        writer_required(import_page),
        {
            "importer": LedgerImporter,
            "template": "rectification/ledger_import.html",
            "done": "rectification:problem_list",
        },
        name="ledger_import",
    ),
    path(
        "import/template/",
        writer_required(workbook_download),
        {"build": template_workbook, "filename": "整改台账导入模板.xlsx"},
        name="ledger_template",
    ),
]
