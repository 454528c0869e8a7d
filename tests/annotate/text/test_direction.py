"""Which way a language is written (annotate.text.direction)."""

import pytest

from annotate.text import direction as text_direction


@pytest.mark.parametrize(
    ("code", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"),
                            ("fr", "ltr"), ("zh", "ltr"), ("", "ltr"),
                            ("ar_EG", "rtl"), ("arabic", "ltr"), (None, "ltr")]
)  # fmt: skip
def test_direction(code: str, direction: str) -> None:
    assert text_direction.direction(code) == direction
