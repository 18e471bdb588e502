"""Text as it enters and leaves the portal: one Unicode form, no invisible control characters.

Vietnamese arrives in two Unicode forms: composed (NFC, one code point for "ộ") from most keyboards,
decomposed (NFD, "o" + two combining marks) from macOS and some copy-pastes. Stored in both, the same
words would not match a search and would sort apart, so everything typed is normalised to NFC where
it enters (``NormalizeInputMiddleware`` for forms and query strings, ``api.parsers`` for JSON,
``reporting.validation.parse_text`` for form, API and Excel values alike).

Control characters are invisible, cannot be written to an .xlsx file or a PostgreSQL text column
(NUL), and almost always come from a paste out of a word processor: Word's manual line break is a
vertical tab and its page break a form feed; those two become line breaks, which is what the writer
meant. Any other is refused with its position, never silently dropped, so that what is stored is
what the writer saw.
"""

import re
import unicodedata

# Line breaks other than "\n" that word processors paste: vertical tab, form feed, NEL, LS, PS.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab and line feed, DEL, C1 controls, UTF-16 surrogates and the two non-characters
# that XML 1.0 forbids: none can be stored or exported faithfully.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


class ControlCharacterError(ValueError):
    """Text holding a character that cannot be stored; ``position`` is 1-based, ``code`` like "U+0001"."""

    def __init__(self, position: int, char: str):
        self.position = position
        self.code = f"U+{ord(char):04X}"
        super().__init__(f"control character {self.code} at {position}")


def normalize(text: str) -> str:
    """NFC, and the word processors' line breaks as "\\n"; raises nothing."""
    return _LINE_BREAKS.sub("\n", nfc(text))


def clean(text: str) -> str:
    """``normalize(text)``, or ``ControlCharacterError`` when a control character remains."""
    text = normalize(text)
    found = _FORBIDDEN.search(text)
    if found:
        raise ControlCharacterError(found.start() + 1, found.group())
    return text


def printable(text: str) -> str:
    """Stored text made safe to write to a file: forbidden characters dropped (exports never fail on old rows)."""
    return _FORBIDDEN.sub("", normalize(text))


def is_normalized(text: str) -> bool:
    return text.isascii() or unicodedata.is_normalized("NFC", text)


def has_forbidden(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normalize_data(value):
    """Every string in a parsed JSON document (dict keys too) in NFC; the caller bounds the nesting."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {nfc(k): normalize_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize_data(v) for v in value]
    return value
