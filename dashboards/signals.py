"""What makes the dashboards' cached data stale: the models' signals bump a generation
(``indicators.cache``). Connected in ``DashboardsConfig.ready``."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from indicators.cache import REPORTS, STRUCTURE, bump_now_and_on_commit


def _report_saved(sender, instance, created, **kwargs):
    # A draft being typed changes nothing the cached pages show (they count sent reports and the
    # status of each); its start, every change of status and any change to a sent report do.
    if created or instance.status != instance.Status.DRAFT:
        bump_now_and_on_commit(REPORTS)


def _report_deleted(sender, instance, **kwargs):
    bump_now_and_on_commit(REPORTS)


def _structure_changed(sender, **kwargs):
    bump_now_and_on_commit(STRUCTURE)


def connect():
    from agencies.models import Agency, Collective, ReportingDepartment, Succession
    from indicators.models import Target
    from reporting.models import Report, ReportingPeriod
    from tasks.models import Responsibility, Task

    post_save.connect(_report_saved, sender=Report, dispatch_uid="dashboards-report-saved")
    post_delete.connect(_report_deleted, sender=Report, dispatch_uid="dashboards-report-deleted")
    for model in (Agency, Collective, ReportingDepartment, Succession, Target, ReportingPeriod, Responsibility, Task):
        uid = f"dashboards-structure-{model._meta.label_lower}"
        post_save.connect(_structure_changed, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_structure_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    for through in (
        Collective.members.through,
        Target.reported_by_agencies.through,
        Succession.predecessors.through,
        Succession.successors.through,
    ):
        m2m_changed.connect(
            _structure_changed, sender=through, dispatch_uid=f"dashboards-m2m-{through._meta.label_lower}"
        )
