"""What goes into the frozen bundle, and what of PySide6 and Faker stays out.

Read by renda.spec. Everything here works on destination paths inside the bundle, which
look alike on Windows (PySide6/Qt6Core.dll, PySide6/plugins/…) and Linux
(PySide6/Qt/lib/libQt6Core.so.6, PySide6/Qt/plugins/…).

To use another Qt module, add it to QT_MODULES (e.g. "QtPdf", "QtPdfWidgets" for the print
preview): its Python module is then collected, and the Qt libraries it links stay in the
bundle because they are kept by what links them, not by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

# The PySide6 modules renda imports. Every other PySide6 module is excluded from the build.
QT_MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtPrintSupport",
    "QtPdf",
    "QtPdfWidgets",
    # The charts of the 工作台 (ui/home/dashboard.py).
    "QtCharts",
)

# Qt plugins kept, by plugin folder; a folder not named here is dropped whole.
QT_PLUGINS: dict[str, set[str]] = {
    # qwindows on Windows, qxcb on a Linux desktop, qoffscreen for headless runs (tests, CI).
    "platforms": {"qwindows", "qxcb", "qoffscreen"},
    # How Chinese is typed on a Linux desktop (ibus, compose). Windows IMEs go through qwindows.
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # The native look on Windows 10/11 (named qwindowsvistastyle before Qt 6.7).
    "styles": {"qmodernwindowsstyle", "qwindowsvistastyle"},
    # Photos are JPEG or PNG (built in); .ico for the window icon; GIF and WebP photos.
    "imageformats": {"qjpeg", "qico", "qgif", "qwebp"},
    # Printing to a local printer on Linux (CUPS); Windows printing is in QtPrintSupport.
    "printsupport": {"cupsprintersupport", "windowsprintersupport"},
}

# Qt's own texts (buttons of message boxes, the edit menu) in Chinese; ui/qt_translation.py
# loads it. Every other translation is dropped.
QT_TRANSLATIONS = {"qtbase_zh_CN.qm"}

# Qt libraries dropped even if something links them: Qt's software OpenGL for Windows,
# only ever used by Qt Quick and OpenGL widgets, which renda does not use.
QT_ALWAYS_DROP = {"opengl32sw.dll"}

# The demo speaks Chinese; Faker's other locales (most of its 13 MB) stay out. en_US is
# Faker's fallback for providers without a zh_CN version.
FAKER_LOCALES = {"zh_CN", "en_US", "en"}

# Python modules that nothing in renda needs but that libraries reach for when present.
PYTHON_EXCLUDES = [
    "tkinter",
    "_tkinter",
    "PIL.ImageTk",
    "PIL._imagingtk",
    "PIL.ImageQt",
    "faker.contrib",
    "faker.sphinx",
    "pytest",
    "_pytest",
    "IPython",
    "setuptools",
    "pip",
    # Only python-stdnum's fallback for Pythons before 3.9; collected, it would be imported at
    # every start by PyInstaller's pkg_resources hook (measured: about 0.1 s).
    "pkg_resources",
]

_QT_LIBRARY = re.compile(r"^(?:lib)?Qt6(?P<module>\w+?)(?:\.so(?:\.\d+)*|\.dll)$")
_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/(?P<folder>[^/]+)/(?P<file>[^/]+)$")
_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/(?P<file>[^/]+)$")
_FAKER_LOCALE = re.compile(r"^faker/providers/[^/]+/(?P<locale>[a-z]{2,3}(?:_[A-Z]{2})?)/")

Entry = tuple[str, str, str]  # PyInstaller TOC: (destination, source, type code)


def normalized(dest: str) -> str:
    return dest.replace("\\", "/")


def pyside6_excludes(available: Iterable[str]) -> list[str]:
    """The PySide6 modules to exclude from the build: those installed but not in QT_MODULES."""
    return sorted(f"PySide6.{name}" for name in set(available) - set(QT_MODULES))


def installed_pyside6_modules() -> list[str]:
    """The Qt modules of the installed PySide6 (Essentials, and Addons when installed)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations)))
    # Extension modules: QtCore.abi3.so, QtCore.pyd; the folder PySide6/Qt is no module.
    return sorted(
        {p.name.split(".")[0] for p in folder.glob("Qt*.*") if p.suffix in (".so", ".pyd")}
    )


def is_qt_library(dest: str) -> bool:
    name = PurePosixPath(normalized(dest)).name
    return bool(_QT_LIBRARY.match(name)) or name in QT_ALWAYS_DROP


def plugin_stem(file_name: str) -> str:
    """libqxcb.so → qxcb, qwindows.dll → qwindows."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def wanted(dest: str) -> bool:
    """False for a Qt plugin, Qt translation or Faker locale that renda does not use."""
    path = normalized(dest)
    plugin = _PLUGIN.match(path)
    if plugin:
        kept = QT_PLUGINS.get(plugin["folder"], set())
        return plugin_stem(plugin["file"]) in kept
    translation = _TRANSLATION.match(path)
    if translation:
        return translation["file"] in QT_TRANSLATIONS
    locale = _FAKER_LOCALE.match(path)
    if locale:
        return locale["locale"] in FAKER_LOCALES
    return PurePosixPath(path).name not in QT_ALWAYS_DROP


def linked_qt_libraries(
    binaries: list[Entry], imports_of: Callable[[str], Iterable[str]]
) -> set[str]:
    """The destinations of the Qt libraries that the kept Qt binaries need, transitively.

    Roots are every binary of PySide6 that is not itself a Qt library: the Python extension
    modules of QT_MODULES, libpyside6, the kept plugins. imports_of(source) gives the file
    names a binary links against (PyInstaller's bindepend.get_imports)."""
    files = [(dest, src) for dest, src, kind in binaries if kind != "SYMLINK"]
    qt_libs = {
        PurePosixPath(normalized(dest)).name.lower(): (dest, src)
        for dest, src in files
        if is_qt_library(dest)
    }
    todo = [
        src
        for dest, src in files
        if normalized(dest).startswith(("PySide6/", "shiboken6/")) and not is_qt_library(dest)
    ]
    kept: set[str] = set()
    seen: set[str] = set()
    while todo:
        src = todo.pop()
        if src in seen:
            continue
        seen.add(src)
        for name in imports_of(src):
            hit = qt_libs.get(PurePosixPath(normalized(name)).name.lower())
            if hit and hit[0] not in kept:
                kept.add(hit[0])
                todo.append(hit[1])
    return kept


def symlink_target(entry: Entry) -> str:
    """Where a SYMLINK entry points, as a destination in the bundle (its source is relative)."""
    dest, src, _kind = entry
    parent = PurePosixPath(normalized(dest)).parent
    parts: list[str] = []
    for part in (parent / normalized(src)).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def without_broken_links(*tocs: list[Entry]) -> list[list[Entry]]:
    """The TOCs without the SYMLINK entries (PyInstaller makes them on Linux, in binaries and
    in datas) whose target is no longer collected. A link may point at another link."""
    entries = [e for toc in tocs for e in toc]
    present = {normalized(e[0]) for e in entries if e[2] != "SYMLINK"}
    links = [e for e in entries if e[2] == "SYMLINK"]
    resolved: set[Entry] = set()
    while True:
        found = {e for e in links if e not in resolved and symlink_target(e) in present}
        if not found:
            break
        resolved |= found
        present |= {normalized(e[0]) for e in found}
    return [[e for e in toc if e[2] != "SYMLINK" or e in resolved] for toc in tocs]


def trim(
    binaries: list[Entry], datas: list[Entry], imports_of: Callable[[str], Iterable[str]]
) -> tuple[list[Entry], list[Entry], list[str]]:
    """Drop unused plugins, translations and locales, then every Qt library nothing kept links,
    then the links that pointed at what was dropped.
    Returns the kept binaries, the kept data files and the dropped destinations."""
    kept_binaries = [e for e in binaries if wanted(e[0])]
    kept_datas = [e for e in datas if wanted(e[0])]
    needed = linked_qt_libraries(kept_binaries, imports_of)
    kept_binaries = [
        e for e in kept_binaries if e[2] == "SYMLINK" or not is_qt_library(e[0]) or e[0] in needed
    ]
    kept_binaries, kept_datas = without_broken_links(kept_binaries, kept_datas)
    kept = {e[0] for e in kept_binaries + kept_datas}
    dropped = [e[0] for e in binaries + datas if e[0] not in kept]
    return kept_binaries, kept_datas, dropped
