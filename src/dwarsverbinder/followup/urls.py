from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("taken/", views.tasks, name="tasks"),
    path("taken/<int:pk>/klaar/", views.task_done, name="task_done"),
    path("jongeren/<int:person_id>/coach/", views.coach, name="coach"),
]
