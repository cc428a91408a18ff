"""copsim dashboard: pick a context, switch policies on and off, see participation decay.

Serve with `copsim-dashboard` (or `solara run simulation/dashboard/app.py`). One module per page.
"""

import solara

from simulation.dashboard import compare, evidence, explore, sweeps, your_group

TITLE = "copsim: teacher communities of practice"


@solara.component
def Layout(children=[]):
    """The app bar with one button per page, then the page."""
    current, routes = solara.use_route()
    with solara.AppLayout(title=TITLE, navigation=False) as layout:
        with solara.AppBar():
            for route in routes:
                with solara.Link(solara.resolve_path(route)):
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
