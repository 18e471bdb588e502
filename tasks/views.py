import rules
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import visible_task_status_updates
from agencies.selectors import later_carriers
from reporting import selectors as reporting_selectors
from reporting import services as reporting_services
from reporting.forms import TaskStatusForm
from tasks import selectors
from tasks.models import Task


def _plan_or_404(request):
    plan = selectors.chosen_plan(request)
    if plan is None:
        raise Http404("Chưa nạp kế hoạch nào (python manage.py load_plan fixtures/plan808.yaml).")
    return plan


def plan_overview(request) -> HttpResponse:
    plan, plans = selectors.plan_choice(request)
    if plan is None:
        raise Http404("Chưa nạp kế hoạch nào (python manage.py load_plan fixtures/plan808.yaml).")
    groups = selectors.plan_groups(plan)
    context = {"plan": plan, "groups": groups, "plans": plans, "plan_param": selectors.PLAN_PARAM}
    return render(request, "tasks/plan_overview.html", context)


def task_detail(request, code: str) -> HttpResponse:
    plan = _plan_or_404(request)
    return _task_page(request, _task_or_404(plan, code))


@require_POST
def task_status(request, code: str) -> HttpResponse:
    """A status update from the task page; on bad input the task page is shown again with the form bound."""
    plan = _plan_or_404(request)
    task = get_object_or_404(Task, plan=plan, code=code)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            update = reporting_services.task_status_update(
                task=task,
                agency=request.user.agency,
                user=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for field, message in _first_messages(exc).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            if update.created:
                messages.success(request, _("Đã cập nhật tình trạng nhiệm vụ %(code)s.") % {"code": task.code})
            else:
                messages.info(request, _("Tình trạng không đổi và không có nội dung mới: không thêm dòng vào lịch sử."))
            return redirect(f"{reverse('task-detail', args=[task.code])}#tinh-trang")
    # The page comes back at the form (its action ends in #tinh-trang) with the first wrong field focused.
    for name in form.errors:
        if name in form.fields:
            form.fields[name].widget.attrs["autofocus"] = True
            break
    return _task_page(request, _task_or_404(plan, task.code), status_form=form, status=400)


def _task_or_404(plan, code: str) -> Task:
    try:
        return selectors.task_detail(plan, code)
    except Task.DoesNotExist as exc:
        raise Http404("Không có nhiệm vụ này.") from exc


def _task_page(request, task: Task, *, status_form: TaskStatusForm | None = None, status: int = 200) -> HttpResponse:
    """The task as the plan wrote it, and its status between reports with the update form for whoever may."""
    responsibilities = list(task.responsibilities.all())
    # Beside the agency the decision named, who carries its duties since (MOLISA → Bộ Y tế from 01/03/2025).
    carriers = later_carriers([r.agency_id for r in responsibilities if r.agency_id])
    for r in responsibilities:
        r.carried_by = carriers.get(r.agency_id, [])
    user = request.user
    can_update = rules.has_perm("tasks.update_task_status", user, task)
    history = list(visible_task_status_updates(user, reporting_selectors.task_status_history(task))[:50])
    if status_form is None and can_update:
        mine = next((u for u in history if u.agency_id == user.agency_id), None)
        status_form = TaskStatusForm(initial={"status": mine.status if mine else ""})
    return render(
        request,
        "tasks/task_detail.html",
        {
            "plan": task.plan,
            "task": task,
            "leads": [r for r in responsibilities if r.role == "lead"],
            "partners": [r for r in responsibilities if r.role == "partner"],
            "status_history": history,
            "status_form": status_form,
            "can_update_status": can_update,
        },
        status=status,
    )


def _first_messages(exc: ValidationError) -> dict[str, str]:
    if hasattr(exc, "error_dict"):
        return {key: messages_[0] for key, messages_ in exc.message_dict.items()}
    return {"__all__": exc.messages[0]}
