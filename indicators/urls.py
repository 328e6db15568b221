from django.urls import path, register_converter

from indicators import views


class PlaceKind:
    regex = "unit|region"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PlaceKind, "place")

app_name = "indicators"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("export/", views.export, name="export"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("progress/", views.progress, name="progress"),
    path("entry/", views.entry_index, name="entry_index"),
    path("entry/grid/", views.grid, name="grid"),
    path("entry/<place:kind>/<int:pk>/<int:year>/", views.entry, name="entry"),
    path("entry/<place:kind>/<int:pk>/<int:year>/submit/", views.submit, name="submit"),
    path("entry/<place:kind>/<int:pk>/<int:year>/approve/", views.approve, name="approve"),
    path("entry/<place:kind>/<int:pk>/<int:year>/reopen/", views.reopen, name="reopen"),
    path("entry/<place:kind>/<int:pk>/<int:year>/history/", views.history, name="history"),
    path("import/values/", views.import_values, name="import_values"),
    path("import/values/template/", views.values_template, name="values_template"),
    path("import/targets/", views.import_targets, name="import_targets"),
    path("import/targets/template/", views.targets_template, name="targets_template"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
]
