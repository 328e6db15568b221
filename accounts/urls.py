from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("idle/", views.idle_accounts, name="idle_accounts"),
    path("idle/<int:pk>/enable/", views.enable_account, name="enable_account"),
]
