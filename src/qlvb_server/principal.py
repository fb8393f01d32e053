"""What every part of the server shares: the authenticated caller and a refusal."""

from __future__ import annotations

from dataclasses import dataclass


class Refused(Exception):
    """A request the server refuses, with an HTTP status and a Vietnamese message."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    org_id: int
    org_code: str
    role: str
    station: str = ""  # the station this session is bound to ("" until its first station request)
