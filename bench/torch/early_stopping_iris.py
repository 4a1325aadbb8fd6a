"""Early stopping with a dev set on iris: 4-64-64-3 ReLU MLP, CrossEntropy, Adam lr .001, batch 16, up to 1000 epochs, 20% dev / 20% test, patience 50 on the dev loss, best weights restored."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "early_stopping_iris", args)
torch = bench.import_torch()
nn = torch.nn
EPOCHS = args.epochs or 1000

X, y = common.iris()
(test, dev, train) = common.split(X, y, args.seed, test=0.2, dev=0.2)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
with bench.train_timer():
    ran, best, test_loss = common.fit(torch, model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=0.001), train, test, EPOCHS, 16, dev=dev, patience=50)
bench.emit({"testLoss": test_loss, "testAccuracy": common.accuracy(torch, model, *test), "stoppedEpoch": ran, "bestEpoch": best}, epochs=EPOCHS)
