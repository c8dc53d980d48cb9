"""Exports of records and reports to .xlsx and .csv files, without Qt."""
