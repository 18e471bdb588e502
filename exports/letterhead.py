"""The letterhead of a report (Decree 30/2020, Appendix I): who issues it, for whom, its date and subject.

One home for the header the consolidated report and an agency's report share: the issuer (the body
that monitored the plan on the period's due date under its ministry, or the agency under its
superior), the recipients, the signing line, the long date and the subject sentence. Names come from
the agency data of the day (agencies.Succession), never from a date written here.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from accounts.rules import monitoring_body_ids
from agencies.models import Agency
from exports.formatting import vn_long_date
from reporting.models import Report, ReportingPeriod


@dataclass
class Issuer:
    """The header of an administrative document (Decree 30/2020, Appendix I): who issues it."""

    superior: str  # "" for a ministry, which has no superior line
    name: str
    symbol: str  # "BC-BTXH": BC is the symbol of a report
    number: str = ""  # the number once registered; blank leaves space for the clerk
    place: str = "Hà Nội"
    signing_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    filed_at: str = "VT"
    name_in_text: str = ""  # as a sentence names it: "Cục Bảo trợ xã hội, Bộ Y tế"


def monitoring_body_on(day: datetime.date) -> Agency | None:
    """The department that monitors the plan on ``day`` (MONITORING_AGENCIES and its successors, from
    the agency data: Cục Phòng, chống tệ nạn xã hội of MOLISA, then Cục Bảo trợ xã hội of the
    Ministry of Health from 1 March 2025)."""
    agencies = Agency.objects.filter(pk__in=monitoring_body_ids(day)).select_related("parent")
    return min(agencies, key=lambda a: (a.parent_id is None, a.code), default=None)


def issuing_body(period: ReportingPeriod) -> Agency:
    """The body that issues the consolidated report of ``period``: the one monitoring the plan on its due date."""
    return monitoring_body_on(period.due_date) or period.plan.issuer


@dataclass
class Signature:
    """Who signs (Decree 30/2020, Art. 13): "KT. BỘ TRƯỞNG" over "THỨ TRƯỞNG" when a deputy signs for the head."""

    name: str
    title: str
    authority: str = ""  # "KT. BỘ TRƯỞNG", or "" when the head signs in person

    @classmethod
    def of(cls, user, *, on_behalf: bool = False, on_behalf_title: str = "") -> "Signature":
        position = (user.position or "").strip()
        name = user.get_full_name().strip() or user.get_username()
        if on_behalf and on_behalf_title.strip():
            return cls(name=name, title=position.upper(), authority=f"KT. {on_behalf_title.strip()}".upper())
        if not on_behalf and position.lower().startswith("phó "):
            # A deputy chosen by default signs on behalf of the head of the same title.
            return cls(name=name, title=position.upper(), authority=f"KT. {position[4:]}".upper())
        return cls(name=name, title=position.upper())


@dataclass
class Dispatch:
    """What the reviewer set for a consolidated report: number and symbol, recipients, signature."""

    number: str = ""
    symbol: str = ""
    recipients: list[str] = field(default_factory=list)
    signature: Signature | None = None


def _abbreviation(agency: Agency) -> str:
    """ "BTXH" for "Cục BTXH", "BYT" for a ministry short-named "BYT": the tail of a report's symbol."""
    short = agency.short_name or agency.name
    for prefix in ("Cục ", "Vụ ", "Sở ", "Bộ "):
        if short.startswith(prefix):
            short = short[len(prefix) :]
    return short.replace(" ", "").replace(".", "")


def ministry_issuer(plan, day: datetime.date, dispatch: Dispatch | None = None) -> Issuer:
    """The consolidated report's header: the body monitoring the plan on ``day`` (the period's due
    date), under its ministry, with the recipients and the signature of that day; a setting, where
    given, takes the place of what the data says (exports/README.md)."""
    body = monitoring_body_on(day) or plan.issuer
    ministry = body.parent if body.parent_id else None
    name = settings.REPORT_ISSUER or body.name.upper()
    superior = settings.REPORT_ISSUER_SUPERIOR or (ministry.name.upper() if ministry else "")
    symbol = settings.REPORT_SYMBOL or f"BC-{_abbreviation(body)}"
    head = "CỤC TRƯỞNG" if body.name.startswith("Cục ") else "BỘ TRƯỞNG"
    minister = f"Bộ trưởng {ministry.name}" if ministry else "Bộ trưởng"
    recipients = list(settings.REPORT_RECIPIENTS) or [
        "Thủ tướng Chính phủ (để b/c)",
        "Văn phòng Chính phủ",
        f"{minister} (để b/c)",
        "Các Bộ, ngành, cơ quan trung ương",
        "UBND các tỉnh, thành phố trực thuộc trung ương",
    ]
    in_text = body.name if ministry is None else f"{body.name}, {ministry.name}"
    number = ""
    authority = settings.REPORT_SIGNING_AUTHORITY if settings.REPORT_SIGNER_TITLE else ""
    title, signer = settings.REPORT_SIGNER_TITLE or head, settings.REPORT_SIGNER_NAME
    if dispatch is not None:
        number, symbol = dispatch.number or number, dispatch.symbol or symbol
        recipients = dispatch.recipients or recipients
        if dispatch.signature is not None:
            authority, signer = dispatch.signature.authority, dispatch.signature.name
            title = dispatch.signature.title or title
    return Issuer(
        superior=superior,
        name=name,
        symbol=symbol,
        number=number,
        place=settings.REPORT_PLACE,
        signing_authority=authority,
        signer_title=title,
        signer_name=signer,
        recipients=recipients,
        filed_at=settings.REPORT_FILED_AT or f"VT, {body.short_name or body.name}",
        name_in_text=in_text if not settings.REPORT_ISSUER else name[:1] + name[1:].lower(),
    )


def period_words(period: ReportingPeriod) -> str:
    """ "6 tháng đầu năm 2025" or "năm 2025": the period as the subject and the sentences name it."""
    if period.is_end_of_term:
        return f"giai đoạn {period.plan.start_year}-{period.plan.end_year}"
    return f"6 tháng đầu năm {period.year}" if period.kind == ReportingPeriod.Kind.HALF_YEAR else f"năm {period.year}"


def report_subject(period: ReportingPeriod) -> str:
    """ "Kết quả thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm 6 tháng đầu năm 2025";
    the end-of-term review is a "Báo cáo tổng kết": "Tổng kết thực hiện Kế hoạch … giai đoạn 2022-2025"."""
    if period.is_end_of_term:
        return (
            f"Tổng kết thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm {period_words(period)}"
        )
    return f"Kết quả thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm {period_words(period)}"


def period_phrase(period: ReportingPeriod) -> str:
    """ "kết quả thực hiện Kế hoạch 6 tháng đầu năm 2025" as the opening sentence says it."""
    if period.is_end_of_term:
        return f"tổng kết thực hiện Kế hoạch {period_words(period)}"
    return f"kết quả thực hiện Kế hoạch {period_words(period)}"


def agency_issuer(report: Report, issued_on: datetime.date) -> Issuer:
    """The header of an agency's own report: its superior (a province's People's Committee, a ministry),
    or, where the agency's approval step names one, the body that issues its reports."""
    agency = report.agency
    superior = ""
    place = "Hà Nội"
    if agency.is_provincial_department and agency.parent_id:
        province = agency.parent
        superior = f"UBND {province.province_kind} {agency.province_name}".upper()
        place = agency.province_name
    elif agency.parent_id:
        superior = agency.parent.name.upper()
    name = agency.name
    if agency.is_provincial_department:
        # "Sở Lao động - Thương binh và Xã hội thành phố Hà Nội" under "UBND THÀNH PHỐ HÀ NỘI": the
        # province is in the superior line already, so the issuer line is the department's name alone.
        suffix = f" {agency.parent.province_kind} {agency.province_name}" if agency.parent_id else ""
        if suffix and name.endswith(suffix):
            name = name[: -len(suffix)]
    number, _sep, symbol = (report.dispatch_number or "").partition("/")
    issuing_body = agency.issuer_when_approved
    if issuing_body:
        # The agency approves its reports and another body issues them (a province's People's
        # Committee over the department that drafted it): that body heads the page, with its symbol.
        superior = issuing_body.upper()
        symbol = symbol or agency.issuing_symbol
    position = report.dispatch_signer_position.strip()
    authority = ""
    if position.lower().startswith("phó "):
        # A deputy signs on behalf of the head (Decree 30/2020, Art. 13): "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC".
        authority = f"KT. {position[4:]}".upper()
    return Issuer(
        superior=superior,
        name=name.upper(),
        symbol=symbol or "BC",
        number=number,
        place=place,
        signing_authority=authority,
        signer_title=position.upper(),
        signer_name=report.dispatch_signer,
        recipients=[_addressee(monitoring_body_on(issued_on))],
        filed_at="VT",
        name_in_text=agency.name,
    )


def _addressee(body: Agency | None) -> str:
    """ "Bộ Y tế (Cục Bảo trợ xã hội)": the ministry, and the department that monitors the plan."""
    if body is None:
        return "Cơ quan theo dõi Kế hoạch"
    return f"{body.parent.name} ({body.name})" if body.parent_id else body.name


@dataclass
class Letterhead:
    """What the header and the opening and closing sentences of a report PDF say."""

    issuer: Issuer
    long_date: str  # "ngày 05 tháng 01 năm 2026"
    subject: str
    period_phrase: str

    def as_context(self) -> dict:
        return {
            "issuer": self.issuer,
            "long_date": self.long_date,
            "subject": self.subject,
            "period_phrase": self.period_phrase,
        }


def _letterhead(period: ReportingPeriod, issuer: Issuer, issued_on: datetime.date) -> Letterhead:
    return Letterhead(
        issuer=issuer,
        long_date=vn_long_date(issued_on),
        subject=report_subject(period),
        period_phrase=period_phrase(period),
    )


def ministry_letterhead(
    period: ReportingPeriod, issued_on: datetime.date, dispatch: Dispatch | None = None
) -> Letterhead:
    """The consolidated report's: issued by the body that monitored the plan on the period's due date
    (a 2024 report is MOLISA's department's, a 2025-FY one the Ministry of Health's), dated ``issued_on``."""
    return _letterhead(period, ministry_issuer(period.plan, period.due_date, dispatch), issued_on)


def agency_letterhead(report: Report, issued_on: datetime.date) -> Letterhead:
    """An agency's own report's: issued by the agency under its superior."""
    return _letterhead(report.period, agency_issuer(report, issued_on), issued_on)
