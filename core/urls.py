from django.urls import path

from core import views

app_name = "core"

# Mounted at rectification/notifications/ (healthreport/urls.py): the address predates the move.
urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("read/", views.notifications_read, name="notifications_read"),
]
