from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/file/", views.batch_file, name="batch_file"),
]
