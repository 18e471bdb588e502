"""The letterhead of a report (Decree 30/2020, Appendix I): who issues it, for whom, its date and subject.

One home for the header the consolidated report and an agency's report share: the issuer (the
ministry that reports for the plan on a given day, or the agency under its superior), the recipients,
the signing line, the long date and the subject sentence.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from agencies.models import Agency
from exports.formatting import vn_long_date
from reporting.models import Report, ReportingPeriod

# The day the state management of prostitution prevention passed to the Ministry of Health
# (Decree 42/2025/NĐ-CP); a report issued from then on is the Ministry of Health's.
MOH_FROM = datetime.date(2025, 3, 1)


@dataclass
class Issuer:
    """The header of an administrative document (Decree 30/2020, Appendix I): who issues it."""

    superior: str  # "" for a ministry, which has no superior line
    name: str
    symbol: str  # "BC-BYT": BC is the symbol of a report
    number: str = ""  # the number once registered; blank leaves space for the clerk
    place: str = "Hà Nội"
    signing_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    filed_at: str = "VT"
    name_in_text: str = ""  # as a sentence names it: "Bộ Y tế"


def ministry_issuer(plan, issued_on: datetime.date) -> Issuer:
    """The ministry that reports for the plan on ``issued_on``, unless the settings name it."""
    moh = issued_on >= MOH_FROM
    default_name = "BỘ Y TẾ" if moh else "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    name = settings.REPORT_ISSUER or default_name
    symbol = settings.REPORT_SYMBOL or ("BC-BYT" if name == "BỘ Y TẾ" else "BC-LĐTBXH" if not moh else "BC")
    signer = settings.REPORT_SIGNER_NAME
    if not signer and not moh and not settings.REPORT_ISSUER:
        signer = plan.signer  # the plan's own signer, while the plan's issuer still reports
    return Issuer(
        superior=settings.REPORT_ISSUER_SUPERIOR,
        name=name,
        symbol=symbol,
        place=settings.REPORT_PLACE,
        signing_authority=settings.REPORT_SIGNING_AUTHORITY,
        signer_title=settings.REPORT_SIGNER_TITLE,
        signer_name=signer,
        recipients=list(settings.REPORT_RECIPIENTS),
        filed_at=settings.REPORT_FILED_AT,
        name_in_text=KNOWN_NAMES.get(name, name[:1] + name[1:].lower()),
    )


KNOWN_NAMES = {"BỘ Y TẾ": "Bộ Y tế", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI": "Bộ Lao động - Thương binh và Xã hội"}


def period_words(period: ReportingPeriod) -> str:
    """ "6 tháng đầu năm 2025" or "năm 2025": the period as the subject and the sentences name it."""
    return f"6 tháng đầu năm {period.year}" if period.kind == ReportingPeriod.Kind.HALF_YEAR else f"năm {period.year}"


def report_subject(period: ReportingPeriod) -> str:
    """ "Kết quả thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm 6 tháng đầu năm 2025"."""
    return f"Kết quả thực hiện Kế hoạch tổng thể thực hiện Chương trình phòng, chống mại dâm {period_words(period)}"


def period_phrase(period: ReportingPeriod) -> str:
    """ "kết quả thực hiện Kế hoạch 6 tháng đầu năm 2025" as the opening sentence says it."""
    return f"kết quả thực hiện Kế hoạch {period_words(period)}"


def agency_issuer(report: Report, issued_on: datetime.date) -> Issuer:
    """The header of an agency's own report: its superior (a province's People's Committee, a ministry)."""
    agency = report.agency
    superior = ""
    place = "Hà Nội"
    if agency.kind == Agency.Kind.PROVINCIAL_DOLISA and agency.parent_id:
        province = agency.parent
        superior = f"UBND {province.province_kind} {agency.province_name}".upper()
        place = agency.province_name
    elif agency.parent_id:
        superior = agency.parent.name.upper()
    name = agency.name
    if agency.kind == Agency.Kind.PROVINCIAL_DOLISA:
        # "Sở Lao động - Thương binh và Xã hội thành phố Hà Nội" under "UBND THÀNH PHỐ HÀ NỘI": the
        # province is in the superior line already, so the issuer line is the department's name alone.
        suffix = f" {agency.parent.province_kind} {agency.province_name}" if agency.parent_id else ""
        if suffix and name.endswith(suffix):
            name = name[: -len(suffix)]
    number, _sep, symbol = (report.dispatch_number or "").partition("/")
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
        recipients=["Bộ Y tế (Cục Bảo trợ xã hội)"]
        if issued_on >= MOH_FROM
        else ["Bộ Lao động - Thương binh và Xã hội"],
        filed_at="VT",
        name_in_text=agency.name,
    )


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


def ministry_letterhead(period: ReportingPeriod, issued_on: datetime.date) -> Letterhead:
    """The consolidated report's: issued by the ministry that reports for the plan on ``issued_on``."""
    return _letterhead(period, ministry_issuer(period.plan, issued_on), issued_on)


def agency_letterhead(report: Report, issued_on: datetime.date) -> Letterhead:
    """An agency's own report's: issued by the agency under its superior."""
    return _letterhead(report.period, agency_issuer(report, issued_on), issued_on)
