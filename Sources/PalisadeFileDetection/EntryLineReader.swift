import Foundation
import PalisadeEnrichment
import PalisadeJSON
import PalisadeMessages
import PalisadeNet
import PalisadeNormaliser
import PalisadeWire

/// Reads one line of a file of entries into an activity, numbered with its line number.
///
/// A line holds one JSON object, of either kind:
/// - a raw Slack audit entry (as the Audit Logs API serves it), recognised by a top-level
///   `date_create` member: normalised as ingestion would (`EntryNormaliser`), then enriched
///   (GeoIP location, IP range category and tags);
/// - otherwise an `Activity` in its JSON mapping (`Protocol/activity.md`; what
///   `palisade activities query --json` prints), which must have an `entryID`: used as it is,
///   since ingestion enriched it when it stored it; only its `sequence` is replaced.
///
/// Blank lines (nothing but spaces, tabs and a CR) are skipped. Each activity's `sequence` is its
/// line number, so a finding's evidence points back into the file.
public struct EntryLineReader: Sendable {
    /// The organisation the Slack entries belong to (the entries do not say; activities carry their own).
    public let orgID: String
    /// Adds location and IP category and tags to normalised entries.
    public let enricher: ActivityEnricher
    private let normaliser = EntryNormaliser()

    /// A reader of entries of `orgID`, enriched by `enricher`.
    public init(orgID: String, enricher: ActivityEnricher) {
        self.orgID = orgID
        self.enricher = enricher
    }

    /// The activity on line `number` (`bytes`, without its line feed) and whether it was a Slack
    /// entry; nil for a blank line; or why the line is neither kind.
    public func activity(_ bytes: UnsafeRawBufferPointer, line number: Int) throws(EntryLineError) -> (Activity, isSlackEntry: Bool)? {
        guard let first = bytes.firstIndex(where: { !Self.isBlank($0) }) else { return nil }
        let raw = [UInt8](bytes)
        do {
            var normalised = try normaliser.normalise(raw, orgID: orgID)
            enricher.enrich(&normalised.activity, address: normalised.address)
            normalised.activity.sequence = UInt64(number)
            return (normalised.activity, true)
        } catch {
            let activity = try Self.otherActivity(raw, line: number, refusal: error, startsWithBrace: bytes[first] == UInt8(ascii: "{"))
            return (activity, false)
        }
    }

    /// A line the normaliser refused: a broken Slack entry (it has `date_create`), or an activity.
    private static func otherActivity(
        _ raw: [UInt8], line number: Int, refusal: EntryRefusal, startsWithBrace: Bool
    ) throws(EntryLineError) -> Activity {
        // Not an object at all: the normaliser's reason says why (the JSON error and where).
        guard startsWithBrace, let root = try? JSONElement.parse(raw, maxDepth: 64), root.members != nil else {
            throw EntryLineError(line: number, reason: refusal.reason)
        }
        if root["date_create"] != nil {
            throw EntryLineError(line: number, reason: "a Slack audit entry, but \(refusal.reason)")
        }
        let neither = "neither a Slack audit entry (it has no \"date_create\") nor an Activity in its JSON mapping"
        var activity: Activity
        do {
            activity = try WireJSONDecoder().decode(Activity.self, from: raw)
        } catch {
            throw EntryLineError(line: number, reason: "\(neither) (\(error.message))")
        }
        guard !activity.entryID.isEmpty else { throw EntryLineError(line: number, reason: "\(neither) (it has no \"entryID\")") }
        activity.sequence = UInt64(number)
        return activity
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
}
