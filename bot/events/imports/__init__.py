"""The programme brought in from the formats organisers already have, written into the pack
(never into the database: the pack stays the source of truth and `event validate` checks the
result): a spreadsheet (`spreadsheet`: CSV or .xlsx, headers in French or English), merged into
the pack's `sessions` by stable ids (`into_pack`).
"""
