# Shared by scripts/serve, scripts/test and scripts/test-newest (sourced, not run).
# Installs go through plain pip, so a fresh machine needs nothing but Python 3.11+.

# locked_venv DIR LOCK [CLIENT]: DIR holds exactly the versions of the lock file (checked by
# hash), then this project, built with the locked setuptools and no other dependency; with
# CLIENT ("client") the client distribution in client/ too (its dependencies are in the lock).
locked_venv() {
    local venv=$1 lock=$2 client=${3:-}
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
        --no-build-isolation -e .
    if [ "$client" = client ]; then
        "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
            --no-build-isolation -e ./client
    fi
}

# newest_venv DIR EXTRAS: DIR holds the newest versions pyproject.toml allows, no lock.
newest_venv() {
    local venv=$1 extras=$2
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade \
        --upgrade-strategy eager -e ".[$extras]" -e ./client
}

# check DIR [PYTEST ARGS]: lint, types and the whole test suite with DIR's tools.
check() {
    local venv=$1
    shift
    # The browser tests drive Debian's Chromium (Playwright cannot download its own browser).
    if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq chromium >/dev/null
    fi
    "$venv/bin/ruff" check .
    "$venv/bin/ruff" format --check .
    "$venv/bin/mypy"
    "$venv/bin/python" -m pytest "$@"
}
