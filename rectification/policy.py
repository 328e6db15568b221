"""Who may do what with a problem, an inspection or a sanction: the one place that decides it.

Reading is `visible_to` (accounts.scoping); these functions add what a person may change. The
workflow asks `may` before every transition, the views fetch through `problem_for_user` and
friends, which return the object with its flags, and templates only read the flags.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from accounts.policy import access_for, acts_for_unit
from accounts.scoping import get_object_for_user
from rectification.models import UNIT_STATES, ExtensionStatus, Inspection, Problem, Sanction, Status


def of_unit(user: User, problem: Problem) -> bool:
    """One of the people of the problem's unit."""
    return acts_for_unit(user, problem.unit_id)


def may(who: str, user: User, problem: Problem) -> bool:
    """Whether the person is `who` of a workflow rule: "head" (the unit's 单位负责人),
    "writer" (bureau staff), "unit_or_writer" (the unit's people or bureau staff)."""
    if who == "head":
        return access_for(user).unit_head and of_unit(user, problem)
    if who == "writer":
        return writes(user)
    return of_unit(user, problem) or writes(user)


def may_upload(user: User, problem: Problem) -> bool:
    """Evidence: the unit's people and bureau staff (the problem in scope, still open)."""
    return of_unit(user, problem) or writes(user)


def may_request_extension(user: User, problem: Problem) -> bool:
    return of_unit(user, problem)


def writes(user: User) -> bool:
    """Bureau staff: register inspections, issue and edit problems, decide extensions, close,
    return and cancel, record, correct and void sanctions, import the ledger."""
    return user.can_write


def may_decide_extension(user: User) -> bool:
    return writes(user)


@dataclass(frozen=True)
class ProblemAccess:
    actions: tuple[str, ...]  # workflow actions offered (role and state)
    edit: bool  # change the problem's details
    upload: bool  # add evidence
    extend: bool  # ask for a later deadline
    decide_extension: bool  # approve or refuse a pending extension
    sanction: bool  # record sanctions, correct or void them
    see_inspection: bool  # the inspection's page is a bureau page
    clerk_hint: bool  # a 单位填报员 is told to ask the unit head to submit


def problem_access(user: User, problem: Problem, *, pending_extension: bool) -> ProblemAccess:
    from rectification.workflow import allowed_actions

    site = access_for(user)
    return ProblemAccess(
        actions=tuple(allowed_actions(problem, user)),
        edit=writes(user) and problem.is_open,
        upload=problem.is_open and may_upload(user, problem),
        extend=may_request_extension(user, problem)
        and problem.status in UNIT_STATES
        and not pending_extension,
        decide_extension=may_decide_extension(user),
        sanction=writes(user),
        see_inspection=site.bureau,
        clerk_hint=site.unit_clerk and problem.status == Status.IN_PROGRESS,
    )


def problem_for_user(user: User, queryset, pk: int) -> tuple[Problem, ProblemAccess]:
    """The problem (404 outside the scope) and what the person may do with it."""
    problem: Problem = get_object_for_user(queryset.prefetch_related("extensions"), user, pk=pk)
    pending = any(e.status == ExtensionStatus.PENDING for e in problem.extensions.all())
    return problem, problem_access(user, problem, pending_extension=pending)


@dataclass(frozen=True)
class InspectionAccess:
    edit: bool  # change the inspection's details (its organising bureau's staff)
    add_problems: bool


def inspection_for_user(user: User, queryset, pk: int) -> tuple[Inspection, InspectionAccess]:
    inspection: Inspection = get_object_for_user(queryset, user, pk=pk)
    return inspection, InspectionAccess(
        edit=may_edit_inspection(user, inspection), add_problems=writes(user)
    )


def may_edit_inspection(user: User, inspection: Inspection) -> bool:
    """Only the organising bureau (or one above it) changes an inspection's record: a county
    sees a city inspection that found problems in the county, but cannot rename it."""
    if not writes(user):
        return False
    return Inspection.objects.organised_by(user).filter(pk=inspection.pk).exists()


def sanction_access(user: User, sanction: Sanction) -> bool:
    """Whether the person may correct or void this sanction."""
    return writes(user) and not sanction.is_void
