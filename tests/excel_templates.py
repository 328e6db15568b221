"""Read what an import template offers: its drop-downs by header and its 填写说明 sheet."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from healthreport.lib.excel import LISTS_TITLE, NOTES_TITLE


def drop_downs(data: bytes) -> dict[str, list[str]]:
    """{header: the values its drop-down offers}, resolving lists kept on the hidden sheet."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    offered = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        (cells,) = str(rule.sqref).split()
        column = cells.split(":")[0].rstrip("0123456789")
        assert cells.startswith(f"{column}2:")  # every data row, never the header
        header = headers[sheet[f"{column}1"].column - 1]
        formula = rule.formula1
        if formula.startswith('"'):
            offered[header] = formula.strip('"').split(",")
        else:
            assert workbook[LISTS_TITLE].sheet_state == "hidden"
            reference = formula.split("!")[1].replace("$", "")
            offered[header] = [c.value for (c,) in workbook[LISTS_TITLE][reference]]
    return offered


def notes(data: bytes) -> dict[str, list]:
    """The 填写说明 sheet's rows by column name (the header row left out)."""
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[1] == NOTES_TITLE
    rows = list(workbook[NOTES_TITLE].iter_rows(min_row=2, values_only=True))
    return {row[0]: list(row[1:]) for row in rows if row[0] and row[1]}


def example_rows(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))
