# 三员分立 (MLPS 2.0): the one 系统管理员 role (ADMIN, "admin") splits into 系统管理员, 安全管理员 and
# 审计管理员. Everyone who was ADMIN becomes 系统管理员 (users, units, regions, lists); the
# 安全管理员 and 审计管理员 are given to people by hand afterwards. New accounts start 待授权.

from django.db import migrations, models


def admins_to_system_administrators(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(role="admin").update(role="sysadmin")


def administrators_back_to_admin(apps, schema_editor):
    # The old code knew one administrator; 待授权 accounts stay as they are (the old code gives
    # an unknown role nothing).
    User = apps.get_model("accounts", "User")
    User.objects.filter(role__in=["sysadmin", "secadmin", "auditadmin"]).update(role="admin")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_password_age_of_existing_users")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("leader", "局领导"),
                    ("staff", "局机关工作人员"),
                    ("unit_head", "单位负责人"),
                    ("unit_clerk", "单位填报员"),
                    ("sysadmin", "系统管理员"),
                    ("secadmin", "安全管理员"),
                    ("auditadmin", "审计管理员"),
                    ("pending", "待授权"),
                ],
                default="pending",
                max_length=20,
                verbose_name="角色",
            ),
        ),
        migrations.RunPython(admins_to_system_administrators, administrators_back_to_admin),
    ]
