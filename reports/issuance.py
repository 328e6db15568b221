"""定稿: freezing a generated document as issued.

`issue` is the one way an `IssuedReport` is made — by the preview page and by
`manage.py issue_report` alike. It renders the document as the record stands, then, in one
transaction holding the region's row lock, checks what is current, supersedes it (a reason is
required) and stores the new issue. The lock makes a double click or two people at once wait
for each other; the `issuedreport_one_current` constraint is the backstop.
"""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from reports import documents
from reports.models import IssueChannel, IssuedReport
from reports.policy import may_issue
from units.models import Region

NUMBER_PREFIX = "DG"
# Any current issue will do (the command); a view passes what its page showed instead.
ANY = object()


class IssueError(Exception):
    """Why a document cannot be issued now, in words for the person who asked."""


def issue(
    kind: str,
    year: int,
    region: Region,
    *,
    user: User | None,
    note: str = "",
    as_of: datetime.date,
    replacing: str | None | object = ANY,
    period: str = "",
) -> IssuedReport:
    """Issue the document of (kind, year, region) as the record stands on `as_of`; a 整改通报
    is chosen by `period` (see `reports.documents.render`).

    `user` is None for a management command. `replacing` is the number of the current issue
    the person saw ("" or None: none); if another issue became current meanwhile, nothing is
    stored, so a double click cannot issue twice.
    """
    note = note.strip()
    if user is not None:
        if not may_issue(user):
            raise PermissionDenied("只有局机关工作人员和局领导可以定稿。")
        if not Region.objects.visible_to(user).filter(pk=region.pk).exists():
            raise PermissionDenied("该区划不在您的管辖范围内。")
    rendered = documents.render(kind, year, region, as_of=as_of, period=period)
    year, period = rendered.year, rendered.period
    rendered.workpaper  # noqa: B018  written now, not while holding the region's lock
    try:
        with transaction.atomic():
            # Issues of one region wait for each other here (a no-op on SQLite, whose writes
            # are serialised anyway; the unique constraint catches the rest).
            Region.objects.select_for_update().get(pk=region.pk)
            current = current_issue(kind, year, region, period)
            _check_current(current, replacing, note)
            if current is not None:
                IssuedReport.objects.filter(pk=current.pk).update(current=False)
            return _store(rendered, region, current, user=user, note=note, as_of=as_of)
    except IntegrityError:
        # Someone else's issue of the same document went in between the check and the insert.
        raise IssueError(_taken_message(current_issue(kind, year, region, period))) from None


def current_issue(kind: str, year: int, region: Region, period: str = "") -> IssuedReport | None:
    """The current issue of a document, without its stored files."""
    return (
        IssuedReport.objects.current()
        .of(kind, year, region, period)
        .defer("docx", "workpaper", "facts", "figures")
        .select_related("issued_by")
        .first()
    )


def _check_current(current: IssuedReport | None, replacing, note: str) -> None:
    if replacing is not ANY and (replacing or None) != (current.number if current else None):
        raise IssueError(_taken_message(current))
    if current is not None and not note:
        raise IssueError(
            f"该文件已有定稿（{current.number}），重新定稿将替代它，请填写重新定稿的原因。"
        )


def _taken_message(current: IssuedReport | None) -> str:
    if current is None:
        return "该文件的定稿刚刚发生了变化，请刷新页面后再操作。"
    when = timezone.localtime(current.issued_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"该文件刚刚已定稿（{current.number}，{current.issuer}，{when}），本次未重复定稿。"
        "如需替代它，请刷新页面后填写原因再定稿。"
    )


def _store(
    rendered: documents.RenderedDocument,
    region: Region,
    current: IssuedReport | None,
    *,
    user: User | None,
    note: str,
    as_of: datetime.date,
) -> IssuedReport:
    issued_at = timezone.now()
    prefix = f"{NUMBER_PREFIX}-{timezone.localtime(issued_at).year}-"
    # Numbers run per calendar year of issue, like a 文号. Two regions issuing at the same
    # moment may draw the same number: the unique constraint refuses one, which draws again.
    for _attempt in range(5):
        number = f"{prefix}{_next_serial(prefix):04d}"
        try:
            with transaction.atomic():
                report = IssuedReport(
                    number=number,
                    kind=rendered.kind,
                    year=rendered.year,
                    region=region,
                    period=rendered.period,
                    title=rendered.title,
                    file_name=rendered.file_name,
                    workpaper_name=rendered.workpaper_name,
                    docx=rendered.docx,
                    workpaper=rendered.workpaper,
                    sha256=hashlib.sha256(rendered.docx).hexdigest(),
                    facts=rendered.facts,
                    figures=rendered.figures_json(),
                    as_of=as_of,
                    issued_by=user,
                    channel=IssueChannel.WEB if user is not None else IssueChannel.COMMAND,
                    issued_at=issued_at,
                    note=note,
                    supersedes=current,
                )
                report.save()
                return report
        except IntegrityError:
            if not IssuedReport.objects.filter(number=number).exists():
                raise
    raise IssueError("定稿编号分配冲突，请稍后再试。")


def _next_serial(prefix: str) -> int:
    last = (
        IssuedReport.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return int(last.removeprefix(prefix)) + 1 if last else 1
