"""Privacy masking: first 3 and last 4 digits kept, lengths kept, off when asked."""

from __future__ import annotations

import pytest

from qa_desk.reports.masking import mask_digits, mask_optional, mask_text


@pytest.mark.parametrize(("text", "masked"), [
    ("客户电话13812345678，请回电", "客户电话138****5678，请回电"),
    ("号码 138 1234 5678", "号码 138 **** 5678"),
    ("+86 13812345678", "+86 138****5678"),
    ("8613812345678", "86138****5678"),
    ("身份证11010519491231002X", "身份证110***********002X"),
    ("身份证110105194912310021号", "身份证110***********0021号"),
    ("卡号6222021234567890", "卡号622*********7890"),
    ("卡号6222021234567890123", "卡号622************0123"),
    ("卡号 6222 0212 3456 7890", "卡号 622* **** **** 7890"),
    ("两个号码13812345678和13987654321", "两个号码138****5678和139****4321"),
])
def test_numbers_are_masked(text, masked):
    assert mask_text(text) == masked
    assert len(mask_text(text)) == len(text)  # offsets into quotes stay valid


@pytest.mark.parametrize("text", [
    "工号1024，订单号202611210001",  # 12 digits: not a phone, ID or card
    "座机 0571-88886666",
    "12345678901",  # not a mobile prefix
    "20261121138123456789012",  # 23 digits: no number we mask
    "",
])
def test_other_numbers_are_left_alone(text):
    assert mask_text(text) == text


def test_masking_can_be_turned_off_for_authorised_roles():
    assert mask_text("13812345678", enabled=False) == "13812345678"
    assert mask_optional(None) is None
    assert mask_optional("13812345678") == "138****5678"


def test_mask_digits_keeps_separators():
    assert mask_digits("138-1234-5678") == "138-****-5678"
