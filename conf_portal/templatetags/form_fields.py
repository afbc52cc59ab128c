from django import forms, template

register = template.Library()


def _css_class(widget, has_errors: bool) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        base = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        base = "form-select"
    else:
        base = "form-control"
    return f"{base} is-invalid" if has_errors else base


@register.filter
def bootstrap_widget(bound_field):
    """Render a bound field's widget with Bootstrap classes and accessible error wiring."""
    attrs = {"class": _css_class(bound_field.field.widget, bool(bound_field.errors))}
    described = []
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{bound_field.auto_id}-errors")
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-help")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)
