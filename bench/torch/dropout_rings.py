"""Dropout on the rings: 2-128-128-1 ReLU MLP, dropout .5 after each hidden layer, BCEWithLogits, SGD lr .002, batch 16, 1000 epochs, 20% test."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "dropout_rings", args)
torch = bench.import_torch()
nn = torch.nn
EPOCHS = args.epochs or 1000

X, y = common.rings()
(test, _, train) = common.split(X, y, args.seed, test=0.2)
model = nn.Sequential(nn.Linear(2, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 1))
with bench.train_timer():
    _, _, test_loss = common.fit(torch, model, nn.BCEWithLogitsLoss(), torch.optim.SGD(model.parameters(), lr=0.002), train, test, EPOCHS, 16)
bench.emit({"testLoss": test_loss, "testAccuracy": common.accuracy(torch, model, *test, logits_binary=True)}, epochs=EPOCHS)
