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
        """A child element's text, or else an attribute of that name (some producers write
        `<Attachment AttachmentName="…" ContentType="…">`)."""
        c = self.child(name)
        if c is not None:
            return c.text.strip()
        wanted = name.lower()
        return next((v.strip() for k, v in self.attrs.items() if k.lower() == wanted), "")

    def walk(self) -> Iterator[Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))
