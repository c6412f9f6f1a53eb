"""Plumbing signals of the document system (sent inside the transaction that records the event)."""

from django.dispatch import Signal

# A stored file failed its hash check: sent with document (IssuedDocument) and event (TamperEvent).
document_tampered = Signal()
