"""Records out: leasing an integration's due deliveries and writing them to kintone.

One module a job, in the order a delivery meets them:

    worker      leases integrations with due work, one at a time per task; isolates failures
    turns       which integration a worker takes next: the longest without a turn
    sender      sends one batch: due → fields → plan → refuse or send → outcome
    app_fields  the app's fields: cached, read again when stale, records that lost one
    plan        (pure) records, ERRORs and ALERTs of one batch
    limits      shared by all workers: the daily request budget, each domain's slots
    outcomes    what became of a batch, stored: delivered, refused, rejected, retry, pause
    clients     the kintone client of an integration, and a worker's set of them
    wakeups     the doorbell that wakes idle workers, in-process and by NOTIFY
    supervisor  a worker in a process: options from settings, restart, NOTIFY thread
"""
