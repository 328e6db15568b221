from imports.flow import ImportCommand
from rectification.ledger import LedgerImporter


class Command(ImportCommand):
    help = "导入整改台账（.xlsx、.xls 或 .ods）：任何一行有误都不写入；--dry-run 只检查。"
    importer = LedgerImporter
