import Foundation
import PalisadeMessages
import PalisadeTLS

/// A finding before it gets its id and detection time: what a detection or policy fills in.
struct FindingDraft {
    var detector: Detector = .unspecified
    var policy = ""
    var severity: Severity
    var orgID: String
    var user: FindingUser
    var time: Date
    var title: String
    var explanation: String
    var evidence: [FindingEvidence]
    var baseline: [BaselineFact] = []
    var actions: [GovernanceAction] = []
    var dedupeKey: String

    /// `source` as `Protocol/detection.md` defines it: "detector:NAME" or "policy:NAME".
    var source: String { detector == .unspecified ? "policy:\(policy)" : "detector:\(detector.protocolName)" }

    /// The finding, its id derived from the source and key, found at `detected`. Evidence beyond
    /// 100 activities keeps the first 50 and the last 50 (`Protocol/detection.md`).
    func finding(detected: Date) -> Finding {
        let evidence = evidence.count > 100 ? Array(evidence.prefix(50) + evidence.suffix(50)) : evidence
        return Finding(
            id: Self.id(source: source, dedupeKey: dedupeKey), detector: detector, policy: policy, severity: severity, orgID: orgID,
            user: user, time: time, detected: detected, title: title, explanation: Phrase.clip(explanation, 600), evidence: evidence,
            baseline: baseline, actions: actions, dedupeKey: dedupeKey)
    }

    /// "f_" + the first 16 bytes of SHA-256(source 0x00 dedupeKey), lowercase hex.
    static func id(source: String, dedupeKey: String) -> String {
        let digest = Digest.sha256(Array(source.utf8) + [0] + Array(dedupeKey.utf8))
        let hex: [Character] = Array("0123456789abcdef")
        var text = "f_"
        for byte in digest.prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        return text
    }
}

/// The pieces explanations are written with: numbers, durations and dates as people read them.
enum Phrase {
    /// `value` with thousands separated by commas: 9800 → "9,800".
    static func number(_ value: Double) -> String {
        GroupedDigits.text(Int(value.rounded()))
    }

    /// A duration in the largest unit that fits: "45 seconds", "41 minutes", "3 hours", "2 days".
    static func duration(_ seconds: Int64) -> String {
        let seconds = abs(seconds)
        func unit(_ value: Int64, _ name: String) -> String { "\(value) \(name)\(value == 1 ? "" : "s")" }
        if seconds < 120 { return unit(seconds, "second") }
        if seconds < 7_200 { return unit(seconds / 60, "minute") }
        if seconds < 172_800 { return unit(seconds / 3_600, "hour") }
        return unit(seconds / 86_400, "day")
    }

    /// The UTC date of `time`: "2026-09-08".
    static func day(_ time: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The UTC date and time of `time`: "2026-09-08 14:02 UTC".
    static func moment(_ time: Int64) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(time))
        let parts = Calendar.utc.dateComponents([.hour, .minute], from: date)
        return day(time) + String(format: " %02d:%02d UTC", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// A place as people say it: "São Paulo, Brazil", or "Brazil", or "an unknown place".
    static func place(city: String, country: String) -> String {
        let name = country.isEmpty ? "" : Countries.name(country)
        switch (city.isEmpty, name.isEmpty) {
        case (false, false): return "\(city), \(name)"
        case (true, false): return name
        case (false, true): return city
        case (true, true): return "an unknown place"
        }
    }

    /// At most `limit` characters of `text`, with "…" when cut (entries are untrusted and long).
    static func clip(_ text: String, _ limit: Int = 200) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC: every date a finding shows.
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}
