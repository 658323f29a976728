"""Planning's addresses, each under the part of the site it belongs to.

Included at the root before the admin's own URLs, so that the budget can live
at ``/admin/articles/budget/`` beside the articles it plans.
"""

from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("admin/articles/budget/", views.budget, name="budget"),
    path(
        "desk/assignments/<int:pk>/",
        views.AssignmentDetailView.as_view(),
        name="assignment",
    ),
    path(
        "desk/assignments/<int:pk>/start/",
        views.StartWritingView.as_view(),
        name="start",
    ),
    path("desk/calendar/", views.CalendarSettingsView.as_view(), name="calendar"),
    # Under /desk/: never kept by the page cache, kept out by robots.txt.
    path("desk/calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
