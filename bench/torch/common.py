"""Shared helpers for the PyTorch reference benchmark scripts.

Each script does, before any other import:

    import time; T0 = time.perf_counter(); T0_WALL = time.time()

then imports this module and calls ``bench = common.Bench(T0, T0_WALL, ...)``.
Importing this module does NOT import torch; ``Bench.import_torch()`` does
and times it (that is ``importMs``).
"""

import argparse
import csv
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))


def parse_args(description, extra=None):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--seed", type=int, default=1, help="RNG seed (numpy + torch)")
    p.add_argument("--threads", type=int, default=1,
                   help="torch.set_num_threads (default 1)")
    p.add_argument("--epochs", type=int, default=None,
                   help="override the recipe's epoch count (for quick checks only)")
    if extra:
        extra(p)
    return p.parse_args()


class Bench:
    def __init__(self, t0, t0_wall, exercise, args):
        self.t0 = t0            # perf_counter() at the top of the script
        self.t0_wall = t0_wall  # time.time() at the same moment
        self.exercise = exercise
        self.args = args
        self.import_ms = None
        self.train_ms = None
        self.torch = None

    def import_torch(self):
        t = time.perf_counter()
        import torch  # noqa: E402  (timed on purpose)
        self.import_ms = (time.perf_counter() - t) * 1000.0
        torch.set_num_threads(self.args.threads)
        torch.manual_seed(self.args.seed)
        import numpy as np
        np.random.seed(self.args.seed)
        self.torch = torch
        return torch

    def train_timer(self):
        bench = self

        class _T:
            def __enter__(self):
                self.t = time.perf_counter()
                return self

            def __exit__(self, *exc):
                bench.train_ms = (time.perf_counter() - self.t) * 1000.0
                return False

        return _T()

    def emit(self, metrics, **extra):
        now = time.perf_counter()
        now_wall = time.time()
        out = {
            "exercise": self.exercise,
            "seed": self.args.seed,
            "importMs": _r(self.import_ms),
            "trainMs": _r(self.train_ms),
            "wallMs": _r((now - self.t0) * 1000.0),
            "metrics": metrics,
            "threads": self.torch.get_num_threads() if self.torch else None,
            "torch": self.torch.__version__ if self.torch else None,
            "python": sys.executable,
        }
        # Caller-supplied spawn timestamp (ms since epoch, e.g. Date.now() in
        # Node right before spawn): lets the caller include interpreter startup.
        t0_env = os.environ.get("DLX_BENCH_T0_MS")
        spawn_to_start = spawn_to_end = None
        if t0_env:
            try:
                t0_ms = float(t0_env)
                spawn_to_start = _r(self.t0_wall * 1000.0 - t0_ms)
                spawn_to_end = _r(now_wall * 1000.0 - t0_ms)
            except ValueError:
                pass
        out["spawnToStartMs"] = spawn_to_start
        out["spawnToEndMs"] = spawn_to_end
        out.update(extra)
        sys.stdout.write(json.dumps(out, separators=(",", ":")) + "\n")
        sys.stdout.flush()


def _r(x, nd=3):
    return None if x is None else round(float(x), nd)


# ---------------------------------------------------------------- data

def qwerties(centres, n_per_clust=100, blur=1.0):
    """Course-style Gaussian clusters: point = centre + randn*blur per coordinate.

    Draw order matches the course notebooks (per cluster: all x, then all y),
    using numpy's global RNG (seeded in Bench.import_torch).
    Returns (data float32 [N,2], labels int64 [N]) as numpy arrays.
    """
    import numpy as np
    pts, labs = [], []
    for k, (cx, cy) in enumerate(centres):
        x = cx + np.random.randn(n_per_clust) * blur
        y = cy + np.random.randn(n_per_clust) * blur
        pts.append(np.stack([x, y], axis=1))
        labs.append(np.full(n_per_clust, k, dtype=np.int64))
    return np.concatenate(pts).astype(np.float32), np.concatenate(labs)


def read_semicolon_csv(path):
    """Read the UCI wine csv (';'-separated, quoted header) -> (header, float64 array)."""
    import numpy as np
    with open(path, newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = [h.strip() for h in rows[0]]
    data = np.array([[float(v) for v in r] for r in rows[1:] if r], dtype=np.float64)
    return header, data


def zscore(a):
    """Column-wise z-score with population std (ddof=0), like scipy.stats.zscore."""
    return (a - a.mean(axis=0)) / a.std(axis=0, ddof=0)


def pearson_r(a, b):
    import numpy as np
    a = np.asarray(a, dtype=np.float64).ravel()
    b = np.asarray(b, dtype=np.float64).ravel()
    a = a - a.mean()
    b = b - b.mean()
    return float((a @ b) / np.sqrt((a @ a) * (b @ b)))


# ------------------------------------------------------ shared model recipe

def binary_qwerties():
    """Binary qwerties of seq_to_class / lr_sweep: centres (1,3), (1,-2), blur 1."""
    return qwerties([(1, 3), (1, -2)], n_per_clust=100, blur=1.0)


def build_multilayer_binary(torch):
    nn = torch.nn
    return nn.Sequential(
        nn.Linear(2, 16), nn.ReLU(),
        nn.Linear(16, 1), nn.ReLU(),
        nn.Linear(1, 1), nn.Sigmoid(),
    )


def train_multilayer_binary(torch, data, labels, lr, epochs):
    """Course trainTheModel(): full-batch SGD + BCE; accuracy from a final
    forward pass after training (predictions > .5). Returns (last loss, acc 0..1)."""
    model = build_multilayer_binary(torch)
    lossfun = torch.nn.BCELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    loss = None
    for _ in range(epochs):
        yhat = model(data)
        loss = lossfun(yhat, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        pred = model(data)
        acc = ((pred > 0.5) == (labels > 0.5)).sum().item() / labels.shape[0]
    return loss.item(), acc


if __name__ == "__main__":
    # Probe: `python3 bench/torch/common.py` -> prints {"torch": "...", "python": "..."}
    # and exits 0 if this interpreter can import torch, else prints {"torch": null, ...} and exits 1.
    try:
        import torch
        ver = torch.__version__
    except Exception:  # noqa: BLE001
        ver = None
    print(json.dumps({"torch": ver, "python": sys.executable}))
    sys.exit(0 if ver else 1)


# ------------------------------------------- the second half's recipes (regularization, batch norm)

def data_file(name):
    """A data file of the benchmark pack (bench/pack/data), as the dlx recipes read it."""
    return os.path.join(REPO_ROOT, "bench", "pack", "data", name)


def iris():
    """iris.csv -> (X float32 [150, 4], y int64: species by order of appearance, as dlx's classColumn)."""
    import numpy as np
    with open(data_file("iris.csv"), newline="") as f:
        rows = list(csv.reader(f))[1:]
    names = list(dict.fromkeys(r[4] for r in rows))
    X = np.array([[float(v) for v in r[:4]] for r in rows], dtype=np.float32)
    y = np.array([names.index(r[4]) for r in rows], dtype=np.int64)
    return X, y


def rings(n_per_class=200, radii=(10, 15), noise=1.0):
    """The dropout lesson's two rings: angle uniform, radius + Gaussian noise on x and y."""
    import numpy as np
    pts, labs = [], []
    for k, r in enumerate(radii):
        th = np.random.rand(n_per_class) * 2 * np.pi
        x = r * np.cos(th) + np.random.randn(n_per_class) * noise
        y = r * np.sin(th) + np.random.randn(n_per_class) * noise
        pts.append(np.stack([x, y], axis=1))
        labs.append(np.full(n_per_class, k, dtype=np.float32))
    return np.concatenate(pts).astype(np.float32), np.concatenate(labs)[:, None]


def split(X, y, seed, test, dev=0.0):
    """Shuffled train/dev/test as dlx's 'random' split: test gets ceil(n*test) rows, then dev ceil(n*dev)."""
    import numpy as np
    import math
    perm = np.random.default_rng(seed).permutation(len(X))
    n_test, n_dev = math.ceil(test * len(X)), math.ceil(dev * len(X))
    parts = perm[:n_test], perm[n_test:n_test + n_dev], perm[n_test + n_dev:]
    return [(X[p], y[p]) for p in parts]


def fit(torch, model, lossfun, optimizer, train, test, epochs, batch, dev=None, patience=None):
    """The course's loop: model.train() minibatches (DataLoader, shuffle, drop_last), model.eval() passes on
    dev and test every epoch. With `patience`: early stopping on the dev loss, best weights restored.
    Returns (epochs run, best epoch or None, last test loss)."""
    import copy
    from torch.utils.data import DataLoader, TensorDataset
    tx, ty = (torch.tensor(a) for a in train)
    loader = DataLoader(TensorDataset(tx, ty), batch_size=batch, shuffle=True, drop_last=True)
    ex, ey = (torch.tensor(a) for a in test)
    dx, dy = (torch.tensor(a) for a in dev) if dev is not None else (None, None)
    best, best_epoch, best_state, ran = float("inf"), None, None, 0
    test_loss = None
    for epoch in range(1, epochs + 1):
        model.train()
        for bx, by in loader:
            loss = lossfun(model(bx), by)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            test_loss = lossfun(model(ex), ey).item()
            dev_loss = lossfun(model(dx), dy).item() if dx is not None else None
        ran = epoch
        if patience is not None:
            if dev_loss < best:
                best, best_epoch, best_state = dev_loss, epoch, copy.deepcopy(model.state_dict())
            elif epoch - best_epoch >= patience:
                break
    if best_state is not None:
        model.load_state_dict(best_state)
        with torch.no_grad():
            test_loss = lossfun(model(ex), ey).item()
    return ran, best_epoch, test_loss


def accuracy(torch, model, X, y, logits_binary=False):
    model.eval()
    with torch.no_grad():
        out = model(torch.tensor(X))
        pred = (out > 0).float() if logits_binary else out.argmax(dim=1)
        truth = torch.tensor(y)
        return (pred == truth).float().mean().item()
