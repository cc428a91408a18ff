"""copsim dashboard: pick a context, switch policies on and off, see participation decay.

Serve with `copsim-dashboard` (or `solara run simulation/dashboard/app.py`). One module per page.
"""

import solara
from solara.server import settings as server_settings

from simulation.dashboard import compare, evidence, explore, sweeps, your_group

TITLE = "copsim: teacher communities of practice"

# Solara's "This website runs on Solara" badge sits over the bottom right corner of the window,
# where it covered the end of the command line: pages are served without it (read per request).
server_settings.theme.show_banner = False


@solara.component
def Layout(children=[]):
    """The app bar with one button per page, then the page."""
    current, routes = solara.use_route()
    search = solara.use_router().search  # each page's scenarios travel with it (`link`)
    with solara.AppLayout(title=TITLE, navigation=False) as layout:
        with solara.AppBar():
            for route in routes:
                with solara.Link(solara.resolve_path(route) + (f"?{search}" if search else "")):
                    solara.Button(route.label, text=True, dark=True,
                                  outlined=route is current, classes=[f"nav-{route.label.lower()}"])
        solara.Column(children=children)
    return layout


routes = [
    solara.Route(path="/", component=explore.Page, label="Explore", layout=Layout),
    solara.Route(path="compare", component=compare.Page, label="Compare"),
    solara.Route(path="your-group", component=your_group.Page, label="Your group"),
    solara.Route(path="sweeps", component=sweeps.Page, label="Sweeps"),
    solara.Route(path="evidence", component=evidence.Page, label="Evidence"),
]
