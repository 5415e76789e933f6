#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The import benchmark's reference: what a user would otherwise write.

    openpyxl-import.py FILE.xlsx DATABASE [--dataset N]

Reads the first sheet with openpyxl (read_only=True), takes the first row as
the header and inserts every other row into a plain `customers` table of
DATABASE (created when missing, with a UNIQUE (dataset, kundeid) index), all
in one transaction with executemany. Dates become ISO text. No validation,
no phone normalisation, no history, no search index: the floor for "Python
and sqlite3". Prints one line: rows, seconds, rows/s.
"""

import argparse
import datetime
import sqlite3
import sys
import time

import openpyxl

SCHEMA = """
CREATE TABLE IF NOT EXISTS customers (
  id          INTEGER PRIMARY KEY,
  dataset     INTEGER NOT NULL,
  kundeid     TEXT NOT NULL,
  navn        TEXT,
  epost       TEXT,
  telefon     TEXT,
  postnummer  TEXT,
  poststed    TEXT,
  fodselsdato TEXT,
  kundetype   TEXT,
  notat       TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS customers_dataset_kundeid ON customers (dataset, kundeid);
"""

COLUMNS = ("kundeid", "navn", "epost", "telefon", "postnummer", "poststed",
           "fodselsdato", "kundetype", "notat")


def cell_text(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xlsx")
    parser.add_argument("database")
    parser.add_argument("--dataset", type=int, default=1)
    args = parser.parse_args()

    start = time.monotonic()
    workbook = openpyxl.load_workbook(args.xlsx, read_only=True)
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # the header

    count = 0

    def records():
        nonlocal count
        for row in rows:
            if row is None or all(v is None for v in row):
                continue
            values = [cell_text(v) for v in row[:len(COLUMNS)]]
            values += [None] * (len(COLUMNS) - len(values))
            count += 1
            yield [args.dataset] + values

    db = sqlite3.connect(args.database)
    db.executescript(SCHEMA)
    with db:  # one transaction
        db.executemany(
            "INSERT INTO customers (dataset, %s) VALUES (?%s)"
            % (", ".join(COLUMNS), ", ?" * len(COLUMNS)),
            records())
    db.close()
    workbook.close()
    seconds = time.monotonic() - start
    print("openpyxl+sqlite3: %d rows in %.2f s (%.0f rows/s)" % (count, seconds, count / seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
