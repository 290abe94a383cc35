import pytest
from django.core.exceptions import ValidationError

from dwarsverbinder.people.pseudonyms import bsn_pseudonym, clean_bsn


def test_valid_bsn_gives_a_stable_keyed_pseudonym(settings):
    first = bsn_pseudonym("111222333")
    assert first == bsn_pseudonym("111 222 333")
    assert len(first) == 64 and "111222333" not in first
    settings.PSEUDONYM_KEY = "another-key"
    assert bsn_pseudonym("111222333") != first


@pytest.mark.parametrize("value", ["123456789", "12345678a", "1112223334", "", "000000000"])
def test_invalid_bsn_fails_the_11_proef(value):
    with pytest.raises(ValidationError) as exc:
        clean_bsn(value)
    assert exc.value.code == "invalid_bsn"


def test_bsn_with_leading_zero_dropped_is_accepted():
    assert clean_bsn("10000008") == "010000008"
    assert bsn_pseudonym("10000008") == bsn_pseudonym("010000008")
