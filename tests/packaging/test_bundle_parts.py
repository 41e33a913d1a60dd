"""What the frozen bundle keeps of Qt: plugins and translations by rule, libraries by what
links them, so adding a Qt module to QT_MODULES is enough to ship its libraries."""

from __future__ import annotations

import sys
from pathlib import Path

import bundle_parts as parts
import pytest

LINUX_LIB = "PySide6/Qt/lib/"


def linux_toc():
    """A Linux bundle as PyInstaller lists it before trimming, with what each file links."""
    links = {
        "PySide6/QtWidgets.abi3.so": ["libQt6Widgets.so.6", "libQt6Gui.so.6", "libc.so.6"],
        "PySide6/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "PySide6/QtCore.abi3.so": ["libQt6Core.so.6"],
        "PySide6/Qt/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "PySide6/Qt/plugins/platforms/libqwayland.so": ["libQt6WaylandClient.so.6"],
        "PySide6/Qt/plugins/tls/libqopensslbackend.so": ["libQt6Network.so.6"],
        LINUX_LIB + "libQt6Widgets.so.6": ["libQt6Gui.so.6"],
        LINUX_LIB + "libQt6Gui.so.6": ["libQt6Core.so.6", "libQt6DBus.so.6"],
        LINUX_LIB + "libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
        LINUX_LIB + "libQt6WaylandClient.so.6": ["libQt6Gui.so.6"],
        LINUX_LIB + "libQt6Network.so.6": ["libQt6Core.so.6"],
        LINUX_LIB + "libQt6DBus.so.6": ["libQt6Core.so.6"],
        LINUX_LIB + "libQt6Core.so.6": ["libicuuc.so.73"],
        "libsqlite3.so.0": [],
    }
    binaries = [(dest, "/src/" + dest, "BINARY") for dest in links]
    datas = [
        ("libQt6Core.so.6", LINUX_LIB + "libQt6Core.so.6", "SYMLINK"),
        ("libQt6Network.so.6", LINUX_LIB + "libQt6Network.so.6", "SYMLINK"),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", "/src/zh", "DATA"),
        ("PySide6/Qt/translations/qtbase_de.qm", "/src/de", "DATA"),
        ("faker/providers/person/zh_CN/__init__.py", "/src/p", "DATA"),
        ("faker/providers/person/fr_FR/__init__.py", "/src/p", "DATA"),
        ("faker/providers/person/__init__.py", "/src/p", "DATA"),
        ("resources/fonts/wqy-microhei.ttc", "/src/f", "DATA"),
    ]

    def imports_of(source: str) -> list[str]:
        return links[source.removeprefix("/src/")]

    return binaries, datas, imports_of


def test_a_linux_bundle_keeps_what_the_kept_parts_link_and_drops_the_rest():
    binaries, datas, imports_of = linux_toc()
    kept_binaries, kept_datas, dropped = parts.trim(binaries, datas, imports_of)
    kept = {dest for dest, _src, _kind in kept_binaries + kept_datas}
    for name in ("Core", "Gui", "Widgets", "DBus", "XcbQpa"):
        assert f"{LINUX_LIB}libQt6{name}.so.6" in kept
    # Dropped with the plugins that were their only users.
    assert f"{LINUX_LIB}libQt6WaylandClient.so.6" in dropped
    assert f"{LINUX_LIB}libQt6Network.so.6" in dropped
    assert "PySide6/Qt/plugins/platforms/libqwayland.so" in dropped
    assert "PySide6/Qt/plugins/tls/libqopensslbackend.so" in dropped
    # A link to a dropped library would dangle in the bundle; a link to a kept one stays.
    assert "libQt6Network.so.6" in dropped
    assert "libQt6Core.so.6" in kept
    assert "PySide6/Qt/translations/qtbase_zh_CN.qm" in kept
    assert "PySide6/Qt/translations/qtbase_de.qm" in dropped
    assert "faker/providers/person/zh_CN/__init__.py" in kept
    assert "faker/providers/person/__init__.py" in kept
    assert "faker/providers/person/fr_FR/__init__.py" in dropped
    assert {"libsqlite3.so.0", "resources/fonts/wqy-microhei.ttc"} <= kept


def test_the_libraries_of_a_listed_module_follow_it_on_windows():
    """QtPdf and QtPdfWidgets (the print preview) are listed in QT_MODULES, nothing more: their
    DLLs, and Qt6Network that QtPdf links, are kept without being named anywhere."""
    links = {
        "PySide6\\QtWidgets.pyd": ["Qt6Widgets.dll", "KERNEL32.dll"],
        "PySide6\\QtPdf.pyd": ["Qt6Pdf.dll"],
        "PySide6\\QtPdfWidgets.pyd": ["Qt6PdfWidgets.dll"],
        "PySide6\\Qt6Widgets.dll": ["Qt6Gui.dll", "Qt6Core.dll"],
        "PySide6\\Qt6Gui.dll": ["Qt6Core.dll"],
        "PySide6\\Qt6Core.dll": [],
        "PySide6\\Qt6Pdf.dll": ["Qt6Gui.dll", "Qt6Network.dll"],
        "PySide6\\Qt6PdfWidgets.dll": ["Qt6Pdf.dll", "Qt6Widgets.dll"],
        "PySide6\\Qt6Network.dll": ["Qt6Core.dll"],
        "PySide6\\Qt6Quick.dll": ["Qt6Gui.dll"],
        "PySide6\\opengl32sw.dll": [],
        "PySide6\\plugins\\platforms\\qwindows.dll": ["Qt6Gui.dll"],
        "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll": ["Qt6Widgets.dll"],
        "PySide6\\plugins\\platforms\\qdirect2d.dll": ["Qt6Gui.dll"],
    }
    binaries = [(dest, dest, "BINARY") for dest in links]
    assert "PySide6.QtPdf" not in parts.pyside6_excludes(["QtCore", "QtPdf", "QtQuick"])
    assert "PySide6.QtQuick" in parts.pyside6_excludes(["QtCore", "QtPdf", "QtQuick"])

    kept_binaries, _datas, dropped = parts.trim(binaries, [], lambda src: links[src])
    kept = {dest for dest, _src, _kind in kept_binaries}
    for dll in ("Qt6Pdf", "Qt6PdfWidgets", "Qt6Network", "Qt6Widgets", "Qt6Gui", "Qt6Core"):
        assert f"PySide6\\{dll}.dll" in kept
    assert "PySide6\\plugins\\platforms\\qwindows.dll" in kept
    assert "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll" in kept
    assert set(dropped) == {
        "PySide6\\Qt6Quick.dll",
        "PySide6\\opengl32sw.dll",
        "PySide6\\plugins\\platforms\\qdirect2d.dll",
    }


def test_modules_not_listed_are_excluded_from_the_build():
    excludes = parts.pyside6_excludes(["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtQml"])
    assert excludes == ["PySide6.QtNetwork", "PySide6.QtQml"]
    installed = parts.installed_pyside6_modules()
    assert set(parts.QT_MODULES) <= set(installed)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux libraries")
def test_the_installed_pyside6_needs_exactly_the_kept_libraries():
    """On the real PySide6 wheels, with PyInstaller's own dependency reader: the window
    program's Qt modules and the offscreen and xcb plugins need Core, Gui, Widgets,
    PrintSupport, Pdf, PdfWidgets, DBus, XcbQpa, Network (which QtPdf links), Charts with the
    OpenGL and OpenGLWidgets it links, and nothing of Qml, Quick or Wayland."""
    import PySide6
    from PyInstaller.depend.bindepend import get_imports

    root = Path(PySide6.__file__).parent
    qt = root / "Qt"
    binaries = [
        (f"PySide6/{p.name}", str(p), "EXTENSION")
        for name in parts.QT_MODULES
        for p in root.glob(f"{name}.*.so")
    ]
    binaries += [
        (f"PySide6/Qt/plugins/platforms/{p.name}", str(p), "BINARY")
        for p in (qt / "plugins" / "platforms").glob("lib*.so")
    ]
    binaries += [
        (f"PySide6/Qt/lib/{p.name}", str(p), "BINARY") for p in (qt / "lib").glob("libQt6*.so.6")
    ]
    kept, _datas, _dropped = parts.trim(
        binaries, [], lambda src: [name for name, _path in get_imports(src)]
    )
    libs = {Path(dest).name for dest, _src, _kind in kept if "/lib/" in dest}
    assert {
        "libQt6Core.so.6",
        "libQt6Gui.so.6",
        "libQt6Widgets.so.6",
        "libQt6PrintSupport.so.6",
        "libQt6DBus.so.6",
        "libQt6XcbQpa.so.6",
        "libQt6Pdf.so.6",
        "libQt6PdfWidgets.so.6",
        "libQt6Network.so.6",
        # The charts of the 工作台 link OpenGL and OpenGLWidgets (3.9 MB with QtCharts);
        # renda never switches a series to OpenGL, and opengl32sw.dll stays out.
        "libQt6Charts.so.6",
        "libQt6OpenGL.so.6",
        "libQt6OpenGLWidgets.so.6",
    } <= libs
    for unused in ("Qml", "Quick", "WaylandClient", "PdfQuick"):
        assert f"libQt6{unused}.so.6" not in libs


def test_every_qt_module_the_program_imports_is_bundled():
    """A Qt module used in ui/ but missing from QT_MODULES would be excluded from the frozen
    build, and the frozen program would fail where it is first used."""
    import ast

    ui = Path(__file__).resolve().parents[2] / "ui"
    used = set()
    for path in ui.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            used |= {n.split(".")[1] for n in names if n.startswith("PySide6.")}
    assert used
    assert used <= set(parts.QT_MODULES)
