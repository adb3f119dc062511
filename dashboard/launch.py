"""Start the dashboard (`conflict-dashboard`, `./run dashboard`): `streamlit run` of the
app with the serving settings passed explicitly, so they hold from any folder (Streamlit
reads `.streamlit/config.toml` only from the current one).

Local only by default: bound to 127.0.0.1, headless, no usage statistics. Arguments are
passed on to `streamlit run` after these and win over them; to serve a room on purpose:
`conflict-dashboard --server.address 0.0.0.0`.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
SETTINGS: tuple[str, ...] = (
    "--server.address", "127.0.0.1",
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    "--server.maxUploadSize", "5",
    "--client.toolbarMode", "viewer",
    "--theme.base", "light",
)  # fmt: skip


def streamlit_argv(extra: list[str]) -> list[str]:
    """The `streamlit` command line: the app, the local-only settings, then `extra`."""
    return ["streamlit", "run", str(APP), *SETTINGS, *extra]


def main(argv: list[str] | None = None) -> int:
    from streamlit.web import cli

    sys.argv = streamlit_argv(list(sys.argv[1:] if argv is None else argv))
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
