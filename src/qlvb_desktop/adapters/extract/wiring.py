"""Builds the extractor from its adapters (called by the composition root)."""

from __future__ import annotations

from pathlib import Path

from qlvb_desktop.adapters.extract.capture_source import DEFAULT_MAX_BYTES, CapturePageSource
from qlvb_desktop.adapters.extract.stores import JsonCorrectionStore, load_directory
from qlvb_desktop.services.extract import ExtractService

DEFAULT_LANGUAGE = "vie"


def build_extractor(
    data_dir: Path, language: str | None = None, directory_csv: Path | None = None, max_bytes: int | None = None
) -> ExtractService:
    """`data_dir/issuers.csv` is the issuer directory unless another CSV is given;
    corrections live in `data_dir/extract/corrections.json`."""
    directory = load_directory(directory_csv if directory_csv is not None else data_dir / "issuers.csv")
    return ExtractService(
        CapturePageSource(
            language or DEFAULT_LANGUAGE,
            max_bytes or DEFAULT_MAX_BYTES,
            digits_cache=data_dir / "extract" / "pen-digits-v4.npz",
        ),
        directory,
        JsonCorrectionStore(data_dir / "extract" / "corrections.json"),
    )
