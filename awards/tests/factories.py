"""Sáng kiến records live in units since docs/adr/0013; the factory is kept under its old import path."""

from units.tests.factories import InitiativeFactory

__all__ = ["InitiativeFactory"]
