"""The action server: rasa-sdk's app with this project's actions, refusing every call without the
stack's secret, on the loopback interface unless told otherwise.

rasa-sdk's own launcher (`python -m rasa_sdk`) listens on every interface and runs whatever
action it is sent, for whatever sender, with whatever slots: anyone who can reach its port can
read or change any team. Here Rasa must send the secret in `SECRET_HEADER` (its endpoints file
says so: `bot.cli.services.write_endpoints`); a call without it gets 401 and runs nothing.
`/health` answers without it and tells nothing. Once listening, it indexes the current event in
the background, so the first questions do not all wait for it.

    HACKBOT_ACTIONS_SECRET=... python -m actions.server --host 127.0.0.1 --port 5055
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys
import threading
from typing import Any

from rasa_sdk.endpoint import create_app
from rasa_sdk.executor import ActionExecutor
from sanic import Request, Sanic, response
from sanic.response import HTTPResponse

from actions.answering import warm_up
from bot.core.secrets import ACTIONS_SECRET_HEADER as SECRET_HEADER
from bot.core.secrets import ACTIONS_SECRET_VARIABLE as SECRET_VARIABLE

OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger(__name__)


def guarded_app(secret: str, package: str = "actions") -> Sanic[Any, Any]:
    """rasa-sdk's app for the actions of `package`, answering only calls that carry `secret`."""
    if not secret:
        raise ValueError("the action server needs a secret")
    executor = ActionExecutor()
    executor.register_package(package)
    app: Sanic[Any, Any] = create_app(executor, cors_origins=None)
    expected = secret.encode("utf-8")

    async def require_secret(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if hmac.compare_digest(given, expected):
            return None
        logger.warning("Refused a call to %s without the secret (from %s)", request.path, request.ip)
        return response.json({"error": "unauthorised"}, status=401)

    app.on_request(require_secret)

    async def index_the_current_event(app: Sanic[Any, Any]) -> None:
        # Off the event loop: the server answers (its health check too) while it builds.
        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()

    app.after_server_start(index_the_current_event)
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    secret = os.environ.get(SECRET_VARIABLE, "")
    if not secret:
        print(f"{SECRET_VARIABLE} is not set: the action server refuses to run open.", file=sys.stderr)
        return 2
    app = guarded_app(secret)
    logger.info("Action server listening on %s:%d (calls need the secret)", args.host, args.port)
    app.run(host=args.host, port=args.port, single_process=True, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
