from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The composition root, above every other app: the home pages, the menu, load_demo and what
    serves the whole site (notifications, group-robot deliveries, send_reminders)."""

    name = "core"
    verbose_name = "首页"

    def ready(self) -> None:
        # The domain functions announce events (healthreport.lib.events); core tells people.
        from core import notify

        notify.connect()
        # The counters behind the remembered figures, after the tables they watch exist.
        post_migrate.connect(_install_figure_stamps, sender=self)


def _install_figure_stamps(using: str, **kwargs: object) -> None:
    from healthreport.lib import remembered

    remembered.install(using)
