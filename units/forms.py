from __future__ import annotations

from django import forms

from accounts.models import User
from healthreport.forms import StyledFormMixin
from units.models import MedicalCommunity, Region, Unit


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "credit_code",
            "kind",
            "region",
            "ownership",
            "grade",
            "approved_beds",
            "head_name",
            "phone",
            "medical_community",
        ]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user)
        self.fields["medical_community"].queryset = MedicalCommunity.objects.visible_to(user)
        self.fields["credit_code"].widget.attrs.update(
            {"maxlength": 18, "style": "text-transform: uppercase", "autocomplete": "off"}
        )

    def clean_credit_code(self) -> str:
        return self.cleaned_data["credit_code"].strip().upper()


class RegionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "level", "parent", "code"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Region.objects.visible_to(user).exclude(level=3)
        if not user.sees_everything:
            self.fields["parent"].required = True


class MedicalCommunityForm(StyledFormMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label="成员单位",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text="按住 Ctrl 可多选。牵头单位自动成为成员。",
    )

    class Meta:
        model = MedicalCommunity
        fields = ["name", "region", "lead_unit"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.visible_to(user).filter(level__lte=2)
        units = Unit.objects.visible_to(user).select_related("medical_community")
        self.fields["lead_unit"].queryset = units
        self.fields["lead_unit"].required = True
        self.fields["members"].queryset = units
        if self.instance.pk:
            self.fields["members"].initial = list(self.instance.members.all())

    def clean(self):
        cleaned = super().clean()
        members = list(cleaned.get("members") or [])
        lead = cleaned.get("lead_unit")
        region = cleaned.get("region")
        taken = [
            unit
            for unit in members + ([lead] if lead else [])
            if unit.medical_community_id not in (None, self.instance.pk)
        ]
        if taken:
            names = "、".join(f"{u.name}（已属于{u.medical_community}）" for u in taken)
            raise forms.ValidationError(f"一个单位只能属于一个医共体：{names}。")
        if region is not None:
            outside = [u.name for u in members if not u.region.is_in(region)]
            if outside:
                raise forms.ValidationError(f"以下成员单位不在所属区划内：{'、'.join(outside)}。")
        return cleaned

    def save(self, commit: bool = True) -> MedicalCommunity:
        community = super().save()
        members = set(self.cleaned_data.get("members") or [])
        Unit.objects.filter(medical_community=community).exclude(
            pk__in=[u.pk for u in members] + [community.lead_unit_id]
        ).update(medical_community=None)
        Unit.objects.filter(pk__in=[u.pk for u in members]).update(medical_community=community)
        return community
