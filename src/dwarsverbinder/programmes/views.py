from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import RegionalIssue
from .selectors import project_detail, project_list


@login_required
def projects(request):
    return render(
        request,
        "programmes/projects.html",
        {"projects": project_list(), "issues": RegionalIssue.objects.all()},
    )


@login_required
def project(request, slug: str):
    return render(
        request,
        "programmes/project.html",
        {"project": get_object_or_404(project_detail(slug=slug))},
    )
