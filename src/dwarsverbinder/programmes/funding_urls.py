"""The funding pages and the progress report, under /projecten/<slug>/. A plain list:
``programmes/urls.py`` adds it to its own (``*funding_urls.urlpatterns``), so the names
are in the ``programmes`` namespace."""

from django.urls import path

from . import funding_views as views

LINE = "<slug:slug>/financiering/regel/<int:line>/"

urlpatterns = [
    path("<slug:slug>/financiering/", views.funding_page, name="funding"),
    path("<slug:slug>/financiering/regel/nieuw/", views.line_add, name="funding_line_add"),
    path("<slug:slug>/financiering/regel/<int:pk>/", views.line_edit, name="funding_line_edit"),
    path(
        "<slug:slug>/financiering/regel/<int:pk>/verwijderen/",
        views.line_delete,
        name="funding_line_delete",
    ),
    path(LINE + "jaar/nieuw/", views.year_add, name="funding_year_add"),
    path(LINE + "jaar/<int:pk>/", views.year_edit, name="funding_year_edit"),
    path(LINE + "jaar/<int:pk>/verwijderen/", views.year_delete, name="funding_year_delete"),
    path(LINE + "rapportage/nieuw/", views.reporting_add, name="reporting_add"),
    path(LINE + "rapportage/<int:pk>/", views.reporting_edit, name="reporting_edit"),
    path(
        LINE + "rapportage/<int:pk>/verwijderen/",
        views.reporting_delete,
        name="reporting_delete",
    ),
    path("<slug:slug>/voortgang.pdf", views.report_pdf, name="progress_report_pdf"),
    path("<slug:slug>/voortgang.xlsx", views.report_xlsx, name="progress_report_xlsx"),
]
