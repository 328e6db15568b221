"""What the audit trail learns from signals: Django's and axes' login signals, model saves and
deletes (kept for the request's one event, `audit.middleware`), simple-history's records (the
pointer from an event to its change), and a person's role, scope and password (compared with
the values the instance was loaded with, so that no query is needed to know what changed)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save
from django.urls import reverse
from simple_history.signals import post_create_historical_record

from accounts.models import User
from audit import recorder
from audit.models import Action, Result

# The project's own apps: a write to one of their models is a write people did.
PROJECT_APPS = {"accounts", "imports", "units", "rectification", "indicators", "reports", "core"}
# Side effects of another write, which say nothing of their own.
IGNORED = {"accounts.passwordhistory", "core.notification", "core.webhookdelivery"}
IMPORT_BATCH = "imports.importbatch"
# ImportBatch.outcome values (imports.models.Outcome) that end an import.
IMPORT_OUTCOMES = {"imported": Result.SUCCESS, "refused": Result.REFUSED}

# The account fields whose change is a change of who may do what (role, scope, enabled).
ACCOUNT_FIELDS = {
    "role": "角色",
    "region_id": "管辖区划",
    "unit_id": "所在单位",
    "is_active": "启用",
    "is_superuser": "超级用户",
    "is_staff": "可登录系统管理",
}
_ORIGINAL = "_audit_original"

FAILED_LOGIN = "用户名或密码不正确，或账号已停用"
LOCKED = "账号已锁定（连续登录失败）"


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(on_lockout, dispatch_uid="audit_lockout")
    post_init.connect(remember_account, sender=User, dispatch_uid="audit_user_init")
    post_save.connect(on_user_saved, sender=User, dispatch_uid="audit_user_saved")
    post_save.connect(on_save, dispatch_uid="audit_save")
    post_delete.connect(on_delete, dispatch_uid="audit_delete")
    post_create_historical_record.connect(on_history, dispatch_uid="audit_history")


def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    recorder.record(Action.LOGIN, request=request, user=user)


def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    detail = ""
    if request is not None and request.path != reverse("logout"):
        detail = "会话闲置超时，自动退出"
    recorder.record(Action.LOGOUT, request=request, user=user, detail=detail)


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any):
    locked = getattr(request, "axes_locked_out", False)
    recorder.record(
        Action.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
        result=Result.REFUSED,
        reason=LOCKED if locked else FAILED_LOGIN,
    )


def on_lockout(sender: Any, request: Any, username: str, ip_address: str, **kwargs: Any) -> None:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    recorder.record(
        Action.LOCKOUT,
        request=request,
        username=username or "",
        result=Result.REFUSED,
        reason=f"连续登录失败 {settings.AXES_FAILURE_LIMIT} 次，锁定 {minutes} 分钟",
    )


def _is_recorded(model: type[Model]) -> bool:
    meta = model._meta
    return (
        meta.app_label in PROJECT_APPS
        and meta.label_lower not in IGNORED
        # simple-history's own tables (HistoricalProblem…) are the change, not a write.
        and "instance_type" not in model.__dict__
    )


def on_save(sender: type[Model], instance: Model, created: bool, raw: bool = False, **kwargs):
    if raw or not _is_recorded(sender):
        return
    log = recorder.current()
    if log is not None:
        log.add_write(instance, "create" if created else "update")
    elif sender._meta.label_lower == IMPORT_BATCH:
        # An import from the command line: its outcome, once it has one.
        result = IMPORT_OUTCOMES.get(getattr(instance, "outcome", ""))
        if result is not None:
            recorder.record(
                Action.IMPORT,
                obj=instance,
                result=result,
                reason="" if result == Result.SUCCESS else "有错误，未导入",
                detail="命令行导入",
            )


def on_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    log = recorder.current()
    if log is not None and _is_recorded(sender):
        log.add_write(instance, "delete")


def on_history(sender: Any, instance: Model, history_instance: Model, **kwargs: Any) -> None:
    log = recorder.current()
    if log is not None:
        log.history[(instance._meta.label_lower, str(instance.pk))] = history_instance.pk


def _account_values(instance: User) -> dict[str, Any] | None:
    values = instance.__dict__
    names = [*ACCOUNT_FIELDS, "password"]
    if not all(name in values for name in names):
        return None  # deferred fields: reading them would be a query
    return {name: values[name] for name in names}


def remember_account(sender: Any, instance: User, **kwargs: Any) -> None:
    instance.__dict__[_ORIGINAL] = _account_values(instance)


def on_user_saved(sender: Any, instance: User, created: bool, raw: bool = False, **kwargs):
    original = instance.__dict__.get(_ORIGINAL)
    now = _account_values(instance)
    instance.__dict__[_ORIGINAL] = now
    if created or raw or original is None or now is None:
        return
    log = recorder.current()
    actor = None
    if log is not None and getattr(log.request, "user", None) is not None:
        actor = log.request.user if log.request.user.is_authenticated else None
    if original["password"] != now["password"]:
        own = actor is not None and actor.pk == instance.pk
        recorder.record(
            Action.PASSWORD_CHANGE if own else Action.PASSWORD_RESET,
            obj=instance,
            detail="" if own else "由他人设置，本人下次登录须修改",
        )
    changed = [name for name in ACCOUNT_FIELDS if original[name] != now[name]]
    if changed:
        recorder.record(
            Action.ACCOUNT_CHANGE,
            obj=instance,
            detail="；".join(_describe(instance, name, original[name]) for name in changed),
        )


def _describe(user: User, name: str, before: Any) -> str:
    after = user.__dict__[name]
    if name == "role":
        labels = dict(User._meta.get_field("role").choices or [])
        before, after = labels.get(before, before), labels.get(after, after)
    elif name in ("region_id", "unit_id"):
        model = User._meta.get_field(name.removesuffix("_id")).related_model
        names = dict(model._base_manager.filter(pk__in=[before, after]).values_list("pk", "name"))
        empty = "全部" if name == "region_id" else "无"
        before = names.get(before, empty) if before is not None else empty
        after = names.get(after, empty) if after is not None else empty
    else:
        before, after = ("是" if before else "否"), ("是" if after else "否")
    return f"{ACCOUNT_FIELDS[name]}：{before} → {after}"
