from django.db import migrations

# DOMAIN.md §2: the sources and categories the bureau documents use; the admin may add more.
SOURCES = [
    "上级巡查", "局督查", "暗访", "专项检查", "自查自纠", "相互查", "群众举报", "媒体曝光",
    "征求意见", "民主生活会", "安全生产大检查",
]
CATEGORIES = [
    "医疗质量安全", "院感防控", "安全生产与消防", "危化品与毒麻药品", "医疗废物",
    "传染病防治与疫情防控", "行风建设与廉政", "药事管理", "服务流程与就医环境", "信息化",
    "非法行医/超范围执业", "信访稳定",
]


def add_lists(apps, schema_editor):
    Source = apps.get_model("rectification", "Source")
    Category = apps.get_model("rectification", "Category")
    for order, name in enumerate(SOURCES, start=1):
        Source.objects.get_or_create(name=name, defaults={"order": order})
    for order, name in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]

    operations = [migrations.RunPython(add_lists, migrations.RunPython.noop)]
