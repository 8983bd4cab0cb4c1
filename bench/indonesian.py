"""Writes a generated deals.csv again as an Indonesian spreadsheet export
saves it: `;` between cells, CRLF line ends, dates day first (19/05/2023),
amounts with a dot between thousands and a decimal comma (20.600.000,00).
Usage: indonesian.py IN.csv OUT.csv (the benchmark's locale case)."""
import csv
import re
import sys

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def amount(cell):
    return f"{int(cell):,}".replace(",", ".") + ",00" if cell.isdigit() else cell


def day_first(cell):
    match = ISO.match(cell)
    return f"{match[3]}/{match[2]}/{match[1]}" if match else cell


with open(sys.argv[1], newline="", encoding="utf-8") as source, open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    rows = csv.reader(source)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = next(rows)
    writer.writerow(header)
    at_amount = header.index("Amount")
    for row in rows:
        row = [day_first(cell) for cell in row]
        row[at_amount] = amount(row[at_amount])
        writer.writerow(row)
