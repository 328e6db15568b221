"""Telling people when something needs them: each domain event (`healthreport.lib.events`) mapped
to the people who hear of it and what they read, then sent as an in-app `Notification` and, where
the person has an address, an e-mail.

The domain functions announce (rectification.workflow, rectification.sanctions,
indicators.workflow, WorkEntry.set_status); the news goes out after their transaction commits,
never from a view. Only the people concerned hear: the problem's unit, the sanctioned unit, the
place whose figures were decided (and whoever entered them), an entry's author; never the person
who acted.

The group robots (WeCom/DingTalk) are not told of each event: they post to groups the whole bureau
shares, where one message per 退回 or 销号 is noise. They keep the daily picture sent by
`send_reminders` (core.reminders); the people concerned hear of events in-app and by e-mail.

A failed e-mail never undoes or breaks the action: it is logged, and the notification stays
`emailed=False` (as `send_reminders` records its failures).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import Role, User
from core.models import Notification
from healthreport.lib import clock
from healthreport.lib.events import Event, happened
from rectification.models import ExtensionRequest, Problem, Sanction
from reports.models import WorkEntry
from units.models import Unit

logger = logging.getLogger(__name__)

UNIT_ROLES = (Role.UNIT_HEAD, Role.UNIT_CLERK)


@dataclass(frozen=True)
class News:
    """What the people concerned read about one event, and where it leads."""

    recipients: list[User]
    title: str
    body: str
    problem: Problem | None = None
    link: str = ""


def unit_people(unit_id: int | None) -> list[User]:
    """The active people of a unit (单位负责人 and 填报员)."""
    if unit_id is None:
        return []
    return list(User.objects.filter(is_active=True, role__in=UNIT_ROLES, unit_id=unit_id))


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else f"{text[: length - 1]}…"


def _problem_news(event: str, problem: Problem, actor: User | None, note: str) -> News:
    what = _short(problem.description)
    if event == Event.ISSUED:
        inspection = problem.inspection
        body = (
            f"{inspection.date:%Y年%m月%d日}{inspection.title}发现的问题已下发给{problem.unit.name}，"
            f"整改时限：{problem.deadline:%Y-%m-%d}。请落实整改措施，按时整改。"
        )
    elif event == Event.RETURNED:
        body = f"退回原因：{note}\n请按要求整改、补充佐证后重新申请销号。"
    else:  # CLOSED
        who = actor.display_name if actor else "局机关"
        body = f"经{who}验收，该问题已于{problem.closed_on:%Y-%m-%d}销号。" + (
            f"验收意见：{note}" if note else ""
        )
    return News(
        unit_people(problem.unit_id), f"【{Event(event).label}】{what}", body, problem=problem
    )


def _extension_news(event: str, extension: ExtensionRequest, note: str) -> News:
    problem = extension.problem
    if event == Event.EXTENDED:
        body = f"延期申请已同意，整改时限延至{extension.new_deadline:%Y-%m-%d}。"
    else:
        body = (
            f"延期申请（延至{extension.new_deadline:%Y-%m-%d}）未获同意，"
            f"整改时限仍为{problem.deadline:%Y-%m-%d}。理由：{note}"
        )
    if event == Event.EXTENDED and note:
        body += f"审批意见：{note}"
    return News(
        unit_people(problem.unit_id),
        f"【{Event(event).label}】{_short(problem.description)}",
        body,
        problem=problem,
    )


def _sanction_news(sanction: Sanction) -> News:
    amount = f"{sanction.amount:,.2f}元" if sanction.amount is not None else ""
    body = f"{sanction.date:%Y-%m-%d}对{sanction.target or sanction.unit.name}：" + (
        f"{sanction.get_kind_display()}{amount}。"
    )
    if sanction.problem_id:
        body += f"相关问题：{_short(sanction.problem.description)}"
    return News(
        unit_people(sanction.unit_id),
        f"【{Event.SANCTION.label}】{sanction.unit.name}：{sanction.get_kind_display()}",
        body,
        link=sanction.get_absolute_url(),
    )


def _figures_news(event: str, place: Any, year: int, note: str, entered_by: set[int]) -> News:
    kind = "unit" if isinstance(place, Unit) else "region"
    people = unit_people(place.pk) if kind == "unit" else []
    known = {p.pk for p in people}
    people += list(User.objects.filter(is_active=True, pk__in=entered_by - known))
    if event == Event.VALUES_RETURNED:
        body = f"退回原因：{note}\n请修改后重新上报。"
    else:
        body = "已审核的指标已锁定；如需修改，请联系局机关退回。"
    return News(
        people,
        f"【{Event(event).label}】{place.name}{year}年指标",
        body,
        link=reverse("indicators:entry", args=[kind, place.pk, year]),
    )


def _entry_news(event: str, entry: WorkEntry) -> News:
    if event == Event.ADOPTED:
        body = f"您报送的{entry.year}年工作条目已被局机关采用，将写入年度工作文件。"
    else:
        body = f"您报送的{entry.year}年工作条目暂未采用。"
    return News(
        [entry.created_by] if entry.created_by.is_active else [],
        f"【{Event(event).label}】{_short(entry.title)}",
        body,
        link=f"{reverse('reports:entry_list')}?year={entry.year}#entry-{entry.pk}",
    )


def news_for(event: str, subject: Any, actor: User | None, note: str, **details: Any) -> News:
    """Who hears of the event and what they read."""
    if event in (Event.ISSUED, Event.RETURNED, Event.CLOSED):
        return _problem_news(event, subject, actor, note)
    if event in (Event.EXTENDED, Event.NOT_EXTENDED):
        return _extension_news(event, subject, note)
    if event == Event.SANCTION:
        return _sanction_news(subject)
    if event in (Event.VALUES_RETURNED, Event.VALUES_APPROVED):
        return _figures_news(
            event, subject, details["year"], note, details.get("entered_by", set())
        )
    if event in (Event.ADOPTED, Event.SET_ASIDE):
        return _entry_news(event, subject)
    raise ValueError(f"unknown event {event}")


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def _email(notification: Notification) -> bool:
    user = notification.recipient
    if not user.email:
        return False
    text = "\n".join(
        [
            f"{user.display_name}，您好：",
            "",
            notification.title,
            notification.body,
            _link(notification.url),
            "",
            settings.SITE_NAME,
        ]
    )
    send_mail(
        f"[{settings.SITE_NAME}] {notification.title}",
        text,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    return True


def deliver(event: str, subject: Any, actor: User | None, note: str = "", **details: Any) -> int:
    """Record the event's notifications and e-mail them; returns how many people were told."""
    news = news_for(event, subject, actor, note, **details)
    today = clock.today()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            problem=news.problem,
            kind=event,
            day=today,
            title=news.title[:200],
            body=news.body,
            link=news.link,
        )
        for user in news.recipients
        if actor is None or user.pk != actor.pk
    )
    emailed = []
    for notification in notifications:
        try:
            if _email(notification):
                emailed.append(notification.pk)
        except Exception as error:  # any failure of the mail server: the action stands
            logger.warning("Notification e-mail to %s failed: %s", notification.recipient, error)
    if emailed:
        Notification.objects.filter(pk__in=emailed).update(emailed=True)
    return len(notifications)


def on_event(sender: str, subject: Any, actor: User | None, note: str = "", **details: Any) -> None:
    details.pop("signal", None)
    deliver(sender, subject, actor, note, **details)


def connect() -> None:
    happened.connect(on_event, dispatch_uid="core.notify")
