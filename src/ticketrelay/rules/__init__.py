"""The pure core: what the seed's rules decide, as functions of plain data.

Nothing here reads a clock, a database, the network or a file; a test in
`tests/unit/test_import_contract.py` keeps it so. The flow through it:

    events (payloads, scalars)  what a helpdesk sends, parsed strictly
    signatures                   whether a helpdesk's webhook is signed and recent
    chatwoot, zendesk            their webhooks as events (translation: the shared
                                 reader and result; html_text; chat_sessions: chats
                                 formed from an agent's messages)
    chatwoot_api, zendesk_talk   a poller's answers as the same events: Chatwoot's API
                                 (filling webhook gaps), Zendesk Talk's calls
    relation (…_messages, …_chats, …_answers, …_cursor, …_limits)
                                 Re:lation's API answers as events; which tickets a poll
                                 reads; what a poller can only approximate
    subjects, triggers, reasons  one state per subject; step(state, event) -> (state, effect)
    values, channels             the ten values of an activity, frozen at trigger time
    mapping, mapping_check       values onto an app's fields; ERROR / ALERT problems
    retry                        when to try again, when to give up, when to probe
    error_csv                    the error log as the CSV a person downloads
"""
