"""`hackbot deploy systemd`: the unit files that run the assistant as a service at boot.

Three units and an environment file, written to a directory for the operator to install:

- `hackbot.service` runs `hackbot serve --no-chat` (which migrates the database, then starts and
  supervises every service: bot.cli.supervisor); systemd restarts it if it fails as a whole, and
  confines it (no new privileges, a read-only system and home but for `var/`, a private /tmp);
- `hackbot-backup.service` and `hackbot-backup.timer` take a backup every six hours
  (`hackbot db backup --keep 28`: a week of backups);
- `hackbot.env`, the settings and secrets (`EnvironmentFile=`), to fill in and keep readable by
  root only (`/etc/hackbot/hackbot.env`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bot.core.db import PROJECT_ROOT

ENVIRONMENT_FILE = Path("/etc/hackbot/hackbot.env")
BACKUPS_KEPT = 28
"""Backups the timer keeps: a week, at one every six hours."""

HARDENING = """\
NoNewPrivileges=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=read-only
ReadWritePaths={var}
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
CapabilityBoundingSet=
SystemCallArchitectures=native
UMask=0077"""

SERVICE = """\
[Unit]
Description=hackbot, the hackathon assistant (action server, Rasa, web page, Telegram gateway)
Documentation=file://{root}/README.md
After=network-online.target postgresql.service redis-server.service
Wants=network-online.target

[Service]
Type=simple
User={user}
WorkingDirectory={root}
EnvironmentFile={environment}
# Home is read-only here: the caches and settings Rasa and its libraries write go under var/.
Environment=HACKBOT_VAR_DIR={var} HOME={var}/home PYTHONUNBUFFERED=1
ExecStartPre=/usr/bin/mkdir -p {var}/home
ExecStart={python} -m bot.cli serve --no-chat
# serve stops its services on SIGTERM; whatever is left after the timeout is killed.
KillMode=mixed
TimeoutStartSec=300
TimeoutStopSec=30
Restart=on-failure
RestartSec=10
{hardening}

[Install]
WantedBy=multi-user.target
"""

BACKUP_SERVICE = """\
[Unit]
Description=hackbot: a backup of the database (hackbot db backup)
Documentation=file://{root}/README.md

[Service]
Type=oneshot
User={user}
WorkingDirectory={root}
EnvironmentFile={environment}
Environment=HACKBOT_VAR_DIR={var} HOME={var}/home
ExecStart={python} -m bot.cli db backup --keep {kept}
{hardening}
"""

BACKUP_TIMER = """\
[Unit]
Description=hackbot: a backup of the database every six hours

[Timer]
OnCalendar=*-*-* 00/6:00:00
Persistent=true
RandomizedDelaySec=300

[Install]
WantedBy=timers.target
"""

ENVIRONMENT = """\
# hackbot's settings and secrets: install as {environment}, readable by root only
# (sudo install -D -m 600 hackbot.env {environment}). The README lists every variable.

# PostgreSQL in production (SQLite, var/hackbot.sqlite3, when unset).
#DATABASE_URL=postgresql+psycopg://hackbot:PASSWORD@127.0.0.1:5432/hackbot

# The bot @BotFather made; a webhook behind the reverse proxy (long polling when unset).
#TELEGRAM_BOT_TOKEN=
#TELEGRAM_WEBHOOK_URL=https://hackbot.example.org/telegram
#TELEGRAM_WEBHOOK_SECRET=
#TELEGRAM_WEBHOOK_PORT=8443

# The web page, on loopback behind the reverse proxy.
HACKBOT_WEB_HOST=127.0.0.1
HACKBOT_WEB_PORT=8000

# Several Rasa instances share conversations in PostgreSQL and locks in Redis.
#HACKBOT_RASA_INSTANCES=2
#HACKBOT_TRACKER_STORE_URL=postgresql://hackbot:PASSWORD@127.0.0.1:5432/hackbot_tracker
#HACKBOT_LOCK_STORE_URL=redis://127.0.0.1:6379/0
"""


def add_deploy_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    deploy = commands.add_parser("deploy", help="files to run the assistant in production")
    kinds = deploy.add_subparsers(title="deploy commands", metavar="COMMAND", required=True)
    systemd = kinds.add_parser("systemd", help="systemd units: the assistant at boot, backups every 6 hours")
    systemd.add_argument("--user", default=getpass.getuser(), help="the account it runs as (default: you)")
    systemd.add_argument(
        "--output", "-o", type=Path, default=PROJECT_ROOT / "var" / "deploy" / "systemd",
        help="the directory to write to (default: var/deploy/systemd)",
    )  # fmt: skip
    systemd.set_defaults(handler=run_deploy_systemd)


def systemd_units(user: str, root: Path = PROJECT_ROOT, python: Path | None = None) -> dict[str, str]:
    """The files' names and contents, for the clone at `root` run by `python` as `user`."""
    var = root / "var"
    values = {
        "user": user,
        "root": root,
        "var": var,
        "python": python or root / ".venv" / "bin" / "python",
        "environment": ENVIRONMENT_FILE,
        "kept": BACKUPS_KEPT,
    }
    hardening = HARDENING.format(**values)
    return {
        "hackbot.service": SERVICE.format(**values, hardening=hardening),
        "hackbot-backup.service": BACKUP_SERVICE.format(**values, hardening=hardening),
        "hackbot-backup.timer": BACKUP_TIMER,
        "hackbot.env": ENVIRONMENT.format(**values),
    }


def run_deploy_systemd(args: argparse.Namespace) -> int:
    if any(character.isspace() for character in str(PROJECT_ROOT)):
        print(
            f"error: systemd units need a path without spaces; move the clone ({PROJECT_ROOT})",
            file=sys.stderr,
        )
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    for name, content in systemd_units(args.user).items():
        path = args.output / name
        path.write_text(content, encoding="utf-8")
        if name.endswith(".env"):
            path.chmod(0o600)
    out = args.output
    print(
        f"Wrote hackbot.service, hackbot-backup.service, hackbot-backup.timer and hackbot.env to {out}.\n"
        "To install them (as root):\n"
        f"  install -D -m 600 {out}/hackbot.env {ENVIRONMENT_FILE}   # then fill it in\n"
        f"  cp {out}/hackbot.service {out}/hackbot-backup.service {out}/hackbot-backup.timer"
        " /etc/systemd/system/\n"
        "  systemctl daemon-reload && systemctl enable --now hackbot.service hackbot-backup.timer\n"
        "Then: systemctl status hackbot, journalctl -u hackbot, and `hackbot status`."
    )
    return 0
