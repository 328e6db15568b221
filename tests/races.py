"""The other side of a race, made deterministic: a twin saved between a check and the save."""

from collections.abc import Callable
from typing import Any

import pytest


def twin_after_validation(
    monkeypatch: pytest.MonkeyPatch, form_class: type, make_twin: Callable[[], Any]
) -> None:
    """`make_twin` runs once, right after `form_class` has finished validating (validate_unique
    is the last check of a ModelForm), as a second request saving the same record would: the
    form saw no duplicate, the database then refuses the save."""
    check = form_class.validate_unique
    made: list[Any] = []

    def validate_unique(form: Any) -> None:
        check(form)
        if not made:
            made.append(make_twin())

    monkeypatch.setattr(form_class, "validate_unique", validate_unique)
