"""Learning-rate sweep: seq_to_class model/data, 50 lrs in linspace(.001,.1), 1000 epochs each."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "lr_sweep", args)
torch = bench.import_torch()
import numpy as np  # noqa: E402

EPOCHS = args.epochs or 1000
np_data, np_labels = common.binary_qwerties()   # one data set for all runs (as in the course)
data = torch.tensor(np_data)
labels = torch.tensor(np_labels, dtype=torch.float32).reshape(-1, 1)
learning_rates = np.linspace(0.001, 0.1, 50)

accuracies, losses = [], []
with bench.train_timer():
    for lr in learning_rates:   # sequential; a fresh model per rate
        loss, acc = common.train_multilayer_binary(torch, data, labels, lr=float(lr), epochs=EPOCHS)
        accuracies.append(acc)
        losses.append(loss)

bench.emit({
    "fractionAbove70": float(np.mean(np.array(accuracies) > 0.70)),
    "accuracies": [round(a, 4) for a in accuracies],
}, epochs=EPOCHS, learningRates=[round(float(x), 6) for x in learning_rates])
