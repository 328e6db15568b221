"""The branches of the region tree, whose figures are remembered one by one and merged.

A province's figures cost a pass over a year's 200,000 problems or two million values, and every
write makes them stale. The writes that lie in one place of the tree (problems, sanctions, values,
inspections, units) move only their branches' versions (healthreport/lib/remembered.py,
BRANCHED), so the whole tree's figures are kept per branch and added up: after a write in one
county, only that county's are computed again. A branch is a root's child with everything below
it, or a root's own units.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import models
from django.db.models import Case, F, Q, When

from healthreport.lib.remembered import active, branch_of, remember_branches
from units.models import Region

T = TypeVar("T")


def tree_branches() -> dict[str, tuple[Region, bool]]:
    """{branch: (its region, whether the branch is that region's own units only)}: each root
    (own) and each root's child (with its subtree)."""
    return {
        branch_of(region.path): (region, region.parent_id is None)
        for region in Region.objects.filter(Q(parent=None) | Q(parent__parent=None))
    }


def only_root() -> Region | None:
    """The root of the tree when there is one (a city's or a province's bureau), else None: the
    region whose remembered figures `warm_figures` computes ahead of its readers."""
    roots = list(Region.objects.filter(parent=None)[:2])
    return roots[0] if len(roots) == 1 else None


def branch_region(region: str) -> Case:
    """SQL for the id of the region whose branch the region at `region` (a lookup, such as
    "unit__region") lies in, so that one query can group a tree's rows by branch: the region
    itself when it is a root (its own units) or a root's child, else its parent. Regions are
    three levels deep at most (RegionLevel: a township has no sub-regions). Ids, not
    `branch_of` paths: a province's year is 200,000 rows, and cutting each row's path costs
    more than all its counts."""
    return Case(
        When(**{f"{region}__parent__parent__isnull": True}, then=F(f"{region}_id")),
        default=F(f"{region}__parent_id"),
        output_field=models.IntegerField(),
    )


def branch_key(name: str, region: Region, own: bool, *arguments: Hashable) -> tuple[Hashable, ...]:
    """The key a branch's aggregate is remembered under: a child's is the one its own pages use
    (`name`, its id, the arguments), so that a county's page and the merge share it."""
    return (f"{name}_own" if own else name, region.pk, *arguments)


def merged_over_branches(
    model: type[models.Model],
    records: str,
    name: str,
    arguments: tuple[Hashable, ...],
    compute: Callable[[Region, bool], T],
    *,
    every: bool = False,
    compute_together: Callable[[dict[str, tuple[Region, bool]]], dict[str, T]] | None = None,
) -> list[T] | None:
    """Every branch's `compute(region, own)`, each remembered under its branch's version and
    `branch_key(name, region, own, *arguments)`. When many are missing, `compute_together(
    {branch: (region, own)})` computes them in one pass grouped by `branch_region`; without
    it, None (as when nothing is remembered): the caller then makes one pass over the whole."""
    if not active(model):
        return None  # inside a transaction, or off: not even the regions are read
    branches = tree_branches()
    parts = remember_branches(
        model,
        records,
        {
            branch: branch_key(name, region, own, *arguments)
            for branch, (region, own) in branches.items()
        },
        lambda branch: compute(*branches[branch]),
        every=every,
        compute_together=(
            None
            if compute_together is None
            else lambda missing: compute_together({branch: branches[branch] for branch in missing})
        ),
    )
    return None if parts is None else list(parts.values())
