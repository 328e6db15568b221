"""The Sanction model: the amount belongs to fines, checked by clean() and by the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from rectification.models import Sanction, SanctionKind
from tests.rectification.conftest import D


def sanction(unit, kind, amount=None, **fields) -> Sanction:
    return Sanction(unit=unit, kind=kind, amount=amount, date=D(2025, 6, 1), **fields)


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        (SanctionKind.FINE, None, "罚款须填写金额（元）。"),
        (SanctionKind.FINE, Decimal("0"), "罚款金额须大于0元。"),
        (SanctionKind.FINE, Decimal("-1"), "罚款金额须大于0元。"),
        (
            SanctionKind.CONFISCATION,
            Decimal("8600"),
            "“没收违法所得”不填金额，只有罚款须填写金额。",
        ),
        (SanctionKind.WARNING, Decimal("0"), "“警告”不填金额，只有罚款须填写金额。"),
    ],
)
def test_clean_explains_a_wrong_amount_on_the_field(unit_a, kind, amount, message):
    with pytest.raises(ValidationError) as error:
        sanction(unit_a, kind, amount).full_clean()
    assert error.value.message_dict == {"amount": [message]}


def test_clean_accepts_a_fine_with_an_amount_and_a_warning_without(unit_a):
    sanction(unit_a, SanctionKind.FINE, Decimal("5000")).full_clean()
    sanction(unit_a, SanctionKind.WARNING).full_clean()


@pytest.mark.parametrize(
    ("kind", "amount", "constraint"),
    [
        (SanctionKind.FINE, None, "sanction_fine_amount_positive"),
        (SanctionKind.FINE, Decimal("0"), "sanction_fine_amount_positive"),
        (SanctionKind.TALK, Decimal("100"), "sanction_amount_only_for_fine"),
    ],
)
def test_the_database_refuses_a_wrong_amount(unit_a, kind, amount, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        sanction(unit_a, kind, amount).save()
    assert not Sanction.objects.exists()


def test_the_database_refuses_a_void_without_a_reason(unit_a):
    with pytest.raises(IntegrityError, match="sanction_void_has_reason"), transaction.atomic():
        sanction(unit_a, SanctionKind.WARNING, voided_at=timezone.now()).save()


def test_in_force_leaves_out_voided_sanctions(unit_a):
    kept = sanction(unit_a, SanctionKind.WARNING)
    kept.save()
    voided = sanction(unit_a, SanctionKind.TALK, voided_at=timezone.now(), void_reason="重复登记")
    voided.save()
    assert list(Sanction.objects.in_force()) == [kept]
    assert Sanction.objects.count() == 2
