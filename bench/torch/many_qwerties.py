"""Many qwerties: 3-class Gaussian clusters, 2-4-3 MLP, CrossEntropy, SGD lr .01, 10000 epochs."""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import os, sys  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__)
bench = common.Bench(T0, T0_WALL, "many_qwerties", args)
torch = bench.import_torch()
nn = torch.nn

EPOCHS = args.epochs or 10000
np_data, np_labels = common.qwerties([(1, 1), (5, 1), (3, -2)], n_per_clust=100, blur=1.0)
data = torch.tensor(np_data)
labels = torch.tensor(np_labels)
N = labels.shape[0]

model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 3))
lossfun = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

losses = torch.zeros(EPOCHS)
ongoing_acc = torch.zeros(EPOCHS)
with bench.train_timer():
    for epochi in range(EPOCHS):
        yhat = model(data)
        loss = lossfun(yhat, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses[epochi] = loss.item()
        # accuracy from the same forward pass, every epoch (as in the course)
        ongoing_acc[epochi] = (torch.argmax(yhat, dim=1) == labels).float().mean()  # float32 tensor, as in the course

with torch.no_grad():
    final_acc = (torch.argmax(model(data), dim=1) == labels).sum().item() / N

bench.emit({
    "loss": losses[-1].item(),                 # last epoch's training loss
    "accuracy": round(ongoing_acc[-1].item() * N) / N,        # last epoch's tracked accuracy (0..1)
    "finalAccuracy": final_acc,                # forward pass after training (0..1)
}, epochs=EPOCHS)
