"""The browser dashboard (Solara): explore, compare, sweeps, evidence.

Start it with `copsim-dashboard` (or `make dashboard`). `app.py` lists the pages; each page is
one module. Everything a browser session owns (scenario, results, models) is created inside
components, so sessions never see each other's state.
"""
