from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The composition root: the home pages, the menu and load_demo, above every other app."""

    name = "core"
    verbose_name = "首页"
