"""One demo person per role, printed by load_demo with their passwords (core: people need units)."""

from __future__ import annotations

from accounts.models import Role, User
from units.models import Region, Unit

PASSWORD = "demo12345"

# username, real name, role, region name, unit name, what they see
PEOPLE = [
    ("admin", "系统管理员", Role.ADMIN, None, None, "全部数据与系统管理"),
    ("leader", "王建华", Role.LEADER, "示例市", None, "全市，只读，下载文件"),
    ("staff", "刘晓燕", Role.STAFF, "示例市", None, "全市，录入与审核"),
    ("qingshan", "赵永明", Role.STAFF, "青山县", None, "仅青山县"),
    ("head", "何振华", Role.UNIT_HEAD, None, "青山县人民医院", "仅本单位"),
    ("clerk", "林小青", Role.UNIT_CLERK, None, "青山县人民医院", "仅本单位，不能申请销号"),
]


def load(known_admin_password: bool = True) -> list[tuple[str, str, str, str]]:
    """Create the demo people who do not exist yet; return (username, password, role, scope).
    Without known_admin_password (load_demo outside DEBUG) a new superuser gets an unusable
    password: someone sets one with `manage.py changepassword`."""
    rows = []
    for username, real_name, role, region_name, unit_name, sees in PEOPLE:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                real_name=real_name,
                role=role,
                region=Region.objects.get(name=region_name, parent__isnull=region_name == "示例市")
                if region_name
                else None,
                unit=Unit.objects.get(name=unit_name) if unit_name else None,
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
            if user.is_superuser and not known_admin_password:
                user.set_unusable_password()
            else:
                user.set_password(PASSWORD)
            user.save()
        rows.append((username, PASSWORD, user.get_role_display(), sees))
    return rows
