"""`copsim-dashboard`: serve the dashboard on this computer and open it in the browser."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

APP = Path(__file__).with_name("app.py")


def assets_installed() -> bool:
    """Whether Solara's front-end files are in its local cache (needed without internet)."""
    import solara.server.settings as settings  # Solara (~1 s): only when the dashboard starts

    return any(Path(settings.assets.proxy_cache_dir).glob("@widgetti/solara-vuetify-app@*"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="copsim-dashboard",
        description="Open the copsim dashboard: choose a context, switch policies on and off, "
                    "and see how participation decays, how sure the model is and what it costs. "
                    "It runs on this computer only (no internet needed); stop it with Ctrl+C.")
    parser.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this computer only)")
    parser.add_argument("--no-open", action="store_true", help="do not open a browser window")
    args = parser.parse_args(argv)
    if not assets_installed():
        print("copsim-dashboard: warning: Solara's front-end files are not installed, so the page "
              "needs internet. Run `make dashboard` (or scripts/install_solara_assets.sh .venv).",
              file=sys.stderr)
    command = [sys.executable, "-m", "solara", "run", str(APP), "--host", args.host,
               "--port", str(args.port), "--production"]
    if args.no_open:
        command.append("--no-open")
    print(f"copsim dashboard: http://{args.host}:{args.port}/  (Ctrl+C to stop)", flush=True)
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    # Become the server rather than start it as a child: stopping copsim-dashboard (Ctrl+C, or a
    # SIGTERM from a service manager or a test) then stops the server, with nothing left behind.
    os.execve(sys.executable, command, env)
