using Hotpath.Store.Sqlite;
using Hotpath.Store.Storage.Integrity;

namespace Hotpath.Store.Storage.Symbols;

/// <summary>What the mark phase found referenced, as of one read snapshot.</summary>
internal sealed class SymbolMarks(long maxProfileId, long maxStackId, long maxNameId)
{
    public long MaxProfileId { get; } = maxProfileId;
    public long MaxStackId { get; } = maxStackId;
    public long MaxNameId { get; } = maxNameId;
    public HashSet<long> Stacks { get; } = [];
    public HashSet<long> Names { get; } = [];
}

/// <summary>
/// Collects stacks and frame names no profile references any more (after retention deleted
/// profiles). Mark runs on a read connection — a full scan of the sample rows that does not hold up
/// the writer; sweep runs on the writer and first marks what was written since the mark's snapshot,
/// so nothing in use is deleted. Ids are AUTOINCREMENT: a deleted id is never reused, so query-side
/// caches keyed by id stay true.
/// </summary>
internal static class SymbolCollector
{
    public static SymbolMarks Mark(SqliteConnection db)
    {
        var marks = new SymbolMarks(
            db.ScalarLong("SELECT coalesce(max(id), 0) FROM profiles"),
            db.ScalarLong("SELECT coalesce(max(id), 0) FROM stacks"),
            db.ScalarLong("SELECT coalesce(max(id), 0) FROM names"));
        var sums = new Dictionary<long, long>();
        var rows = db.Prepare($"SELECT series_id, {RowChecks.ProfileColumns} FROM profiles WHERE id <= ?1").Bind(1, marks.MaxProfileId);
        while (rows.Step())
        {
            sums.Clear();
            SampleRows.AddTo(RowChecks.Samples(rows, 1, rows.Long(0)), sums);
            marks.Stacks.UnionWith(sums.Keys);
        }
        var stacks = db.Prepare("SELECT id, hash, frames, crc FROM stacks WHERE id <= ?1").Bind(1, marks.MaxStackId);
        while (stacks.Step())
        {
            if (marks.Stacks.Contains(stacks.Long(0)))
            {
                marks.Names.UnionWith(SymbolWriter.DecodeFrames(RowChecks.Frames(stacks, 1, stacks.Long(0))));
            }
        }
        db.ResetAll();
        return marks;
    }

    /// <summary>Deletes what is unreferenced; returns (stacks, names) deleted. Writer thread, inside its transaction.</summary>
    public static (long Stacks, long Names) Sweep(SqliteConnection db, SymbolMarks marks)
    {
        // Profiles written since the mark may use stacks the mark saw unreferenced.
        var sums = new Dictionary<long, long>();
        var recent = db.Prepare($"SELECT series_id, {RowChecks.ProfileColumns} FROM profiles WHERE id > ?1").Bind(1, marks.MaxProfileId);
        var newlyUsed = new List<long>();
        while (recent.Step())
        {
            sums.Clear();
            SampleRows.AddTo(RowChecks.Samples(recent, 1, recent.Long(0)), sums);
            foreach (var id in sums.Keys)
            {
                if (marks.Stacks.Add(id))
                {
                    newlyUsed.Add(id);
                }
            }
        }
        var frames = db.Prepare("SELECT hash, frames, crc FROM stacks WHERE id = ?1");
        foreach (var id in newlyUsed)
        {
            frames.Reset();
            if (frames.Bind(1, id).Step())
            {
                marks.Names.UnionWith(SymbolWriter.DecodeFrames(RowChecks.Frames(frames, 0, id)));
            }
        }
        var newStacks = db.Prepare("SELECT id, hash, frames, crc FROM stacks WHERE id > ?1").Bind(1, marks.MaxStackId);
        while (newStacks.Step())
        {
            marks.Names.UnionWith(SymbolWriter.DecodeFrames(RowChecks.Frames(newStacks, 1, newStacks.Long(0))));
        }

        var deadStacks = Unmarked(db, "SELECT id FROM stacks WHERE id <= ?1", marks.MaxStackId, marks.Stacks);
        var deleteStack = db.Prepare("DELETE FROM stacks WHERE id = ?1");
        foreach (var id in deadStacks)
        {
            deleteStack.Reset();
            deleteStack.Bind(1, id).Run();
        }
        var deadNames = Unmarked(db, "SELECT id FROM names WHERE id <= ?1", marks.MaxNameId, marks.Names);
        var deleteName = db.Prepare("DELETE FROM names WHERE id = ?1");
        foreach (var id in deadNames)
        {
            deleteName.Reset();
            deleteName.Bind(1, id).Run();
        }
        db.ResetAll();
        return (deadStacks.Count, deadNames.Count);
    }

    private static List<long> Unmarked(SqliteConnection db, string sql, long maxId, HashSet<long> marked)
    {
        var dead = new List<long>();
        var s = db.Prepare(sql).Bind(1, maxId);
        while (s.Step())
        {
            var id = s.Long(0);
            if (!marked.Contains(id))
            {
                dead.Add(id);
            }
        }
        return dead;
    }
}
