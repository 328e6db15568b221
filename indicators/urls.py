from django.urls import path, register_converter, reverse_lazy

from accounts.scoping import writer_required
from healthreport.lib.imports import workbook_download
from imports.flow import import_page
from indicators import exports, views
from indicators.importers import TargetImporter, ValueImporter


class PlaceKind:
    regex = "unit|region"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class Year:
    """2000–2100, the years the importers accept; any other year in a URL is a 404."""

    regex = "20[0-9]{2}|2100"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(PlaceKind, "place")
register_converter(Year, "year")

app_name = "indicators"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("targets/set/", views.target_set, name="target_set"),
    path("export/", views.export, name="export"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("progress/", views.progress, name="progress"),
    path("entry/", views.entry_index, name="entry_index"),
    path("entry/grid/", views.grid, name="grid"),
    path("entry/<place:kind>/<int:pk>/<year:year>/", views.entry, name="entry"),
    path("entry/<place:kind>/<int:pk>/<year:year>/submit/", views.submit, name="submit"),
    path("entry/<place:kind>/<int:pk>/<year:year>/approve/", views.approve, name="approve"),
    path("entry/<place:kind>/<int:pk>/<year:year>/reopen/", views.reopen, name="reopen"),
    path("entry/<place:kind>/<int:pk>/<year:year>/history/", views.history, name="history"),
    path(
        "import/values/",
        writer_required(import_page),
        {
            "importer": ValueImporter,
            "template": "indicators/import.html",
            "done": "indicators:progress",
            "context": {
                "template_url": reverse_lazy("indicators:values_template"),
                "what": "指标数值",
            },
        },
        name="import_values",
    ),
    path(
        "import/values/template/",
        writer_required(workbook_download),
        {"build": exports.values_template, "filename": "指标数值导入模板.xlsx"},
        name="values_template",
    ),
    path(
        "import/targets/",
        writer_required(import_page),
        {
            "importer": TargetImporter,
            "template": "indicators/import.html",
            "done": "indicators:scorecard",
            "context": {
                "template_url": reverse_lazy("indicators:targets_template"),
                "what": "指标目标",
            },
        },
        name="import_targets",
    ),
    path(
        "import/targets/template/",
        writer_required(workbook_download),
        {"build": exports.targets_template, "filename": "指标目标导入模板.xlsx"},
        name="targets_template",
    ),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
]
