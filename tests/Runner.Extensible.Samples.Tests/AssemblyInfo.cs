// Each test runs a sample with its own Vite and V8 (and one a browser); on two cores, one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
