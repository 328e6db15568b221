from imports.flow import ImportCommand
from units.importer import UnitImporter


class Command(ImportCommand):
    help = "从 Excel 导入机构（有任何一行错误则不写入）；--dry-run 只检查。"
    importer = UnitImporter
