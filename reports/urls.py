from django.urls import path

from reports import views
from reports.models import EntryStatus

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("download/", views.report_download, name="download"),
    path("workpaper/", views.report_workpaper, name="workpaper"),
    path("issue/", views.report_issue, name="issue"),
    path("issued/", views.issued_list, name="issued_list"),
    path("issued/<slug:number>/", views.issued_compare, name="issued_compare"),
    path("issued/<slug:number>/download/", views.issued_download, name="issued_download"),
    path("issued/<slug:number>/workpaper/", views.issued_workpaper, name="issued_workpaper"),
    path("entries/", views.entry_list, name="entry_list"),
    path("entries/new/", views.entry_create, name="entry_create"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path(
        "entries/<int:pk>/adopt/",
        views.entry_set_status,
        {"status": EntryStatus.ADOPTED},
        name="entry_adopt",
    ),
    path(
        "entries/<int:pk>/set-aside/",
        views.entry_set_status,
        {"status": EntryStatus.SET_ASIDE},
        name="entry_set_aside",
    ),
    path("entries/<int:pk>/up/", views.entry_move, {"direction": "up"}, name="entry_up"),
    path("entries/<int:pk>/down/", views.entry_move, {"direction": "down"}, name="entry_down"),
    path("notes/", views.note_list, name="note_list"),
    path("notes/<int:region>/<int:year>/<slug:code>/", views.note_edit, name="note_edit"),
    path("meeting/<int:region>/<int:year>/", views.meeting_edit, name="meeting"),
    path("template/", views.template_page, name="template"),
    path("template/delete/", views.template_delete, name="template_delete"),
]
