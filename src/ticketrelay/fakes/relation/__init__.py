"""A local Re:lation API simulator: the read endpoints a poller uses, in memory.

Start it in a test (a background thread on a free loopback port):

    state = RelationState(clock=clock)            # the demo token is valid
    box = state.add_message_box("サポート")
    with run_relation_sim(state) as sim:
        ticket = state.add_ticket(box.message_box_id, "配送について")
        state.add_message(ticket.ticket_id, method_cd="mail", action_cd="sent",
                          title="Re: 配送について", body="<div>発送しました。</div>")
        httpx.post(f"{sim.url}/api/v2/{box.message_box_id}/tickets/search",
                   json={"per_page": 50}, headers=sim.headers())
        sim.busiest_minute()                      # requests in the busiest clock minute

or as a process: `ticketrelay relation-sim --port 8091 [--token T] [--seed N]`.
Re:lation's paths (Authorization: Bearer; errors {"message": "…"}; 60 a minute, 403 past it):

    GET  /api/v2/message_boxes
    GET  /api/v2/users                                     page, per_page (≤ 100)
    POST /api/v2/{mb}/tickets/search                       status_cds, method_cds, action_cds,
                                                           label_ids, since, until, page, per_page
    GET  /api/v2/{mb}/tickets/{ticket_id}
    GET  /api/v2/{mb}/tickets/{t}/messages/{m}/{line|chatplus|r_messe|yahoo}

The `/_sim/` admin API (no authentication) adds boxes, users, tickets, messages, comments and
chat conversations, issues and revokes tokens, switches faults and shows the counters; see
`admin.py` and docs/relation-sim.md.
"""

from ticketrelay.fakes.relation.faults import Fault
from ticketrelay.fakes.relation.limits import Busiest
from ticketrelay.fakes.relation.records import (
    Comment,
    Conversation,
    Message,
    MessageBox,
    Ticket,
    User,
)
from ticketrelay.fakes.relation.runner import RelationSimulator, create_app, run_relation_sim
from ticketrelay.fakes.relation.seed import html, seed
from ticketrelay.fakes.relation.state import DEMO_TOKEN, Clock, Missing, RelationState, utc_now

__all__ = [
    "DEMO_TOKEN",
    "Busiest",
    "Clock",
    "Comment",
    "Conversation",
    "Fault",
    "Message",
    "MessageBox",
    "Missing",
    "RelationSimulator",
    "RelationState",
    "Ticket",
    "User",
    "create_app",
    "html",
    "run_relation_sim",
    "seed",
    "utc_now",
]
