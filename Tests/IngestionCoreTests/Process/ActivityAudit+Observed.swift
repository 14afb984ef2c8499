import Foundation
import PalisadeMessages

extension ActivityAudit {
    /// The parts of an activity the audit compares, from a decoded `Activity` or from a line of
    /// `palisade activities query --format jsonl` read as a script would, with a plain JSON
    /// parser (Foundation's, which is also much faster than decoding 200,000 activities with the
    /// debug build's `WireJSONDecoder`).
    struct Observed {
        var sequence: UInt64
        var orgID: String
        var entryID: String
        var raw: [UInt8]
        var ip: String
        var country: String?
        /// `ActivityCategory`'s raw value, as the JSON writes enums.
        var category: Int
        var actorID: String?

        init(_ activity: Activity) {
            sequence = activity.sequence
            orgID = activity.orgID
            entryID = activity.entryID
            raw = [UInt8](activity.raw)
            ip = activity.ip
            country = activity.location?.country
            category = activity.category.rawValue
            actorID = activity.actor?.id
        }

        /// Reads one JSON line of the CLI's export; nil when it lacks what every activity has.
        init?(jsonLine line: Data) throws {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                let sequence = (object["sequence"] as? NSNumber)?.uint64Value,
                let orgID = object["orgID"] as? String, let entryID = object["entryID"] as? String,
                let raw = (object["raw"] as? String).flatMap({ Data(base64Encoded: $0) }),
                let category = (object["category"] as? NSNumber)?.intValue
            else { return nil }
            (self.sequence, self.orgID, self.entryID, self.raw, self.category) = (sequence, orgID, entryID, [UInt8](raw), category)
            ip = object["ip"] as? String ?? ""
            country = (object["location"] as? [String: Any])?["country"] as? String
            actorID = (object["actor"] as? [String: Any])?["id"] as? String
        }
    }
}
