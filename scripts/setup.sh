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
# Only the tests of the online forms (tests/web) use these: a later change may put them behind a flag.
test_only_system_packages=(
  chromium chromium-driver # the browser tests drive Debian's Chromium (Playwright with executable_path)
  postgresql               # the same web tests run against a PostgreSQL the tests start themselves
)
missing=()
for pkg in "${system_packages[@]}" "${test_only_system_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# npm installs axe-core for the accessibility checks; any Node.js with npm will do.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
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

# axe-core, which the browser tests inject into each page (test-only, like the packages above).
if [[ ! -f tests/web/node_modules/axe-core/axe.min.js ]]; then
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error >/dev/null
fi
