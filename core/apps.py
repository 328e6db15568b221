from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The composition root, above every other app: the home pages, the menu, load_demo and what
    serves the whole site (notifications, group-robot deliveries, send_reminders)."""

    name = "core"
    verbose_name = "首页"

    def ready(self) -> None:
        # The domain functions announce events (healthreport.lib.events); core tells people.
        from core import notify

        notify.connect()
