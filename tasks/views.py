from django.http import Http404
from django.shortcuts import redirect, render

from tasks import selectors
from tasks.models import Task


def _plan_or_404():
    plan = selectors.current_plan()
    if plan is None:
        raise Http404("Chưa nạp kế hoạch nào (python manage.py load_plan fixtures/plan808.yaml).")
    return plan


def home(request):
    """The national dashboard for whoever may see it; the plan for anyone else."""
    if request.user.has_perm("reporting.view_dashboard"):
        from dashboards.views import national

        return national(request)
    return redirect("plan-overview")


def plan_overview(request):
    plan = _plan_or_404()
    groups = selectors.plan_groups(plan)
    return render(request, "tasks/plan_overview.html", {"plan": plan, "groups": groups})


def task_detail(request, code: str):
    plan = _plan_or_404()
    try:
        task = selectors.task_detail(plan, code)
    except Task.DoesNotExist as exc:
        raise Http404("Không có nhiệm vụ này.") from exc
    responsibilities = list(task.responsibilities.all())
    return render(
        request,
        "tasks/task_detail.html",
        {
            "plan": plan,
            "task": task,
            "leads": [r for r in responsibilities if r.role == "lead"],
            "partners": [r for r in responsibilities if r.role == "partner"],
        },
    )
