"""PyTorch's mirror of any exported recipe (bench/export-recipe.ts): the same layers from the same
starting weights, the same rows of each split, the same optimizer, batches, epochs, penalties,
schedule and early stopping; one run, or every run of a sweep one after the other (1 thread).
With `checkpointChecks` (save-load), also what dlx's checkpoint checks run: checkpoints written
every N epochs with the best by the dev set, the best reloaded and tested, and the run interrupted
at a checkpoint and resumed from it.

    python3 bench/torch/recipe.py --recipe recipe.json

The loop is the course's: per epoch, shuffled mini-batches in train mode, then the dev and test
sets in eval mode under no_grad.
"""
import time; T0 = time.perf_counter(); T0_WALL = time.time()  # noqa: E702  before any import
import json, math, os, shutil, sys, tempfile  # noqa: E401,E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

args = common.parse_args(__doc__, lambda p: p.add_argument("--recipe", required=True, help="JSON written by bench/export-recipe.ts"))
with open(args.recipe) as f:
    recipe = json.load(f)
bench = common.Bench(T0, T0_WALL, recipe["exercise"], args)
torch = bench.import_torch()
nn = torch.nn

ACTIVATIONS = {
    "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "softmax": lambda: nn.Softmax(dim=1),
    "relu6": nn.ReLU6, "selu": nn.SELU, "softplus": nn.Softplus, "gelu": nn.GELU,
}


def activation(name, alpha=None):
    if name == "linear":
        return None
    if name == "leakyrelu":
        return nn.LeakyReLU(alpha)
    if name == "elu":
        return nn.ELU(alpha if alpha is not None else 1.0)
    if name not in ACTIVATIONS:
        raise SystemExit(f"recipe.py: activation '{name}' has no mirror here")
    return ACTIVATIONS[name]()


def build(layers, features):
    modules, width = [], features
    for layer in layers:
        kind = layer["kind"]
        if kind == "dense":
            linear = nn.Linear(width, layer["units"], bias=layer["bias"] is not None)
            with torch.no_grad():
                linear.weight.copy_(torch.tensor(layer["kernel"]))
                if layer["bias"] is not None:
                    linear.bias.copy_(torch.tensor(layer["bias"]))
            modules.append(linear)
            width = layer["units"]
            act = activation(layer["activation"])
            if act is not None:
                modules.append(act)
        elif kind == "dropout":
            modules.append(nn.Dropout(layer["rate"]))
        elif kind == "batchnorm":
            # tfjs's momentum keeps that share of the running statistics; PyTorch's is the new batch's share.
            bn = nn.BatchNorm1d(width, eps=layer["epsilon"], momentum=1 - layer["momentum"])
            with torch.no_grad():
                if layer["gamma"] is not None:
                    bn.weight.copy_(torch.tensor(layer["gamma"]))
                if layer["beta"] is not None:
                    bn.bias.copy_(torch.tensor(layer["beta"]))
                bn.running_mean.copy_(torch.tensor(layer["mean"]))
                bn.running_var.copy_(torch.tensor(layer["variance"]))
            modules.append(bn)
        else:
            act = activation(layer["activation"], layer.get("alpha"))
            if act is not None:
                modules.append(act)
    return nn.Sequential(*modules)


def optimizer_for(model, values, weight_decay):
    lr, name = values["learningRate"], values["name"]
    params = model.parameters()
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, weight_decay=weight_decay)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=values["momentum"], weight_decay=weight_decay)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(values["beta1"], values["beta2"]), eps=values["epsilon"], weight_decay=weight_decay)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=values["rho"], eps=values["epsilon"], weight_decay=weight_decay)
    raise SystemExit(f"recipe.py: optimizer '{name}' has no mirror here")


def tensors(split, loss_name):
    if split is None:
        return None
    x = torch.tensor(split["x"], dtype=torch.float32)
    y = torch.tensor(split["y"])
    y = y.long() if loss_name == "crossEntropy" else y.float().reshape(-1, 1)
    return x, y


def metrics(model, split, lossfun, loss_name):
    model.eval()
    with torch.no_grad():
        x, y = split
        out = model(x)
        loss = lossfun(out, y).item()
        if loss_name == "crossEntropy":
            quality = {"accuracy": (out.argmax(dim=1) == y).float().mean().item()}
        elif loss_name == "mse":
            quality = {"r": common.pearson_r(out.numpy(), y.numpy())}
        else:
            threshold = 0.5 if loss_name == "binaryCrossEntropy" else 0.0
            quality = {"accuracy": ((out > threshold).float() == y).float().mean().item()}
    model.train()
    return {"loss": loss, **quality}


def monitored(name, epoch_metrics):
    split, metric = ("dev", name[3:]) if name.startswith("dev") else ("train", name[5:]) if name.startswith("train") else ("test", name[4:])
    value = epoch_metrics[split][metric[0].lower() + metric[1:]]
    return -value if metric == "Accuracy" else value


def loss_function(name):
    return {"crossEntropy": nn.CrossEntropyLoss, "binaryCrossEntropy": nn.BCELoss, "binaryCrossEntropyWithLogits": nn.BCEWithLogitsLoss, "mse": nn.MSELoss}[name]()


def train_run(run, saves=None, stop_at=None, start_from=None):
    """`saves`: a folder for the checkpoints (torch.save, model and optimizer state) and the best one's
    path under saves["best"]; `stop_at`: the last epoch (an interrupted run); `start_from`: a checkpoint."""
    settings, loss_name = run["settings"], run["settings"]["loss"]
    splits = {name: tensors(run["data"][name], loss_name) for name in ("train", "dev", "test")}
    features = splits["train"][0].shape[1]
    model = build(run["layers"], features)
    lossfun = loss_function(loss_name)
    optimizer = optimizer_for(model, run["optimizer"], settings.get("weightDecay", 0) or 0)
    schedule = settings.get("lrSchedule")
    scheduler = None
    if schedule and schedule["kind"] == "step":
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=schedule["every"], gamma=schedule["gamma"])
    elif schedule:
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=schedule["gamma"])
    l1 = settings.get("l1", 0) or 0
    kernels = [m.weight for m in model if isinstance(m, nn.Linear)]
    weight_count = sum(k.numel() for k in kernels)
    stopping = settings.get("earlyStopping")
    best, best_epoch, waited, best_state = math.inf, 0, 0, None
    x_train, y_train = splits["train"]
    rows, batch = x_train.shape[0], run["batchSize"]
    model.train()
    epochs_run, first = 0, 1
    if start_from is not None:
        state = torch.load(start_from)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        first = state["epoch"] + 1
    checkpoint = settings.get("checkpoint") if saves is not None else None
    best_saved = math.inf
    for epoch in range(first, (stop_at or settings["epochs"]) + 1):
        order = torch.randperm(rows)
        for start in range(0, rows, batch):
            idx = order[start:start + batch]
            loss = lossfun(model(x_train[idx]), y_train[idx])
            if l1:
                loss = loss + l1 * sum(k.abs().sum() for k in kernels) / weight_count
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        if scheduler:
            scheduler.step()
        epochs_run = epoch
        evaluated = {name: metrics(model, splits[name], lossfun, loss_name) for name in ("dev", "test") if splits[name] is not None}
        if checkpoint and epoch % checkpoint.get("every", 1) == 0:
            path = os.path.join(saves["dir"], f"epoch{epoch}.pt")
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)
            if checkpoint.get("best") and monitored(checkpoint["best"], evaluated) < best_saved:
                best_saved = monitored(checkpoint["best"], evaluated)
                saves["best"] = os.path.join(saves["dir"], "best.pt")
                shutil.copyfile(path, saves["best"])
        if stopping:
            evaluated["train"] = metrics(model, splits["train"], lossfun, loss_name)
            value = monitored(stopping["monitor"], evaluated)
            if epoch >= stopping.get("startFromEpoch", 1):
                if value < best - stopping.get("minDelta", 0):
                    best, best_epoch, waited = value, epoch, 0
                    if stopping.get("restoreBestWeights", True):
                        best_state = {k: v.clone() for k, v in model.state_dict().items()}
                else:
                    waited += 1
                    if waited >= stopping["patience"]:
                        break
    if best_state is not None:
        model.load_state_dict(best_state)
    final = {name: metrics(model, splits[name], lossfun, loss_name) for name in ("train", "dev", "test") if splits[name] is not None}
    return final, epochs_run, best_epoch


def reload_and_test(run, path):
    loss_name = run["settings"]["loss"]
    lossfun = loss_function(loss_name)
    splits = {name: tensors(run["data"][name], loss_name) for name in ("dev", "test")}
    model = build(run["layers"], splits["test"][0].shape[1])
    model.load_state_dict(torch.load(path)["model"])
    return {name: metrics(model, splits[name], lossfun, loss_name) for name in ("dev", "test") if splits[name] is not None}


results = []
checks = recipe.get("checkpointChecks")
with bench.train_timer(), tempfile.TemporaryDirectory() as folder:
    for run in recipe["runs"]:
        saves = {"dir": folder, "best": None} if checks else None
        results.append(train_run(run, saves=saves))
    if checks and checks.get("reloadBest") and saves["best"]:
        reload_and_test(recipe["runs"][0], saves["best"])
    if checks and checks.get("interruptAt"):
        interrupted = {"dir": tempfile.mkdtemp(dir=folder), "best": None}
        train_run(recipe["runs"][0], saves=interrupted, stop_at=checks["interruptAt"])
        train_run(recipe["runs"][0], start_from=os.path.join(interrupted["dir"], f"epoch{checks['interruptAt']}.pt"))

headline = "accuracy" if "accuracy" in results[0][0]["train"] else "r"
split = "test" if "test" in results[0][0] else "train"
# A run whose predictions are constant has no r (NaN, which JSON cannot carry): the mean is over the others.
values = [v for v in (final[split][headline] for final, _, _ in results) if not math.isnan(v)]
bench.emit({
    "runs": len(results),
    "split": split,
    headline: sum(values) / len(values) if values else None,
    "final": results[0][0] if len(results) == 1 else None,
}, epochs=[epochs for _, epochs, _ in results][:1][0] if len(results) == 1 else None, bestEpoch=results[0][2] if len(results) == 1 else None)
