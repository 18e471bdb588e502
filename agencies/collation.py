"""Vietnamese alphabetical order: Đ after D, Ă and Â after A, tone marks after the base letter.

Python sorts by code point, which puts "Đà Nẵng" after "Yên Bái" and "Ủy ban" after "Vụ". The
key below follows the Vietnamese dictionary order: letters first (a ă â b c d đ e ê g h i k l m n
o ô ơ p q r s t u ư v x y), then tones (ngang, huyền, hỏi, ngã, sắc, nặng) as a tie-break.
"""

import unicodedata
from functools import lru_cache

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
# Marks that make a new letter (ă â ê ô ơ ư) versus marks that only carry the tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=32768)
def vn_sort_key(text: str) -> tuple:
    """A key for ``sorted`` that orders Vietnamese names as Vietnamese readers expect.

    Remembered per name (a pure function of the text): a page listing thousands of units sorts
    them again on every request, and the names change seldom.
    """
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.casefold()):
        if char in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[char]
            continue
        if char in _LETTER_MARKS and letters:
            base = _ALPHABET[letters[-1][1]] if letters[-1][0] == 1 else ""
            composed = unicodedata.normalize("NFC", base + char)
            if composed in _LETTER_RANK:
                letters[-1] = (1, _LETTER_RANK[composed])
            continue
        if char in _LETTER_RANK:
            letters.append((1, _LETTER_RANK[char]))
        elif char.isspace():
            letters.append((0, 0))  # word by word: "Cà Mau" before "Cao Bằng"
        else:
            letters.append((2 if char.isdigit() else 0, ord(char)))
        tones.append(0)
    return (tuple(letters), tuple(tones), text)


@lru_cache(maxsize=32768)
def search_key(text: str) -> str:
    """``text`` folded for a search box: lower case, without tone or letter marks, đ as d.

    "ha noi", "Hà Nội" and "HÀ NỘI" all find "Hà Nội"; what a reader types without a Vietnamese
    keyboard still finds the name.
    """
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(char for char in folded if not unicodedata.combining(char)).split())
