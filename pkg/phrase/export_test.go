package phrase

// SnapshotUses returns how many matchers came from the snapshot.
func SnapshotUses() int64 { return snapshotUses.Load() }
