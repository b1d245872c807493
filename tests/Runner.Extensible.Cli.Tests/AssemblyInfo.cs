// Every test starts Vite (a node process) and an embedded V8; on two cores they are faster one after the other
// than all at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
