"""Writes a generated deals.csv again as a spreadsheet or CRM saves it in a
given locale, for the benchmark's export cases. Usage: exports.py STYLE IN.csv OUT.csv
  id: Indonesian: `;` between cells, CRLF, dates day first (19/05/2023),
      amounts with a dot between thousands and a decimal comma (20.600.000,00);
  us: US: `,`, CRLF, dates month first without zeros (5/19/2023), amounts with
      a dollar sign and commas between thousands, quoted ("$20,600,000.00")."""
import csv
import re
import sys

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
STYLES = {
    "id": (";", lambda y, m, d: f"{d}/{m}/{y}", lambda n: f"{n:,}".replace(",", ".") + ",00"),
    "us": (",", lambda y, m, d: f"{int(m)}/{int(d)}/{y}", lambda n: f"${n:,}.00"),
}

style, source_path, out_path = sys.argv[1:4]
delimiter, date, amount = STYLES[style]


def day(cell):
    match = ISO.match(cell)
    return date(*match.groups()) if match else cell


with open(source_path, newline="", encoding="utf-8") as source, open(out_path, "w", newline="", encoding="utf-8") as out:
    rows = csv.reader(source)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    header = next(rows)
    writer.writerow(header)
    at_amount = header.index("Amount")
    for row in rows:
        row = [day(cell) for cell in row]
        if row[at_amount].isdigit():
            row[at_amount] = amount(int(row[at_amount]))
        writer.writerow(row)
