"""Tesseract inside the process: the C API of the installed libtesseract, through ctypes.

Running the `tesseract` executable costs a process start and a model load for every image
(0.07-0.1 s of CPU for `vie`, more under load), and the extractor reads 6-7 images a page (two
bands, the signer column, single lines, pen gaps). Here an engine (one `TessBaseAPI`, one
language, its fixed variables) is made once and reused for every call: engines wait in a pool,
one per caller running at the same time. ctypes lets go of the GIL during a foreign call, so
engines in several threads recognize side by side, one core each (`OMP_THREAD_LIMIT=1`, set
before the library and its OpenMP runtime load).

The calls copy what the executable does for the same arguments, so the words are the same:
page segmentation mode 3 unless told, the resolution given as `--dpi` (the executable's
`user_defined_dpi` ends in the same `SetSourceYResolution`), variables set after `Init`, TSV
from `GetTSVText` (page 0, as the executable's first image) under the TSV renderer's header,
plain text from `GetUTF8Text`. No library (Windows without its DLL, another soname): None, and
the callers run the executable as before.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

# The header line the executable's TSV renderer writes before the first page.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
PSM_AUTO = 3  # the executable's default page segmentation (the API's own default is 6)
# The executable, given no resolution and finding none in the PNG, reads at 70 dpi
# (kMinCredibleResolution); said explicitly here so the library prints no warning.
NO_RESOLUTION = 70

_CANDIDATES = ("libtesseract.so.5", "libtesseract.so", "libtesseract-5.dll", "tesseract50.dll", "libtesseract.5.dylib")


class TesseractLibrary:
    """The loaded library with the signatures of the functions used."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        vp, cp, ci = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        sigs: dict[str, tuple[object, list[object]]] = {
            "TessVersion": (cp, []),
            "TessBaseAPICreate": (vp, []),
            "TessBaseAPIDelete": (None, [vp]),
            "TessBaseAPIInit3": (ci, [vp, cp, cp]),
            "TessBaseAPISetVariable": (ci, [vp, cp, cp]),
            "TessBaseAPISetPageSegMode": (None, [vp, ci]),
            "TessBaseAPISetImage": (None, [vp, cp, ci, ci, ci, ci]),
            "TessBaseAPISetSourceResolution": (None, [vp, ci]),
            "TessBaseAPIRecognize": (ci, [vp, vp]),
            "TessBaseAPIGetTsvText": (vp, [vp, ci]),
            "TessBaseAPIGetUTF8Text": (vp, [vp]),
            "TessBaseAPIClear": (None, [vp]),
            "TessBaseAPIEnd": (None, [vp]),
            "TessDeleteText": (None, [vp]),
            "TessBaseAPIGetDatapath": (cp, [vp]),
            "TessBaseAPIProcessPages": (ci, [vp, cp, cp, ci, vp]),
            "TessPDFRendererCreate": (vp, [cp, cp, ci]),
            "TessTsvRendererCreate": (vp, [cp]),
            "TessResultRendererInsert": (None, [vp, vp]),
            "TessDeleteResultRenderer": (None, [vp]),
            "TessBaseAPIGetIntVariable": (ci, [vp, cp, ctypes.POINTER(ci)]),
        }
        for name, (restype, argtypes) in sigs.items():
            fn = getattr(lib, name)
            fn.restype = restype
            fn.argtypes = argtypes

    @property
    def version(self) -> str:
        raw = self.lib.TessVersion()
        return raw.decode("ascii", "replace") if isinstance(raw, bytes) else "?"

    def take_text(self, pointer: int | None) -> str:
        """The library's string, copied and given back to the library."""
        if not pointer:
            return ""
        try:
            return ctypes.string_at(pointer).decode("utf-8", "replace")
        finally:
            self.lib.TessDeleteText(pointer)


class Engine:
    """One `TessBaseAPI` with its model loaded: one language, fixed variables. Not for two
    threads at once (the pool hands it to one caller at a time)."""

    def __init__(self, library: TesseractLibrary, language: str, variables: Sequence[tuple[str, str]] = ()) -> None:
        self.library = library
        self.language = language
        lib = library.lib
        self.handle = lib.TessBaseAPICreate()
        if not self.handle:
            raise OSError("TessBaseAPICreate failed")
        # The data folder as the executable finds it (TESSDATA_PREFIX or the built-in path).
        if lib.TessBaseAPIInit3(self.handle, None, language.encode("utf-8")) != 0:
            lib.TessBaseAPIDelete(self.handle)
            self.handle = None
            raise OSError(f"Tesseract cannot load language {language!r}")
        # The library's messages ("Detected 123 diacritics", warnings) would land on the
        # clerk's terminal: the executable's went to a pipe nobody read. (A process-wide setting.)
        lib.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())
        for name, value in variables:
            if not lib.TessBaseAPISetVariable(self.handle, name.encode(), value.encode()):
                self.close()
                raise OSError(f"Tesseract has no variable {name!r}")
        self.calls = 0

    def _recognize(self, image: np.ndarray, dpi: int | None, psm: int) -> None:
        gray = np.ascontiguousarray(image if image.ndim == 2 else image[..., :3][..., ::-1], dtype=np.uint8)
        height, width = gray.shape[:2]
        depth = 1 if gray.ndim == 2 else 3
        lib = self.library.lib
        lib.TessBaseAPISetPageSegMode(self.handle, psm)
        # SetImage copies the pixels into the library's own image.
        lib.TessBaseAPISetImage(self.handle, gray.tobytes(), width, height, depth, width * depth)
        lib.TessBaseAPISetSourceResolution(self.handle, dpi or NO_RESOLUTION)
        if lib.TessBaseAPIRecognize(self.handle, None) != 0:
            raise OSError("Tesseract could not recognize the image")
        self.calls += 1

    def tsv(self, image: np.ndarray, dpi: int | None, psm: int = PSM_AUTO) -> str:
        """What `tesseract IMAGE out --dpi DPI [--psm PSM] tsv` writes to out.tsv."""
        try:
            self._recognize(image, dpi, psm)
            return TSV_HEADER + self.library.take_text(self.library.lib.TessBaseAPIGetTsvText(self.handle, 0))
        finally:
            self.library.lib.TessBaseAPIClear(self.handle)

    def text(self, image: np.ndarray, dpi: int | None, psm: int = PSM_AUTO) -> str:
        """What `tesseract IMAGE stdout [--psm PSM]` prints."""
        try:
            self._recognize(image, dpi, psm)
            return self.library.take_text(self.library.lib.TessBaseAPIGetUTF8Text(self.handle))
        finally:
            self.library.lib.TessBaseAPIClear(self.handle)

    def render(self, image_path: Path, out_base: Path, dpi: int) -> bool:
        """What `tesseract IMAGE OUT --dpi DPI -c textonly_pdf=1 pdf tsv` writes: OUT.tsv and the
        text-only PDF page OUT.pdf (capture's intake OCR), through the same renderers."""
        lib = self.library.lib
        base = os.fsencode(out_base)
        tsv = lib.TessTsvRendererCreate(base)
        pdf = lib.TessPDFRendererCreate(base, lib.TessBaseAPIGetDatapath(self.handle), 1)
        if not tsv or not pdf:
            for renderer in (tsv, pdf):
                if renderer:
                    lib.TessDeleteResultRenderer(renderer)
            return False
        lib.TessResultRendererInsert(tsv, pdf)  # the chain is deleted with its head
        lib.TessBaseAPISetPageSegMode(self.handle, PSM_AUTO)
        # The executable's `--dpi`; put back afterwards, as it would win over the resolution
        # the engine's next `tsv` or `text` call gives.
        lib.TessBaseAPISetVariable(self.handle, b"user_defined_dpi", str(dpi).encode())
        try:
            ok = bool(lib.TessBaseAPIProcessPages(self.handle, os.fsencode(image_path), None, 0, tsv))
            self.calls += ok
            return ok
        finally:
            lib.TessDeleteResultRenderer(tsv)
            lib.TessBaseAPISetVariable(self.handle, b"user_defined_dpi", b"0")
            lib.TessBaseAPIClear(self.handle)

    def int_variable(self, name: str) -> int | None:
        value = ctypes.c_int()
        found = self.library.lib.TessBaseAPIGetIntVariable(self.handle, name.encode(), ctypes.byref(value))
        return value.value if found else None

    def close(self) -> None:
        if self.handle:
            self.library.lib.TessBaseAPIEnd(self.handle)
            self.library.lib.TessBaseAPIDelete(self.handle)
            self.handle = None


class EnginePool:
    """Engines by (language, variables), made on first need and kept: a caller takes a free
    one or, when all are busy, has a new one made; it goes back when the call ends. So a
    process holds as many engines of a kind as it ever ran calls side by side, each model
    loaded once."""

    def __init__(self, library: TesseractLibrary) -> None:
        self.library = library
        self._free: dict[tuple[str, tuple[tuple[str, str], ...]], list[Engine]] = {}
        self._lock = threading.Lock()
        self._init_lock = threading.Lock()
        self._made: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}
        self.created = 0

    def _make(self, key: tuple[str, tuple[tuple[str, str], ...]]) -> Engine:
        # Loading is serialized: Tesseract's start-up touches process-wide tables.
        with self._init_lock:
            engine = Engine(self.library, key[0], key[1])
        with self._lock:
            self.created += 1
            self._made[key] = self._made.get(key, 0) + 1
        return engine

    def warm(self, language: str, count: int, variables: Sequence[tuple[str, str]] = ()) -> None:
        """Have `count` engines of a kind made, ahead of the calls (while the pages are still
        being cleaned on the other core); none when they exist already."""
        key = (language, tuple(variables))
        while True:
            with self._lock:
                if self._made.get(key, 0) >= count:
                    return
            engine = self._make(key)
            with self._lock:
                self._free.setdefault(key, []).append(engine)

    @contextmanager
    def engine(self, language: str, variables: Sequence[tuple[str, str]] = ()) -> Iterator[Engine]:
        key = (language, tuple(variables))
        with self._lock:
            free = self._free.setdefault(key, [])
            engine = free.pop() if free else None
        if engine is None:
            engine = self._make(key)
        try:
            yield engine
        finally:
            with self._lock:
                self._free[key].append(engine)

    def close(self) -> None:
        with self._lock:
            engines = [e for free in self._free.values() for e in free]
            self._free.clear()
        for e in engines:
            e.close()


_pool: EnginePool | None = None
_tried = False
_load_lock = threading.Lock()


def _load() -> TesseractLibrary | None:
    if re.search(r"/libgomp\.so", _loaded_libraries()) and os.environ.get("OMP_THREAD_LIMIT") != "1":
        # OpenMP reads its settings once, when it loads: already loaded without the limit,
        # each recognition would start threads of its own and oversubscribe the cores. (A
        # wheel's own renamed copy, libgomp-<hash>.so, is another runtime and does not count.)
        log.warning("OpenMP already loaded without OMP_THREAD_LIMIT=1: Tesseract runs as a separate process")
        return None
    os.environ["OMP_THREAD_LIMIT"] = "1"
    names = [n for n in (os.environ.get("QLVB_LIBTESSERACT"), ctypes.util.find_library("tesseract")) if n]
    # A bundle (Windows) keeps the library next to the executable it ships.
    exe = shutil.which("tesseract")
    beside = [str(Path(exe).resolve().parent / n) for n in _CANDIDATES] if exe else []
    if exe and hasattr(os, "add_dll_directory"):  # Windows: the library's own DLLs beside it
        os.add_dll_directory(str(Path(exe).resolve().parent))
    for name in [*names, *_CANDIDATES, *beside]:
        try:
            return TesseractLibrary(ctypes.CDLL(name))
        except (OSError, AttributeError):
            continue
    return None


def _loaded_libraries() -> str:
    if not sys.platform.startswith("linux"):
        return ""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return maps.read()
    except OSError:
        return ""


def shared_pool() -> EnginePool | None:
    """The process's engine pool, or None (with one log line) when libtesseract cannot be
    loaded here: then the callers run the executable. `QLVB_TESSERACT_PROCESS=1` forces the
    executable (to compare the two)."""
    global _pool, _tried
    with _load_lock:
        if not _tried:
            _tried = True
            library = None if os.environ.get("QLVB_TESSERACT_PROCESS") == "1" else _load()
            if library is None:
                log.warning("libtesseract not loaded: each OCR call runs the tesseract executable")
            else:
                log.info("Tesseract %s in-process", library.version)
                _pool = EnginePool(library)
                # Engines ended before the library's own tables are torn down at exit (else it
                # reports them as leaks).
                atexit.register(_pool.close)
        return _pool
