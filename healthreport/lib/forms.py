"""Form helpers shared by every app: Bootstrap classes and native date inputs."""

from django import forms

from healthreport.lib.numbers import normalise_number


class TypedNumberInput(forms.TextInput):
    """A number as people type it: 17,500 or full-width １７５００ (healthreport.lib.numbers).

    A text box, not type=number: the browser would refuse 17,500 and full-width digits before
    the server saw them. `inputmode` still brings up the digits keyboard on a phone."""

    def __init__(self, attrs=None, *, whole: bool = False):
        mode = "numeric" if whole else "decimal"
        super().__init__({"inputmode": mode, "autocomplete": "off", **(attrs or {})})

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return normalise_number(value) if isinstance(value, str) else value


NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField)


def accept_typed_numbers(field: forms.Field) -> None:
    """Give a number field the TypedNumberInput (keeping its attributes but the browser's own
    min/max/step checks, which would refuse 17,500 before the field's validators speak)."""
    widget = field.widget
    if not isinstance(field, NUMBER_FIELDS) or isinstance(
        widget, forms.HiddenInput | TypedNumberInput
    ):
        return
    attrs = {k: v for k, v in widget.attrs.items() if k not in ("min", "max", "step")}
    field.widget = TypedNumberInput(attrs, whole=isinstance(field, forms.IntegerField))


class StyledFormMixin:
    """Gives each widget its Bootstrap class; date fields become native date pickers; number
    fields accept thousands separators and full-width digits (TypedNumberInput)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            accept_typed_numbers(field)
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            _name_the_empty_choice(field)
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _name_the_empty_choice(field: forms.Field) -> None:
    """Say what the empty choice means instead of Django's "---------"."""
    label = "请选择" if field.required else "（无）"
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None:
            field.empty_label = label  # read lazily when the choices are rendered
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)  # type: ignore[arg-type]  # a list once the field is built
        if choices and choices[0][0] == "":
            field.choices = [("", label), *choices[1:]]


def style_filter_form(form: forms.Form) -> None:
    """Compact Bootstrap widgets for a filter bar; an empty choice reads 全部 (all)."""
    for field in form.fields.values():
        accept_typed_numbers(field)
        widget = field.widget
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
        if isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select form-select-sm"
            if hasattr(field, "empty_label"):
                # Setting the label keeps model choices lazy (no query until rendering).
                field.empty_label = "全部"
        else:
            widget.attrs["class"] = "form-control form-control-sm"
