# Sourced by ./run on Linux: say which system libraries the window needs and are missing,
# by their Debian/Ubuntu package names, before Qt fails with a message naming the wrong one.
# (soname  package) pairs; offscreen runs (tests, screenshots) need none of the xcb ones.
renda_missing_gui_packages() {
  local missing="" pair lib pkg
  command -v ldconfig >/dev/null 2>&1 || return 0
  local known; known="$(ldconfig -p 2>/dev/null)"
  for pair in \
    "libxcb-cursor.so.0 libxcb-cursor0" "libxcb-icccm.so.4 libxcb-icccm4" \
    "libxcb-keysyms.so.1 libxcb-keysyms1" "libxcb-image.so.0 libxcb-image0" \
    "libxcb-randr.so.0 libxcb-randr0" "libxcb-render-util.so.0 libxcb-render-util0" \
    "libxcb-shape.so.0 libxcb-shape0" "libxcb-xkb.so.1 libxcb-xkb1" \
    "libxkbcommon-x11.so.0 libxkbcommon-x11-0" "libX11-xcb.so.1 libx11-xcb1" \
    "libEGL.so.1 libegl1" "libGL.so.1 libgl1" "libfontconfig.so.1 libfontconfig1" \
    "libdbus-1.so.3 libdbus-1-3"; do
    lib="${pair% *}"; pkg="${pair#* }"
    case "$known" in *"$lib "*) ;; *) missing="$missing $pkg" ;; esac
  done
  echo "${missing# }"
}

if [ "$(uname -s)" = "Linux" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  RENDA_MISSING="$(renda_missing_gui_packages)"
  if [ -n "$RENDA_MISSING" ]; then
    echo "程序窗口需要的系统库缺失，请先安装：sudo apt-get install $RENDA_MISSING" >&2
    echo "The window needs these system packages: sudo apt-get install $RENDA_MISSING" >&2
    exit 1
  fi
fi
