"""Printing with Qt: minutes, sign-in sheets and reports as A4 PDF or on a printer."""
