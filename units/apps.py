from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "机构管理"
