from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from indicators.models import Period
from units.models import Region, Unit

if TYPE_CHECKING:
    pass


class DataRole(models.TextChoices):
    """Which figures of the record a field of work carries in the documents."""

    NONE = "none", "无"
    RECTIFICATION = "rectification", "督查整改情况"
    SANCTIONS = "sanctions", "处理处罚情况"


class WorkField(models.Model):
    """A field of work (工作领域): the (一)(二)… sections of the summary; the admin edits them."""

    name = models.CharField("工作领域", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    # The indicator categories (indicators.Category values) whose results are told under
    # this field, e.g. "disease" for 公共卫生与疫情防控.
    indicator_categories = models.CharField(
        "对应指标类别", max_length=200, blank=True, help_text="指标类别代码，多个用英文逗号分隔。"
    )
    data_role = models.CharField(
        "附带的数据", max_length=20, choices=DataRole.choices, default=DataRole.NONE
    )

    class Meta:
        verbose_name = "工作领域"
        verbose_name_plural = "工作领域"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def category_list(self) -> list[str]:
        return [c.strip() for c in self.indicator_categories.split(",") if c.strip()]


class FieldIndicator(models.Model):
    """An indicator told under a field of work: each indicator belongs to at most one field.

    An indicator without a row here falls back to the field that lists its category in
    `WorkField.indicator_categories` (so a new catalogue indicator is told somewhere).
    """

    field = models.ForeignKey(
        WorkField, verbose_name="工作领域", on_delete=models.CASCADE, related_name="indicators"
    )
    indicator = models.OneToOneField(
        "indicators.Indicator",
        verbose_name="指标",
        on_delete=models.CASCADE,
        related_name="work_field",
    )

    class Meta:
        verbose_name = "领域指标"
        verbose_name_plural = "领域指标"
        ordering = ["field__order", "indicator__order"]

    def __str__(self) -> str:
        return f"{self.field.name}：{self.indicator.name}"


class Part(models.TextChoices):
    ACHIEVEMENT = "achievement", "开展情况"
    PROBLEM = "problem", "存在问题"
    PLAN = "plan", "工作思路"


class HighlightKind(models.TextChoices):
    """What makes a work entry a highlight (亮点) of the year's opening paragraph."""

    HONOUR = "honour", "荣誉"
    PILOT = "pilot", "试点"
    RANKING = "ranking", "排名"


# The opening paragraph of the summary and the speech carries at most this many highlights.
MAX_HIGHLIGHTS = 3


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", "待采用"
    ADOPTED = "adopted", "已采用"
    SET_ASIDE = "set_aside", "未采用"


class WorkEntryQuerySet(ScopedQuerySet):
    def for_document(
        self, year: int, region: Region, period: str = Period.ANNUAL
    ) -> WorkEntryQuerySet:
        """The adopted entries of a year (or its first half) in the region's subtree, in
        document order."""
        return (
            self.filter(
                year=year,
                period=period,
                status=EntryStatus.ADOPTED,
                region__path__startswith=region.path,
            )
            .select_related("field", "unit")
            .order_by("field__order", "field_id", "order", "pk")
        )


class WorkEntry(models.Model):
    """One narrative item of the year: a highlight, a shortcoming or a plan.

    Units propose highlights of their own year; bureau staff adopt, edit and order them. Only
    adopted entries reach the documents.
    """

    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField(
        "报告期",
        max_length=10,
        choices=Period.choices,
        default=Period.ANNUAL,
        help_text="“上半年”的条目写入半年工作总结，“年度”的写入年度工作总结和讲话。",
    )
    part = models.CharField("部分", max_length=20, choices=Part.choices, default=Part.ACHIEVEMENT)
    field = models.ForeignKey(
        WorkField, verbose_name="工作领域", on_delete=models.PROTECT, related_name="entries"
    )
    title = models.CharField(
        "标题", max_length=60, help_text="一句话概括，如“持续深化清廉医院建设”。"
    )
    body = models.TextField("内容", help_text="写成完整的段落，可包含具体数字。")
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="work_entries"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="报送单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_entries",
    )
    status = models.CharField(
        "状态", max_length=20, choices=EntryStatus.choices, default=EntryStatus.PROPOSED
    )
    order = models.PositiveIntegerField("排序", default=0)
    highlight = models.CharField(
        "亮点",
        max_length=10,
        choices=HighlightKind.choices,
        blank=True,
        help_text="获得的荣誉、承担的试点或取得的排名：总结和讲话的开头段写入，最多三条。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填写人",
        on_delete=models.PROTECT,
        related_name="work_entries",
    )
    created = models.DateTimeField("填写时间", auto_now_add=True)
    updated = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    objects = WorkEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "工作条目"
        verbose_name_plural = "工作条目"
        ordering = ["year", "part", "field__order", "order", "pk"]
        indexes = [
            # The documents' query: adopted entries of one year, by field and order.
            models.Index(
                fields=["year", "status", "field", "order"], name="workentry_document_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:entry_edit", args=[self.pk])

    def clean(self) -> None:
        if self.unit_id and self.region_id and not self.unit.region.is_in(self.region):
            raise ValidationError({"region": "报送单位不在所选区划内。"})


class IndicatorNoteQuerySet(ScopedQuerySet["IndicatorNote"]):
    # Bureau people write them for their region subtree; unit people see none.
    unit_lookup = None


class IndicatorNote(models.Model):
    """原因分析 and 下步措施 of one indicator for one region and year, written by the bureau.

    The documents of that region and year print the cause under 存在的问题 and the measure in
    the plans (工作思路, the speech's part three); without one they say nothing of their own.
    """

    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name="指标", on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        Region, verbose_name="区划", on_delete=models.PROTECT, related_name="indicator_notes"
    )
    year = models.PositiveSmallIntegerField("年度")
    cause = models.TextField(
        "原因分析",
        max_length=500,
        blank=True,
        help_text="写成一句话，如“主要是基层全科医生不足，群众首诊意愿不强”。",
    )
    measure = models.TextField(
        "下步措施",
        max_length=500,
        blank=True,
        help_text="写成一句话，如“加快全科医生培养，推进医共体内双向转诊”。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    objects = IndicatorNoteQuerySet.as_manager()

    class Meta:
        verbose_name = "指标原因与措施"
        verbose_name_plural = "指标原因与措施"
        ordering = ["year", "region", "indicator"]
        constraints = [
            # One note per indicator, region and year; it also serves the documents' query
            # (a region's notes of a year).
            models.UniqueConstraint(
                fields=["region", "year", "indicator"], name="indicatornote_unique_place_year"
            ),
            models.CheckConstraint(
                name="indicatornote_not_empty",
                condition=~models.Q(cause="", measure=""),
                violation_error_message="请至少填写原因分析或下步措施。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.indicator_id}"


class MeetingContextQuerySet(ScopedQuerySet["MeetingContext"]):
    unit_lookup = None


class MeetingContext(models.Model):
    """The work conference at which the speech on a region's year is given (held the next
    year): who approved it and what was said before the speech. The speech's opening uses
    what is recorded and invents nothing."""

    region = models.ForeignKey(
        Region, verbose_name="区划", on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField("总结年度")
    name = models.CharField(
        "会议名称", max_length=60, blank=True, help_text="如“2026年全市卫生健康工作会议”。"
    )
    date = models.DateField("会议日期", null=True, blank=True)
    approved_by = models.CharField(
        "批准召开", max_length=40, blank=True, help_text="如“经市委、市政府同意”。"
    )
    preceded_by = models.CharField(
        "讲话前的议程",
        max_length=200,
        blank=True,
        help_text="如“刚才，王建华同志作了工作报告”。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+"
    )
    updated = models.DateTimeField("修改时间", auto_now=True)
    history = HistoricalRecords()

    objects = MeetingContextQuerySet.as_manager()

    class Meta:
        verbose_name = "会议背景"
        verbose_name_plural = "会议背景"
        constraints = [
            # One meeting per region and year; also the speech's lookup.
            models.UniqueConstraint(fields=["region", "year"], name="meetingcontext_unique"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.year}年会议"


class ReportTemplateQuerySet(ScopedQuerySet["ReportTemplate"]):
    unit_lookup = None

    def for_region(self, region: Region) -> ReportTemplate | None:
        """The template of the region or, failing that, of its nearest ancestor."""
        ids = [int(pk) for pk in region.path.strip("/").split("/")]
        templates = {t.region_id: t for t in self.filter(region_id__in=ids)}
        for pk in reversed(ids):
            if pk in templates:
                return templates[pk]
        return None


class ReportTemplate(models.Model):
    """A bureau's own .docx (letterhead, styles); documents are built on it when present."""

    region = models.OneToOneField(
        Region, verbose_name="所属区划", on_delete=models.CASCADE, related_name="report_template"
    )
    name = models.CharField("文件名", max_length=200)
    # Kept in the database: small, private, and saved in the same transaction as its record.
    content = models.BinaryField("文件内容")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT
    )
    uploaded = models.DateTimeField("上传时间", auto_now=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = "文件模板"
        verbose_name_plural = "文件模板"

    def __str__(self) -> str:
        return self.name


def document_kinds() -> list[tuple[str, str]]:
    """The document kinds, read from the builders (their one definition) when Django asks."""
    from reports.builders import DocumentKind

    return list(DocumentKind.LABELS.items())


class IssueChannel(models.TextChoices):
    WEB = "web", "网页"
    # A management command has no user; the issuer reads 命令行.
    COMMAND = "command", "命令行"


class IssuedReportQuerySet(ScopedQuerySet):
    # Bureau people see the issues of their region subtree; unit people see none.
    unit_lookup = None

    def current(self) -> IssuedReportQuerySet:
        return self.filter(current=True)

    def of(self, kind: str, year: int, region: Region, period: str = "") -> IssuedReportQuerySet:
        return self.filter(kind=kind, year=year, region=region, period=period)

    def with_neighbours(self) -> IssuedReportQuerySet:
        """Each with the numbers of the issue it replaced and of the one that replaced it
        (numbers only: select_related would load their stored files too)."""
        return self.annotate(
            supersedes_number=models.F("supersedes__number"),
            superseded_by_number=models.F("superseded_by__number"),
        )

    def for_listing(self) -> IssuedReportQuerySet:
        """The rows of the archive, without the stored files and snapshots."""
        return (
            self.defer("docx", "workpaper", "facts", "figures")
            .select_related("region", "issued_by")
            .with_neighbours()
            .order_by("-year", "kind", "region__path", "-issued_at", "-pk")
        )


class IssuedReport(models.Model):
    """A document as it was issued (定稿): the file, its 数据底稿, and the facts behind them.

    Never edited or deleted. A newer issue of the same (kind, year, region) supersedes the
    current one, with a reason; exactly one issue per (kind, year, region) is current.
    `reports.issuance.issue` is the only way one is made.
    """

    number = models.CharField("定稿编号", max_length=20)
    kind = models.CharField("文件", max_length=20, choices=document_kinds)
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        Region, verbose_name="区划", on_delete=models.PROTECT, related_name="issued_reports"
    )
    # Which week or month a 整改通报 covers ("week:2026-06-08", "month:2026-06-01"); "" for the
    # documents of a year, of which there is one per (kind, year, region).
    period = models.CharField("通报周期", max_length=20, blank=True, default="")
    title = models.CharField("标题", max_length=200)
    file_name = models.CharField("文件名", max_length=200)
    workpaper_name = models.CharField("数据底稿文件名", max_length=200)
    # Kept in the database, like ReportTemplate.content: small, private, and saved in the same
    # transaction as the record that vouches for them.
    docx = models.BinaryField("Word 文件")
    workpaper = models.BinaryField("数据底稿")
    sha256 = models.CharField("SHA-256（Word 文件）", max_length=64)
    facts = models.JSONField("数据快照")
    figures = models.JSONField("文件中的数字", default=list)
    as_of = models.DateField("数据截至")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="定稿人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(
        "定稿方式", max_length=10, choices=IssueChannel.choices, default=IssueChannel.WEB
    )
    issued_at = models.DateTimeField("定稿时间", default=timezone.now)
    note = models.TextField("说明（重新定稿的原因）", blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="替代的定稿",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    current = models.BooleanField("现行", default=True)

    objects = IssuedReportQuerySet.as_manager()

    class Meta:
        verbose_name = "已定稿文件"
        verbose_name_plural = "已定稿文件"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="issuedreport_unique_number"),
            # One current issue per document: a double click or two people at once cannot
            # leave two (reports.issuance also locks the region row).
            models.UniqueConstraint(
                fields=["kind", "year", "region", "period"],
                condition=models.Q(current=True),
                name="issuedreport_one_current",
            ),
            models.CheckConstraint(
                name="issuedreport_supersede_has_reason",
                condition=models.Q(supersedes__isnull=True) | ~models.Q(note=""),
            ),
            models.CheckConstraint(
                name="issuedreport_issuer_matches_channel",
                condition=(
                    models.Q(channel=IssueChannel.WEB, issued_by__isnull=False)
                    | models.Q(channel=IssueChannel.COMMAND, issued_by__isnull=True)
                ),
            ),
        ]
        indexes = [
            # The archive (已定稿文件): one year's issues, by kind and region.
            models.Index(fields=["year", "kind", "region"], name="issuedreport_archive_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("已定稿的文件不能修改。")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:issued_compare", args=[self.number])

    def delete(self, *args, **kwargs):
        raise ValueError("已定稿的文件不能删除。")

    @property
    def issuer(self) -> str:
        """Who issued it, as the pages print it."""
        if self.issued_by_id is None:
            return IssueChannel(self.channel).label
        return self.issued_by.display_name
