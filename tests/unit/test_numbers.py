"""The one number parser of the command language: ASCII digits only, bounded, the range in every error."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.commands import MAX_ID, check_line, parse_number, parse_time, valid_text
from bot.core.errors import InvalidInput


@pytest.mark.parametrize("text, expected", [("12", 12), ("#12", 12), (" 7 ", 7), ("007", 7), ("1", 1)])
def test_plain_ascii_numbers_within_the_range_are_read(text, expected):
    assert parse_number(text, "id", 1, 100) == expected


@pytest.mark.parametrize("text", ["²", "٣", "１２", "Ⅻ", "-1", "+1", "1e3", "1_000", "1.0", "0x10", "twelve"])
def test_anything_but_ascii_digits_is_refused_with_the_range(text):
    with pytest.raises(InvalidInput, match=r"`id` must be a whole number from 1 to 100, written with"):
        parse_number(text, "id", 1, 100)


def test_a_huge_number_is_refused_without_converting_it():
    with pytest.raises(InvalidInput, match=r"to 9,007,199,254,740,991; 999999999999… \(50,000 digits\)"):
        parse_number("9" * 50_000, "id", 1, MAX_ID)  # int() of this many digits would raise ValueError


def test_numbers_just_outside_the_range_name_the_range():
    with pytest.raises(InvalidInput, match=r"`hour` must be from 0 to 23; 24 is out of range"):
        parse_number("24", "hour", 0, 23)
    with pytest.raises(InvalidInput, match=r"`id` must be from 1 to 100; 0 is out of range"):
        parse_number("0", "id", 1, 100)
    with pytest.raises(InvalidInput, match=r"`id` needs a whole number from 1 to 100"):
        parse_number("", "id", 1, 100)


def test_setup_times_take_ascii_digits_only_and_never_overflow():
    assert parse_time("17:30") == time(17, 30)
    assert parse_time("0930") == time(9, 30)
    for odd in ("99999999999999999999", "9:99999999999999999999", "²:00", "٠٩:٠٠", "24:00"):
        with pytest.raises(InvalidInput, match=r"is not a time \(.*\); use 24-hour HH:MM"):
            parse_time(odd)


def test_lines_over_8000_characters_are_refused_and_undecodable_bytes_become_readable():
    with pytest.raises(InvalidInput, match=r"8,001 characters long; the limit is 8,000"):
        check_line("x" * 8001)
    assert check_line("x" * 8000) == "x" * 8000
    assert valid_text("caf\udcc3\udca9 \udcff") == "café \ufffd"  # bytes re-decoded or replaced
    assert valid_text("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert valid_text("plain ✓") == "plain ✓"
