#!/usr/bin/env bash
# Usage: scripts/install-tfjs-node.sh [--allow-prune] [path-to-wheel]
#
# Installs the optional dependency @tensorflow/tfjs-node@4.22.0 without internet
# access. Its install script normally downloads libtensorflow from
# an unreachable host; here the library comes from a TensorFlow CPU pip wheel
# (tensorflow_cpu-*.whl, searched on the machine when no path is given). It is
# repackaged as the tarball the installer expects, served from a throw-away HTTP
# server on 127.0.0.1, and node-gyp builds the addon locally. Runs from any cwd;
# installs into the project that contains this scripts/ directory, with
# `npm install --no-save` (package.json and package-lock.json stay unchanged).
#
# npm removes packages that are in node_modules but not in package.json /
# package-lock.json ("extraneous") on every install; the script refuses to run
# when there are any, unless --allow-prune is given.
#
# Exit codes:
#   0  tfjs-node works (already did, or installed and verified now)
#   1  unexpected error
#   2  usage error (bad arguments, wheel path not a readable file)
#   3  no TensorFlow CPU wheel found
#   4  missing prerequisite (node, npm, python3, g++, make, tar, gzip; Linux x86_64)
#   5  building the libtensorflow tarball or starting the local server failed
#   6  npm install failed or left tfjs-node without its native addon
#   7  tfjs-node is installed but does not load / compute correctly
#   8  node_modules has extraneous packages npm would remove (see --allow-prune)
set -euo pipefail

readonly TFJS_NODE_VERSION=4.22.0
readonly LIBTF_VERSION=2.9.1   # the libtensorflow version tfjs-node 4.x asks for (file names only)

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
PROJECT_DIR=$(dirname -- "$SCRIPT_DIR")
readonly SCRIPT_DIR PROJECT_DIR
readonly FAIL_LOG="${TMPDIR:-/tmp}/install-tfjs-node.log"

log() { printf '[tfjs-node %3ss] %s\n' "$SECONDS" "$*"; }
die() { local code=$1; shift; printf '[tfjs-node] ERROR: %s\n' "$*" >&2; exit "$code"; }
usage() { sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

ALLOW_PRUNE=0
WHEEL=
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) usage; exit 0 ;;
    --allow-prune) ALLOW_PRUNE=1 ;;
    -*) die 2 "unknown option: $1 (see --help)" ;;
    *) [[ -z $WHEEL ]] || die 2 "more than one wheel path given (see --help)"
       WHEEL=$1 ;;
  esac
  shift
done
if [[ -n $WHEEL ]]; then
  [[ -f $WHEEL && -r $WHEEL ]] || die 2 "wheel not found or not readable: $WHEEL"
  WHEEL=$(cd -- "$(dirname -- "$WHEEL")" && pwd -P)/$(basename -- "$WHEEL")
fi

[[ -f $PROJECT_DIR/package.json ]] || die 1 "no package.json in $PROJECT_DIR"
cd "$PROJECT_DIR"
command -v node >/dev/null || die 4 "node not found"
command -v npm >/dev/null || die 4 "npm not found"

# --- 1. Already working? --------------------------------------------------------
if node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1; then
  log "@tensorflow/tfjs-node already loads in $PROJECT_DIR - nothing to do."
  exit 0
fi

# --- 2. Prerequisites -------------------------------------------------------------
[[ $(uname -s) == Linux && $(uname -m) == x86_64 ]] ||
  die 4 "only Linux x86_64 is supported (this is $(uname -s) $(uname -m))"
for tool in python3 g++ make tar gzip; do
  command -v "$tool" >/dev/null || die 4 "$tool not found (needed to build the addon)"
done
# node-gyp would fetch the Node.js headers from the network; point it at the local ones.
if [[ -z ${npm_config_nodedir:-} ]]; then
  node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [[ -f $node_prefix/include/node/node_api.h && -f $node_prefix/include/node/common.gypi ]]; then
    export npm_config_nodedir=$node_prefix
  fi
fi

# --- 3. Would npm prune anything? ---------------------------------------------------
# (Packages recorded in package-lock.json at the same place and version, e.g. the
# dependencies of a removed tfjs-node, are kept by npm and not counted.)
extraneous=$(npm ls --all --parseable --long 2>/dev/null | node -e '
  const fs = require("fs"), path = require("path");
  let lock = {};
  try { lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8")).packages || {}; } catch {}
  for (const line of fs.readFileSync(0, "utf8").split("\n")) {
    const m = /^([^:]+):(.+)@([^@:]+):EXTRANEOUS$/.exec(line);
    if (!m) continue;
    const rel = path.relative(process.cwd(), m[1]).split(path.sep).join("/");
    if (!(lock[rel] && lock[rel].version === m[3])) console.log(m[2] + "@" + m[3]);
  }' || true)
if [[ -n $extraneous ]]; then
  n=$(wc -l <<<"$extraneous")
  if [[ $ALLOW_PRUNE -eq 0 ]]; then
    sed -n '1,20s/^/  /p' <<<"$extraneous" >&2
    [[ $n -le 20 ]] || echo "  ... ($n in all)" >&2
    die 8 "node_modules has $n package(s) not in package.json/package-lock.json; npm install would remove them. Add them to package.json (or re-run with --allow-prune)."
  fi
  log "Warning: npm will remove $n extraneous package(s) (--allow-prune)."
fi

# --- 4. Find the wheel ----------------------------------------------------------------
if [[ -z $WHEEL ]]; then
  log "Looking for a tensorflow_cpu-*.whl ..."
  WHEEL=$(find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
            -name 'tensorflow_cpu-*x86_64*.whl' -type f -print 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $WHEEL ]] || die 3 "no TensorFlow CPU wheel (tensorflow_cpu-*.whl) found on this machine; pass its path as an argument"
fi
log "Wheel: $WHEEL"

# --- 5. Temp dir and cleanup ------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/install-tfjs-node.XXXXXX")
SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [[ $rc -eq 0 || ! -f $WORK/npm.log ]] || cp -f "$WORK/npm.log" "$FAIL_LOG" 2>/dev/null || true
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 6. Build the libtensorflow tarball from the wheel ----------------------------------
# Headers: everything under tensorflow/c/ plus the include closure (g++ -MM, as C)
# of those headers and of core/platform/ctstring_internal.h, which the addon
# includes directly; it reaches xla/tsl/c/ and tsl/platform/ctstring*. Headers are
# pulled from the wheel as the closure grows; C++-only headers (which would drag in
# absl, protobuf, ...) are shipped but not followed.
log "Extracting libtensorflow and the C API headers from the wheel ..."
PKG=$WORK/pkg
mkdir -p "$PKG/lib" "$PKG/include"
python3 - "$WHEEL" "$WORK/whl" "$PKG/include" <<'PY' || die 5 "could not get libtensorflow / headers out of $WHEEL"
import os, shutil, subprocess, sys, zipfile
wheel, work, inc = sys.argv[1:4]
PFX = "tensorflow/include/"
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
for lib in ("tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"):
    if lib not in names:
        sys.exit("wheel lacks " + lib)
    z.extract(lib, work)

def get(h):
    """Copy header h (path below the include root) out of the wheel; True if new."""
    dst = os.path.join(inc, h)
    if os.path.exists(dst) or PFX + h not in names:
        return False
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with z.open(PFX + h) as src, open(dst, "wb") as out:
        shutil.copyfileobj(src, out)
    return True

roots = sorted(n[len(PFX):] for n in names
               if n.startswith(PFX + "tensorflow/c/") and n.endswith(".h"))
roots.append("tensorflow/core/platform/ctstring_internal.h")
for h in roots:
    get(h)
changed = True
while changed:
    changed = False
    for h in roots:
        r = subprocess.run(["g++", "-x", "c", "-MM", "-MG", "-I", inc, os.path.join(inc, h)],
                           capture_output=True, text=True)
        if r.returncode != 0:
            continue
        for dep in r.stdout.replace("\\\n", " ").split(":", 1)[1].split():
            if not os.path.isabs(dep) and get(dep):
                changed = True
PY
printf '#include "%s"\n' tensorflow/c/c_api.h tensorflow/c/eager/c_api.h \
    tensorflow/core/platform/ctstring_internal.h |
  g++ -x c++ -fsyntax-only -I"$PKG/include" - ||
  die 5 "the headers taken from the wheel do not compile (include closure incomplete?)"
log "  $(find "$PKG/include" -name '*.h' | wc -l) headers"

# Libraries, laid out as libtensorflow 2.9.1 for Linux. The addon links -ltensorflow
# and gets NEEDED libtensorflow_cc.so.2 (the wheel library's SONAME), hence that link.
mv "$WORK/whl/tensorflow/libtensorflow_cc.so.2" "$PKG/lib/libtensorflow.so.$LIBTF_VERSION"
mv "$WORK/whl/tensorflow/libtensorflow_framework.so.2" "$PKG/lib/libtensorflow_framework.so.$LIBTF_VERSION"
rm -rf -- "$WORK/whl"
(
  cd "$PKG/lib"
  ln -s "libtensorflow.so.$LIBTF_VERSION" libtensorflow.so.2
  ln -s libtensorflow.so.2 libtensorflow.so
  ln -s "libtensorflow.so.$LIBTF_VERSION" libtensorflow_cc.so.2
  ln -s "libtensorflow_framework.so.$LIBTF_VERSION" libtensorflow_framework.so.2
  ln -s libtensorflow_framework.so.2 libtensorflow_framework.so
)

log "Packing cpu-linux-x86_64-$LIBTF_VERSION.tar.gz ..."
mkdir -p "$WORK/srv"
tar -C "$PKG" -cf - lib include | gzip -1 > "$WORK/srv/cpu-linux-x86_64-$LIBTF_VERSION.tar.gz" ||
  die 5 "packing the tarball failed"
rm -rf -- "$PKG"

# --- 7. Serve it on a free loopback port -------------------------------------------------
python3 - "$WORK/srv" "$WORK/port" >/dev/null 2>&1 <<'PY' &
import http.server, os, sys
root, port_file = sys.argv[1], sys.argv[2]
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=root, **kw)
    def log_message(self, *a):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
PY
SERVER_PID=$!
for _ in $(seq 100); do
  [[ -s $WORK/port ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
[[ -s $WORK/port ]] || die 5 "the local HTTP server did not start"
PORT=$(<"$WORK/port")
log "Serving it on http://127.0.0.1:$PORT/ (pid $SERVER_PID)"

# --- 8. npm install ----------------------------------------------------------------------
# A tfjs-node directory that does not load (e.g. addon missing) would be kept as
# is by npm, and its install script would not run again: remove it first.
if [[ -e node_modules/@tensorflow/tfjs-node ]]; then
  log "Removing the broken node_modules/@tensorflow/tfjs-node"
  rm -rf -- node_modules/@tensorflow/tfjs-node
fi
# The install script sends its download through HTTP(S)_PROXY when one is set,
# which would break the loopback URL: hand proxies to npm as flags instead.
# Unapproved install scripts run (with a notice) unless strict-allow-scripts is on;
# --allow-scripts is rejected in project installs (EALLOWSCRIPTS).
npm_args=(install --no-save --no-audit --no-fund --foreground-scripts
          --strict-allow-scripts=false "@tensorflow/tfjs-node@$TFJS_NODE_VERSION")
proxy_https=${HTTPS_PROXY:-${https_proxy:-}}
proxy_http=${HTTP_PROXY:-${http_proxy:-}}
if [[ -n $proxy_https ]]; then npm_args+=("--https-proxy=$proxy_https"); fi
if [[ -n $proxy_http ]]; then npm_args+=("--proxy=$proxy_http"); fi

log "npm install --no-save @tensorflow/tfjs-node@$TFJS_NODE_VERSION (builds the addon) ..."
npm_rc=0
env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy \
  TFJS_NODE_BASE_URI="http://127.0.0.1:$PORT/" \
  npm "${npm_args[@]}" >"$WORK/npm.log" 2>&1 || npm_rc=$?

# tfjs-node is optional: when its install script fails npm drops it and still exits 0.
addon=$(find node_modules/@tensorflow/tfjs-node/lib -name tfjs_binding.node 2>/dev/null | head -n 1 || true)
if [[ $npm_rc -ne 0 || -z $addon ]]; then
  grep -E 'ERR|error' "$WORK/npm.log" | tail -n 15 >&2 || true
  die 6 "npm install failed (exit $npm_rc) or did not build the addon; full log: $FAIL_LOG"
fi
log "Addon built: $addon"

# --- 9. Verify ---------------------------------------------------------------------------
log "Verifying ..."
if ! TF_CPP_MIN_LOG_LEVEL=2 node -e "
  const tf = require('@tensorflow/tfjs-node');
  const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]));
  const v = Array.from(c.dataSync());
  console.log('  backend:', tf.getBackend(), '| matMul [[1,2],[3,4]] x [[5,6],[7,8]] =', JSON.stringify(v));
  if (tf.getBackend() !== 'tensorflow' || v.join() !== '19,22,43,50') process.exit(1);
" 2>"$WORK/verify.err"; then
  cat "$WORK/verify.err" >&2
  die 7 "tfjs-node was installed but does not work"
fi
log "Done: @tensorflow/tfjs-node@$TFJS_NODE_VERSION works in $PROJECT_DIR (${SECONDS}s)."
