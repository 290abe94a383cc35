from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Render every form with the NL Design System field markup (templates/forms/)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
