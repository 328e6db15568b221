"""The one place that decides who may see and who may change what.

Every scoped model has a QuerySet with `visible_to(user)`. Detail views fetch through
`get_object_for_user` (outside the scope: 404, so outsiders learn nothing) and views that change
data through `get_object_for_writer` (in scope but read-only role: 403).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet, TextChoices
from django.db.models.signals import post_delete, post_save
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from accounts.models import User
    from units.models import Region

READ_ONLY_MESSAGE = "您的角色只能查看，不能修改这些数据。"


def _scoped(model_or_queryset: type[Model] | QuerySet, user: User) -> QuerySet:
    if isinstance(model_or_queryset, QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    # Every scoped model's QuerySet has visible_to (most through ScopedQuerySet).
    return queryset.visible_to(user)  # type: ignore[attr-defined]


def get_object_for_user(
    model_or_queryset: type[Model] | QuerySet, user: User, **lookup: Any
) -> Any:
    """The object if `user` may see it, else 404."""
    return get_object_or_404(_scoped(model_or_queryset, user), **lookup)


def require_writer(user: User) -> None:
    if not user.can_write:
        raise PermissionDenied(READ_ONLY_MESSAGE)


def get_object_for_writer(
    model_or_queryset: type[Model] | QuerySet, user: User, **lookup: Any
) -> Any:
    """The object if `user` may see and change it: 404 outside the scope, 403 if read-only."""
    obj = get_object_for_user(model_or_queryset, user, **lookup)
    require_writer(user)
    return obj


def writer_required(view: Callable) -> Callable:
    """For views that create data in the user's scope (no object to fetch yet)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_writer(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def bureau_required(view: Callable) -> Callable:
    """For pages only bureau people use (region tree, imports, documents)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_bureau:
            raise PermissionDenied("此页面仅供局机关人员使用。")
        return view(request, *args, **kwargs)

    return wrapped


def security_admin_required(view: Callable) -> Callable:
    """For the 安全管理员's pages (accounts, unlocking; the same rule as the 系统管理 menu)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from accounts.policy import access_for

        if not (access_for(request.user).sec_admin or request.user.is_superuser):
            raise PermissionDenied("此页面仅供安全管理员使用。")
        return view(request, *args, **kwargs)

    return wrapped


_M = TypeVar("_M", bound=Model)


class ScopedQuerySet(QuerySet[_M, _M]):
    """`visible_to(user)` for a model placed in the region tree and, usually, at a unit.

    Subclasses name the lookup paths that lead to the row's place:
    - `region_path_lookup`: the path of the model's region ("region__path",
      "unit__region__path"), which bureau people filter on by subtree; a tuple when a row sits
      either at a region or at a unit (any of them in the subtree will do);
    - `unit_lookup`: the field equal to a unit person's unit ("unit_id", "pk"), or None when
      unit people see none of these rows;
    - `inherited_region_lookup`: for rows that apply to every place below their region (targets),
      the field holding that region's id: such rows at the regions above the user's region (or
      above and at a unit person's region) are visible too.
    Variants that need more than a lookup path override `region_scope` and `unit_scope`.
    """

    region_path_lookup: str | tuple[str, ...] = "region__path"
    unit_lookup: str | None = "unit_id"
    inherited_region_lookup: str | None = None

    def region_scope(self, region: Region) -> Q:
        """Rows in the region's subtree."""
        lookups = self.region_path_lookup
        if isinstance(lookups, str):
            lookups = (lookups,)
        q = Q()
        for lookup in lookups:
            q |= Q(**{f"{lookup}__startswith": region.path})
        if self.inherited_region_lookup:
            q |= Q(**{f"{self.inherited_region_lookup}__in": _ancestor_ids(region, itself=False)})
        return q

    def unit_scope(self, user: User) -> Q:
        """Rows of the unit person's unit (only called when `unit_lookup` is set)."""
        assert self.unit_lookup is not None
        q = Q(**{self.unit_lookup: user.unit_id})
        if self.inherited_region_lookup and user.unit is not None:
            q |= Q(**{f"{self.inherited_region_lookup}__in": _ancestor_ids(user.unit.region)})
        return q

    def visible_to(self, user: User) -> Self:
        scope, _pk = scope_key(user)
        if scope == Scope.ALL:
            return self
        if scope == Scope.REGION:
            assert user.region is not None
            if region_is_everything(user.region):
                # A province (or city) bureau at the only root: filtering on the path would
                # join every row to its unit and region to keep them all.
                return self
            return self.filter(self.region_scope(user.region))
        if scope == Scope.UNIT and self.unit_lookup:
            return self.filter(self.unit_scope(user))
        return self.none()


class Scope(TextChoices):
    """Whose rows a person sees."""

    ALL = "all", "全部"
    REGION = "region", "本区划及下级"
    UNIT = "unit", "本单位"
    NONE = "none", "无"


def scope_key(user: User) -> tuple[str, int | None]:
    """Whose rows the user sees (a `Scope` and the region's or unit's id): the one rule
    `visible_to` applies, and the key of the remembered figures everyone in a scope shares."""
    if user.sees_everything:
        return (Scope.ALL, None)
    if user.is_bureau and user.region_id is not None:
        return (Scope.REGION, user.region_id)
    if user.is_unit_person and user.unit_id is not None:
        return (Scope.UNIT, user.unit_id)
    return (Scope.NONE, None)


def _ancestor_ids(region: Region, *, itself: bool = True) -> list[int]:
    """Ids of the regions above `region` (and the region itself), read from its path."""
    ids = [int(pk) for pk in region.path.strip("/").split("/") if pk]
    return ids if itself else ids[:-1]


# The ids of the root regions, and when they were read: a person at the only root sees
# everything, and visible_to then adds no filter. Read once per process and kept for
# ROOTS_TTL seconds; this process's region saves and deletes read them again at once (so tests
# and the region pages see their own changes); another process's new root is seen after the TTL.
ROOTS_TTL = 60.0
_roots: tuple[float, frozenset[int]] | None = None


def _read_roots() -> frozenset[int]:
    global _roots
    # By name, as User.region names it: accounts stands below units (test_layers).
    region_model = apps.get_model("units", "Region")
    ids = frozenset(region_model._default_manager.filter(parent=None).values_list("pk", flat=True))
    _roots = (time.monotonic(), ids)
    return ids


def region_is_everything(region: Region) -> bool:
    """Whether `region` is the root of the only tree, so that its subtree is every row."""
    if region.parent_id is not None:
        return False
    cached = _roots
    if cached is None or time.monotonic() - cached[0] > ROOTS_TTL:
        roots = _read_roots()
    else:
        roots = cached[1]
    return roots == {region.pk}


def _regions_changed(**kwargs: Any) -> None:
    _read_roots()


post_save.connect(_regions_changed, sender="units.Region", dispatch_uid="scoping_roots_save")
post_delete.connect(_regions_changed, sender="units.Region", dispatch_uid="scoping_roots_delete")
