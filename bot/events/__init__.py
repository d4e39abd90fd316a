"""Events and what organisers declare about them: event packs (reading and validating the
format), loading them into the database, finding the current event, its timeline, its results and
their embargo, its organisers (invites, audit log) and who subscribed to its announcements; a
starter pack to fill in (`starter`), the format as a JSON Schema for editors (`schema`), a
programme brought in from a spreadsheet, a calendar or a conference schedule (`imports/`), and the
checking of YAML documents with every problem located (`documents`: packs, and the methods
catalogue), the format of the coach's methods, which the shipped catalogue and a pack's own
`methods:` share (`method_specs`), and the format of a pack's `judging:` section, how the jury
scores teams and prizes are awarded (`judging_specs`). The demo pack lives in `demo/`.

May import: `bot.core`.
"""
