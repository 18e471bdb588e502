"""Tổng hợp: the consolidated report's narrative, pre-filled from the data for the ministry to edit.

``prefill(period)`` writes each narrative section of the report in the draft markup (plain text;
paragraphs separated by a blank line, list items are lines starting with "- "; no HTML), from the
reads the PDF already uses (``exports.selectors.consolidated``), so the draft never disagrees with
the tables printed beside it:

- situation: who reported ("Theo báo cáo của 59/63 tỉnh, thành phố …"), then the statistics
  catalogue's national sums with their coverage; a figure nobody gave is said so, never 0;
- results: per task group, how many agencies reported on its tasks and in what state, and the
  national figures of the targets that belong to it (``fixtures/themes808.yaml``, ``figures``);
- assessment: the targets met, on track, not met and without enough data, by the status
  ``indicators.aggregation`` gives them (the rule is never recomputed here);
- limitations, causes, lessons (end-of-term review only), directions, proposals: the reports' texts
  merged and grouped by ``exports.grouping``, each point naming the agencies that raised it.

Figures are written by ``plan808.numbers`` (1.234.567 · 82,7%), in Vietnamese whatever the reader's
language: the report is a Vietnamese document. A fixed number of queries, whatever the number of reports.
"""

from django.conf import settings
from django.utils import translation

from exports.grouping import grouped_text, synthesis_data
from exports.letterhead import period_words
from exports.selectors import Consolidated, consolidated, group_progress
from indicators.aggregation import INSUFFICIENT, MET, NO_DATA, OFF_TRACK, ON_TRACK, STATUS_LABELS, NationalFigure
from indicators.models import Target
from plan808.numbers import number, percent, signed_percent
from reporting.answers import NoAnswer
from reporting.models import ReportingPeriod, TaskStatus

# Every section in document order; ``section_keys(period)`` leaves out what a period does not have.
SECTION_KEYS = ("situation", "results", "assessment", "limitations", "causes", "lessons", "directions", "proposals")
HEADINGS = {
    "situation": "Tình hình chung",
    "results": "Kết quả thực hiện các nhiệm vụ",
    "assessment": "Đánh giá chung",
    "limitations": "Hạn chế, khó khăn",
    "causes": "Nguyên nhân",
    "lessons": "Bài học kinh nghiệm",
    "directions": "Phương hướng, nhiệm vụ kỳ tới",
    "proposals": "Đề xuất, kiến nghị",
}
# The end-of-term review looks to the next phase and the next programme (as its PDF has it).
TERM_HEADINGS = {
    "directions": "Phương hướng cho giai đoạn tiếp theo",
    "proposals": "Đề xuất, kiến nghị cho Chương trình giai đoạn tiếp theo",
}
STATUS_ORDER = (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED, TaskStatus.NOT_DUE)


def section_keys(period: ReportingPeriod) -> tuple[str, ...]:
    """The sections of ``period``'s report: the lessons learnt only in the end-of-term review."""
    return tuple(key for key in SECTION_KEYS if key != "lessons" or period.is_end_of_term)


def sections_for(period: ReportingPeriod) -> list[tuple[str, str]]:
    """(key, Vietnamese heading) in document order; headings without their Roman numeral, which the
    document gives (the tables of indicators and budget sit between the sections)."""
    headings = {**HEADINGS, **(TERM_HEADINGS if period.is_end_of_term else {})}
    return [(key, headings[key]) for key in section_keys(period)]


def prefill(period: ReportingPeriod, *, include_submitted: bool = False) -> dict[str, str]:
    """Each section of ``sections_for(period)`` written from the data, in the draft markup."""
    with translation.override("vi"):
        c = consolidated(period, include_submitted=include_submitted)
        themes = synthesis_data().themes
        what = "đã gửi và đã tiếp nhận" if include_submitted else "đã tiếp nhận"
        writers = {
            "situation": lambda: situation(c),
            "results": lambda: results(c),
            "assessment": lambda: assessment(c),
            "limitations": lambda: grouped_text(
                c.limitations,
                intro=f"Qua báo cáo của {len(c.limitations)} cơ quan, địa phương, những hạn chế, khó khăn chủ yếu là:",
                empty=f"Các báo cáo {what} không nêu hạn chế, khó khăn.",
                themes=themes,
            ),
            "causes": lambda: grouped_text(
                c.causes,
                intro=f"Nguyên nhân chủ yếu của những hạn chế trên, theo báo cáo của {len(c.causes)} cơ quan, địa phương:",
                empty=f"Các báo cáo {what} không nêu nguyên nhân của hạn chế.",
                themes=themes,
            ),
            "lessons": lambda: grouped_text(
                c.lessons,
                intro=f"Qua {period_words(period)}, {len(c.lessons)} cơ quan, địa phương rút ra những bài học kinh nghiệm sau:",
                empty=f"Các báo cáo {what} không nêu bài học kinh nghiệm.",
                themes=themes,
            ),
            "directions": lambda: grouped_text(
                c.directions,
                intro=_directions_intro(c),
                empty=f"Các báo cáo {what} không nêu phương hướng, nhiệm vụ {_next(period)}.",
                themes=themes,
            ),
            "proposals": lambda: grouped_text(
                c.proposals,
                intro=f"Tổng hợp đề xuất, kiến nghị của {len(c.proposals)} cơ quan, địa phương:",
                empty=f"Các báo cáo {what} không nêu đề xuất, kiến nghị.",
                themes=themes,
            ),
        }
        return {key: writers[key]() for key in section_keys(period)}


def _next(period: ReportingPeriod) -> str:
    return "giai đoạn tiếp theo" if period.is_end_of_term else "kỳ tới"


def _directions_intro(c: Consolidated) -> str:
    return (
        f"Trên cơ sở phương hướng do {len(c.directions)} cơ quan, địa phương đề ra, "
        f"nhiệm vụ trọng tâm {_next(c.period)} tập trung vào các nội dung sau:"
    )


def _paragraphs(*blocks: str) -> str:
    return "\n\n".join(b for b in blocks if b)


# -- I. situation ---------------------------------------------------------------------------------


def situation(c: Consolidated) -> str:
    """Who had to report and who did, then the statistics' national sums with their coverage."""
    period = c.period
    submitted = len(c.submitted)
    late = submitted - c.on_time
    timing = "đều đúng hạn" if not late else ("đều muộn" if not c.on_time else f"{c.on_time} đúng hạn, {late} muộn")
    compliance = (
        f"Trong kỳ có {c.expected} cơ quan, địa phương phải báo cáo; {submitted} đơn vị đã gửi báo cáo"
        f"{f' ({timing})' if submitted else ''}, {len(c.missing)} đơn vị chưa gửi."
    )
    if c.include_submitted:
        compliance += " Bản dự thảo tính cả các báo cáo đã gửi chưa được thẩm định; số liệu có thể thay đổi."
    elif c.awaiting_review:
        compliance += f" {c.awaiting_review} báo cáo đã gửi đang được thẩm định, chưa tính vào số liệu dưới đây."
    basis = "đã gửi và đã tiếp nhận" if c.include_submitted else "đã được tiếp nhận"
    if not c.counted:
        return _paragraphs(compliance, f"Chưa có báo cáo nào {basis}; chưa có số liệu để tổng hợp.")
    opening = (
        f"Theo báo cáo của {c.provinces_counted}/{c.provinces_expected} tỉnh, thành phố và "
        f"{c.central_counted}/{c.expected - c.provinces_expected} bộ, ngành, cơ quan trung ương ({basis}), "
        f"tình hình hoạt động mại dâm và công tác phòng, chống mại dâm {period_words(period)} như sau"
    )
    if not c.statistics:
        return _paragraphs(compliance, opening + ".")
    opening += (
        " (số liệu là tổng của các đơn vị đã báo cáo; đơn vị chưa có số liệu không tính là 0, "
        "số đơn vị có số liệu ghi kèm từng chỉ số):"
    )
    return _paragraphs(compliance, opening, *_statistics_blocks(c))


def _statistics_blocks(c: Consolidated) -> list[str]:
    blocks, section, lines = [], None, []
    parts: dict[int, list] = {}
    for line in c.statistics:
        if line.is_part:
            parts.setdefault(line.item.pk, []).append(line)
    for line in c.statistics:
        if line.is_part:
            continue
        if line.item.section != section:
            if lines:
                blocks.append("\n".join(lines))
            section, lines = line.item.section, []
            blocks.append(f"{_bare_heading(section)}:")
        lines.append(_statistic_line(line, parts.get(line.item.pk, [])))
    if lines:
        blocks.append("\n".join(lines))
    return blocks


def _bare_heading(section: str) -> str:
    """ "I. Tình hình hoạt động mại dâm" -> "Tình hình hoạt động mại dâm" (the draft numbers its own)."""
    head, dot, rest = section.partition(". ")
    return rest if dot and head.strip().isupper() and head.strip().isalpha() else section


def _statistic_line(line, parts) -> str:
    cell, item = line.cells[0], line.item
    unit = item.unit
    no_answer = ""
    if cell.no_answer:
        no_answer = (
            f"; {cell.no_answer} đơn vị {str(NoAnswer.NO_DATA.label).lower()} "
            f"hoặc {str(NoAnswer.NOT_APPLICABLE.label).lower()}"
        )
    if not cell.covered:
        return f"- {line.label}: chưa có đơn vị nào báo cáo số liệu (0/{cell.expected} đơn vị){no_answer}."
    if not item.is_additive:
        return (
            f"- {line.label}: {cell.covered}/{cell.expected} đơn vị có số ước tính "
            f"(không cộng thành số toàn quốc){no_answer}."
        )
    of_which = [
        f"{p.label[0].lower()}{p.label[1:]} {number(p.cells[0].total)}" for p in parts if p.cells[0].total is not None
    ]
    detail = f", trong đó {', '.join(of_which)}" if of_which else ""
    return f"- {line.label}: {number(cell.total)} {unit}{detail} ({cell.coverage_text}{no_answer})."


# -- II. results ----------------------------------------------------------------------------------


def results(c: Consolidated) -> str:
    """Per task group: how many agencies reported on it, its tasks' states, the figures that belong to it."""
    progress = group_progress([s.report.pk for s in c.counted_submissions])
    figures = {f.target.code: f for f in c.figures}
    terms = {}
    if c.period.is_end_of_term:  # the term's table: the whole term, and the last year's national figure
        figures = {row.target.code: last for row in c.term if (last := _latest(row)) is not None}
        terms = {row.target.code: row.total for row in c.term}
    group_figures = synthesis_data().figures
    labels = dict(TaskStatus.choices)
    blocks = []
    for group, sections in c.groups:
        blocks.append(f"{group.code}. {group.title}")
        found = progress.get(group.pk)
        tasks = len(sections)
        if found is None:
            blocks.append(f"Chưa có cơ quan, địa phương nào báo cáo tiến độ các nhiệm vụ của nhóm ({tasks} nhiệm vụ).")
        else:
            states = ", ".join(
                f"{found.counts[s]} {str(labels[s]).lower()}" for s in STATUS_ORDER if found.counts.get(s)
            )
            who = f"Có {found.agencies} cơ quan, địa phương{_split(found)} báo cáo tiến độ"
            if tasks == 1:
                text = f"{who} nhiệm vụ: {states}."
            else:
                pairs = sum(found.counts.values())
                text = f"{who} {tasks} nhiệm vụ của nhóm, với {pairs} lượt báo cáo nhiệm vụ: {states}."
            silent = [s.task.code for s in sections if not s.reported]
            if silent and tasks > 1:
                text += f" Nhiệm vụ {', '.join(silent)} chưa có cơ quan, địa phương nào báo cáo tiến độ."
            blocks.append(text)
        lines = [
            _figure_line(figures[code], c.period, terms.get(code))
            for code in group_figures.get(group.code, ())
            if code in figures and figures[code].value is not None  # a missing one is in the assessment
        ]
        if lines:
            blocks.append("\n".join(lines))
    if not blocks:
        return "Kỳ báo cáo này không có nhiệm vụ nào của Kế hoạch."
    return _paragraphs(*blocks)


def _split(found) -> str:
    """ " (5 bộ, ngành, cơ quan trung ương và 12 tỉnh, thành phố)" when both kinds reported."""
    if found.central and found.provinces:
        return f" ({found.central} bộ, ngành, cơ quan trung ương và {found.provinces} tỉnh, thành phố)"
    return ""


def _latest(row) -> NationalFigure | None:
    figures = [f for _year, f in row.years if f is not None and f.value is not None]
    return figures[-1] if figures else None


def _value_text(f: NationalFigure) -> str:
    """ "82,7% (5.234/6.330)", "+4,2% (130 so với 125 vụ)", "chưa có số liệu"."""
    if f.value is None:
        return "chưa có số liệu"
    if f.target.measure == Target.Measure.YOY_CHANGE:
        return (
            f"{signed_percent(f.value)} ({number(f.numerator)} vụ so với {number(f.denominator)} vụ cùng kỳ năm trước)"
        )
    pair = f" ({number(f.numerator)}/{number(f.denominator)})" if f.numerator is not None else ""
    return f"{percent(f.value, -1)}{pair}"


def _figure_line(f: NationalFigure, asked: ReportingPeriod, term=None) -> str:
    """One target's national figure; in the end-of-term review the whole term first (the term table's
    own value, ``TermFigure.total``), then its latest year."""
    value = f"{_value_text(f)}; số liệu của {f.coverage_text}"
    if f.period.pk != asked.pk:
        value = f"năm {f.period.year} là {value}"
        if term is not None and term.percent is not None and f.target.measure != Target.Measure.YOY_CHANGE:
            whole = f"{percent(term.percent, -1)} ({number(term.numerator)}/{number(term.denominator)})"
            value = f"cả giai đoạn {whole}; {value}"
    return (
        f"- Chỉ tiêu {f.target.code} ({_lower_first(f.target.short_name)}): {value}; "
        f"mục tiêu: {_lower_first(f.target.document_threshold_text)}."
    )


def _lower_first(text: str) -> str:
    # Keep acronyms and names ("HIV", "Bộ") as written: only a plain capitalised word is lowered.
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].islower():
        return text[0].lower() + text[1:]
    return text


# -- assessment -----------------------------------------------------------------------------------


def assessment(c: Consolidated) -> str:
    """The targets by status, with their figures: what was achieved, what was not, what cannot be judged."""
    if c.period.is_end_of_term:
        figures = [last for row in c.term if (last := _latest(row)) is not None]
        unjudged = [row.target for row in c.term if _latest(row) is None]
        scope = f"theo số liệu năm gần nhất của {period_words(c.period)}"
    else:
        figures = [f for f in c.figures if f.status != NO_DATA]
        unjudged = [f.target for f in c.figures if f.status == NO_DATA]
        scope = f"theo số liệu {period_words(c.period)}"
    by_status: dict[str, list[NationalFigure]] = {}
    for f in figures:
        by_status.setdefault(f.status, []).append(f)
    total = len(figures) + len(unjudged)
    if not total:
        return "Kỳ báo cáo này không có chỉ tiêu nào của Kế hoạch."
    counts = [
        (len(by_status[s]), str(STATUS_LABELS[s]).lower())
        for s in (MET, ON_TRACK, OFF_TRACK, INSUFFICIENT)
        if by_status.get(s)
    ]
    if unjudged:
        counts.append((len(unjudged), str(STATUS_LABELS[NO_DATA]).lower()))
    if len(counts) == 1:
        tally = f"cả {total} chỉ tiêu đều {counts[0][1]}"
    else:
        tally = f"trong {total} chỉ tiêu có " + ", ".join(f"{n} chỉ tiêu {label}" for n, label in counts)
    if not figures:
        return f"Đối chiếu với mục tiêu của Kế hoạch, {scope}, {tally}."
    blocks = [
        f"Đối chiếu với mục tiêu của Kế hoạch, {scope}, {tally}. "
        f"Chỉ tiêu có số liệu của dưới {settings.INDICATOR_MIN_COVERAGE_PERCENT}% số đơn vị phải báo cáo "
        "được ghi là chưa đủ số liệu để đánh giá."
    ]
    sections = (
        ((MET, ON_TRACK), "Các chỉ tiêu đạt hoặc đúng hướng:"),
        ((OFF_TRACK,), "Các chỉ tiêu chưa đạt:"),
        ((INSUFFICIENT,), "Các chỉ tiêu chưa đủ số liệu để đánh giá:"),
    )
    for statuses, heading in sections[:2]:
        rows = sorted((f for s in statuses for f in by_status.get(s, [])), key=lambda f: f.target.position)
        if rows:
            blocks += [heading, "\n".join(_assessed_line(f, c.period) for f in rows)]
    blocks += _insufficient_blocks(by_status.get(INSUFFICIENT, []), sections[2][1])
    if unjudged:
        codes = ", ".join(t.code for t in sorted(unjudged, key=lambda t: t.position))
        blocks.append(f"Chỉ tiêu {codes} chưa có số liệu trong kỳ.")
    return _paragraphs(*blocks)


def _assessed_line(f: NationalFigure, asked: ReportingPeriod) -> str:
    target = f.target
    goal = _lower_first(target.document_threshold_text)
    if f.status == INSUFFICIENT:
        verdict = f"số liệu mới có của {f.coverage_text}, chưa đủ để đánh giá so với mục tiêu {goal}"
    elif f.status == MET:
        verdict = f"đạt mục tiêu {goal}"
    elif f.status == ON_TRACK:
        path = f", mức cần đạt đến kỳ này {percent(f.path_value, -1)}" if f.path_value is not None else ""
        verdict = f"đúng hướng để đạt mục tiêu {goal}{path}"
    else:
        verdict = f"chưa đạt mục tiêu {goal}"
    year = f" năm {f.period.year}" if f.period.pk != asked.pk else ""
    return f"- Chỉ tiêu {target.code} ({_lower_first(target.short_name)}){year}: {_value_text(f)}, {verdict}."


def _insufficient_blocks(figures: list[NationalFigure], heading: str) -> list[str]:
    """Targets not judged for want of data, by coverage; then what their figures say so far (the
    target's own ``is_met``), as an indication, not a verdict."""
    if not figures:
        return []
    figures = sorted(figures, key=lambda f: f.target.position)
    by_coverage: dict[str, list[str]] = {}
    for f in figures:
        by_coverage.setdefault(f.coverage_text, []).append(f.target.code)
    lines = [
        f"- Chỉ tiêu {', '.join(codes)}: số liệu mới có của {coverage}." for coverage, codes in by_coverage.items()
    ]
    # A share of provinces is judged over every expected province: its "so far" says nothing (target 4
    # at 12/12 is not "every province has a plan" while 22 have not answered).
    shares = {f.target.pk for f in figures if f.target.measure == Target.Measure.YES_NO_SHARE}
    above = [f.target.code for f in figures if f.met and f.target.pk not in shares]
    below = [f.target.code for f in figures if f.met is False]
    so_far = []
    if above:
        so_far.append(f"chỉ tiêu {', '.join(above)} ở mức đạt mục tiêu")
    if below:
        so_far.append(f"chỉ tiêu {', '.join(below)} thấp hơn mục tiêu")
    blocks = [heading, "\n".join(lines)]
    if so_far:
        blocks.append(f"Theo số liệu đã có (chưa đủ để kết luận cho cả nước): {'; '.join(so_far)}.")
    return blocks
