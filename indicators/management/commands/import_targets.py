from imports.flow import ImportCommand
from indicators.importers import TargetImporter


class Command(ImportCommand):
    help = "从 Excel 导入指标目标（有任何一行错误则不写入）；--dry-run 只检查。"
    importer = TargetImporter
