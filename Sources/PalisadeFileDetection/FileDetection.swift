import Foundation
import PalisadeDetectionEngine
import PalisadeMessages

/// `palisade detect`'s work: the activities of a file of entries, in file order, through one
/// ``DetectionEngine`` (the detection service's evaluator), each activity's findings handed on
/// as soon as it completes them.
///
/// The file is read by an ``EntryFileReader`` (lines parsed on every core while the engine runs
/// on the previous block). A line that cannot be read stops the run with its line number
/// (``EntryLineError``), after the findings of every line before it; with `skipBadLines` it is
/// counted in ``FileDetectionSummary/badLines`` and reported through `badLine` instead.
public struct FileDetection: Sendable {
    /// The reader of the file.
    public var reader: EntryFileReader
    /// The engine, as configured; each run starts from a copy of it.
    public var engine: DetectionEngine
    /// Skip unreadable lines rather than stop at the first.
    public var skipBadLines: Bool

    /// A run of `engine` over what `reader` reads.
    public init(reader: EntryFileReader, engine: DetectionEngine, skipBadLines: Bool = false) {
        self.reader = reader
        self.engine = engine
        self.skipBadLines = skipBadLines
    }

    /// Runs over the file at `path`: `found` gets each activity's findings (never empty) in
    /// order, `badLine` each skipped line. Throws ``EntryFileError`` (the file cannot be read) or
    /// the first ``EntryLineError`` unless skipping.
    public func run(
        path: String, detected: Date = Date(), found: ([Finding]) throws -> Void, badLine: (EntryLineError) -> Void = { _ in }
    ) throws -> FileDetectionSummary {
        var engine = engine
        var summary = FileDetectionSummary()
        let started = ContinuousClock.now
        try reader.read(path: path) { block in
            summary.lines += block.lines
            summary.slackEntries += block.slackEntries
            var errors = block.errors[...]
            // By index, so each activity is lent to the engine rather than copied out of the block.
            for slice in block.slices.indices {
                for index in block.slices[slice].indices {
                    while let error = errors.first, UInt64(error.line) < block.slices[slice][index].sequence {
                        try handle(error, &summary, badLine)
                        errors = errors.dropFirst()
                    }
                    summary.count(block.slices[slice][index])
                    let findings = engine.process(block.slices[slice][index], detected: detected)
                    if !findings.isEmpty {
                        summary.count(findings)
                        try found(findings)
                    }
                }
            }
            for error in errors { try handle(error, &summary, badLine) }
        }
        summary.seconds = Self.seconds(ContinuousClock.now - started)
        return summary
    }

    /// Stops with `error`, or counts and reports it when skipping.
    private func handle(_ error: EntryLineError, _ summary: inout FileDetectionSummary, _ badLine: (EntryLineError) -> Void) throws {
        guard skipBadLines else { throw error }
        summary.badLines += 1
        badLine(error)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
