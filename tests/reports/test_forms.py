import datetime

from reports.forms import default_year


def test_the_default_year_is_last_year_until_december():
    assert default_year(datetime.date(2026, 1, 10)) == 2025
    assert default_year(datetime.date(2026, 11, 25)) == 2025
    assert default_year(datetime.date(2026, 12, 1)) == 2026
