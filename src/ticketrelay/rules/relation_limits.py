"""What a poller of Re:lation can only approximate or not know, for the settings page.

`APPROXIMATIONS` maps each value of SPEC section 3 (by its mapping key) that a `relation`
source cannot give as the FAQ defines it to a sentence saying what it gives instead.
`UNCONFIRMED` lists what `rules.relation*` assumes of Re:lation's API beyond its official
documentation (developer.ingage.jp), so that a reader knows what to check first.
"""

_OPERATOR = (
    "Re:lation's API does not name who sent a mail or SMS or recorded a memo: ticketrelay "
    "takes a memo's operator where the answer gives one, else who asked for the message's "
    "approval, else the ticket's assignee when the poller read it; in a chat, the sender of "
    "the bubbles, else their speaker's name alone. Names and e-mails are those of the users "
    "list when read, not as at the time of the operation."
)
APPROXIMATIONS: dict[str, str] = {
    "channel_name": (
        "A response memo's kind comes from icon_cd where Re:lation gives it, else it is "
        "応対メモ・その他. Re:lation does not say a call's kind: call memos sync only with "
        "the kind the source's settings give them."
    ),
    "body": "A chat's body is the text of the agent's bubbles of one turn (a file's name "
    "where a bubble has no text).",
    "url": "The ticket's page in Re:lation, at the ticket's status when read; the form of "
    "that address is not documented by Re:lation.",
    "operator_email": _OPERATOR,
    "operator_name": _OPERATOR,
    "recipient_emails": (
        "Mail: the to, cc and bcc of the message where Re:lation's answer carries them. "
        "Response memo: the first e-mail of its contact where given. LINE: empty (the API "
        "does not list the contacts linked to a conversation). ChatPlus, R-Messe, Yahoo!: "
        "the inquiry's e-mail."
    ),
    "recipient_phones": (
        "SMS: the message's to where given. Response memo: the first phone of its contact "
        "where given. Call memo and chats: empty (the API does not give them)."
    ),
    "start_time": (
        "Mail and SMS: the send time (the API does not say when the draft was first saved). "
        "Call memo: when it was recorded. Chat: the agent's first bubble of the turn."
    ),
    "end_time": (
        "Scheduled mail and SMS: when Re:lation sent them, not when schedule was pressed. "
        "Call memo: empty (the API does not say when the call was cut). Chat: the agent's "
        "last bubble of the turn."
    ),
}
UNCONFIRMED: tuple[str, ...] = (
    "The ticket search lists the most recently updated tickets first.",
    "A ticket's last_updated_at moves whenever one of its messages, or a chat's bubbles, change.",
    "A ticket stays in its message box: event IDs name the box, so a ticket moved to "
    "another box that the source also reads would be recorded there again.",
    "The ticket page is {base_url}/tickets/#/{message_box}/tickets/{status}/p1/{ticket_id}.",
    "A message may carry to, cc, bcc, record, icon_cd, operated_at, duration and operator "
    "as solahsoyalp/relation_client reads them; the official answer shows none of them.",
    "The agent's chat bubbles have action_cd sent, and their sent_by is a mention name.",
    "A memo or call memo whose action_cd is sent or received has been recorded; a memo's "
    "duration is in minutes.",
)
