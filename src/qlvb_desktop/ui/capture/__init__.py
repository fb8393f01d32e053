"""The capture page (số hóa): scan or add files, fix pages by hand, continue to registration.

Standalone widgets; the main window hosts `CapturePage` and listens to its
`continueToRegistration(IntakeResult)` signal.
"""

from qlvb_desktop.ui.capture.capture_page import CapturePage

__all__ = ["CapturePage"]
