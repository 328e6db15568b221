"""Inspections, the problems they find and everything that happens to a problem until it is closed.

Status changes never happen here: they go through `rectification.workflow.transition`, which checks
the role, the scope and the preconditions and records a `ProblemEvent` in the same transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from healthreport.lib.terms import DUE_SOON_DAYS, FINAL_REMINDER_DAYS
from units.models import Region

if TYPE_CHECKING:
    from accounts.models import User


class Status(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    SUBMITTED = "submitted", "待验收"
    CLOSED = "closed", "已销号"
    CANCELLED = "cancelled", "已撤销"


# States in which a problem is still on the ledger (not closed off, not withdrawn).
OPEN_STATES = (Status.OPEN, Status.IN_PROGRESS, Status.SUBMITTED)
# States in which the unit still has to act (the deadline runs against it). Overdue problems in
# these states are "逾期待单位整改", a part of 逾期未整改 (which also counts 待验收): a page or
# message that counts them must say so in its label (`ProblemQuerySet.overdue_at_unit`).
UNIT_STATES = (Status.OPEN, Status.IN_PROGRESS)
# 即将到期 (Term.DUE_SOON): open, and the current deadline falls within DUE_SOON_DAYS days from
# today, today included (`due_soon_q`). Pages, badges, reminders read this one.
# The word beside a problem due soon (badges, reminders): the number is the constant's.
DUE_SOON_BADGE = f"{DUE_SOON_DAYS}天内到期"


class Severity(models.TextChoices):
    GENERAL = "general", "一般"
    SERIOUS = "serious", "较重"
    MAJOR = "major", "重大"


class Kind(models.TextChoices):
    IMMEDIATE = "immediate", "立行立改"
    DEADLINE = "deadline", "限期整改"
    LONG_TERM = "long_term", "长期整改"


class ListEntry(models.Model):
    """An entry of a short list the admin keeps (sources, categories): named, ordered, retirable."""

    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Source(ListEntry):
    """问题来源 (暗访, 专项检查…)."""

    class Meta(ListEntry.Meta):
        verbose_name = "问题来源"
        verbose_name_plural = "问题来源"


class Category(ListEntry):
    """问题类别 (医疗质量安全, 院感防控…)."""

    class Meta(ListEntry.Meta):
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"


def _region_q(prefix: str, region: Region) -> Q:
    return Q(**{f"{prefix}region__path__startswith": region.path})


class InspectionQuerySet(ScopedQuerySet["Inspection"]):
    """Bureau people see inspections their bureau organised or that found problems in their
    area; unit people those that found a problem of their unit."""

    def region_scope(self, region: Region) -> Q:
        return Q(region__path__startswith=region.path) | Q(Exists(self._problems_in(region)))

    def unit_scope(self, user: User) -> Q:
        problems = Problem.objects.filter(inspection=OuterRef("pk"), unit=user.unit_id)
        return Q(Exists(problems))

    def organised_by(self, user: User) -> InspectionQuerySet:
        """The inspections the user's bureau (or one below it) organised: those it may edit.

        A county sees a city inspection that found problems in the county, but its record
        belongs to the city bureau.
        """
        if user.sees_everything:
            return self
        if user.is_bureau and user.region_id:
            organised = Q(region__path__startswith=user.region.path)
            if user.region.parent_id is None:
                # No region recorded means the city bureau organised it.
                organised |= Q(region__isnull=True)
            return self.filter(organised)
        return self.none()

    def in_region(self, region: Region) -> InspectionQuerySet:
        """Inspections with at least one problem of a unit in the region's subtree."""
        return self.filter(Exists(self._problems_in(region)))

    @staticmethod
    def _problems_in(region: Region):
        return Problem.objects.filter(
            inspection=OuterRef("pk"), unit__region__path__startswith=region.path
        )


class Inspection(models.Model):
    """One inspection (督查/检查) on one date; it finds any number of problems."""

    source = models.ForeignKey(
        Source, verbose_name="问题来源", on_delete=models.PROTECT, related_name="inspections"
    )
    title = models.CharField("检查名称", max_length=100)
    date = models.DateField("检查日期")
    organiser = models.CharField("组织单位/检查组", max_length=100, blank=True)
    campaign = models.CharField("所属专项行动", max_length=100, blank=True)
    notes = models.TextField("备注", blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name="组织区划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        help_text="组织检查的卫健局所在区划；留空表示市级。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "检查记录"
        verbose_name_plural = "检查记录"
        ordering = ["-date", "-pk"]
        constraints = [
            # The ledger import groups rows into inspections by these three cells.
            models.UniqueConstraint(
                fields=["source", "title", "date"], name="inspection_unique_source_title_date"
            ),
        ]
        indexes = [
            # Year filters of the problem list, the metrics and the ledger export.
            models.Index(fields=["date"], name="inspection_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.date:%Y-%m-%d}）"

    def get_absolute_url(self) -> str:
        return reverse("rectification:inspection_detail", args=[self.pk])


class ProblemQuerySet(ScopedQuerySet):
    region_path_lookup = "unit__region__path"

    def in_region(self, region: Region | None) -> ProblemQuerySet:
        return self if region is None else self.filter(unit__region__path__startswith=region.path)

    def of_year(self, year: int) -> ProblemQuerySet:
        """The problems of a year are those whose inspection date falls in it."""
        start = datetime.date(year, 1, 1)
        return self.filter(
            inspection__date__gte=start, inspection__date__lt=start.replace(year=year + 1)
        )

    def still_open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, today: datetime.date) -> ProblemQuerySet:
        """逾期未整改 (see `overdue_q`)."""
        return self.filter(overdue_q(today))

    def overdue_at_unit(self, today: datetime.date) -> ProblemQuerySet:
        """逾期待单位整改: the overdue problems the unit still has to act on (not 待验收)."""
        return self.overdue(today).filter(status__in=UNIT_STATES)

    def due_soon(self, today: datetime.date) -> ProblemQuerySet:
        """即将到期 (see `due_soon_q`)."""
        return self.filter(due_soon_q(today))

    def due_within(self, days: int, today: datetime.date) -> ProblemQuerySet:
        """Open and due within `days` days (the problem list's filter; 即将到期 is `due_soon`)."""
        return self.filter(due_soon_q(today, days=days))

    def with_flags(self, today: datetime.date) -> ProblemQuerySet:
        """Annotate `is_overdue` and `is_due_soon`, computed by the database."""
        return self.annotate(
            is_overdue=models.ExpressionWrapper(
                overdue_q(today), output_field=models.BooleanField()
            ),
            is_due_soon=models.ExpressionWrapper(
                due_soon_q(today), output_field=models.BooleanField()
            ),
        )


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """逾期未整改 (healthreport.lib.terms.Term.OVERDUE): not closed and not cancelled — 待验收
    included — and today past the current deadline. Computed in the query, never stored."""
    return Q(**{f"{prefix}status__in": OPEN_STATES, f"{prefix}deadline__lt": today})


def due_soon_q(today: datetime.date, prefix: str = "", *, days: int = DUE_SOON_DAYS) -> Q:
    """即将到期 (healthreport.lib.terms.Term.DUE_SOON): not closed and not cancelled, and the
    current deadline between today and today + `days` (DUE_SOON_DAYS), both included."""
    return Q(
        **{
            f"{prefix}status__in": OPEN_STATES,
            f"{prefix}deadline__gte": today,
            f"{prefix}deadline__lte": today + datetime.timedelta(days=days),
        }
    )


def description_fingerprint(description: str) -> str:
    """The description as the duplicate rule compares it: full-width forms folded (NFKC) and
    runs of white space made one space, hashed so that a unique index can hold it.
    (Migration 0006 keeps a frozen copy.)"""
    normal = " ".join(unicodedata.normalize("NFKC", description).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


DUPLICATE_PROBLEM = "这次检查已对该单位下发过相同描述的问题，不能重复下发。"


class Problem(models.Model):
    """整改事项: one problem an inspection found at one unit, and its rectification."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="检查", on_delete=models.PROTECT, related_name="problems"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="责任单位", on_delete=models.PROTECT, related_name="problems"
    )
    category = models.ForeignKey(
        Category, verbose_name="问题类别", on_delete=models.PROTECT, related_name="problems"
    )
    severity = models.CharField(
        "严重程度", max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    description = models.TextField("问题描述")
    measures = models.TextField("整改措施", blank=True)
    kind = models.CharField("整改类型", max_length=10, choices=Kind.choices, default=Kind.DEADLINE)
    first_responsible = models.CharField("第一责任人", max_length=30, blank=True)
    direct_responsible = models.CharField("直接责任人", max_length=30, blank=True)
    original_deadline = models.DateField("原整改时限")
    deadline = models.DateField("整改时限")
    status = models.CharField(
        "整改状态", max_length=12, choices=Status.choices, default=Status.OPEN, editable=False
    )
    progress = models.TextField("整改进展", blank=True, editable=False)
    rectification_note = models.TextField("整改说明", blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="申请销号人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField("申请销号时间", null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="验收人（用户）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # The verifier's name as on the ledger: imported history names people who have no login.
    verifier_name = models.CharField("验收人", max_length=30, blank=True, editable=False)
    closed_on = models.DateField("验收日期", null=True, blank=True, editable=False)
    cancel_reason = models.TextField("撤销原因", blank=True, editable=False)
    # 四不放过, recorded when a 重大 problem is closed.
    cause_found = models.TextField("原因已查清", blank=True, editable=False)
    people_dealt_with = models.TextField("责任人已处理", blank=True, editable=False)
    measures_checked = models.TextField("整改措施已落实", blank=True, editable=False)
    education_done = models.TextField("相关人员已受教育", blank=True, editable=False)
    remarks = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)
    # description_fingerprint(description), kept by save(). NULL on the later copies of problems
    # that were already duplicated before the rule was a constraint (migration 0006): they stay
    # as they were, outside the constraint, for the bureau to cancel.
    # (NULL, not "": a unique constraint compares "" but never NULL.)
    fingerprint = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        verbose_name="导入批次",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ProblemQuerySet.as_manager()
    # The word of the `is_due_soon` badge, read by the templates from the problem they show.
    due_soon_badge = DUE_SOON_BADGE

    class Meta:
        verbose_name = "整改问题"
        verbose_name_plural = "整改问题"
        ordering = ["deadline", "pk"]
        indexes = [
            # A unit's open problems by deadline (unit head's home, reminders).
            models.Index(fields=["unit", "status", "deadline"], name="problem_unit_status_idx"),
            # Overdue and due-soon filters across the scope (queues, metrics).
            models.Index(fields=["status", "deadline"], name="problem_status_deadline_idx"),
            # The problem list as the menu opens it (未办结, by deadline, page after page) and
            # the open problems' counts of the home pages: the open problems only (a tenth of a
            # province's record), already in the list's order.
            models.Index(
                fields=["deadline", "id"],
                condition=Q(status__in=OPEN_STATES),
                name="problem_open_deadline_idx",
            ),
            # The problem list and the figures of a county or a unit, by year: the problems of
            # the scope's units whose inspection falls in the year, counted and paged from the
            # index alone (no visit to the table's rows for the count and the page's keys).
            models.Index(
                fields=["unit", "inspection"],
                include=["deadline", "status", "id"],
                name="problem_unit_inspection_idx",
            ),
            # The staff's home: 待验收 problems in the order they were submitted (the first 20)
            # and their count without the person's own submissions, from the index alone.
            models.Index(
                fields=["submitted_at"],
                include=["submitted_by", "unit"],
                condition=Q(status=Status.SUBMITTED),
                name="problem_submitted_idx",
            ),
            # The overdue problems by unit (the staff's home, all years): the open problems'
            # units and deadlines, a fifth of a province's record, in unit order for grouping.
            models.Index(
                fields=["unit", "deadline"],
                condition=Q(status__in=OPEN_STATES),
                name="problem_open_unit_idx",
            ),
            # The problem list in any state by deadline (a keyword, the closed ones): its first
            # page walks the deadlines until it has 50 matches instead of sorting every match (a
            # common word matches 50,000 of a province's problems).
            models.Index(fields=["deadline", "id"], name="problem_deadline_idx"),
            # The problem list's keyword search (ProblemFilter.search) has trigram (GIN) indexes
            # on description and measures on PostgreSQL: migration 0007, not declared here
            # because SQLite has no such index.
        ]
        constraints = [
            models.CheckConstraint(
                name="problem_deadline_not_before_original",
                condition=Q(deadline__gte=models.F("original_deadline")),
            ),
            # The ledger's duplicate rule — one inspection, one unit, one description, whatever
            # the problem's state — held by the database, so that two imports or two forms sent
            # at once cannot both write it. The ledger import's check looks rows up by it too.
            models.UniqueConstraint(
                fields=["inspection", "unit", "fingerprint"],
                name="problem_unique_inspection_unit_description",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}：{self.description[:30]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.fingerprint is not None:
            self.fingerprint = description_fingerprint(self.description)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "description" in update_fields:
                kwargs["update_fields"] = {*update_fields, "fingerprint"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("rectification:problem_detail", args=[self.pk])

    @property
    def state_phrase(self) -> str:
        """The state in a sentence: "已销号", "已撤销" or "处于“待验收”状态"."""
        label = self.get_status_display()
        if self.status in (Status.CLOSED, Status.CANCELLED):
            return label  # a finished state reads as a past participle: 已销号, 已撤销
        return f"处于“{label}”状态"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def extended(self) -> bool:
        return self.deadline != self.original_deadline

    def overdue_on(self, today: datetime.date) -> bool:
        return self.is_open and today > self.deadline

    @property
    def closed_on_time(self) -> bool | None:
        if self.status != Status.CLOSED or self.closed_on is None:
            return None
        return self.closed_on <= self.original_deadline


class EventAction(models.TextChoices):
    CREATED = "created", "下发整改"
    STARTED = "started", "开始整改"
    PROGRESS = "progress", "报告进展"
    EVIDENCE = "evidence", "上传佐证材料"
    SUBMITTED = "submitted", "申请销号"
    CLOSED = "closed", "验收销号"
    RETURNED = "returned", "退回整改"
    CANCELLED = "cancelled", "撤销"
    EXTENSION_REQUESTED = "ext_requested", "申请延期"
    EXTENSION_APPROVED = "ext_approved", "同意延期"
    EXTENSION_REFUSED = "ext_refused", "不同意延期"
    IMPORTED = "imported", "台账导入"
    EDITED = "edited", "修改问题信息"


class ProblemEvent(models.Model):
    """One line of a problem's timeline: who did what, when, from which state to which."""

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=16, choices=EventAction.choices)
    from_status = models.CharField("原状态", max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=Status.choices, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "整改记录"
        verbose_name_plural = "整改记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d}"


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    """Visible with its problem."""

    region_path_lookup = "problem__unit__region__path"
    unit_lookup = "problem__unit_id"


class Evidence(models.Model):
    """A file a unit gives as proof of rectification; private, served only through a view."""

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="evidence/%Y/%m/", max_length=200)
    thumbnail = models.FileField(upload_to="evidence/thumbs/", max_length=200, blank=True)
    original_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField("类型", max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class ExtensionRequestQuerySet(ScopedQuerySet["ExtensionRequest"]):
    """Visible with its problem."""

    region_path_lookup = "problem__unit__region__path"
    unit_lookup = "problem__unit_id"


class ExtensionRequest(models.Model):
    """延期申请: the unit asks for a later deadline; the bureau approves or refuses."""

    problem = models.ForeignKey(
        Problem, verbose_name="问题", on_delete=models.CASCADE, related_name="extensions"
    )
    previous_deadline = models.DateField("原时限")
    new_deadline = models.DateField("申请延至")
    reason = models.TextField("延期理由")
    status = models.CharField(
        "审批状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = ExtensionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["requested_at", "pk"]
        constraints = [
            # One open request at a time per problem.
            models.UniqueConstraint(
                fields=["problem"],
                condition=Q(status=ExtensionStatus.PENDING),
                name="extension_one_pending_per_problem",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.problem_id} 延至 {self.new_deadline}"


class SanctionKind(models.TextChoices):
    CRITICISM = "criticism", "通报批评"
    TALK = "talk", "约谈"
    WARNING = "warning", "警告"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得"
    CASE = "case", "立案查处"
    SUSPENSION = "suspension", "暂停执业/取消处方权"
    CLOSURE = "closure", "责令停业整顿/责令关闭"
    REVOCATION = "revocation", "吊销许可证"
    REFERRAL = "referral", "移交纪委/司法机关"
    EXPOSURE = "exposure", "媒体曝光"


class SanctionQuerySet(ScopedQuerySet):
    region_path_lookup = "unit__region__path"

    def in_force(self) -> SanctionQuerySet:
        """The sanctions that count: those not voided (作废)."""
        return self.filter(voided_at__isnull=True)


class Sanction(models.Model):
    """处理/处罚 of a unit or a person, counted in the reports.

    Only a 罚款 carries an amount (元, more than 0). A sanction is never deleted: staff correct
    it or void it (作废) with a reason, through `rectification.sanctions`, and `history` keeps
    every version with that reason.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="sanctions"
    )
    problem = models.ForeignKey(
        Problem,
        verbose_name="相关问题",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sanctions",
    )
    kind = models.CharField("处理方式", max_length=16, choices=SanctionKind.choices)
    target = models.CharField("处理对象", max_length=100, blank=True, help_text="单位或个人")
    amount = models.DecimalField(
        "金额（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="仅“罚款”填写，须大于0；其他处理方式留空。",
    )
    date = models.DateField("处理日期")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voided_at = models.DateTimeField("作废时间", null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    void_reason = models.TextField("作废原因", blank=True, editable=False)
    history = HistoricalRecords()

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = "处理处罚"
        verbose_name_plural = "处理处罚"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"], name="sanction_date_idx")]
        constraints = [
            # A NULL amount would pass a bare `amount > 0` check, hence isnull=False.
            models.CheckConstraint(
                name="sanction_fine_amount_positive",
                condition=~Q(kind=SanctionKind.FINE) | Q(amount__isnull=False, amount__gt=0),
                violation_error_message="罚款须填写大于0的金额（元）。",
            ),
            models.CheckConstraint(
                name="sanction_amount_only_for_fine",
                condition=Q(kind=SanctionKind.FINE) | Q(amount__isnull=True),
                violation_error_message="只有罚款填写金额，其他处理方式不填金额。",
            ),
            models.CheckConstraint(
                name="sanction_void_has_reason",
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                violation_error_message="作废处理处罚须写明原因。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target or self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("rectification:sanction_detail", args=[self.pk])

    def clean(self) -> None:
        """The amount belongs to fines only: more than 0 for a fine, empty for anything else."""
        super().clean()
        if not self.kind:
            return
        if self.kind == SanctionKind.FINE:
            if self.amount is None:
                raise ValidationError({"amount": "罚款须填写金额（元）。"})
            if self.amount <= 0:
                raise ValidationError({"amount": "罚款金额须大于0元。"})
        elif self.amount is not None:
            raise ValidationError(
                {"amount": f"“{self.get_kind_display()}”不填金额，只有罚款须填写金额。"}
            )

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


class ReminderKind(models.TextChoices):
    DUE_7 = "due7", DUE_SOON_BADGE  # the first reminder: DUE_SOON_DAYS before
    DUE_3 = "due3", f"{FINAL_REMINDER_DAYS}天内到期"
    OVERDUE = "overdue", "已逾期"
    DIGEST = "digest", "每日汇总"
