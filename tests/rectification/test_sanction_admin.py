"""The admin shows sanctions but never adds, edits or deletes one: that goes through
rectification.sanctions, which keeps the reason in the history."""

import datetime

from rectification.models import Sanction, SanctionKind


def test_the_admin_cannot_change_or_delete_a_sanction(client, admin_user, unit_a):
    sanction = Sanction.objects.create(
        unit=unit_a, kind=SanctionKind.WARNING, date=datetime.date(2025, 5, 1)
    )
    client.force_login(admin_user)
    assert client.get("/admin/rectification/sanction/").status_code == 200
    assert client.get(f"/admin/rectification/sanction/{sanction.pk}/delete/").status_code == 403
    assert client.get("/admin/rectification/sanction/add/").status_code == 403
    response = client.post(
        f"/admin/rectification/sanction/{sanction.pk}/change/", {"kind": SanctionKind.FINE}
    )
    assert response.status_code == 403
    sanction.refresh_from_db()
    assert sanction.kind == SanctionKind.WARNING
