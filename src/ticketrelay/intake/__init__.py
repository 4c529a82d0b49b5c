"""Events in: storing what a helpdesk sends and running the trigger stage on it.

One module a job, in the order an event meets them:

    grouping       concurrent requests handed in together, one transaction a round
    ingest         validate ownership, de-duplicate, store, in one transaction
    trigger_stage  stored events through `rules.triggers` into activities and deliveries
"""
