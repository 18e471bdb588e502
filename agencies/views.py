from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.rules import visible
from agencies.collation import vn_sort_key
from agencies.models import Agency
from agencies.selectors import agency_lineage
from reporting.models import Report
from tasks import selectors


def agency_directory(request) -> HttpResponse:
    plan = selectors.current_plan()
    counts = selectors.agency_task_counts(plan) if plan else {}
    query = request.GET.get("q", "").strip()
    agencies = Agency.objects.select_related("parent")
    if query:
        agencies = agencies.filter(name__icontains=query) | agencies.filter(short_name__icontains=query)
    sections = []
    by_kind: dict[str, list[Agency]] = {}
    for agency in agencies:
        agency.task_counts = counts.get(agency.pk, {"lead": 0, "partner": 0})
        by_kind.setdefault(agency.kind, []).append(agency)
    for kind, label in Agency.Kind.choices:
        if kind in by_kind:
            # Provinces sort by the province's name ("Cà Mau", "Cần Thơ"), not by "Ủy ban nhân dân thành phố ...",
            # which would put the five cities before every "tỉnh".
            sections.append((kind, label, sorted(by_kind[kind], key=lambda a: vn_sort_key(a.province_name or a.name))))
    return render(
        request,
        "agencies/directory.html",
        {"plan": plan, "sections": sections, "query": query, "total": sum(len(s[2]) for s in sections)},
    )


def agency_detail(request, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent"), code=code)
    plan = selectors.current_plan()
    tasks = selectors.tasks_of_agency(plan, agency) if plan else []
    children = sorted(agency.children.all(), key=lambda a: vn_sort_key(a.name))
    return render(
        request,
        "agencies/detail.html",
        {
            "plan": plan,
            "agency": agency,
            "lead_tasks": [(t, r) for t, role, r in tasks if role == "lead"],
            "partner_tasks": [(t, r) for t, role, r in tasks if role == "partner"],
            "children": children,
            "collectives": selectors.collectives_including(agency),
            "lineage": agency_lineage(agency),
            # Its reports stay its own whatever became of it (those the user may open).
            "reports": list(
                visible(request.user, Report.objects.filter(agency=agency))
                .select_related("period")
                .order_by("-period__due_date")
            )
            if request.user.is_authenticated
            else [],
        },
    )
