"""Re-run the data migrations that seed reference lists, when those lists are empty.

A live-server test flushes every table, the seeded lists with them; the demo loaders call this
so that `load_demo` works on such a database as on a freshly migrated one.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def ensure_seeded(model_label: str, migration: str, function: str) -> None:
    """Run `function` of the data migration `migration` if `model_label` has no rows."""
    if apps.get_model(model_label).objects.exists():
        return
    module = importlib.import_module(migration)
    getattr(module, function)(apps, None)
