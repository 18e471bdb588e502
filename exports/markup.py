"""The draft's plain markup, the one reading of it: paragraphs separated by a blank line, list items
as lines that begin with "- ", and headings as a paragraph of one line numbered as Vietnamese documents
number their parts ("1. …", "2.3. …" in bold, "a) …" in bold italics) without a closing full stop (a colon may close it: "a) Về kinh phí:").
No HTML from users: every text is escaped, whatever it holds."""

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

BULLET = "- "
NUMBERED = re.compile(r"^\d+(\.\d+)*\.\s+\S")
LETTERED = re.compile(r"^[a-zđ]\)\s+\S")
HEADING_MAX = 300  # characters: a longer line is a paragraph that happens to start with a number


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (a paragraph, its lines joined by a space), "h" / "h2" (numbered / lettered heading) or "ul"
    items: tuple[str, ...]


def blocks(text: str) -> list[Block]:
    """The paragraphs and lists of ``text`` in order; a list item's following lines continue it."""
    result: list[Block] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith(BULLET) or line == "-":
                if paragraph:
                    result.append(Block("p", (" ".join(paragraph),)))
                    paragraph = []
                items.append(line[len(BULLET) :].strip())
            elif items:
                items[-1] = f"{items[-1]} {line}"
            else:
                paragraph.append(line)
        if paragraph:
            result.append(_paragraph(paragraph, alone=len(lines) == len(paragraph) == 1))
        if items:
            result.append(Block("ul", tuple(items)))
    return result


def _paragraph(lines: list[str], *, alone: bool) -> Block:
    """A paragraph, or a heading when it is one numbered line on its own without a closing full stop (a colon may close it: "a) Về kinh phí:")."""
    text = " ".join(lines)
    if alone and len(text) <= HEADING_MAX and not text.endswith((".", ";")):
        if NUMBERED.match(text):
            return Block("h", (text,))
        if LETTERED.match(text):
            return Block("h2", (text,))
    return Block("p", (text,))


def to_html(text: str) -> SafeString:
    """``<p>``s (headings with their class) and ``<ul class="draft">``s, every word of the text escaped."""
    parts = []
    for block in blocks(text):
        if block.kind == "p":
            parts.append(f"<p>{escape(block.items[0])}</p>")
        elif block.kind in ("h", "h2"):
            parts.append(f'<p class="draft-{block.kind}">{escape(block.items[0])}</p>')
        else:
            items = format_html_join("", "<li>- {}</li>", ((item,) for item in block.items))
            parts.append(f'<ul class="draft">{items}</ul>')
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece of text above went through escape
