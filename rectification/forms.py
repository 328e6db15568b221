from __future__ import annotations

from django import forms
from django.db import models
from django.db.models import Q

from accounts.models import User
from healthreport.lib.forms import StyledFormMixin
from healthreport.lib.versions import LastChange, VersionedFormMixin
from rectification.models import (
    DUPLICATE_PROBLEM,
    Category,
    Inspection,
    Problem,
    Sanction,
    Source,
    description_fingerprint,
)
from rectification.sanctions import EDITABLE_FIELDS, REASON_MAX_LENGTH
from rectification.workflow import FOUR_POINTS
from units.models import Unit
from units.pickers import UnitChoiceField


class InspectionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["source", "title", "date", "organiser", "campaign", "notes"]
        widgets = {"date": forms.DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(active=True)


class ProblemForm(VersionedFormMixin, StyledFormMixin, forms.ModelForm):
    """A problem found by an inspection; the deadline set here is the original deadline.

    An edit carries the version it was opened at (healthreport.lib.versions): the view refuses
    it when the problem changed meanwhile (an edit, a report, a review, an extension)."""

    record_label = "该问题"
    unit = UnitChoiceField(label="责任单位", queryset=Unit.objects.none(), active_only=True)

    class Meta:
        model = Problem
        fields = [
            "unit",
            "category",
            "severity",
            "kind",
            "description",
            "measures",
            "first_responsible",
            "direct_responsible",
            "deadline",
            "remarks",
        ]
        widgets = {
            "deadline": forms.DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user: User, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        # A 停用 unit takes no new problems; a problem already at one keeps its unit.
        units = Unit.objects.visible_to(user).select_related("region")
        self.fields["unit"].queryset = units.filter(Q(is_active=True) | Q(pk=self.instance.unit_id))
        self.fields["category"].queryset = Category.objects.filter(active=True)
        self.fields["deadline"].help_text = "延期须由责任单位申请、局机关审批。"
        if self.instance.pk:
            # After creation the deadline only moves through an approved extension.
            del self.fields["deadline"]

    def last_change(self, locked: models.Model) -> LastChange:
        # A problem keeps its changes as events (ProblemEvent), not in simple-history.
        event = locked.events.select_related("actor").order_by("-at", "-pk").first()
        who = event.actor if event and event.actor else None
        return LastChange(str(who) if who else "他人", locked.updated)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline and deadline < self.inspection.date:
            raise forms.ValidationError(
                f"整改时限不能早于检查日期（{self.inspection.date:%Y-%m-%d}）。"
            )
        return deadline

    def clean(self):
        cleaned = super().clean()
        unit, description = cleaned.get("unit"), cleaned.get("description")
        # The constraint's rule, told before saving; a problem kept outside it (a duplicate
        # from before migration 0006) is not held to it. The view still catches the
        # IntegrityError of a form sent at the same moment.
        held = self.instance._state.adding or self.instance.fingerprint is not None
        if unit and description and held:
            same = Problem.objects.filter(
                inspection=self.inspection,
                unit=unit,
                fingerprint=description_fingerprint(description),
            ).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("description", DUPLICATE_PROBLEM)
        return cleaned

    def save(self, commit=True):
        problem = super().save(commit=False)
        problem.inspection = self.inspection
        if not problem.pk:
            problem.original_deadline = problem.deadline
        if commit:
            problem.save()
        return problem


class ActionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cause_found = forms.CharField(label=FOUR_POINTS["cause_found"], required=False)
    people_dealt_with = forms.CharField(label=FOUR_POINTS["people_dealt_with"], required=False)
    measures_checked = forms.CharField(label=FOUR_POINTS["measures_checked"], required=False)
    education_done = forms.CharField(label=FOUR_POINTS["education_done"], required=False)

    def four_points(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in FOUR_POINTS}


class EvidenceForm(forms.Form):
    file = forms.FileField(label="佐证材料")


class ExtensionForm(StyledFormMixin, forms.Form):
    new_deadline = forms.DateField(label="申请延至", widget=forms.DateInput())
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StyledFormMixin, forms.Form):
    approve = forms.BooleanField(required=False)
    note = forms.CharField(label="审批意见", required=False)


class SanctionForm(StyledFormMixin, forms.ModelForm):
    """A sanction's own fields; the amount rule (罚款 only, above 0) is `Sanction.clean`'s."""

    class Meta:
        model = Sanction
        fields = list(EDITABLE_FIELDS)
        widgets = {"date": forms.DateInput(), "note": forms.TextInput()}


class SanctionCorrectionForm(SanctionForm):
    """更正: the same fields, a required reason, and the version the page showed."""

    reason = forms.CharField(
        label="更正原因",
        max_length=REASON_MAX_LENGTH,
        help_text="记入修改记录，例如“金额录入错误，按处罚决定书更正”。",
    )
    version = forms.IntegerField(label="页面版本", required=False, widget=forms.HiddenInput())


class SanctionVoidForm(StyledFormMixin, forms.Form):
    # Not required here: `sanctions.void_sanction` refuses an empty or long reason in words.
    reason = forms.CharField(
        label="作废原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
