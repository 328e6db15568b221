from django.urls import path

from accounts.scoping import writer_required
from healthreport.lib.imports import workbook_download
from imports.flow import import_page
from units import views
from units.importer import UnitImporter, template_workbook

app_name = "units"

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("export/", views.unit_export, name="unit_export"),
    path("new/", views.unit_create, name="unit_create"),
    path(
        "import/",
        writer_required(import_page),
        {"importer": UnitImporter, "template": "units/unit_import.html", "done": "units:unit_list"},
        name="unit_import",
    ),
    path(
        "import/template/",
        writer_required(workbook_download),
        {"build": template_workbook, "filename": "机构导入模板.xlsx"},
        name="unit_template",
    ),
    path("suggest/", views.unit_suggest, name="unit_suggest"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/deactivate/", views.unit_deactivate, name="unit_deactivate"),
    path("<int:pk>/reactivate/", views.unit_reactivate, name="unit_reactivate"),
    path("regions/suggest/", views.region_suggest, name="region_suggest"),
    path("regions/", views.region_tree, name="region_tree"),
    path("regions/<int:pk>/children/", views.region_children, name="region_children"),
    path("regions/new/", views.region_create, name="region_create"),
    path("regions/<int:pk>/edit/", views.region_edit, name="region_edit"),
    path("communities/", views.community_list, name="community_list"),
    path("communities/suggest/", views.community_suggest, name="community_suggest"),
    path("communities/new/", views.community_create, name="community_create"),
    path("communities/<int:pk>/", views.community_detail, name="community_detail"),
    path("communities/<int:pk>/edit/", views.community_edit, name="community_edit"),
    path(
        "communities/<int:pk>/members/add/",
        views.community_member_add,
        name="community_member_add",
    ),
    path(
        "communities/<int:pk>/members/<int:unit_pk>/remove/",
        views.community_member_remove,
        name="community_member_remove",
    ),
]
