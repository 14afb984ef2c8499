import Foundation
import PalisadeMessages

/// What a ``FileDetection`` run read and found.
public struct FileDetectionSummary: Sendable, Equatable {
    /// Lines read, blank ones included.
    public var lines = 0
    /// Activities processed: Slack entries normalised, plus activities read as they were.
    public var activities = 0
    /// Of those, the ones from raw Slack entries.
    public var slackEntries = 0
    /// Lines skipped because they could not be read (only when skipping).
    public var badLines = 0
    /// Activities older than one before them: the engine expects time order (oldest first), as
    /// ingestion numbers a backfill; a file served newest first (as Slack's API pages are) should be
    /// reversed first.
    public var outOfOrder = 0
    /// Findings, by built-in detection.
    public var byDetector: [Detector: Int] = [:]
    /// Findings, by custom policy name.
    public var byPolicy: [String: Int] = [:]
    /// Wall-clock seconds of the run.
    public var seconds = 0.0
    /// The newest activity time so far (microseconds since 1970), for ``outOfOrder``.
    private var latest: Int64 = .min

    /// Nothing read yet.
    public init() {}

    /// Every finding.
    public var findings: Int { byDetector.values.reduce(0, +) + byPolicy.values.reduce(0, +) }

    mutating func count(_ activity: Activity) {
        activities += 1
        let time = Int64(activity.time.timeIntervalSince1970 * 1_000_000)
        if time < latest { outOfOrder += 1 } else { latest = time }
    }

    mutating func count(_ findings: [Finding]) {
        for finding in findings {
            if finding.detector == .unspecified {
                byPolicy[finding.policy, default: 0] += 1
            } else {
                byDetector[finding.detector, default: 0] += 1
            }
        }
    }
}
