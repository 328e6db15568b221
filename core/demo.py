"""One demo person per role, printed by load_demo with their passwords (core: people need units)."""

from __future__ import annotations

from accounts.models import Role, User
from units.models import Region, Unit

PASSWORD = "demo12345"
SUPERUSER = "admin"

# username, real name, role, region name, unit name, what they see
# `admin` is the installation's superuser (is_superuser): it creates the first administrators
# and is then left unused. The three administrators (三员分立) each do one job and read no
# business data.
PEOPLE = [
    ("admin", "超级用户", Role.PENDING, None, None, "仅用于安装：建立首批管理员账号"),
    ("sysadmin", "孙系统", Role.SYS_ADMIN, None, None, "新建账号，维护区划、机构、医共体和字典"),
    ("secadmin", "钱安全", Role.SEC_ADMIN, None, None, "角色与范围、重置密码、解锁、停用账号"),
    ("auditadmin", "李审计", Role.AUDIT_ADMIN, None, None, "只查看和导出安全审计日志"),
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
                is_staff=username == SUPERUSER,
                is_superuser=username == SUPERUSER,
            )
            if user.is_superuser and not known_admin_password:
                user.set_unusable_password()
            else:
                user.set_password(PASSWORD)
            user.save()
        role_label = "超级用户（仅用于安装）" if user.is_superuser else user.get_role_display()
        rows.append((username, PASSWORD, role_label, sees))
    return rows
