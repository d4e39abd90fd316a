"""The `hackbot` command: `main` builds the parser from one module per command group (`events`,
`teams`, `organisers`, `mentors`, `jury`, `votes`, `results`, `database`, `serving`), `arguments`
holds what they share; `services` starts and stops the stack's processes (`hackbot serve`, the
end-to-end tests) and `supervisor` keeps them up meanwhile (restarts with back-off, health checks);
`status` says whether all is well, `deploy` writes the systemd units; `run` is what `make run` does
once installed, `chat` is the terminal chat.

May import: any package of `bot`.
"""
