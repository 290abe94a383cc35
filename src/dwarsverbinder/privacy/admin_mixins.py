from django.contrib import admin
from django.db import models

from . import audit


class AuditedModelAdmin(admin.ModelAdmin):
    """Admin changes go to the audit log with the fields that changed."""

    # Addresses typed without a scheme are taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit.log_change(actor=request.user, obj=obj, before=before)

    def delete_model(self, request, obj):
        audit.log_delete(actor=request.user, obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.log_delete(actor=request.user, obj=obj)
        super().delete_queryset(request, queryset)
