"""Standalone widgets of the signing area, for the main window to host.

`SigningDialog` (token status, certificate, PIN, batch progress, per-file result),
`StampPlacementPreview` (page 1 as a viewer draws it, the ĐẾN stamp dragged into place) and
`VerificationBadge` (the verdict on an incoming PDF).
"""
