"""Every text column of every import is checked against its model field's max_length before the
database (PostgreSQL answers a longer text with a 500; SQLite stores it)."""

import pytest
from django.db import models

from indicators.importers import TargetImporter, ValueImporter
from indicators.models import Target, Value
from rectification.ledger import LedgerImporter
from rectification.models import Inspection, Problem
from units.importer import UnitImporter
from units.models import Unit

# (importer, column name) → the model field its text is stored in; a column not listed is parsed
# (a lookup, a date, a choice) or only names something to find.
STORED_TEXT = {
    (UnitImporter, "name"): Unit._meta.get_field("name"),
    (UnitImporter, "head_name"): Unit._meta.get_field("head_name"),
    (UnitImporter, "phone"): Unit._meta.get_field("phone"),
    (ValueImporter, "comment"): Value._meta.get_field("comment"),
    (TargetImporter, "source"): Target._meta.get_field("source"),
    (LedgerImporter, "title"): Inspection._meta.get_field("title"),
    (LedgerImporter, "description"): Problem._meta.get_field("description"),
    (LedgerImporter, "measures"): Problem._meta.get_field("measures"),
    (LedgerImporter, "first_responsible"): Problem._meta.get_field("first_responsible"),
    (LedgerImporter, "direct_responsible"): Problem._meta.get_field("direct_responsible"),
    (LedgerImporter, "progress"): Problem._meta.get_field("progress"),
    (LedgerImporter, "verifier"): Problem._meta.get_field("verifier_name"),
    (LedgerImporter, "remarks"): Problem._meta.get_field("remarks"),
}
LOOKUPS = {
    (ValueImporter, "code"),
    (ValueImporter, "name"),
    (ValueImporter, "place"),
    (LedgerImporter, "number"),
}


@pytest.mark.parametrize("importer", [UnitImporter, ValueImporter, TargetImporter, LedgerImporter])
def test_every_stored_text_column_has_its_fields_length(importer):
    for column in importer.columns:
        if not column.is_text or (importer, column.name) in LOOKUPS:
            continue
        field = STORED_TEXT[(importer, column.name)]
        if isinstance(field, models.TextField):
            continue  # no length in the database
        assert column.max_length == field.max_length, column.header
