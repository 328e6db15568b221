"""Who may do what: a person's site-wide flags, and the one error model of the workflows.

Reading is decided by `accounts.scoping` (`visible_to`, `get_object_for_user`). Writing starts
here: `access_for(user)` gives the flags of the person's role, and each app's policy module
(`rectification.policy`, `indicators.policy`, `reports.policy`) builds the flags of one object
from them. Views hand those flags to templates, templates only read them (the site-wide ones are
`access` in every template), and the menu asks the same policies.

Both workflows (problems and indicator values) refuse with `WorkflowError`; `NotAllowed`, its
subclass for a role or scope that does not allow the action at all, is also a PermissionDenied
(403). Views hand a refusal to `refuse`: NotAllowed becomes the 403, any other a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from accounts.models import Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


class WorkflowError(Exception):
    """A refusal with a message in Chinese for the person who tried; nothing was changed."""

    status_code = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError, PermissionDenied):
    """The person's role or scope does not allow the action at all (shown as 403)."""

    status_code = 403


def refuse(request: HttpRequest, error: WorkflowError, prefix: str = "") -> None:
    """What every view does with a refusal: NotAllowed is the 403, another one a message."""
    if isinstance(error, NotAllowed):
        raise error
    messages.error(request, f"{prefix}{error.message}")


@dataclass(frozen=True)
class Access:
    """What a person's role allows across the site (each object's policy narrows it)."""

    bureau: bool  # a bureau person: region tree, inspections, statistics, documents
    write: bool  # enters and changes data in the scope (staff, administrators); leaders read
    unit: bool  # acts for one unit
    unit_id: int | None
    unit_head: bool  # 单位负责人: submits the unit's figures, asks to close its problems
    unit_clerk: bool  # 单位填报员
    leader: bool
    admin: bool  # system administration (users, lists)
    enter_figures: bool  # 数据填报: unit people and staff
    issue: bool  # 定稿: staff and leaders
    add_entries: bool  # 工作条目: staff write them, unit people propose them


def access_for(user: User) -> Access:
    bureau = user.is_bureau
    write = user.can_write
    unit = user.is_unit_person
    return Access(
        bureau=bureau,
        write=write,
        unit=unit,
        unit_id=user.unit_id if unit else None,
        unit_head=unit and user.role == Role.UNIT_HEAD,
        unit_clerk=unit and user.role == Role.UNIT_CLERK,
        leader=bureau and user.role == Role.LEADER,
        admin=user.is_superuser or user.role == Role.ADMIN,
        enter_figures=unit or write,
        issue=bureau and (write or user.role == Role.LEADER),
        add_entries=write or unit,
    )


def acts_for_unit(user: User, unit_id: int | None) -> bool:
    """Whether the person is one of that unit's people."""
    return user.is_unit_person and unit_id is not None and user.unit_id == unit_id
