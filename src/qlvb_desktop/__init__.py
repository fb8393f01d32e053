"""qlvb-desktop: the clerk (văn thư) workstation."""

__version__ = "0.1.0"
