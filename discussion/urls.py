from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.save_settings, name="settings"),
]
