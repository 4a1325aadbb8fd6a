"""Batch norm on wine quality (> 5): 11-16-BN-32-BN-20-1, ReLU before each BN (the course's order), BCEWithLogits, SGD lr .01, batch 32, 1000 epochs, 10% test."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "bn_wine", args)
torch = bench.import_torch()
import numpy as np  # noqa: E402
nn = torch.nn
EPOCHS = args.epochs or 1000

header, raw = common.read_semicolon_csv(common.data_file("winequality-red.csv"))
q = header.index("quality")
features = [i for i in range(len(header)) if i != q]
X = common.zscore(raw[:, features]).astype(np.float32)
y = (raw[:, [q]] > 5).astype(np.float32)
(test, _, train) = common.split(X, y, args.seed, test=0.1)
# momentum .01 is dlx's momentum .99 (tfjs's default: the weight of the old value).
model = nn.Sequential(
    nn.Linear(11, 16), nn.ReLU(), nn.BatchNorm1d(16, momentum=0.01, eps=1e-3),
    nn.Linear(16, 32), nn.ReLU(), nn.BatchNorm1d(32, momentum=0.01, eps=1e-3),
    nn.Linear(32, 20), nn.ReLU(), nn.Linear(20, 1),
)
with bench.train_timer():
    _, _, test_loss = common.fit(torch, model, nn.BCEWithLogitsLoss(), torch.optim.SGD(model.parameters(), lr=0.01), train, test, EPOCHS, 32)
bench.emit({"testLoss": test_loss, "testAccuracy": common.accuracy(torch, model, *test, logits_binary=True)}, epochs=EPOCHS)
