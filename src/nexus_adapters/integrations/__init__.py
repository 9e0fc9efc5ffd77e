"""Outside services: BNPL providers, the WhatsApp Cloud API, and the outbox worker that calls them."""
