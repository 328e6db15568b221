from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from core import views

# Resolved on the first request: the manifest of collected files may not exist when URLs load
# (manage.py check before collectstatic).
lazy_static = lazy(static, str)

urlpatterns = [
    path("", views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page links; anyone may have it, as the login page.
    path(
        "favicon.ico",
        login_not_required(RedirectView.as_view(url=lazy_static("favicon.svg"), permanent=True)),
    ),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("imports/", include("imports.urls")),
    path("units/", include("units.urls")),
    # The reminders are core's (they serve the whole site); their address predates the move.
    path("rectification/notifications/", include("core.urls")),
    path("rectification/", include("rectification.urls")),
    path("indicators/", include("indicators.urls")),
    path("reports/", include("reports.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# Django's 403 and 404 pages, the refusal's reason noted for the audit trail first.
handler403 = "audit.views.denied"
handler404 = "audit.views.not_found"
