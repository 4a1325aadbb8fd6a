#!/usr/bin/env bash
# install-tfjs-node.sh [path-to-wheel]
#
# Installs the optional dependency @tensorflow/tfjs-node without internet access.
# Its install script normally downloads libtensorflow from storage.googleapis.com;
# here the library is taken from a TensorFlow CPU pip wheel
# (tensorflow_cpu-*.whl), repackaged as the tarball the installer expects, served
# from a throw-away HTTP server on 127.0.0.1, and the native addon is built
# locally by node-gyp. The project's package.json and package-lock.json are not
# changed (npm install --no-save).
#
# Exit codes:
#   0  tfjs-node works (already did, or installed and verified now)
#   1  unexpected error
#   2  usage error (bad arguments, wheel path not a readable file)
#   3  no TensorFlow CPU wheel found
#   4  missing prerequisite (node, npm, python3, g++, make, tar, gzip; x86_64 Linux)
#   5  building the libtensorflow tarball or starting the local server failed
#   6  npm install failed or left tfjs-node without its native addon
#   7  tfjs-node is installed but does not load / compute correctly
set -euo pipefail

readonly TFJS_NODE_VERSION=4.22.0
readonly LIBTF_VERSION=2.9.1   # version tfjs-node 4.x asks for; only the file names matter

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
PROJECT_DIR=$(dirname -- "$SCRIPT_DIR")
readonly SCRIPT_DIR PROJECT_DIR
readonly LOG_FILE="${TMPDIR:-/tmp}/install-tfjs-node.log"

START=$SECONDS
log() { printf '[tfjs-node %3ss] %s\n' "$((SECONDS - START))" "$*"; }
die() { local code=$1; shift; printf '[tfjs-node] ERROR: %s\n' "$*" >&2; exit "$code"; }

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  -*) usage >&2; die 2 "unknown option: $1" ;;
esac
[[ $# -le 1 ]] || { usage >&2; die 2 "expected at most one argument (path to the wheel)"; }
WHEEL=${1:-}
if [[ -n $WHEEL ]]; then
  [[ -f $WHEEL && -r $WHEEL ]] || die 2 "wheel not found or not readable: $WHEEL"
  WHEEL=$(cd -- "$(dirname -- "$WHEEL")" && pwd -P)/$(basename -- "$WHEEL")
fi

[[ -f $PROJECT_DIR/package.json ]] || die 1 "no package.json in $PROJECT_DIR"
cd "$PROJECT_DIR"

command -v node >/dev/null || die 4 "node not found"
command -v npm >/dev/null || die 4 "npm not found"

# --- 1. Already working? -------------------------------------------------------
if node -e "require('@tensorflow/tfjs-node')" >/dev/null 2>&1; then
  log "@tensorflow/tfjs-node already loads in $PROJECT_DIR - nothing to do."
  exit 0
fi

# --- 2. Prerequisites ----------------------------------------------------------
[[ $(uname -s) == Linux && $(uname -m) == x86_64 ]] ||
  die 4 "only Linux x86_64 is supported (this is $(uname -s) $(uname -m))"
for tool in python3 g++ make tar gzip; do
  command -v "$tool" >/dev/null || die 4 "$tool not found (needed to build the addon)"
done
# node-gyp would download the Node.js headers from nodejs.org; use the local ones.
if [[ -z ${npm_config_nodedir:-} ]]; then
  node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [[ -f $node_prefix/include/node/node_api.h && -f $node_prefix/include/node/common.gypi ]]; then
    export npm_config_nodedir=$node_prefix
  fi
fi

# --- 3. Find the wheel ---------------------------------------------------------
if [[ -z $WHEEL ]]; then
  log "Looking for a tensorflow_cpu-*.whl ..."
  WHEEL=$(find / \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
            -name 'tensorflow_cpu-*x86_64*.whl' -type f -print 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $WHEEL ]] || die 3 "no TensorFlow CPU wheel (tensorflow_cpu-*.whl) found on this machine; pass its path as the first argument"
fi
log "Wheel: $WHEEL"

# --- 4. Temp dir, cleanup ------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/install-tfjs-node.XXXXXX")
SERVER_PID=
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf -- "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 5. Build the libtensorflow tarball from the wheel -------------------------
# Headers: everything under tensorflow/c/ plus the include closure (g++ -MM, as
# C) of those headers and of core/platform/ctstring_internal.h, which the addon
# includes directly. The closure reaches xla/tsl/c/ and tsl/platform/ctstring*.
# Headers are pulled from the wheel as the closure grows; C++-only headers (which
# would drag in absl, protobuf, ...) are not followed.
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
    """Copy header h (path below the include root) out of the wheel."""
    dst = os.path.join(inc, h)
    if os.path.exists(dst):
        return False
    if PFX + h not in names:
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
            continue  # not plain C: only shipped, not followed
        for dep in r.stdout.replace("\\\n", " ").split(":", 1)[1].split():
            if not os.path.isabs(dep) and get(dep):
                changed = True
PY
printf '#include "%s"\n' tensorflow/c/c_api.h tensorflow/c/eager/c_api.h \
    tensorflow/core/platform/ctstring_internal.h |
  g++ -x c++ -fsyntax-only -I"$PKG/include" - ||
  die 5 "the headers taken from the wheel do not compile (include closure incomplete?)"
log "  $(find "$PKG/include" -name '*.h' | wc -l) headers"

# Libraries, laid out as libtensorflow 2.9.1 for Linux.
mv "$WORK/whl/tensorflow/libtensorflow_cc.so.2" "$PKG/lib/libtensorflow.so.$LIBTF_VERSION"
mv "$WORK/whl/tensorflow/libtensorflow_framework.so.2" "$PKG/lib/libtensorflow_framework.so.$LIBTF_VERSION"
rm -rf -- "$WORK/whl"
(
  cd "$PKG/lib"
  ln -s "libtensorflow.so.$LIBTF_VERSION" libtensorflow.so.2
  ln -s libtensorflow.so.2 libtensorflow.so
  ln -s "libtensorflow.so.$LIBTF_VERSION" libtensorflow_cc.so.2   # SONAME of the wheel's library
  ln -s "libtensorflow_framework.so.$LIBTF_VERSION" libtensorflow_framework.so.2
  ln -s libtensorflow_framework.so.2 libtensorflow_framework.so
)

log "Packing cpu-linux-x86_64-$LIBTF_VERSION.tar.gz ..."
mkdir -p "$WORK/srv"
tar -C "$PKG" -cf - lib include | gzip -1 > "$WORK/srv/cpu-linux-x86_64-$LIBTF_VERSION.tar.gz" ||
  die 5 "packing the tarball failed"
rm -rf -- "$PKG"

# --- 6. Serve it on a free loopback port ---------------------------------------
python3 - "$WORK/srv" "$WORK/port" >/dev/null 2>&1 <<'PY' &
import functools, http.server, os, sys
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
[[ -s $WORK/port ]] || die 5 "local HTTP server did not start"
PORT=$(<"$WORK/port")
log "Serving it on http://127.0.0.1:$PORT/ (pid $SERVER_PID)"

# --- 7. npm install -------------------------------------------------------------
# The install script sends its download through HTTP(S)_PROXY when one is set,
# which would break the loopback URL: hand proxies to npm as flags instead.
npm_args=(install --no-save --no-audit --no-fund --foreground-scripts
          --strict-allow-scripts=false "@tensorflow/tfjs-node@$TFJS_NODE_VERSION")
proxy_https=${HTTPS_PROXY:-${https_proxy:-}}
proxy_http=${HTTP_PROXY:-${http_proxy:-}}
[[ -n $proxy_https ]] && npm_args+=("--https-proxy=$proxy_https")
[[ -n $proxy_http ]] && npm_args+=("--proxy=$proxy_http")

log "npm install --no-save @tensorflow/tfjs-node@$TFJS_NODE_VERSION (builds the addon, ~1 min; log: $LOG_FILE)"
set +e
env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy \
  TFJS_NODE_BASE_URI="http://127.0.0.1:$PORT/" \
  npm "${npm_args[@]}" >"$LOG_FILE" 2>&1
npm_rc=$?
set -e

addon=$(find node_modules/@tensorflow/tfjs-node/lib -name tfjs_binding.node 2>/dev/null | head -n 1 || true)
if [[ $npm_rc -ne 0 || -z $addon ]]; then
  tail -n 30 "$LOG_FILE" >&2 || true
  die 6 "npm install failed (exit $npm_rc) or did not build the addon; full log: $LOG_FILE"
fi
log "Addon built: $addon"

# --- 8. Verify -------------------------------------------------------------------
log "Verifying ..."
if ! TF_CPP_MIN_LOG_LEVEL=2 node -e "
  const tf = require('@tensorflow/tfjs-node');
  const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5, 6], [7, 8]]));
  const v = Array.from(c.dataSync());
  console.log('  backend:', tf.getBackend(), ' matMul [[1,2],[3,4]]x[[5,6],[7,8]] =', JSON.stringify(v));
  if (tf.getBackend() !== 'tensorflow' || v.join() !== '19,22,43,50') process.exit(1);
"; then
  die 7 "tfjs-node was installed but does not work; npm log: $LOG_FILE"
fi
rm -f -- "$LOG_FILE"
log "Done: @tensorflow/tfjs-node@$TFJS_NODE_VERSION works (total ${SECONDS}s)."
