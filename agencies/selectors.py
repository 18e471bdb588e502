"""Reads of the agencies' history: successions (who carries an agency's duties on a day) and the
department that reports for a province on a day. ``tasks.responsibility`` asks these; pages show them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from agencies.models import PROVINCIAL_DEPARTMENT_KINDS, Agency, ReportingDepartment, Succession


@dataclass(frozen=True)
class Link:
    """One succession seen from one agency: the agencies on the other side, from a date, on a basis."""

    succession_id: int
    effective_from: datetime.date
    scope: str
    legal_basis: str
    others: tuple[int, ...]


class Lineage:
    """Every succession and every admin's choice of reporting department, loaded in three queries."""

    def __init__(self, successions: list[Succession] | None = None, assignments=()):
        self.forward: dict[int, list[Link]] = defaultdict(list)  # predecessor id -> links to its successors
        self.backward: dict[int, list[Link]] = defaultdict(list)  # successor id -> links to its predecessors
        for s in successions or []:
            before = tuple(a.pk for a in s.predecessors.all())
            after = tuple(a.pk for a in s.successors.all())
            for agency_id in before:
                self.forward[agency_id].append(Link(s.pk, s.effective_from, s.scope, s.legal_basis, after))
            for agency_id in after:
                self.backward[agency_id].append(Link(s.pk, s.effective_from, s.scope, s.legal_basis, before))
        self.assignments: dict[int, list[ReportingDepartment]] = defaultdict(list)
        for row in sorted(assignments, key=lambda r: r.valid_from):
            self.assignments[row.province_id].append(row)

    @classmethod
    def load(cls) -> "Lineage":
        successions = list(Succession.objects.prefetch_related("predecessors", "successors"))
        return cls(successions, ReportingDepartment.objects.only("province_id", "department_id", "valid_from"))

    def _plan_links(self, agency_id: int, day: datetime.date | None) -> list[Link]:
        """The successions passing ``agency_id``'s duties in this plan (by ``day``): PLAN scope first."""
        links = [link for link in self.forward.get(agency_id, ()) if day is None or link.effective_from <= day]
        plan_only = [link for link in links if link.scope == Succession.Scope.PLAN]
        return plan_only or links

    def carriers(self, agency_id: int, day: datetime.date | None, exists) -> set[int]:
        """Who carries ``agency_id``'s plan duties on ``day``: itself while it exists, then its successors.

        ``exists(agency_id)`` says whether an agency exists on the day. Without a day: the agency and
        every agency that ever took its plan duties over, transitively.
        """
        result: set[int] = set()
        seen: set[int] = set()
        todo = [agency_id]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if day is None:
                result.add(current)
                todo += [other for link in self._plan_links(current, None) for other in link.others]
            elif exists(current):
                result.add(current)
            else:
                todo += [other for link in self._plan_links(current, day) for other in link.others]
        return result

    def successors_of(self, agency_id: int) -> list[Link]:
        return sorted(self.forward.get(agency_id, ()), key=lambda link: link.effective_from)

    def predecessors_of(self, agency_id: int) -> list[Link]:
        return sorted(self.backward.get(agency_id, ()), key=lambda link: link.effective_from)

    def ancestors(self, agency_id: int) -> set[int]:
        """The agency and every agency whose duties passed to it, transitively (Sở Y tế Tuyên Quang 2025:
        itself, Sở LĐTBXH Tuyên Quang and Sở LĐTBXH Hà Giang)."""
        result: set[int] = set()
        todo = [agency_id]
        while todo:
            current = todo.pop()
            if current not in result:
                result.add(current)
                todo += [other for link in self.backward.get(current, ()) for other in link.others]
        return result

    def reporting_departments(self, agencies: list[Agency], day: datetime.date | None) -> dict[int, set[int]]:
        """{province id: the department(s) reporting for it}: an admin's choice of the day, else its own
        department of a reporting kind (``agencies`` are those existing on ``day``; all of them without one).
        """
        by_id = {a.pk: a for a in agencies}
        result: dict[int, set[int]] = defaultdict(set)
        for agency in agencies:
            if agency.kind in PROVINCIAL_DEPARTMENT_KINDS and agency.parent_id in by_id:
                result[agency.parent_id].add(agency.pk)
        for province_id, rows in self.assignments.items():
            if province_id not in by_id:
                continue
            if day is None:
                result[province_id] |= {r.department_id for r in rows if r.department_id in by_id}
                continue
            chosen = [r for r in rows if r.valid_from <= day and r.department_id in by_id]
            if chosen:
                result[province_id] = {chosen[-1].department_id}
        return dict(result)


def agency_lineage(agency: Agency) -> dict[str, list[dict]]:
    """The agency's predecessors and successors, each with its date, scope and legal basis, for its page."""
    result: dict[str, list[dict]] = {"predecessors": [], "successors": []}
    successions = (
        Succession.objects.filter(Q(predecessors=agency) | Q(successors=agency))
        .distinct()
        .prefetch_related("predecessors", "successors")
        .order_by("effective_from", "code")
    )
    for succession in successions:
        before, after = list(succession.predecessors.all()), list(succession.successors.all())
        if any(a.pk == agency.pk for a in before):
            result["successors"].append({"succession": succession, "agencies": after})
        if any(a.pk == agency.pk for a in after):
            result["predecessors"].append({"succession": succession, "agencies": before})
    return result


def reporting_department_history(province: Agency) -> list[ReportingDepartment]:
    return list(province.reporting_departments.select_related("department").order_by("valid_from"))


def monitoring_agency_ids(codes, day: datetime.date | None = None) -> set[int]:
    """The agencies of ``codes`` and every agency that took their duties over, transitively (any scope);
    on ``day``, those of them existing that day. One query per step of succession (two for 2025).
    """
    found = set(Agency.objects.filter(code__in=codes).values_list("pk", flat=True))
    frontier = set(found)
    while frontier:
        frontier = (
            set(
                Succession.successors.through.objects.filter(succession__predecessors__in=frontier).values_list(
                    "agency_id", flat=True
                )
            )
            - found
        )
        found |= frontier
    if day is None:
        return found
    return set(Agency.objects.existing_on(day).filter(pk__in=found).values_list("pk", flat=True))


def later_carriers(agency_ids) -> dict[int, list[tuple[datetime.date, list[Agency]]]]:
    """For each agency, who carried the plan's duties it was given after it, from which day:
    {MOLISA's id: [(2025-03-01, [Bộ Y tế])]}; a chain (one successor ending in turn) reads in order.
    Four queries, however many agencies."""
    lineage = Lineage.load()
    steps: dict[int, list[tuple[datetime.date, tuple[int, ...]]]] = {}
    wanted: set[int] = set()
    for agency_id in set(agency_ids):
        chain, seen, todo = [], {agency_id}, [agency_id]
        while todo:
            current = todo.pop(0)
            for link in sorted(lineage._plan_links(current, None), key=lambda link: link.effective_from):
                chain.append((link.effective_from, link.others))
                todo += [other for other in link.others if other not in seen]
                seen |= set(link.others)
        if chain:
            steps[agency_id] = sorted(chain, key=lambda step: step[0])
            wanted |= {other for _day, others in chain for other in others}
    names = Agency.objects.in_bulk(wanted)
    return {
        agency_id: [(day, [names[o] for o in others if o in names]) for day, others in chain]
        for agency_id, chain in steps.items()
    }


def reporting_department_of(province: Agency, day: datetime.date) -> Agency | None:
    """The department reporting for ``province`` on ``day`` (``Lineage.reporting_departments``'s rule)."""
    candidates = list(
        Agency.objects.existing_on(day)
        .filter(Q(parent=province, kind__in=PROVINCIAL_DEPARTMENT_KINDS) | Q(reports_for_provinces__province=province))
        .distinct()
    )
    lineage = Lineage(assignments=ReportingDepartment.objects.filter(province=province))
    chosen = lineage.reporting_departments([province, *candidates], day).get(province.pk, set())
    return min((a for a in candidates if a.pk in chosen), key=lambda a: a.code, default=None)
