/// The upper middle value of one figure over several runs (the median for an odd count): how the
/// benchmarks that repeat a run report it, each figure on its own.
func upperMiddle<Run, Figure: Comparable>(_ runs: [Run], _ figure: KeyPath<Run, Figure>) -> Figure {
    let sorted = runs.map { $0[keyPath: figure] }.sorted()
    return sorted[sorted.count / 2]
}
