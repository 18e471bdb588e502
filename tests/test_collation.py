"""Vietnamese alphabetical order (agencies/collation.py) and the agency directory that relies on it."""

import re
import unicodedata

import pytest
from django.urls import reverse

from agencies.collation import vn_sort_key


def vn_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=vn_sort_key)


def test_d_with_stroke_comes_after_every_d():
    assert vn_sorted(["Đà Nẵng", "Dân", "Eo", "Điện Biên", "Dương"]) == ["Dân", "Dương", "Đà Nẵng", "Điện Biên", "Eo"]


def test_ca_mau_comes_before_cao_bang_because_words_compare_one_by_one():
    assert vn_sorted(["Cao Bằng", "Cần Thơ", "Cà Mau"]) == ["Cà Mau", "Cao Bằng", "Cần Thơ"]


def test_tones_order_a_a_huyen_hoi_nga_sac_nang():
    assert vn_sorted(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert vn_sorted(["mạ", "má", "mã", "mả", "mà", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_a_tone_only_breaks_ties_between_the_same_letters():
    # "Hạ Long" sorts by its letters (h a l), before "Hà Nam" (h a n), whatever the tones.
    assert vn_sorted(["Hà Nam", "Hạ Long"]) == ["Hạ Long", "Hà Nam"]


def test_breve_and_circumflex_make_letters_of_their_own():
    assert vn_sorted(["Ân", "Bà", "Ăn", "An"]) == ["An", "Ăn", "Ân", "Bà"]
    assert vn_sorted(["Ơn", "Ôn", "On"]) == ["On", "Ôn", "Ơn"]
    assert vn_sorted(["Ưng", "Uông", "Vân"]) == ["Uông", "Ưng", "Vân"]
    assert vn_sorted(["Bắc Giang", "Bạc Liêu", "Bà Rịa - Vũng Tàu"]) == ["Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang"]


def test_case_and_unicode_composition_do_not_change_the_order():
    composed, decomposed = "Đắk Lắk", unicodedata.normalize("NFD", "Đắk Lắk")
    assert vn_sort_key(composed)[:2] == vn_sort_key(decomposed)[:2]
    assert vn_sort_key("ủy ban")[:2] == vn_sort_key("Ủy ban")[:2]
    assert vn_sorted(["Ủy ban", "Văn phòng", "Bộ Y tế"]) == ["Bộ Y tế", "Ủy ban", "Văn phòng"]


# The 63 provinces of 2022 as a Vietnamese reader lists them (written by hand, not computed).
PROVINCES_IN_ORDER = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre", "Bình Dương",
    "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng",
    "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]  # fmt: skip


def test_the_key_orders_the_63_provinces_as_a_reader_expects():
    assert vn_sorted(list(reversed(PROVINCES_IN_ORDER))) == PROVINCES_IN_ORDER


def _section(html: str, kind: str) -> str:
    return re.search(rf'<section id="{kind}".*?</section>', html, re.S).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["provincial_committee", "provincial_dolisa"])
def test_the_directory_lists_the_provinces_in_vietnamese_order(client, reviewer, kind):
    client.force_login(reviewer)
    html = client.get(reverse("agency-directory")).content.decode()
    names = re.findall(r'data-province="([^"]+)"', _section(html, kind))
    assert names == PROVINCES_IN_ORDER


@pytest.mark.django_db
def test_the_directory_lists_ministries_in_vietnamese_order(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("agency-directory")).content.decode()
    names = re.findall(r'<a href="/co-quan/[^"]+/">([^<]+)</a>', _section(html, "ministry"))
    assert names == vn_sorted(names)
    assert names.index("Bộ Y tế") > names.index("Bộ Văn hóa, Thể thao và Du lịch") > names.index("Bộ Công an")
    assert names[-1] == "Ủy ban Dân tộc"
