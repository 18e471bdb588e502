"""The draft's plain markup, the one reading of it: paragraphs separated by a blank line, and list
items as lines that begin with "- ". No HTML from users: every text is escaped, whatever it holds."""

from dataclasses import dataclass

from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

BULLET = "- "


@dataclass(frozen=True)
class Block:
    kind: str  # "p" (a paragraph, its lines joined by a space) or "ul" (a list)
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
            result.append(Block("p", (" ".join(paragraph),)))
        if items:
            result.append(Block("ul", tuple(items)))
    return result


def to_html(text: str) -> SafeString:
    """``<p>``s and ``<ul class="draft">``s, every word of the text escaped."""
    parts = []
    for block in blocks(text):
        if block.kind == "p":
            parts.append(f"<p>{escape(block.items[0])}</p>")
        else:
            items = format_html_join("", "<li>- {}</li>", ((item,) for item in block.items))
            parts.append(f'<ul class="draft">{items}</ul>')
    return mark_safe("\n".join(parts))  # noqa: S308 - every piece of text above went through escape
