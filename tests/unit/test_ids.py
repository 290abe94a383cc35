"""Ids from query strings and forms: only ASCII digits that fit a 64-bit key."""

import pytest

from dwarsverbinder.utils.ids import as_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("", None), (None, None), ("abc", None), ("-3", None),
     ("²", None), ("１２", None), ("9" * 18, int("9" * 18)), ("9" * 19, None)],
)  # fmt: skip
def test_as_id(value, expected):
    assert as_id(value) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/status-episodes/?person=" + "9" * 25,
        "/api/v1/openings/?employer=" + "9" * 25,
        "/api/v1/employer-contacts/?employer=" + "9" * 25,
        "/api/v1/status-episodes/?person=²",
    ],
)
def test_an_impossible_id_in_an_api_filter_is_a_400_not_a_500(client, world, url):
    client.force_login(world.coach)
    assert client.get(url).status_code == 400


def test_a_kvk_number_in_other_digits_is_refused():
    from django.core.exceptions import ValidationError

    from dwarsverbinder.employers.validators import validate_kvk, validate_postcode

    with pytest.raises(ValidationError):
        validate_kvk("１２３４５６７８")
    with pytest.raises(ValidationError):
        validate_postcode("４００１ AB")
    validate_kvk("12345678")
