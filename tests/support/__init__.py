"""What the tests share and that is not a fixture: the packs they load (`packs`, `team_packs`),
events and answers built in code (`factories`), the stack run for end-to-end tests (`e2e_stack`),
a fake Telegram Bot API (`fake_telegram`, `telegram_runner`), the forms played message by message
(`form_chat`), the outbox's set-up (`broadcast_setup`, `outbox_process`), free ports (`ports`),
the databases (`databases`), CLI runs (`cli_runs`) and the results' phrasings (`results_phrasings`).
Fixtures live in the `conftest.py` of the folder that uses them (the database ones in `tests/`).
"""
