"""Events tell the people concerned (core.notify): in-app, and by e-mail where they have an
address; nobody else hears, nothing is said before the change commits, and a failing mail
server or robot never breaks the action."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Role
from core.models import Notification, WebhookDelivery
from healthreport.lib.events import Event, muted
from indicators import workflow as figures
from indicators.models import ValueStatus
from rectification import sanctions, workflow
from rectification.models import EventAction, ExtensionStatus, SanctionKind, Status
from rectification.workflow import Action
from reports.entries import set_status
from reports.models import EntryStatus, Part, WorkEntry, WorkField
from tests.fixtures import make_user
from tests.indicators.conftest import YEAR, put
from tests.rectification.conftest import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(head_a, clerk_a, head_b, staff, staff2, leader):
    head_a.email = "head@example.org"
    head_a.save(update_fields=["email"])
    return head_a, clerk_a


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block as a committed transaction would: the on_commit news goes out."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def told(event: str) -> dict[str, str]:
    """username → title of the notifications of this event."""
    return dict(Notification.objects.filter(kind=event).values_list("recipient__username", "title"))


def submitted(problem, head, with_photo):
    with_photo(problem, head)
    with muted():
        workflow.transition(problem, Action.SUBMIT, head, note="已整改")
    return problem


def test_issuing_a_problem_tells_its_units_people_only(people, staff, problem_a, commit):
    with commit():
        workflow.record_event(problem_a, staff, EventAction.CREATED, "整改时限：2025-06-30")
    assert set(told(Event.ISSUED)) == {"head_a", "clerk_a"}
    notification = Notification.objects.get(kind=Event.ISSUED, recipient__username="head_a")
    assert notification.problem == problem_a and notification.title.startswith("【新下发】")
    assert "整改时限：2025-06-30" in notification.body
    assert notification.url == f"/rectification/{problem_a.pk}/"
    # Only head_a has an address: one e-mail, recorded as sent.
    assert [m.to for m in mail.outbox] == [["head@example.org"]]
    assert "【新下发】" in mail.outbox[0].subject
    assert f"/rectification/{problem_a.pk}/" in mail.outbox[0].body
    assert notification.emailed


def test_editing_a_problem_tells_nobody(people, staff, problem_a, commit):
    with commit():
        workflow.record_event(problem_a, staff, EventAction.EDITED, "")
    assert not Notification.objects.exists()


def test_a_return_tells_the_unit_the_reason(people, staff, problem_a, with_photo, commit):
    head_a, _ = people
    submitted(problem_a, head_a, with_photo)
    with commit():
        workflow.transition(problem_a, Action.RETURN, staff, note="照片不清晰")
    assert set(told(Event.RETURNED)) == {"head_a", "clerk_a"}
    assert "退回原因：照片不清晰" in Notification.objects.filter(kind=Event.RETURNED)[0].body


def test_closing_tells_the_unit(people, staff2, problem_a, with_photo, commit):
    head_a, _ = people
    submitted(problem_a, head_a, with_photo)
    with commit():
        workflow.transition(problem_a, Action.CLOSE, staff2, note="合格")
    assert set(told(Event.CLOSED)) == {"head_a", "clerk_a"}
    body = Notification.objects.filter(kind=Event.CLOSED)[0].body
    assert "经陈验收验收" in body and "验收意见：合格" in body


@pytest.mark.parametrize(
    ("approve", "event", "says"),
    [(True, Event.EXTENDED, "延至2025-07-30"), (False, Event.NOT_EXTENDED, "仍为2025-06-30")],
)
def test_an_extension_decision_tells_the_unit(
    people, staff, problem_a, commit, approve, event, says
):
    head_a, _ = people
    extension = workflow.request_extension(
        problem_a, head_a, new_deadline=D(2025, 7, 30), reason="设备未到"
    )
    with commit():
        workflow.decide_extension(extension, staff, approve=approve, note="请按时完成")
    extension.refresh_from_db()
    assert extension.status == (ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED)
    assert set(told(event)) == {"head_a", "clerk_a"}
    assert says in Notification.objects.filter(kind=event)[0].body


def test_a_sanction_tells_the_unit(people, staff, major_a, commit):
    with commit():
        sanction = sanctions.record_sanction(
            major_a, staff, kind=SanctionKind.FINE, amount=Decimal(5000), date=D(2025, 6, 1)
        )
    assert set(told(Event.SANCTION)) == {"head_a", "clerk_a"}
    notification = Notification.objects.filter(kind=Event.SANCTION)[0]
    assert "罚款5,000.00元" in notification.body
    assert notification.url == sanction.get_absolute_url()


def test_figures_returned_or_approved_tell_the_unit(people, staff, unit_a, commit):
    put("BEDS", unit_a, 600, status=ValueStatus.SUBMITTED)
    with commit():
        figures.approve(unit_a, YEAR, staff)
    assert set(told(Event.VALUES_APPROVED)) == {"head_a", "clerk_a"}
    with commit():
        figures.reopen(unit_a, YEAR, staff, "床位数与年报不一致")
    assert set(told(Event.VALUES_RETURNED)) == {"head_a", "clerk_a"}
    notification = Notification.objects.filter(kind=Event.VALUES_RETURNED)[0]
    assert "退回原因：床位数与年报不一致" in notification.body
    assert notification.url == f"/indicators/entry/unit/{unit_a.pk}/{YEAR}/"


def test_region_figures_tell_whoever_entered_them(people, staff, county_staff, county_a, commit):
    put("LIVE_BIRTHS", county_a, 4000, updated_by=county_staff)
    with commit():
        figures.approve(county_a, YEAR, staff)
    assert set(told(Event.VALUES_APPROVED)) == {"county"}


def test_a_work_entry_decision_tells_its_author(people, staff, unit_a, county_a, commit):
    head_a, _ = people
    entry = WorkEntry.objects.create(
        year=YEAR,
        part=Part.ACHIEVEMENT,
        field=WorkField.objects.first(),
        title="推进院感防控",
        body="全年开展培训12次。",
        region=county_a,
        unit=unit_a,
        created_by=head_a,
    )
    with commit():
        set_status(entry, staff, EntryStatus.ADOPTED)
    with commit():
        set_status(entry, staff, EntryStatus.SET_ASIDE)
    assert set(told(Event.ADOPTED)) == {"head_a"}
    assert set(told(Event.SET_ASIDE)) == {"head_a"}
    assert f"#entry-{entry.pk}" in Notification.objects.filter(kind=Event.ADOPTED)[0].url
    with commit():
        set_status(entry, staff, EntryStatus.SET_ASIDE)  # no change: no news
    assert Notification.objects.filter(kind=Event.SET_ASIDE).count() == 1


def test_the_person_who_acted_is_not_told(people, unit_a, problem_a, commit):
    staff_at_unit = make_user("acting", Role.UNIT_HEAD, unit=unit_a)
    with commit():
        workflow.record_event(problem_a, staff_at_unit, EventAction.CREATED, "")
    assert "acting" not in told(Event.ISSUED)


def test_inactive_people_are_not_told(people, staff, problem_a, commit):
    _, clerk_a = people
    clerk_a.is_active = False
    clerk_a.save(update_fields=["is_active"])
    with commit():
        workflow.record_event(problem_a, staff, EventAction.CREATED, "")
    assert set(told(Event.ISSUED)) == {"head_a"}


def test_nothing_is_said_of_a_change_rolled_back(people, staff, problem_a, commit):
    with commit():
        try:
            with transaction.atomic():
                workflow.record_event(problem_a, staff, EventAction.CREATED, "")
                raise RuntimeError("the save failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()


def test_a_refused_action_says_nothing(people, staff, problem_a, commit):
    with commit(), pytest.raises(workflow.WorkflowError):
        workflow.transition(problem_a, Action.RETURN, staff, note="x")  # not 待验收
    assert not Notification.objects.exists()


def test_a_failing_mail_server_does_not_break_the_action(
    people, staff, problem_a, with_photo, commit, monkeypatch, caplog
):
    head_a, _ = people
    submitted(problem_a, head_a, with_photo)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("core.notify.send_mail", refuse)
    with commit():
        workflow.transition(problem_a, Action.RETURN, staff, note="照片不清晰")
    problem_a.refresh_from_db()
    assert problem_a.status == Status.IN_PROGRESS
    notification = Notification.objects.get(kind=Event.RETURNED, recipient=head_a)
    assert not notification.emailed
    assert "smtp down" in caplog.text


def test_events_never_go_to_the_group_robots(people, staff, problem_a, commit, settings):
    """The robots keep the daily picture; a dead robot address changes nothing here."""
    settings.WECOM_WEBHOOK_URL = "http://127.0.0.1:9/robot"
    settings.DINGTALK_WEBHOOK_URL = "http://127.0.0.1:9/robot"
    with commit():
        workflow.record_event(problem_a, staff, EventAction.CREATED, "")
    assert set(told(Event.ISSUED)) == {"head_a", "clerk_a"}
    assert not WebhookDelivery.objects.exists()


def test_muted_history_tells_nobody(people, staff, problem_a, commit):
    with commit(), muted():
        workflow.record_event(problem_a, staff, EventAction.CREATED, "")
    assert not Notification.objects.exists()


def test_the_same_event_twice_a_day_is_told_twice(people, staff, problem_a, with_photo, commit):
    """Unlike the daily reminders (one per problem, kind and day), each event is news."""
    head_a, _ = people
    for _ in range(2):
        submitted(problem_a, head_a, with_photo)
        with commit():
            workflow.transition(problem_a, Action.RETURN, staff, note="再补充")
    assert Notification.objects.filter(kind=Event.RETURNED, recipient=head_a).count() == 2


def test_the_demo_has_news_for_its_unit(commit, settings):
    """load_demo's last days go through the workflow: the demo unit's people have news, and a
    returned problem at the top of the head's home; the past tells nobody."""
    from django.core.management import call_command

    from accounts.models import User
    from rectification.dashboard import returned

    settings.DEBUG = True
    with commit():
        call_command("load_demo", stdout=None)
    head = User.objects.get(username="head")
    kinds = set(Notification.objects.filter(recipient=head).values_list("kind", flat=True))
    assert kinds == {Event.ISSUED, Event.RETURNED, Event.NOT_EXTENDED}
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "head",
        "clerk",
    }
    assert [p.return_reason for p in returned(head)][:1] == [
        "佐证照片未体现整改后的现场，请补充整改前后对比照片后重新申请销号"
    ]
