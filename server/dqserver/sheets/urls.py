"""The topic sheet, behind the admin's login (and its second factor)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>.pdf", views.topic_sheet_view, name="topic-sheet"),
]
