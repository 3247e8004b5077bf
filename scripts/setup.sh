#!/usr/bin/env bash
# Install everything packgen needs on a fresh Debian machine: the system tools its documents are
# proved with, and a virtual environment (.venv) with packgen and its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

system_packages=(
  libharfbuzz-subset0      # fast font subsetting for WeasyPrint (~1.6x faster PDFs)
  libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint's text layout
  fonts-liberation2 fonts-dejavu-core  # the fonts the stylesheet asks for
  poppler-utils            # pdftotext/pdfinfo: the tests read PDFs as a reader would
  libreoffice-writer-nogui # the tests open every DOCX in LibreOffice
)
missing=()
for pkg in "${system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  echo "Installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
