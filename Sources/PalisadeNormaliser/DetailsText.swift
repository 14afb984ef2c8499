import Foundation
import PalisadeJSON

/// `details` as an activity keeps it (`Protocol/activity.md`, "`details` and `raw`"): the object's
/// text cut from the entry, with only the quirk members the simulator (and Slack's own variants)
/// send in another shape rewritten in place, compactly.
enum DetailsText {
    /// The normalised text; `""` when `details` is absent or `null`, the value's text verbatim
    /// when it is not an object.
    static func normalised(_ details: JSONElement?, action: String, source: [UInt8]) -> String {
        guard let details, !details.isNull else { return "" }
        guard let members = details.members else { return details.text(in: source) }
        var replacements: [(range: Range<Int>, text: [UInt8])] = []
        var lastIndex: [String: Int] = [:]
        for (index, member) in members.enumerated() { lastIndex[member.key] = index }
        for (index, member) in members.enumerated() where lastIndex[member.key] == index {
            guard case .string(let text) = member.element.value else { continue }
            switch member.key {
            case "reason" where action == "anomaly":
                replacements.append((member.element.range, reasonList(text)))
            case "succeeded_users", "failed_users":
                if let array = embeddedArray(text) { replacements.append((member.element.range, array)) }
            default:
                continue
            }
        }
        guard !replacements.isEmpty else { return details.text(in: source) }
        var output: [UInt8] = []
        output.reserveCapacity(details.range.count)
        var cursor = details.range.lowerBound
        for replacement in replacements.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output.append(contentsOf: source[cursor..<replacement.range.lowerBound])
            output.append(contentsOf: replacement.text)
            cursor = replacement.range.upperBound
        }
        output.append(contentsOf: source[cursor..<details.range.upperBound])
        return String(decoding: output, as: UTF8.self)
    }

    /// `"tor,ip_address"` → `["tor","ip_address"]`: split on commas, pieces trimmed, empty ones dropped.
    static func reasonList(_ text: String) -> [UInt8] {
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var output: [UInt8] = [UInt8(ascii: "[")]
        for (index, piece) in pieces.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONElement.appendString(piece, to: &output)
        }
        output.append(UInt8(ascii: "]"))
        return output
    }

    /// The compact text of the JSON array a string holds, or `nil` when it holds none.
    static func embeddedArray(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard let inner = try? JSONElement.parse(bytes, maxDepth: EntryNormaliser.maxDepth), case .array = inner.value else { return nil }
        return inner.compactText(in: bytes)
    }
}
