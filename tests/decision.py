"""The text of Decision 808/QĐ-LĐTBXH, cut into the parts the tests compare the loaded plan with.

``tests/data/qd-808-LDTBXH-2022.txt`` is the seed file of the decision, byte for byte. The parser is
deliberately dumb (line prefixes the decision itself uses), so that a test failing here points at a
difference between the plan file and the text, not at a clever parser.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DECISION_FILE = Path(__file__).resolve().parent / "data" / "qd-808-LDTBXH-2022.txt"

ACTIVITIES = "a) Nội dung hoạt động:"
RESPONSIBILITIES = "b) Trách nhiệm thực hiện:"
LEAD = "- Cơ quan chủ trì:"
PARTNERS = "- Cơ quan phối hợp:"
TIMEFRAME = "c) Thời gian thực hiện:"


def norm(text: str) -> str:
    """Whitespace collapsed: the seed file has tabs and double spaces that carry no meaning."""
    return " ".join(str(text).split())


@dataclass
class TaskText:
    code: str
    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def activities(self) -> list[str]:
        """The bullets under "a) Nội dung hoạt động:" (1.6 writes its one activity on the same line)."""
        start = next(i for i, line in enumerate(self.lines) if line.startswith(ACTIVITIES))
        end = self.lines.index(RESPONSIBILITIES)
        inline = self.lines[start][len(ACTIVITIES) :].strip()
        bullets = [line.removeprefix("- ") for line in self.lines[start + 1 : end]]
        return ([inline] if inline else []) + bullets

    def _after(self, prefix: str) -> str:
        line = next(line for line in self.lines if line.startswith(prefix))
        return line[len(prefix) :].strip()

    @property
    def lead_line(self) -> str:
        return self._after(LEAD)

    @property
    def partner_line(self) -> str:
        return self._after(PARTNERS)

    @property
    def timeframe(self) -> str:
        return self._after(TIMEFRAME).removesuffix(".")


@cache
def text() -> str:
    return DECISION_FILE.read_text(encoding="utf-8")


@cache
def _lines() -> list[str]:
    return [line.strip() for line in text().splitlines()]


@cache
def groups() -> dict[str, str]:
    """Group code -> title, from the numbered headings of section III."""
    return {block.code: block.title for block in _section_three() if "." not in block.code}


@cache
def tasks() -> dict[str, TaskText]:
    """Task code -> its block of section III; groups 5, 6 and 7, which have no sub-tasks, are their own task."""
    blocks = _section_three()
    codes = [block.code for block in blocks]
    return {
        block.code: block
        for block in blocks
        if "." in block.code or not any(other.startswith(block.code + ".") for other in codes)
    }


@cache
def _section_three() -> list[TaskText]:
    """Every numbered heading of section III ("1." a group, "1.1." a task) with the lines under it."""
    lines = _lines()
    start, end = lines.index("III. KẾ HOẠCH THỰC HIỆN"), lines.index("IV. KINH PHÍ THỰC HIỆN")
    blocks: list[TaskText] = []
    for line in lines[start + 1 : end]:
        if match := re.match(r"^(\d(?:\.\d)?)\. (.+)$", line):
            blocks.append(TaskText(match[1], match[2]))
        else:
            blocks[-1].lines.append(line)
    return blocks


@cache
def indicator_bullets() -> list[str]:
    """The bullets of II.2 "Các chỉ tiêu cụ thể", in order."""
    lines = _lines()
    start, end = lines.index("2. Các chỉ tiêu cụ thể"), lines.index("III. KẾ HOẠCH THỰC HIỆN")
    return [line.removeprefix("- ") for line in lines[start + 1 : end]]


@cache
def distribution_list() -> dict[int, str]:
    """Stt -> name, from the table "DANH SÁCH GỬI ..." at the end (items 1-53)."""
    lines = _lines()
    start = lines.index("DANH SÁCH")
    cells = [line for line in lines[start:] if line]
    items: dict[int, str] = {}
    for i, cell in enumerate(cells[:-1]):
        if cell.isdigit():
            items[int(cell)] = cells[i + 1]
    return items
