from django.contrib import admin
from django.db import models

from . import audit


def _m2m_ids(obj: models.Model) -> dict[str, set[int]]:
    if obj.pk is None:
        return {}
    return {
        field.name: set(getattr(obj, field.name).values_list("pk", flat=True))
        for field in obj._meta.many_to_many
    }


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin changes go to the audit log with the fields that changed: the record itself,
    its many-to-many fields and every inline row added, changed or deleted."""

    # Addresses typed without a scheme are taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        request._audit_m2m_before = _m2m_ids(obj) if change else {}
        super().save_model(request, obj, form, change)
        audit.log_change(actor=request.user, obj=obj, before=before)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = getattr(request, "_audit_m2m_before", {})
        for field, after in _m2m_ids(form.instance).items():
            audit.log_m2m_change(
                actor=request.user,
                obj=form.instance,
                field=field,
                before=before.get(field, set()),
                after=after,
            )

    def save_formset(self, request, form, formset, change):
        model = formset.model
        before = {
            obj.pk: audit.snapshot(obj)
            for obj in model.objects.filter(
                pk__in=[f.instance.pk for f in formset.initial_forms if f.instance.pk]
            )
        }
        # Django clears the key of a deleted inline row while saving: note it first.
        deleted = [
            (f.instance.pk, before.get(f.instance.pk, {}))
            for f in formset.deleted_forms
            if f.instance.pk is not None
        ]
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit.log_change(actor=request.user, obj=obj, before=None)
        for obj, _fields in formset.changed_objects:
            audit.log_change(actor=request.user, obj=obj, before=before.get(obj.pk))
        for pk, snapshot in deleted:
            audit.log_event(
                actor=request.user,
                action="delete",
                object_type=model._meta.label_lower,
                object_id=pk,
                changes=audit.diff(snapshot, {}),
            )

    def delete_model(self, request, obj):
        audit.log_delete(actor=request.user, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.log_delete(actor=request.user, obj=obj)
        super().delete_queryset(request, queryset)
