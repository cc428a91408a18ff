#!/usr/bin/env bash
# Pre-fill Solara's front-end asset cache from the npm registry, so Solara dashboards
# render without internet access.
#
# Solara's server proxies /_solara/cdn/<pkg>@<version>/<file> to https://cdn.jsdelivr.net/npm/
# and caches the result under settings.assets.proxy_cache_dir (default
# <venv>/share/solara/cdn/). Offline the fetch fails and the page stays blank. jsDelivr's
# /npm/ URLs serve the files of the npm tarball, so `npm pack` + untar into
# <cache>/<pkg>@<version>/ yields the same layout, e.g.
#   <venv>/share/solara/cdn/@widgetti/solara-vuetify-app@10.1.1/dist/main8.css
#   <venv>/share/solara/cdn/requirejs@2.3.6/require.js
#   <venv>/share/solara/cdn/vega@5/build/vega.min.js      (semver ranges keep their spelling)
#
# The package list is read from the installed solara (its templates and .vue/.py sources),
# falling back to a built-in list. Override with SOLARA_ASSET_PACKAGES="name@ver name@ver".
#
# Usage: scripts/install_solara_assets.sh [VENV]      (VENV defaults to .venv)
# Idempotent: packages already unpacked in the cache are skipped.
set -euo pipefail

venv="${1:-.venv}"
python="$venv/bin/python"

if [ ! -x "$python" ]; then
    echo "error: $python not found; create the venv and install solara first." >&2
    exit 1
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "error: npm is not installed (needed to fetch Solara's front-end assets from the npm registry)." >&2
    echo "       Install it, e.g.: apt-get install -y npm   (or nodejs from nodesource)" >&2
    exit 1
fi
if ! command -v tar >/dev/null 2>&1; then
    echo "error: tar is not installed." >&2
    exit 1
fi

fallback_packages="@widgetti/solara-vuetify-app@10.1.1 requirejs@2.3.6 font-awesome@4.5.0 \
mermaid@10.8.0 katex@0.16.9 vega@5 vega-lite@5 vega-embed@6 @widgetti/vue-grid-layout@2.3.13-alpha.2"

# Ask the installed solara where its cache lives and which CDN packages/files it references.
# Output: first line "CACHE <dir>", then "PKG <name@version>" and "FILE <name@version/path>" lines.
discover() {
    SOLARA_TELEMETRY_MIXPANEL_ENABLE=false "$python" - <<'PY'
import pathlib
import re

import solara
import solara.server.settings as settings

root = pathlib.Path(solara.__file__).parent
print("CACHE", pathlib.Path(settings.assets.proxy_cache_dir).resolve())

try:
    import ipyvuetify
    vuetify_major = int(ipyvuetify.__version__.split(".")[0])
except Exception:
    vuetify_major = 1
try:
    import ipywidgets
    widgets_major = ipywidgets.__version__.split(".")[0]
except Exception:
    widgets_major = "8"

# `${this.getCdn()}/pkg@1.2.3/x.js`, `{{cdn}}/@scope/pkg@1.2.3/x.css`, `${this.getCdn()}/pkg@${version}/...`
ref = re.compile(
    r"(?:getCdn\(\)\}|\{\{\s*cdn\s*\}\}|solara\.cdn\}?|cdn\})/"
    r"((?:@[\w.-]+/)?[\w.-]+)@([0-9][\w.+-]*|\$\{(\w+)\})(/[^\"'`\s)]*)?"
)
pkgs, files = set(), set()
for path in root.rglob("*"):
    if path.suffix not in {".py", ".vue", ".j2", ".html", ".js"} or "website" in path.parts:
        continue
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        continue
    for m in ref.finditer(text):
        name, version, var, sub = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        if var:  # e.g. const version = "5.4.0"; / const cmVersion = '5.65.3';
            v = re.search(r"\b" + re.escape(var) + r"\s*=\s*[\"']([^\"']+)[\"']", text)
            if not v:
                continue
            version = v.group(1)
        if name.endswith("solara-vuetify3-app") and vuetify_major < 3:
            continue  # only used with ipyvuetify 3 / Vuetify 3
        spec = f"{name}@{version}"
        pkgs.add(spec)
        sub = sub.replace("{{ipywidget_major_version}}", widgets_major)
        if sub and "{" not in sub and "$" not in sub:
            files.add(spec + sub)

fa = settings.assets.fontawesome_path  # "/font-awesome@4.5.0/css/font-awesome.min.css"
m = re.match(r"/?((?:@[\w.-]+/)?[\w.-]+@[\w.+-]+)(/.*)?$", fa)
if settings.assets.fontawesome_enabled and m:
    pkgs.add(m.group(1))
    if m.group(2):
        files.add(m.group(1) + m.group(2))

for p in sorted(pkgs):
    print("PKG", p)
for f in sorted(files):
    print("FILE", f)
PY
}

if ! discovery="$(discover)"; then
    echo "error: could not import solara from $python; install it first (pip install solara)." >&2
    exit 1
fi
cache_dir="$(printf '%s\n' "$discovery" | sed -n 's/^CACHE //p')"
packages="$(printf '%s\n' "$discovery" | sed -n 's/^PKG //p')"
files="$(printf '%s\n' "$discovery" | sed -n 's/^FILE //p')"
if [ -n "${SOLARA_ASSET_PACKAGES:-}" ]; then
    packages="$(printf '%s\n' $SOLARA_ASSET_PACKAGES)"
elif [ -z "$packages" ]; then
    echo "warning: found no CDN references in solara's source; using the built-in list." >&2
    packages="$(printf '%s\n' $fallback_packages)"
fi
if [ -z "$cache_dir" ]; then
    cache_dir="$(cd "$venv" && pwd)/share/solara/cdn"
fi

echo "Solara asset cache: $cache_dir"
mkdir -p "$cache_dir"
work="$(mktemp -d "${TMPDIR:-/tmp}/solara-assets.XXXXXX")"
trap 'rm -rf "$work"' EXIT

fetched=0
skipped=0
while IFS= read -r spec; do
    [ -n "$spec" ] || continue
    dest="$cache_dir/$spec"
    if [ -f "$dest/package.json" ]; then
        skipped=$((skipped + 1))
        continue
    fi
    echo "Fetching $spec from the npm registry"
    pack_dir="$work/pack.$fetched"
    mkdir -p "$pack_dir"
    if ! (cd "$pack_dir" && npm pack "$spec" --silent >/dev/null 2>"$pack_dir.log"); then
        cat "$pack_dir.log" >&2
        echo "error: 'npm pack $spec' failed (is registry $(npm config get registry 2>/dev/null) reachable?)" >&2
        exit 1
    fi
    tgz="$(find "$pack_dir" -maxdepth 1 -name '*.tgz' | head -n 1)"
    if [ -z "$tgz" ]; then
        echo "error: 'npm pack $spec' produced no tarball" >&2
        exit 1
    fi
    staging="$work/unpack.$fetched"
    mkdir -p "$staging"
    tar --strip-components=1 -xzf "$tgz" -C "$staging"
    # tarballs may carry restrictive modes; the server (maybe another user) must read them
    chmod -R u+rwX,go+rX "$staging"
    mkdir -p "$(dirname "$dest")"
    rm -rf "$dest"
    mv "$staging" "$dest"
    fetched=$((fetched + 1))
done <<<"$packages"

# jsDelivr minifies on the fly: a requested foo.min.js that the package lacks is served
# from foo.js. Mirror that for the files solara references.
missing=0
while IFS= read -r rel; do
    [ -n "$rel" ] || continue
    target="$cache_dir/$rel"
    [ -e "$target" ] && continue
    case "$rel" in
    *.min.js) source="${target%.min.js}.js" ;;
    *.min.css) source="${target%.min.css}.css" ;;
    *) source="" ;;
    esac
    if [ -n "$source" ] && [ -f "$source" ]; then
        cp "$source" "$target"
    else
        case "$rel" in
        @*/*) pkg="$(printf '%s' "$rel" | cut -d/ -f1-2)" ;;
        *) pkg="${rel%%/*}" ;;
        esac
        [ -f "$cache_dir/$pkg/package.json" ] || continue # package not installed (overridden list)
        echo "warning: $rel is referenced by solara but missing from the npm package" >&2
        missing=$((missing + 1))
    fi
done <<<"$files"

echo "Solara assets: $fetched fetched, $skipped already present, $missing referenced files missing."
