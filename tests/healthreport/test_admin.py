"""Problems, units and indicator values are never deleted through the admin, one by one or with
the bulk action (healthreport.lib.admin.NoDeleteAdminMixin); other admins keep deleting."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import Role
from indicators.models import Indicator, Value
from rectification.models import Problem
from tests.fixtures import make_user
from units.models import Unit


@pytest.fixture
def request_(db):
    request = RequestFactory().get("/admin/")
    request.user = make_user("root", Role.SYS_ADMIN, is_superuser=True, is_staff=True)
    return request


@pytest.mark.parametrize("model", [Problem, Unit, Value])
def test_the_admin_refuses_to_delete(model, request_):
    model_admin = admin.site._registry[model]
    assert not model_admin.has_delete_permission(request_)
    assert "delete_selected" not in model_admin.get_actions(request_)


def test_other_admins_still_delete(request_):
    model_admin = admin.site._registry[Indicator]
    assert model_admin.has_delete_permission(request_)
    assert "delete_selected" in model_admin.get_actions(request_)
