// Packing, publishing and installing each build a good part of the repository; on a small machine they run
// one after another rather than fighting over the same cores and obj folders.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
