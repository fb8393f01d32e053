"""A minimal element tree for a package's header: local name, namespace, attributes, text.

The reader builds it from SAX events (the attachments' base64 never lands here), and lookups
go by local name without regard to letter case or namespace prefix, because real producers
differ in both (SPEC §9).
"""

from __future__ import annotations

from collections.abc import Iterator


class Node:
    __slots__ = ("attrs", "children", "name", "ns", "parts")

    def __init__(self, name: str, ns: str = "", attrs: dict[str, str] | None = None) -> None:
        self.name = name
        self.ns = ns
        self.attrs = attrs or {}
        self.children: list[Node] = []
        self.parts: list[str] = []

    @property
    def lname(self) -> str:
        return self.name.lower()

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def child(self, name: str) -> Node | None:
        wanted = name.lower()
        return next((c for c in self.children if c.lname == wanted), None)

    def children_named(self, name: str) -> list[Node]:
        wanted = name.lower()
        return [c for c in self.children if c.lname == wanted]

    def child_text(self, name: str) -> str:
        c = self.child(name)
        return c.text.strip() if c is not None else ""

    def walk(self) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))
