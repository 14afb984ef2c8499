/// One run of `palisade-bench detect`, and the medians of several.
struct DetectBenchFigures {
    let entries: Int
    let parsed: Int
    let findings: Int
    let parseSeconds: Double
    let detectSeconds: Double

    /// `entries_per_s=… parse_per_s=… ratio=… entries=… findings=… seconds=… parse_s=…`.
    var line: String {
        [
            "entries_per_s=\(Int(Double(entries) / detectSeconds))", "parse_per_s=\(Int(Double(parsed) / parseSeconds))",
            "ratio=\(format(parseSeconds / detectSeconds))", "entries=\(entries)", "findings=\(findings)",
            "seconds=\(format(detectSeconds))", "parse_s=\(format(parseSeconds))",
        ].joined(separator: " ")
    }

    /// Each figure's median over `runs` (the times' medians; counts are the same every run).
    static func median(_ runs: [DetectBenchFigures]) -> DetectBenchFigures {
        func middle(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return DetectBenchFigures(
            entries: runs[0].entries, parsed: runs[0].parsed, findings: runs[0].findings, parseSeconds: middle(runs.map(\.parseSeconds)),
            detectSeconds: middle(runs.map(\.detectSeconds)))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
