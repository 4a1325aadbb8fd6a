"""Predict residual sugar (red wine): 11-16-32-32-1 ReLU MLP, MSE, SGD lr .01, batch 32, 1000 epochs."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def _extra(p):
    p.add_argument("--csv", default=None, help="path to winequality-red.csv")
    p.add_argument("--loader", choices=["dataloader", "index"], default="dataloader",
                   help="dataloader: torch DataLoader as in the course (default); "
                        "index: randperm + tensor slicing (no DataLoader overhead)")


args = common.parse_args(__doc__, _extra)
bench = common.Bench(T0, T0_WALL, "predict_sugar", args)
torch = bench.import_torch()
import numpy as np  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

nn = torch.nn
EPOCHS = args.epochs or 1000
BATCH = 32


def default_csv():
    local = os.path.join(common.REPO_ROOT, "exercises", "dudl-ann", "data", "winequality-red.csv")
    if os.path.exists(local):
        return local
    return os.path.join(os.path.dirname(common.REPO_ROOT), "shared", "datasets", "winequality-red.csv")


csv_path = args.csv or default_csv()
header, raw = common.read_semicolon_csv(csv_path)
raw = raw[raw[:, header.index("total sulfur dioxide")] < 200]   # drop outliers first
z = common.zscore(raw)                                          # every column, ddof=0
tcol = header.index("residual sugar")
feat_cols = [i for i in range(len(header)) if i != tcol]       # other 11 incl. quality
X = z[:, feat_cols].astype(np.float32)
y = z[:, [tcol]].astype(np.float32)

# 90/10 shuffled split (sklearn train_test_split(test_size=.1) semantics: test = ceil(10%))
rng = np.random.default_rng(args.seed)
perm = rng.permutation(len(X))
n_test = int(np.ceil(0.1 * len(X)))
test_idx, train_idx = perm[:n_test], perm[n_test:]
train_X, train_y = torch.tensor(X[train_idx]), torch.tensor(y[train_idx])
test_X, test_y = torch.tensor(X[test_idx]), torch.tensor(y[test_idx])

model = nn.Sequential(
    nn.Linear(11, 16), nn.ReLU(),
    nn.Linear(16, 32), nn.ReLU(),
    nn.Linear(32, 32), nn.ReLU(),
    nn.Linear(32, 1),
)
lossfun = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

if args.loader == "dataloader":
    train_loader = DataLoader(TensorDataset(train_X, train_y), batch_size=BATCH,
                              shuffle=True, drop_last=True)

    def batches():
        return iter(train_loader)
else:
    n_batches = len(train_X) // BATCH

    def batches():
        p = torch.randperm(len(train_X))
        for b in range(n_batches):
            idx = p[b * BATCH:(b + 1) * BATCH]
            yield train_X[idx], train_y[idx]

train_loss = np.zeros(EPOCHS)
test_loss = np.zeros(EPOCHS)
with bench.train_timer():
    for epochi in range(EPOCHS):
        batch_loss = []
        for bx, by in batches():
            yhat = model(bx)
            loss = lossfun(yhat, by)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            batch_loss.append(loss.item())
        train_loss[epochi] = np.mean(batch_loss)
        # test loss every epoch, whole test set in one batch (as in the course)
        with torch.no_grad():
            test_loss[epochi] = lossfun(model(test_X), test_y).item()

with torch.no_grad():
    yhat_train = model(train_X).numpy()
    yhat_test = model(test_X).numpy()

bench.emit({
    "trainLoss": float(train_loss[-1]),   # mean minibatch loss of the last epoch
    "testLoss": float(test_loss[-1]),
    "trainR": common.pearson_r(yhat_train, train_y.numpy()),
    "testR": common.pearson_r(yhat_test, test_y.numpy()),
}, epochs=EPOCHS, loader=args.loader, nTrain=len(train_idx), nTest=n_test,
    csv=os.path.relpath(csv_path, common.REPO_ROOT))
