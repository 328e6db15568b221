from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.scoping import ScopedQuerySet
from healthreport.lib.terms import Term
from units.credit_code import normalize, validate_credit_code

# Two bed counts, never shown under a bare "床位": 核定床位 is the registry's (Unit.approved_beds);
# 实有床位 (healthreport.lib.terms.Term.ACTUAL_BEDS) is what units report each year as the indicator
# BEDS.
APPROVED_BEDS_LABEL = Term.APPROVED_BEDS.label
# The most approved beds a unit may declare: the largest hospitals have about 10,000; a figure
# above this is a typing slip (forms and the import check it; the column holds far more).
MAX_APPROVED_BEDS = 50_000


class RegionLevel(models.IntegerChoices):
    CITY = 1, "市"
    COUNTY = 2, "县/区"
    TOWNSHIP = 3, "乡镇/街道"


class RegionQuerySet(ScopedQuerySet):
    region_path_lookup = "path"
    unit_lookup = "units__pk"

    def subtree_of(self, region: Region) -> RegionQuerySet:
        return self.filter(path__startswith=region.path)


class Region(models.Model):
    """行政区划: 市 → 县/区 → 乡镇/街道."""

    name = models.CharField("名称", max_length=50)
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级区划",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField("区划代码", max_length=12, blank=True)
    # Materialised path of primary keys ("/1/4/17/"), so that a subtree is one indexed
    # prefix filter in every scoped query instead of a recursive walk.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    history = HistoricalRecords()

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="region_unique_name_under_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if new_path == old_path:
            return
        self.path = new_path
        Region.objects.filter(pk=self.pk).update(path=new_path)
        if old_path:
            moved = list(Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
            for region in moved:
                region.path = new_path + region.path[len(old_path) :]
            Region.objects.bulk_update(moved, ["path"])

    def get_absolute_url(self) -> str:
        return reverse("units:unit_list") + f"?region={self.pk}"

    @property
    def depth_indent(self) -> range:
        return range(max(self.path.count("/") - 2, 0))

    def is_in(self, other: Region) -> bool:
        return self.path.startswith(other.path)

    def clean(self) -> None:
        if self.parent_id is None:
            if self.level != RegionLevel.CITY:
                raise ValidationError({"parent": "县/区和乡镇/街道必须指定上级区划。"})
            return
        parent = self.parent
        if self.pk and (parent.pk == self.pk or parent.path.startswith(self.path or "-")):
            raise ValidationError({"parent": "上级区划不能是本区划或其下级区划（会形成循环）。"})
        if self.level is not None and self.level != parent.level + 1:
            raise ValidationError(
                {"level": f"“{parent.name}”的下级区划应为{RegionLevel(parent.level + 1).label}。"}
                if parent.level < RegionLevel.TOWNSHIP
                else {"parent": "乡镇/街道下不能再设下级区划。"}
            )


class UnitKind(models.TextChoices):
    GENERAL_HOSPITAL = "general_hospital", "综合医院"
    TCM_HOSPITAL = "tcm_hospital", "中医医院"
    INTEGRATED_HOSPITAL = "integrated_hospital", "中西医结合医院"
    MATERNAL_CHILD = "maternal_child", "妇幼保健院"
    SPECIALTY_HOSPITAL = "specialty_hospital", "专科医院"
    TOWNSHIP_HEALTH_CENTER = "township_center", "乡镇卫生院"
    COMMUNITY_CENTER = "community_center", "社区卫生服务中心"
    COMMUNITY_STATION = "community_station", "社区卫生服务站"
    VILLAGE_CLINIC = "village_clinic", "村卫生室"
    CDC = "cdc", "疾病预防控制中心"
    SUPERVISION = "supervision", "卫生监督所"
    EMERGENCY = "emergency", "急救中心"
    BLOOD_CENTER = "blood_center", "中心血站"
    PRIVATE_HOSPITAL = "private_hospital", "民营医院"
    CLINIC = "clinic", "诊所/门诊部"


# The kinds counted as hospitals (医院) in figures and in who reports hospital indicators.
HOSPITAL_KINDS = (
    UnitKind.GENERAL_HOSPITAL,
    UnitKind.TCM_HOSPITAL,
    UnitKind.INTEGRATED_HOSPITAL,
    UnitKind.MATERNAL_CHILD,
    UnitKind.SPECIALTY_HOSPITAL,
    UnitKind.PRIVATE_HOSPITAL,
)


class Ownership(models.TextChoices):
    PUBLIC = "public", "公立"
    PRIVATE = "private", "民营"


class Grade(models.TextChoices):
    TERTIARY_A = "3A", "三级甲等"
    TERTIARY_B = "3B", "三级乙等"
    SECONDARY_A = "2A", "二级甲等"
    SECONDARY_B = "2B", "二级乙等"
    PRIMARY = "1", "一级"
    UNGRADED = "none", "未定级"


class UnitQuerySet(ScopedQuerySet):
    unit_lookup = "pk"

    def in_region(self, region: Region) -> UnitQuerySet:
        return self.filter(region__path__startswith=region.path)

    def active(self) -> UnitQuerySet:
        """Units in use (not 停用): the ones offered for new problems and figures."""
        return self.filter(is_active=True)


class Unit(models.Model):
    """A medical or health institution (医疗卫生机构) overseen by the bureau."""

    name = models.CharField("单位名称", max_length=100)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    kind = models.CharField("机构类别", max_length=30, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="units"
    )
    ownership = models.CharField(
        "经营性质", max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    grade = models.CharField("等级", max_length=10, choices=Grade.choices, default=Grade.UNGRADED)
    approved_beds = models.PositiveIntegerField(APPROVED_BEDS_LABEL, default=0)
    head_name = models.CharField("负责人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    medical_community = models.ForeignKey(
        "MedicalCommunity",
        verbose_name="所属医共体",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # A unit that closes or merges is 停用, never deleted: its problems, figures and history stay,
    # it leaves the pickers for new problems and figures and the default unit list.
    is_active = models.BooleanField("在用", default=True, editable=False)
    deactivated_on = models.DateField("停用日期", null=True, blank=True, editable=False)
    deactivation_reason = models.CharField("停用原因", max_length=200, blank=True, editable=False)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "医疗卫生机构"
        verbose_name_plural = "医疗卫生机构"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region"),
            # A 停用 unit says when and why; a unit in use carries neither.
            models.CheckConstraint(
                condition=Q(is_active=True, deactivated_on__isnull=True, deactivation_reason="")
                | (Q(is_active=False, deactivated_on__isnull=False) & ~Q(deactivation_reason="")),
                name="unit_inactive_has_date_and_reason",
            ),
        ]
        indexes = [
            # The unit list filtered by kind within a region subtree.
            models.Index(fields=["kind", "region"], name="unit_kind_region_idx"),
            # Every scoped query of problems and values (unit__region__path__startswith): the
            # units of a region subtree's regions, read from the index alone, so that a county's
            # 1,000 units are found without reading a province's 100,000. The keyword search's
            # trigram index on the name is in migration 0003 (PostgreSQL only).
            models.Index(fields=["region", "id"], name="unit_region_id_idx"),
            # The first units by name that have something waiting (the staff's home: figures
            # to review), found by walking the names instead of sorting a province's units.
            models.Index(fields=["name", "id"], name="unit_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:unit_detail", args=[self.pk])

    @property
    def is_community_lead(self) -> bool:
        community = self.medical_community
        return community is not None and community.lead_unit_id == self.pk

    def clean(self) -> None:
        self.credit_code = normalize(self.credit_code)
        if self.pk and self.medical_community_id:
            led = MedicalCommunity.objects.filter(lead_unit=self).exclude(
                pk=self.medical_community_id
            )
            if led.exists():
                raise ValidationError(
                    {
                        "medical_community": f"本单位是“{led.first().name}”的牵头单位，"
                        "不能再加入其他医共体。"
                    }
                )


def community_members_q(community) -> Q:
    """医共体成员单位 (Term.COMMUNITY_MEMBERS): the units of the community, its lead unit included
    even if its own 所属医共体 was left empty. `community` is a pk or an OuterRef."""
    return Q(medical_community=community) | Q(led_community=community)


class MedicalCommunityQuerySet(ScopedQuerySet):
    unit_lookup = "members__pk"

    def with_member_figures(self) -> MedicalCommunityQuerySet:
        """Annotate `member_count` and `member_beds` (核定床位) over `community_members_q`.

        Subqueries, not Count("members"): a unit person's `visible_to` joins the members to
        find their own unit, and a count over that join would count only that one.
        """
        members = Unit.objects.filter(community_members_q(OuterRef("pk"))).order_by()

        def total(function: str, field: str) -> Coalesce:
            # A plain SQL aggregate over the subquery's rows (an ORM aggregate would GROUP BY).
            value = Func(F(field), function=function, output_field=IntegerField())
            return Coalesce(Subquery(members.annotate(v=value).values("v")), 0)

        return self.annotate(
            member_count=total("COUNT", "pk"), member_beds=total("SUM", "approved_beds")
        )


class MedicalCommunity(models.Model):
    """县域医共体: a lead hospital and its member units; a unit is in at most one."""

    name = models.CharField("医共体名称", max_length=100, unique=True)
    region = models.ForeignKey(
        Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="communities"
    )
    lead_unit = models.OneToOneField(
        Unit,
        verbose_name="牵头单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_community",
    )
    history = HistoricalRecords()

    objects = MedicalCommunityQuerySet.as_manager()

    class Meta:
        verbose_name = "医共体"
        verbose_name_plural = "医共体"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The lead unit is always a member itself.
        if self.lead_unit_id:
            Unit.objects.filter(pk=self.lead_unit_id).update(medical_community=self)

    def get_absolute_url(self) -> str:
        return reverse("units:community_detail", args=[self.pk])

    def member_units(self) -> UnitQuerySet:
        """The units `member_count` counts (see `community_members_q`)."""
        return Unit.objects.filter(community_members_q(self.pk))

    def check_member(self, unit: Unit) -> None:
        """Why `unit` may not join: it is in another 医共体, or outside the region (Chinese)."""
        if unit.medical_community_id not in (None, self.pk):
            raise ValidationError(
                f"一个单位只能属于一个医共体：{unit.name}（已属于{unit.medical_community}）。"
            )
        if not unit.region.is_in(self.region):
            raise ValidationError(f"“{unit.name}”不在医共体所属区划（{self.region}）内。")

    def add_member(self, unit: Unit) -> None:
        self.check_member(unit)
        Unit.objects.filter(pk=unit.pk).update(medical_community=self)

    def remove_member(self, unit: Unit) -> None:
        """Take `unit` out; the lead unit stays a member while it leads."""
        if unit.pk == self.lead_unit_id:
            raise ValidationError(f"“{unit.name}”是牵头单位，不能移出；请先更换牵头单位。")
        Unit.objects.filter(pk=unit.pk, medical_community=self).update(medical_community=None)

    def clean(self) -> None:
        if self.lead_unit_id is None:
            return
        lead = self.lead_unit
        if lead.medical_community_id not in (None, self.pk):
            raise ValidationError(
                {
                    "lead_unit": f"“{lead.name}”已是“{lead.medical_community}”的成员，"
                    "一个单位只能属于一个医共体。"
                }
            )
        if self.region_id and not lead.region.is_in(self.region):
            raise ValidationError({"lead_unit": "牵头单位应在医共体所属区划内。"})
