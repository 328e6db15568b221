from django.conf import settings
from django.utils.functional import SimpleLazyObject

from accounts.policy import access_for
from core.navigation import menu_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    context: dict[str, object] = {"system_name": settings.SITE_NAME}
    if user is not None and user.is_authenticated:
        # What the person's role allows, for templates to read (accounts.policy).
        context["access"] = access = access_for(user)
        # Built when a template prints it (base.html), not for every fragment rendered with a
        # request (htmx parts): it counts the unread reminders with a query.
        context["menu"] = SimpleLazyObject(lambda: menu_for(user, request.path, access))
    return context
