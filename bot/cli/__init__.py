"""The `hackbot` command: `main` builds the parser from one module per command group (`events`,
`teams`, `organisers`, `results`, `database`, `serving`), `arguments` holds what they share;
`services` starts, watches and stops the stack's processes (`hackbot serve`, the end-to-end
tests), `run` is what `make run` does once installed, `chat` is the terminal chat.

May import: any package of `bot`.
"""
