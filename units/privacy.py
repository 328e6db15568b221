"""Who reads a unit's contact details in full (个人信息保护法): its own people and the bureau people
whose scope holds it. Everyone else who sees the unit sees the phone masked. Pages (the
`phone_for` filter) and exports (units.importer.export_units) ask this one function."""

from __future__ import annotations

from accounts.models import User
from healthreport.lib.privacy import mask_phone
from units.models import Unit


def reads_contacts(user: User | None, unit: Unit) -> bool:
    """None is the operator at the command line (manage.py), who reads the whole database."""
    if user is None or user.sees_everything:
        return True
    if user.is_unit_person:
        return user.unit_id == unit.pk
    if user.is_bureau and user.region is not None:
        return unit.region.path.startswith(user.region.path)
    return False


def phone_for(user: User | None, unit: Unit) -> str:
    """The unit's phone as `user` may read it: in full within their scope, else masked."""
    return unit.phone if reads_contacts(user, unit) else mask_phone(unit.phone)
