from __future__ import annotations

import datetime

from django import forms
from django.conf import settings

from accounts.models import User
from accounts.policy import access_for
from healthreport.lib.forms import StyledFormMixin
from reports import docx_layout
from reports.builders import DocumentKind
from reports.models import Part, WorkEntry
from units.forms import year_choices
from units.models import Region, RegionLevel, Unit


def default_year(today: datetime.date) -> int:
    """The year a summary is written for: last year, the current one in its last month."""
    return today.year if today.month == 12 else today.year - 1


class ReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="文件", choices=list(DocumentKind.LABELS.items()), initial=DocumentKind.SUMMARY
    )
    year = forms.TypedChoiceField(label="年度", coerce=int)
    region = forms.ModelChoiceField(label="区划", queryset=Region.objects.none(), empty_label=None)

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)
        self.fields["year"].initial = default_year(today)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(
            level__lte=RegionLevel.COUNTY
        )
        self.fields["region"].initial = self.fields["region"].queryset.first()


class WorkEntryForm(StyledFormMixin, forms.ModelForm):
    year = forms.TypedChoiceField(label="年度", coerce=int)

    class Meta:
        model = WorkEntry
        fields = ["year", "part", "field", "title", "body", "region", "unit"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, user: User, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["year"].choices = year_choices(today)
        if not self.instance.pk:
            self.fields["year"].initial = default_year(today)
        if access_for(user).unit:
            # A unit proposes entries for itself; the bureau decides where they go.
            del self.fields["region"]
            del self.fields["unit"]
            self.fields["part"].initial = Part.ACHIEVEMENT
        else:
            self.fields["region"].queryset = Region.objects.visible_to(user).filter(
                level__lte=RegionLevel.COUNTY
            )
            self.fields["unit"].queryset = Unit.objects.visible_to(user)
            self.fields["unit"].required = False

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
