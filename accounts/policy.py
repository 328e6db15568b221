"""Who may do what: a person's site-wide flags, and the one error model of the workflows.

Reading is decided by `accounts.scoping` (`visible_to`, `get_object_for_user`). Writing starts
here: `access_for(user)` gives the flags of the person's role, and each app's policy module
(`rectification.policy`, `indicators.policy`, `reports.policy`) builds the flags of one object
from them. Views hand those flags to templates, templates only read them (the site-wide ones are
`access` in every template), and the menu asks the same policies.

The three administrators (三员分立, MLPS 2.0) work outside the business pages: what each may
use of the admin site is `ADMIN_PERMISSIONS` (read by accounts.backends and the admin site), and
`BUSINESS_NAMESPACES` are the apps none of them opens (accounts.middleware refuses them).

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
    business: bool  # opens the business pages (bureau or unit people); no administrator does
    sys_admin: bool  # 系统管理员: creates accounts, keeps units, regions and lists (admin site)
    sec_admin: bool  # 安全管理员: roles, scopes, password resets, unlocking, idle accounts
    audit_admin: bool  # 审计管理员: reads and exports the audit trail, nothing else
    admin_site: bool  # uses the admin site (the pages ADMIN_PERMISSIONS opens to the role)
    enter_figures: bool  # 数据填报: unit people and staff
    issue: bool  # 定稿: staff and leaders
    add_entries: bool  # 工作条目: staff write them, unit people propose them


# What each administrator may do on the admin site, model by model (app_label.model: actions).
# The superuser (installation only) has every permission; nobody else uses the admin site.
# 系统管理员 creates accounts (identity and first password, role 待授权) and keeps the base data:
# regions, units, medical communities and the lists. 安全管理员 gives accounts their role and
# scope, enables or disables them, resets passwords and unlocks (axes' lockouts). The field-level
# split of the user form is in accounts/admin.py (SYSTEM_FIELDS, SECURITY_FIELDS).
ADMIN_PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    Role.SYS_ADMIN: {
        "accounts.user": frozenset({"view", "add", "change"}),
        "units.region": frozenset({"view", "add", "change"}),
        "units.unit": frozenset({"view", "add", "change"}),
        "units.medicalcommunity": frozenset({"view", "add", "change"}),
        "rectification.source": frozenset({"view", "add", "change"}),
        "rectification.category": frozenset({"view", "add", "change"}),
        "reports.workfield": frozenset({"view", "add", "change"}),
        "indicators.indicator": frozenset({"view", "add", "change"}),
    },
    Role.SEC_ADMIN: {
        "accounts.user": frozenset({"view", "change"}),
        # Deleting a lockout record is how axes unlocks an account.
        "axes.accessattempt": frozenset({"view", "delete"}),
    },
    # 审计管理员: the audit page only (audit.policy.may_read_audit), no admin site.
}

# The apps (URL namespaces) of business pages: scoped data that only bureau and unit people open.
BUSINESS_NAMESPACES = frozenset(
    {"units", "rectification", "indicators", "reports", "imports", "core"}
)


def admin_permission(user: User, app_label: str, model: str, action: str) -> bool:
    """Whether an administrator's role allows `action` (view, add, change, delete) on a model."""
    if not user.is_active:
        return False
    return action in ADMIN_PERMISSIONS.get(user.role, {}).get(f"{app_label}.{model}", frozenset())


def uses_admin_app(user: User, app_label: str) -> bool:
    return user.is_active and any(
        key.startswith(f"{app_label}.") for key in ADMIN_PERMISSIONS.get(user.role, {})
    )


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
        business=bureau or unit,
        sys_admin=user.role == Role.SYS_ADMIN,
        sec_admin=user.role == Role.SEC_ADMIN,
        audit_admin=user.role == Role.AUDIT_ADMIN,
        admin_site=user.is_superuser or user.role in ADMIN_PERMISSIONS,
        enter_figures=unit or write,
        issue=bureau and (write or user.role == Role.LEADER),
        add_entries=write or unit,
    )


def acts_for_unit(user: User, unit_id: int | None) -> bool:
    """Whether the person is one of that unit's people."""
    return user.is_unit_person and unit_id is not None and user.unit_id == unit_id
