"""accounts.passwords: complexity, no reuse of the last five, and why a change is required."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.models import PasswordHistory
from accounts.passwords import ComplexityValidator, HistoryValidator, change_reason
from tests.clock import NOW


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password", ["Abcdefg1", "abcdef1!", "ABCDEF1!", "Abcdefg!", "青山县医院Ab12"]
)
def test_three_of_four_classes_pass(password):
    ComplexityValidator().validate(password)


@pytest.mark.parametrize("password", ["abcdefgh", "abcdefg1", "ABCDEFG!", "Ab1!", "12345678"])
def test_too_simple_or_short_is_refused_in_chinese(password):
    with pytest.raises(
        ValidationError, match="至少 8 位，且至少包含大写字母、小写字母、数字、符号中的 3 类"
    ):
        ComplexityValidator().validate(password)


def test_every_validator_speaks_chinese(db):
    assert set(messages_for("12345678")) == {
        "这个密码太常见了。",
        "密码只包含数字。",
        "密码至少 8 位，且至少包含大写字母、小写字母、数字、符号中的 3 类。",
    }
    # Django 5.2 leaves MinimumLengthValidator's refusal in English: it is not used.
    from accounts.models import User

    similar = messages_for("Qingshan-1", User(username="qingshan-1", real_name="x"))
    assert similar == ["密码跟 用户名 太相似了。"]


def test_the_help_text_is_chinese():
    assert "不能与最近 5 次使用过的密码相同" in HistoryValidator().get_help_text()


def test_the_last_five_passwords_are_refused(staff):
    passwords = ["Qs-2026-one", "Qs-2026-two", "Qs-2026-three", "Qs-2026-four", "Qs-2026-five"]
    for password in passwords:
        validate_password(password, staff)
        staff.set_password(password)
        staff.save()
    # The last five (the current one among them) are kept, older ones are forgotten.
    assert PasswordHistory.objects.filter(user=staff).count() == 5
    for password in passwords:
        assert messages_for(password, staff) == ["不能与最近 5 次使用过的密码相同。"]
    assert messages_for("password", staff) != ["不能与最近 5 次使用过的密码相同。"]
    validate_password("Qs-2026-six", staff)


def test_the_current_password_counts_even_without_history(staff):
    PasswordHistory.objects.filter(user=staff).delete()
    staff.set_password("Qs-2026-legacy")
    staff.save()
    PasswordHistory.objects.filter(user=staff).delete()
    assert "不能与最近 5 次使用过的密码相同。" in messages_for("Qs-2026-legacy", staff)


def test_a_new_user_has_no_history_to_check(db):
    from accounts.models import Role, User

    validate_password("Qs-2026-new", User(username="new", role=Role.STAFF))


def test_setting_a_password_starts_its_age(staff):
    assert staff.password_changed_at == NOW
    assert change_reason(staff) is None


def test_an_old_password_must_be_changed(staff, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    staff.password_changed_at = NOW - datetime.timedelta(days=90)
    assert "已超过 90 天未修改" in change_reason(staff)
    staff.password_changed_at = NOW - datetime.timedelta(days=89)
    assert change_reason(staff) is None


def test_an_unknown_age_must_be_changed(staff):
    staff.password_changed_at = None
    assert "已超过 90 天未修改" in change_reason(staff)


def test_zero_days_turns_the_age_rule_off(staff, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    staff.password_changed_at = NOW - datetime.timedelta(days=900)
    assert change_reason(staff) is None


def test_a_password_set_by_an_administrator_must_be_changed(staff):
    staff.must_change_password = True
    assert "首次登录须先修改" in change_reason(staff)


def test_fixture_people_need_not_change(staff, leader, head_a, clerk_a, admin_user):
    assert [change_reason(u) for u in (staff, leader, head_a, clerk_a, admin_user)] == [None] * 5
