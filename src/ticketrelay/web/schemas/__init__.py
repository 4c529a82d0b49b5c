"""The JSON bodies of the HTTP API as pydantic models, so that the OpenAPI schema is precise.

`shared` holds the bounded text and ID types and the error body; the other modules hold the
bodies of one API resource each, named as in `ticketrelay.web.api`.
"""
