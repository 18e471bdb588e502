from django.http import Http404, HttpResponse
from django.shortcuts import render

from tasks.selectors import chosen_plan


def indicator_list(request) -> HttpResponse:
    plan = chosen_plan(request)
    if plan is None:
        raise Http404("Chưa nạp kế hoạch nào.")
    indicators = plan.indicators.prefetch_related("targets__reported_by_agencies").order_by("number")
    return render(request, "indicators/list.html", {"plan": plan, "indicators": indicators})
