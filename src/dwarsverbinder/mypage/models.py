"""One-time login links to My page: how a young person gets in without an account."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginLink(models.Model):
    """A link sent to a young person's confirmed e-mail address or phone number.

    Only a SHA-256 hash of the token is stored: whoever reads the database (or a backup)
    cannot use a link that is still valid. A link works once, for a short time.
    """

    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="login_links",
    )
    channel = models.ForeignKey(
        "people.ContactChannel",
        verbose_name=_("sent to"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="login_links",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    # The hash is not a secret that lets anyone in, but nothing gains from copying it.
    AUDIT_REDACTED_FIELDS = ("token_hash",)

    class Meta:
        verbose_name = _("login link")
        verbose_name_plural = _("login links")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["channel", "created_at"], name="loginlink_channel_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="loginlink_expires_after_created",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.created_at:%Y-%m-%d %H:%M}"
