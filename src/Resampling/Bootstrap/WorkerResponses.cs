using Resampling.Randomness;
namespace Resampling.Bootstrap;

/// <summary>
/// One thread's simulation of a replicate's response into its refit workers: through the per-group bases when the
/// models allow it (only the y-columns of each worker's cross-products are written), else row by row. Shared by the
/// parametric bootstrap (one worker) and its likelihood-ratio test (the two models of the comparison).
/// </summary>
internal sealed class WorkerResponses
{
    private readonly RefitWorker[] _workers;
    private readonly GroupBasisSimulator? _basis;
    private readonly GroupBasisSimulator.Workspace? _ws;
    private readonly Engine.Crossproducts[] _targets;
    private readonly RowSimulator? _rows;
    private readonly double[]? _y;
    private readonly double[]? _scratch;

    public WorkerResponses(GroupBasisSimulator? basis, RowSimulator? rows, params RefitWorker[] workers)
    {
        _workers = workers;
        _basis = basis;
        _ws = basis?.CreateWorkspace();
        _targets = workers.Select(w => w.Crossproducts).ToArray();
        _rows = rows;
        _y = rows is null ? null : new double[rows.RowCount];
        _scratch = rows?.NewScratch();
    }

    public void Simulate(RandomStream random)
    {
        if (_basis is not null)
        {
            _basis.Simulate(random, _targets, _ws!);
            return;
        }
        double extra = _rows!.SimulateWithScratch(random, _y!, _scratch!);
        foreach (var w in _workers) w.SetResponse(_y!, extra);
    }
}
