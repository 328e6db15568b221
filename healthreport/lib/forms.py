"""Form helpers shared by every app: Bootstrap classes and native date inputs."""

from django import forms


class StyledFormMixin:
    """Gives each widget its Bootstrap class; date fields become native date pickers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
