"""Who may do what with a place's (a unit's or a region's) figures of a year: the one place
that decides it. The workflow (indicators.workflow) checks these before every operation; the
views fetch a place through `place_for_user` and hand `actions(...)` to the templates, which only
read the flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from accounts.models import Role, User
from accounts.policy import NotAllowed, access_for
from accounts.scoping import get_object_for_user
from indicators.models import ValueStatus
from units.models import Region, Unit

if TYPE_CHECKING:
    from indicators.workflow import PlaceState

Place = Unit | Region


# --- who may do what ---------------------------------------------------------------------------


def may_enter(user: User, place: Place) -> bool:
    """Unit people enter their own unit's figures; staff enter any place in their scope."""
    if user.can_write:
        return True
    return isinstance(place, Unit) and user.is_unit_person and user.unit_id == place.pk


def _is_bureau_writer(user: User) -> bool:
    return user.can_write and user.is_bureau


def submits_itself(unit: Unit) -> bool:
    """Whether the unit has someone to submit its figures: an active 单位负责人 account.

    A clerk (单位填报员) prepares figures but does not submit them, so a unit with only clerks
    relies on the bureau to submit like a unit with no account at all.
    """
    return User.objects.filter(unit=unit, role=Role.UNIT_HEAD, is_active=True).exists()


def submits_on_behalf(user: User, place: Place) -> bool:
    """Whether `user` may submit this unit's figures for it: bureau staff, when the unit cannot."""
    return isinstance(place, Unit) and _is_bureau_writer(user) and not submits_itself(place)


def may_submit(user: User, place: Place) -> bool:
    """The unit head answers for the unit's figures (a clerk prepares them); staff submit a
    region's figures, and a unit's only when the unit has no 单位负责人 account."""
    if isinstance(place, Region):
        return _is_bureau_writer(user)
    if user.is_unit_person:
        return user.role == Role.UNIT_HEAD and user.unit_id == place.pk
    return submits_on_behalf(user, place)


def submit_refusal(user: User, place: Place) -> str:
    """Why `user` may not submit, in the words the page shows."""
    if isinstance(place, Unit) and _is_bureau_writer(user):
        return f"{place.name}有单位负责人账号，应由单位负责人上报；局机关可以审核或退回。"
    return "只有单位负责人或局机关工作人员可以上报。"


def may_approve(user: User, place: Place) -> bool:
    return _is_bureau_writer(user)


@dataclass(frozen=True)
class Actions:
    """What a user may do with a place's figures of a year in their present state."""

    enter: bool
    submit: bool
    approve: bool
    reopen: bool
    on_behalf: bool  # the submit is the bureau's, for a unit without a 单位负责人 account
    awaits_unit: bool  # drafts the unit's own 单位负责人 still has to submit


def actions(user: User, place: Place, state: PlaceState) -> Actions:
    """The page's buttons and notes: decided here, so that templates only read them."""
    approver = may_approve(user, place)
    draft = state.status == ValueStatus.DRAFT
    submit = draft and may_submit(user, place)
    bureau_at = place if isinstance(place, Unit) and user.is_bureau else None  # at a unit
    return Actions(
        enter=may_enter(user, place) and state.status != ValueStatus.APPROVED,
        submit=submit,
        approve=approver and state.status == ValueStatus.SUBMITTED,
        reopen=approver and state.status in (ValueStatus.SUBMITTED, ValueStatus.APPROVED),
        # The bureau submits a unit's figures only for a unit that cannot (see may_submit).
        on_behalf=submit and bureau_at is not None,
        awaits_unit=draft and not submit and bureau_at is not None and submits_itself(bureau_at),
    )


def may_open_entry(user: User, unit: Unit) -> bool:
    """The unit's entry page (填报与审核): bureau people and the unit's own people."""
    return user.is_bureau or user.unit_id == unit.pk


def place_for_user(user: User, kind: str, pk: int) -> Place:
    """A unit (404 outside the scope) or a region; a region's figures are the bureau's (403)."""
    if kind == "unit":
        unit: Unit = get_object_for_user(Unit.objects.select_related("region"), user, pk=pk)
        return unit
    if not access_for(user).bureau:
        raise NotAllowed("区划的指标由局机关工作人员填报。")
    region: Region = get_object_for_user(Region, user, pk=pk)
    return region
