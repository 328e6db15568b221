"""The core tests reuse the rectification tests' problems and photos (core tells people about
them: tests/core/test_notify.py, test_notifications.py)."""

from tests.rectification.conftest import (  # noqa: F401  (fixtures)
    deadline,
    inspection,
    major_a,
    problem_a,
    staff2,
    with_photo,
)
