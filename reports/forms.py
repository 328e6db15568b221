from __future__ import annotations

import datetime

from django import forms
from django.conf import settings

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib.forms import StyledFormMixin
from indicators.models import Period
from rectification.metrics import BulletinPeriod
from reports.builders import DocumentKind
from reports.models import IndicatorNote, MeetingContext, Part, WorkEntry
from units.forms import year_choices
from units.models import Region, RegionLevel, Unit
from units.pickers import RegionChoiceField, UnitChoiceField, active_or_current


def default_year(today: datetime.date) -> int:
    """The year a summary is written for: last year, the current one in its last month."""
    return today.year if today.month == 12 else today.year - 1


class ReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="文件", choices=list(DocumentKind.LABELS.items()), initial=DocumentKind.SUMMARY
    )
    # Not asked of a 整改通报, which its period and date place.
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False, empty_value=None)
    region = RegionChoiceField(
        label="区划", queryset=Region.objects.none(), max_level=RegionLevel.COUNTY
    )
    # 整改通报 only: the week (Monday–Sunday) or month holding `date`.
    period = forms.ChoiceField(
        label="通报周期",
        choices=[(BulletinPeriod.WEEK, "周通报"), (BulletinPeriod.MONTH, "月通报")],
        initial=BulletinPeriod.WEEK,
        required=False,
    )
    date = forms.DateField(
        label="通报所在日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="整改通报：所在周或所在月的任意一天。",
    )

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["year"].choices = year_choices(today)
        self.fields["year"].initial = default_year(today)
        self.fields["date"].initial = today
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )
        self.fields["region"].initial = self.fields["region"].queryset.first()

    def clean(self) -> dict:
        """`period_key` names the bulletin ("week:2026-06-10"), "" for the documents of a year;
        a bulletin's year is the one its day falls in."""
        super().clean()
        cleaned = self.cleaned_data
        cleaned["period_key"] = ""
        if cleaned.get("kind") == DocumentKind.BULLETIN:
            day = cleaned.get("date") or self.today
            cleaned["period_key"] = f"{cleaned.get('period') or BulletinPeriod.WEEK}:{day}"
            cleaned["year"] = day.year
            cleaned["date"] = day
        elif cleaned.get("year") is None and "year" not in self.errors:
            self.add_error("year", "请选择年度。")
        return cleaned

    def query(self) -> dict:
        """The chosen document as a query string's parameters (preview, download, workpaper)."""
        data = self.cleaned_data
        query = {"kind": data["kind"], "year": data["year"], "region": data["region"].pk}
        if data["period_key"]:
            query.update(period=data["period"] or BulletinPeriod.WEEK, date=data["date"])
        return query


class WorkEntryForm(StyledFormMixin, forms.ModelForm):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    # A work entry is a county's or the city's: the box offers no towns.
    region = RegionChoiceField(
        label="所属区划", queryset=Region.objects.none(), max_level=RegionLevel.COUNTY
    )
    unit = UnitChoiceField(
        label="报送单位", queryset=Unit.objects.none(), required=False, active_only=True
    )

    class Meta:
        model = WorkEntry
        fields = ["year", "period", "part", "field", "title", "body", "highlight", "region", "unit"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].choices = year_choices(today)
        if not self.instance.pk:
            self.fields["year"].initial = default_year(today)
        # Left out (older pages, scripts), an entry is the year's.
        self.fields["period"].required = False
        if access_for(user).unit:
            # A unit proposes entries for itself; the bureau decides where they go.
            del self.fields["region"]
            del self.fields["unit"]
            self.fields["part"].initial = Part.ACHIEVEMENT
        else:
            self.fields["region"].queryset = Region.objects.visible_to(user).filter(
                level__lte=RegionLevel.COUNTY
            )
            # A unit since 停用 stays on its entries; new entries name units in use.
            units = Unit.objects.visible_to(user)
            self.fields["unit"].queryset = active_or_current(units, self.instance.unit_id)
            self.fields["unit"].required = False

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns the cleaned data
        if cleaned.get("highlight") and cleaned.get("part") not in (None, Part.ACHIEVEMENT):
            self.add_error("highlight", "只有“开展情况”的条目可以标为亮点。")
        return cleaned

    def clean_period(self) -> str:
        return self.cleaned_data.get("period") or Period.ANNUAL

    def save(self, commit: bool = True) -> WorkEntry:
        entry = super().save(commit=False)
        if access_for(self.user).unit:
            entry.unit = self.user.unit
            # The county (or city) bureau the unit reports to owns the entry.
            entry.region = _reporting_region(self.user.unit.region)
        if entry.pk is None:
            entry.created_by = self.user
        if commit:
            entry.save()
        return entry


def _reporting_region(region: Region) -> Region:
    while region.level > RegionLevel.COUNTY and region.parent is not None:
        region = region.parent
    return region


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label="Word 模板（.docx）")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                "只接受 Word 文档（.docx），请在 Word 中另存为 .docx 后上传。"
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                f"文件超过了{settings.UPLOAD_MAX_BYTES // 1024 // 1024}MB的上限。"
            )
        data = upload.read()
        from reports import docx_layout  # python-docx: imported when a template is uploaded

        try:
            docx_layout.validate_template(data)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        upload.data = data
        return upload


class IssueForm(ReportForm):
    """The preview's document choice plus the 定稿 reason."""

    note = forms.CharField(
        label="定稿说明",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="已有定稿时必填：重新定稿的原因。",
    )
    # The current issue the page showed ("" when none): a double click, or a colleague who
    # issued in the meantime, then stores nothing.
    replacing = forms.CharField(required=False, widget=forms.HiddenInput)


class IndicatorNoteForm(StyledFormMixin, forms.ModelForm):
    """原因分析 and 下步措施 of one indicator, region and year; at least one of them."""

    class Meta:
        model = IndicatorNote
        fields = ["cause", "measure"]
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 3}),
            "measure": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns the cleaned data
        cause, measure = cleaned.get("cause"), cleaned.get("measure")
        if cause is not None and measure is not None and not (cause.strip() or measure.strip()):
            raise forms.ValidationError("请至少填写原因分析或下步措施。")
        return cleaned


class MeetingContextForm(StyledFormMixin, forms.ModelForm):
    """The speech's meeting: all optional; what is left empty the speech does not say."""

    class Meta:
        model = MeetingContext
        fields = ["name", "date", "approved_by", "preceded_by"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_date(self) -> datetime.date | None:
        # The conference on a year's work is held at its end or early the next year.
        date = self.cleaned_data.get("date")
        if date is not None and date.year not in (self.year, self.year + 1):
            raise forms.ValidationError(f"会议日期应在{self.year}年或{self.year + 1}年。")
        return date
