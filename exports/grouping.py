"""Many reports' free texts made into a few lines: each point once, with the agencies that raised it.

The consolidated report's limitations, causes, lessons, directions and proposals (``exports.synthesis``)
read like a ministry's summary, not one bullet per report:

- each report's text is split into its points: its lines, bullets ("-", "+", "•", "1.", "a)") and
  sentences; a lead-in ("Khó khăn:") and an empty answer ("Không có.") are not points;
- the same point from several agencies is one line: texts equal once case, tone marks and punctuation
  are set aside, or near-identical (``SequenceMatcher`` ratio of their words ≥ ``NEAR``);
- each line names its agencies, bodies first then provinces, each in Vietnamese alphabetical order,
  at most ``NAMES_SHOWN`` names and then "và N địa phương khác";
- a group keeps its ``LINES_SHOWN`` points raised by most agencies; the others make one line "Một số
  ý kiến khác …" naming their agencies (their own words stay in the agencies' reports and the annex);
- lines are grouped by theme (``fixtures/themes808.yaml``: a point goes to the theme whose keywords
  it holds most, tone-insensitively); when most points fit no theme, by kind of agency instead.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from agencies.collation import search_key, vn_sort_key
from agencies.models import Agency
from plan808.text import nfc
from reporting.obligations import PROVINCIAL_KINDS

THEMES_FILE = Path(settings.BASE_DIR) / "fixtures" / "themes808.yaml"
NEAR = 0.85  # two points whose words match this much are one point
FLAT_UP_TO = 5  # this many points or fewer: one list in the themes' order, without headings
LINES_SHOWN = 5  # points of a group written out; more make one "other opinions" line
NAMES_SHOWN = 6  # names after a point before "và N … khác" (all of them when only one more)
# a), b), … đ), e), g): Vietnamese documents letter their items in the Vietnamese alphabet (no f, j, w, z).
LETTERS = (
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
)

_BULLET = re.compile(r"^\s*(?:[-+•*–—·]+\s*|\(?\d{1,2}[.)]\s+|\(?[a-zđ]\)\s+)", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE_END = re.compile(r"([.!?…])\s+")
# A period after these does not end a sentence ("TP. Hồ Chí Minh", "v.v. Các …").
_ABBREVIATIONS = {
    "tp",
    "tx",
    "tt",
    "q",
    "p",
    "ths",
    "ts",
    "pgs",
    "gs",
    "bs",
    "v.v",
    "vv",
    "st",
    "nxb",
    "đ/c",
    "ô",
    "bà",
}
_NOT_A_POINT = re.compile(
    r"^(không|chưa)( có)?( ý kiến| ý kiến gì| gì| đề xuất| kiến nghị| đề xuất, kiến nghị| khó khăn| vướng mắc"
    r"| khó khăn, vướng mắc| hạn chế| bài học)?$"
)


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    keywords: tuple[str, ...]  # as written, lower case (NFC)


@dataclass
class Point:
    """One point as the report will print it, with every agency that raised it (in the order met)."""

    text: str
    agencies: list[Agency] = field(default_factory=list)
    words: tuple[str, ...] = ()
    variants: dict[str, int] = field(default_factory=dict)  # each wording met -> how many times

    def add(self, agency: Agency, text: str) -> None:
        if all(a.pk != agency.pk for a in self.agencies):
            self.agencies.append(agency)
        self.variants[text] = self.variants.get(text, 0) + 1
        # the wording most agencies used (the first one met on a tie)
        self.text = max(self.variants, key=lambda t: (self.variants[t], -list(self.variants).index(t)))

    @property
    def line(self) -> str:
        return f"- {self.text} ({agency_names(self.agencies)})."


@dataclass(frozen=True)
class Synthesis:
    themes: tuple[Theme, ...]
    figures: dict[str, tuple[str, ...]]  # task group code -> target codes its results cite


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Synthesis:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    themes = tuple(
        Theme(
            key=str(t["key"]),
            label=nfc(str(t["label"])),
            keywords=tuple(nfc(str(k)).casefold() for k in t.get("keywords") or []),
        )
        for t in data.get("themes") or []
    )
    figures = {str(code): tuple(str(c) for c in codes) for code, codes in (data.get("figures") or {}).items()}
    return Synthesis(themes=themes, figures=figures)


def synthesis_data(path: Path | None = None) -> Synthesis:
    """The themes and the group figures of ``fixtures/themes808.yaml`` (read again when the file changes)."""
    path = path or THEMES_FILE
    return _load(str(path), path.stat().st_mtime)


# -- points -------------------------------------------------------------------------------------


def split_points(text: str) -> list[str]:
    """A report's text as its points: lines, bullets and sentences, without bullets, lead-ins or "Không có"."""
    points = []
    lines = [_BULLET.sub("", line).strip() for line in nfc(text or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        if line.endswith(":") and index + 1 < len(lines):
            continue  # "Một số khó khăn như sau:" introduces the points, it is not one
        for sentence in _sentences(line):
            sentence = sentence.strip().rstrip(".;,:!…").strip()
            if not sentence or _NOT_A_POINT.match(sentence.casefold()):
                continue
            points.append(sentence[0].upper() + sentence[1:])
    return points


def _sentences(line: str) -> list[str]:
    parts, start = [], 0
    for found in _SENTENCE_END.finditer(line):
        after = line[found.end() : found.end() + 1]
        before = line[start : found.start()].rsplit(" ", 1)[-1].casefold().rstrip(".")
        if not after.isupper() or (found.group(1) == "." and before in _ABBREVIATIONS) or len(before) == 1:
            continue
        parts.append(line[start : found.start() + 1])
        start = found.end()
    parts.append(line[start:])
    return parts


def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` without case, tone marks or punctuation: what "the same point" compares."""
    return tuple(_PUNCTUATION.sub(" ", search_key(text)).split())


def merge_points(entries: Iterable[tuple[Agency, str]]) -> list[Point]:
    """Every point of every (agency, text), the same or near-identical ones merged; most agencies first."""
    merged: list[Point] = []
    exact: dict[tuple[str, ...], Point] = {}
    for agency, text in entries:
        for sentence in split_points(text):
            words = words_of(sentence)
            if not words:
                continue
            point = exact.get(words) or _near(merged, words)
            if point is None:
                point = Point(text=sentence, words=words)
                merged.append(point)
            exact.setdefault(words, point)
            point.add(agency, sentence)
    order = {id(p): i for i, p in enumerate(merged)}
    return sorted(merged, key=lambda p: (-len(p.agencies), order[id(p)]))


def _near(points: Sequence[Point], words: tuple[str, ...]) -> Point | None:
    for point in points:
        shorter, longer = sorted((len(point.words), len(words)))
        if shorter < NEAR * longer:
            continue  # the ratio cannot reach NEAR
        matcher = SequenceMatcher(None, point.words, words, autojunk=False)
        if matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
            return point
    return None


# -- themes -------------------------------------------------------------------------------------


def theme_of(text: str, themes: Sequence[Theme]) -> Theme:
    """The theme whose keywords ``text`` holds most: a keyword as written counts 2, the same word
    without tone marks 1 ("kinh phi" still finds "kinh phí"); a tie goes to the earlier theme, no
    keyword at all to the last one."""
    written = " " + " ".join(_PUNCTUATION.sub(" ", nfc(text).casefold()).split()) + " "
    folded = " " + " ".join(words_of(text)) + " "
    best, best_score = themes[-1], 0
    for theme in themes:
        score = 0
        for keyword in theme.keywords:
            if f" {keyword} " in written:
                score += 2
            elif " " + " ".join(words_of(keyword)) + " " in folded:
                score += 1
        if score > best_score:
            best, best_score = theme, score
    return best


# -- names --------------------------------------------------------------------------------------


# A bare "Hồ Chí Minh" names the President, not the city: lists write the city "TP. Hồ Chí Minh".
_CITY_PREFIXED = {"Hồ Chí Minh"}


def _sort_name(agency: Agency) -> str:
    return agency.province_name if agency.kind in PROVINCIAL_KINDS and agency.province_name else agency.name


def agency_name(agency: Agency) -> str:
    """A province by its bare name ("Hà Nội", "TP. Hồ Chí Minh"), a body by its full name ("Bộ Công an")."""
    name = _sort_name(agency)
    return f"TP. {name}" if agency.kind in PROVINCIAL_KINDS and name in _CITY_PREFIXED else name


def agency_names(agencies: Iterable[Agency]) -> str:
    """ "Bộ Công an, Hà Nội, Đà Nẵng": bodies then provinces, each in Vietnamese alphabetical order.

    Beyond ``NAMES_SHOWN + 1`` agencies, ``NAMES_SHOWN`` are named (half of them bodies and half
    provinces when both kinds are there, so that neither disappears) and the others counted: "và 12
    địa phương khác", "và 3 cơ quan, 9 địa phương khác". Names are separated by ";" when one holds
    a comma ("Bộ Văn hóa, Thể thao và Du lịch")."""
    unique = {a.pk: a for a in agencies}.values()
    central = sorted((a for a in unique if a.kind not in PROVINCIAL_KINDS), key=lambda a: vn_sort_key(_sort_name(a)))
    provinces = sorted((a for a in unique if a.kind in PROVINCIAL_KINDS), key=lambda a: vn_sort_key(_sort_name(a)))
    if len(central) + len(provinces) <= NAMES_SHOWN + 1:
        shown_central, shown_provinces = central, provinces
    else:
        n_central = min(len(central), max(NAMES_SHOWN // 2, NAMES_SHOWN - len(provinces)))
        shown_central, shown_provinces = central[:n_central], provinces[: NAMES_SHOWN - n_central]
    names = [agency_name(a) for a in (*shown_central, *shown_provinces)]
    joined = ("; " if any("," in name for name in names) else ", ").join(names)
    others = [
        f"{n} {kind}"
        for n, kind in (
            (len(central) - len(shown_central), "cơ quan"),
            (len(provinces) - len(shown_provinces), "địa phương"),
        )
        if n
    ]
    return f"{joined} và {', '.join(others)} khác" if others else joined


# -- a grouped section ----------------------------------------------------------------------------


@dataclass
class Grouped:
    """A section's points under their headings ("" for a single group); ``by_kind`` when the themes
    did not fit and the points are grouped by kind of agency instead."""

    groups: list[tuple[str, list[Point]]]
    by_kind: bool = False

    @property
    def points(self) -> int:
        return sum(len(points) for _heading, points in self.groups)


def group_points(points: list[Point], themes: Sequence[Theme]) -> Grouped:
    """``points`` by theme, in the themes' order; by kind of agency when more than half fit no theme."""
    if not points:
        return Grouped(groups=[])
    by_theme: dict[str, list[Point]] = {}
    for point in points:
        by_theme.setdefault(theme_of(point.text, themes).key, []).append(point)
    unthemed = len(by_theme.get(themes[-1].key, [])) if not themes[-1].keywords else 0
    if unthemed * 2 > len(points):
        central = [p for p in points if any(a.kind not in PROVINCIAL_KINDS for a in p.agencies)]
        local = [p for p in points if all(a.kind in PROVINCIAL_KINDS for a in p.agencies)]
        if central and local:
            return Grouped(
                groups=[
                    ("Các bộ, ngành, cơ quan trung ương", _capped(central, "Một số ý kiến khác của các bộ, ngành")),
                    ("Các địa phương", _capped(local, "Một số ý kiến khác của các địa phương")),
                ],
                by_kind=True,
            )
    groups = [(theme.label, by_theme[theme.key]) for theme in themes if theme.key in by_theme]
    if len(groups) == 1 or len(points) <= FLAT_UP_TO:
        return Grouped(groups=[("", _capped(points, "Một số ý kiến khác"))])  # most agencies first
    return Grouped(
        groups=[(f"Về {label}", _capped(group, f"Một số ý kiến khác về {label}")) for label, group in groups]
    )


def _capped(points: list[Point], others: str) -> list[Point]:
    """The ``LINES_SHOWN`` points most agencies raised, then one line for the rest (when two or more)."""
    if len(points) <= LINES_SHOWN + 1:
        return points
    rest = Point(text=others)
    for point in points[LINES_SHOWN:]:
        for agency in point.agencies:
            if all(a.pk != agency.pk for a in rest.agencies):
                rest.agencies.append(agency)
    return [*points[:LINES_SHOWN], rest]


def grouped_text(
    entries: list[tuple[Agency, str]], *, intro: str, empty: str, themes: Sequence[Theme] | None = None
) -> str:
    """The section in the draft markup: ``intro``, then lettered headings with their "- " lines;
    ``empty`` when no report raised anything."""
    themes = themes if themes is not None else synthesis_data().themes
    grouped = group_points(merge_points(entries), themes)
    if not grouped.points:
        return empty
    blocks = [intro]
    lettered = len(grouped.groups) > 1
    for index, (heading, points) in enumerate(grouped.groups):
        if lettered:
            blocks.append(f"{LETTERS[index]}) {heading}:")
        blocks.append("\n".join(p.line for p in points))
    return "\n\n".join(blocks)
