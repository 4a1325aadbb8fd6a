"""L2 on iris: 4-64-64-3 ReLU MLP, CrossEntropy, SGD lr .005 with weight_decay .01, batch 64, 1000 epochs, 20% test."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "l2_iris", args)
torch = bench.import_torch()
nn = torch.nn
EPOCHS = args.epochs or 1000

X, y = common.iris()
(test, _, train) = common.split(X, y, args.seed, test=0.2)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.005, weight_decay=0.01)
with bench.train_timer():
    _, _, test_loss = common.fit(torch, model, nn.CrossEntropyLoss(), optimizer, train, test, EPOCHS, 64)
bench.emit({"testLoss": test_loss, "testAccuracy": common.accuracy(torch, model, *test)}, epochs=EPOCHS)
