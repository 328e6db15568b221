from imports.flow import ImportCommand
from indicators.importers import ValueImporter


class Command(ImportCommand):
    help = "从 Excel 导入指标数值（有任何一行错误则不写入）；--dry-run 只检查。"
    importer = ValueImporter
