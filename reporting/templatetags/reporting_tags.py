"""Template helpers of the reporting pages: Vietnamese numbers, rates, and the task page's status panel."""

from decimal import Decimal

import rules
from django import template

from accounts.rules import visible_task_status_updates
from reporting import selectors
from reporting.forms import TaskStatusForm, vn_number

register = template.Library()


@register.filter
def vn(value) -> str:
    """1250000 -> "1.250.000" (blank for None)."""
    return vn_number(value)


@register.filter
def rate(figure) -> str:
    """A figure's numerator/denominator as a percentage with a decimal comma ("72,5%")."""
    if figure is None or not figure.denominator or figure.numerator is None:
        return ""
    value = Decimal(figure.numerator) * 100 / Decimal(figure.denominator)
    return f"{value:.1f}".replace(".", ",") + "%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("reporting/_task_status.html", takes_context=True)
def task_status_panel(context, task):
    """The status of ``task`` per agency between reports, its history, and the update form for whoever may."""
    request = context["request"]
    user = request.user
    can_update = rules.has_perm("tasks.update_task_status", user, task)
    history = list(visible_task_status_updates(user, selectors.task_status_history(task))[:50])
    form = getattr(request, "task_status_form", None)
    if form is None and can_update:
        mine = next((u for u in history if u.agency_id == user.agency_id), None)
        form = TaskStatusForm(initial={"status": mine.status if mine else ""})
    return {
        "task": task,
        "history": history,
        "form": form,
        "can_update": can_update,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
