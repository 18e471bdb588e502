"""Before and after of a draft's section, line by line (difflib), as the history page shows it."""

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    op: str  # "same", "removed" or "added"
    text: str


OPS = {" ": "same", "-": "removed", "+": "added"}


def diff_lines(before: str, after: str) -> list[DiffLine]:
    """Every line of ``before`` and ``after`` in order, each marked kept, removed or added."""
    rows = difflib.ndiff((before or "").splitlines(), (after or "").splitlines())
    return [DiffLine(OPS[row[0]], row[2:]) for row in rows if row[:1] in OPS]
