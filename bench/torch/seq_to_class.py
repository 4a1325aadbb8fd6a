"""Binary qwerties, 2-16-1-1 sigmoid MLP, BCE, SGD lr .01, full batch, 1000 epochs."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "seq_to_class", args)
torch = bench.import_torch()

EPOCHS = args.epochs or 1000
np_data, np_labels = common.binary_qwerties()
data = torch.tensor(np_data)
labels = torch.tensor(np_labels, dtype=torch.float32).reshape(-1, 1)

with bench.train_timer():
    loss, acc = common.train_multilayer_binary(torch, data, labels, lr=0.01, epochs=EPOCHS)

bench.emit({"loss": loss, "accuracy": acc}, epochs=EPOCHS)
