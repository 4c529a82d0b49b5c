"""Records out: leasing an integration's due deliveries and writing them to kintone.

    worker      leases integrations with due work, one at a time per task
    sender      sends one leased integration's batches and stores each outcome
    plan        (pure) records, ERRORs and ALERTs of one batch
    wakeups     the doorbell that wakes idle workers, in-process and by NOTIFY
    supervisor  a worker in a process: options from settings, restart, NOTIFY thread
"""
