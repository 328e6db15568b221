"""Previews never confirmed: their staged files are removed after a day, their batches expire."""

from __future__ import annotations

import datetime

from django.utils import timezone

from healthreport.lib import uploads
from imports.models import ImportBatch, Outcome

# How long a preview may wait for its confirmation.
STAGED_FOR = datetime.timedelta(days=1)


def clean_staged_uploads() -> tuple[int, int]:
    """(files removed, batches expired)."""
    removed = uploads.remove_older_than(STAGED_FOR)
    expired = ImportBatch.objects.filter(
        outcome=Outcome.PREVIEWED, created__lt=timezone.now() - STAGED_FOR
    ).update(outcome=Outcome.EXPIRED, finished=timezone.now())
    return removed, expired
