"""The headless command line `ebranch`: the same services as the window, for IT staff and scripts."""
