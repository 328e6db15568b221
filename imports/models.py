"""导入记录: every Excel import, from the web (upload → preview → confirm) or a command.

A web import is one batch from its preview on: the preview's token names the batch, and the
confirmation consumes it under a row lock in the transaction that writes (`imports.flow`), so a
file previewed once is written at most once, however many times 确认导入 is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.scoping import ScopedQuerySet
from healthreport.lib.excel import upload_extension
from healthreport.lib.imports import CREATE, UPDATE, Importer, Preview

if TYPE_CHECKING:
    from accounts.models import User

# The list of the records a batch created, for the kinds whose records remember their batch
# (Problem.import_batch); named by URL, as the importing app sits above this one. The records of
# the other kinds are listed on the batch's own page, from the keys the batch keeps (`records`).
RECORD_LISTS = {"ledger": "rectification:problem_list"}


class Outcome(models.TextChoices):
    PREVIEWED = "previewed", "已预览，待确认"
    IMPORTED = "imported", "已导入"
    REFUSED = "refused", "有错误，未导入"
    EXPIRED = "expired", "未确认，已过期"


class ImportBatchQuerySet(ScopedQuerySet["ImportBatch"]):
    # A batch sits where its uploader works: a bureau person's region, or a unit person's unit
    # (and its region). Command-line batches have neither: only those who see everything see them.
    region_path_lookup = "region__path"
    unit_lookup = "unit_id"


class ImportBatch(models.Model):
    kind = models.CharField("类型", max_length=30)  # Importer.kind
    title = models.CharField("导入内容", max_length=50)  # Importer.title
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="留空表示命令行导入。",
    )
    region = models.ForeignKey(
        "units.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField("文件名", max_length=200)
    file = models.FileField("原始文件", upload_to="imports/%Y/%m/", max_length=200, blank=True)
    # The preview's token (web imports only); unique, so the confirmation finds one batch by it.
    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    outcome = models.CharField(
        "结果", max_length=12, choices=Outcome.choices, default=Outcome.PREVIEWED
    )
    rows_created = models.PositiveIntegerField("新增", default=0)
    rows_updated = models.PositiveIntegerField("更新", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    # The primary keys of the records the import created and changed, {"created": [...],
    # "updated": [...]}, as the importer's `write` named them; the batch page lists them.
    records = models.JSONField("导入的记录", default=dict, blank=True, editable=False)
    created = models.DateTimeField("上传时间", auto_now_add=True)
    finished = models.DateTimeField("导入时间", null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "导入记录"
        verbose_name_plural = "导入记录"
        ordering = ["-created", "-id"]
        indexes = [
            # The history page: newest first.
            models.Index(fields=["-created", "-id"], name="importbatch_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title}：{self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("imports:batch_detail", args=[self.pk])

    @property
    def by_label(self) -> str:
        return self.user.display_name if self.user else "命令行"

    @property
    def created_keys(self) -> list[int]:
        return list(self.records.get("created", []))

    @property
    def record_keys(self) -> list[int]:
        """The keys of every record the batch created or changed."""
        return self.created_keys + list(self.records.get("updated", []))

    @property
    def records_url(self) -> str:
        """Where the records this batch wrote are listed ("" when there is none): the list
        filtered by the batch for the kinds whose records remember it, else the batch's page."""
        if self.outcome != Outcome.IMPORTED:
            return ""
        name = RECORD_LISTS.get(self.kind)
        if name and self.rows_created:
            return f"{reverse(name)}?batch={self.pk}"
        return f"{self.get_absolute_url()}#records" if self.record_keys else ""

    @classmethod
    def begin(
        cls,
        importer: Importer,
        user: User | None,
        filename: str,
        *,
        token: str | None = None,
        preview: Preview | None = None,
    ) -> ImportBatch:
        """A new batch for `user`'s import of `filename` (after its preview, if there was one)."""
        batch = cls(kind=importer.kind, title=importer.title, user=user, filename=filename[:200])
        batch.token = token
        if user is not None:
            if user.is_unit_person and user.unit is not None:
                batch.unit, batch.region_id = user.unit, user.unit.region_id
            else:
                batch.region_id = user.region_id
        if preview is not None:
            batch.count(preview)
            if not preview.ok:
                batch.outcome, batch.finished = Outcome.REFUSED, timezone.now()
        batch.save()
        return batch

    def count(self, preview: Preview) -> None:
        self.rows_created = preview.count(CREATE)
        self.rows_updated = preview.count(UPDATE)
        self.error_count = preview.error_count

    def finish(self, preview: Preview, data: bytes, importer: Importer) -> None:
        """Record the confirmed run: imported, keeping the original file and the keys of the
        records written, or refused."""
        self.count(preview)
        self.finished = timezone.now()
        if preview.written:
            self.outcome = Outcome.IMPORTED
            self.records = {"created": importer.created, "updated": importer.updated}
            name = f"{self.kind}-{self.pk}{upload_extension(self.filename)}"
            self.file.save(name, ContentFile(data), save=False)
        else:
            self.outcome = Outcome.REFUSED
        self.save()
