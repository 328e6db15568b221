from django.core.management import call_command

from accounts.models import Role, User
from units.credit_code import validate_credit_code
from units.models import MedicalCommunity, Region, Unit, UnitKind


def _counts():
    return (
        Region.objects.count(),
        Unit.objects.count(),
        MedicalCommunity.objects.count(),
        User.objects.count(),
        Unit.history.count(),
    )


def test_it_builds_the_demo_city(db, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "demo12345" in out and "leader" in out and "head" in out
    assert Region.objects.filter(level=2).count() == 3
    assert 35 <= Unit.objects.count() <= 45
    assert MedicalCommunity.objects.count() == 2
    for kind in ["general_hospital", "township_center", "village_clinic", "cdc", "clinic"]:
        assert Unit.objects.filter(kind=kind).exists(), UnitKind(kind).label
    for unit in Unit.objects.all():
        validate_credit_code(unit.credit_code)
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert User.objects.get(username="head").unit.name == "青山县人民医院"


def test_running_it_twice_changes_nothing(db):
    call_command("load_demo")
    before = _counts()
    call_command("load_demo")
    assert _counts() == before
