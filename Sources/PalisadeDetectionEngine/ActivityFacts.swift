import Foundation
import PalisadeMessages

/// What the detections ask of one activity, worked out once.
struct ActivityFacts {
    let activity: Activity
    /// The activity's time in Unix seconds.
    let time: Int64
    /// The person it is about: the actor, when a user (not a bot, Slack or an app of its own).
    let user: FindingUser?
    /// `DetectionState.key(org, user)` of that person.
    let userKey: String?
    /// A failed sign-in.
    let failed: Bool
    /// The person themselves, successfully: not a failure, no app or agent acting for them, not
    /// someone else's client acting on them (defender.md §2.1: location detections skip failed
    /// and non-interactive activity).
    let interactive: Bool
    /// The app or agent acting for the person, by id (apps) or name (agents).
    let actingFor: String?
    /// The anonymising tag the address carries ("Tor"), as the catalogue wrote it.
    let anonymousTag: String?
    /// The activity as evidence.
    let evidence: FindingEvidence

    init(_ activity: Activity, anonymousTags: Set<String>) {
        self.activity = activity
        time = Int64(activity.time.timeIntervalSince1970.rounded(.down))
        if let actor = activity.actor, actor.kind == .user, !actor.id.isEmpty {
            user = FindingUser(id: actor.id, email: actor.email, name: actor.name)
            userKey = DetectionState.key(activity.orgID, actor.id)
        } else {
            user = nil
            userKey = nil
        }
        failed = activity.category == .failedLogin
        if let app = activity.actingApp, !app.id.isEmpty {
            actingFor = app.id
        } else {
            actingFor = activity.actingAgent.isEmpty ? nil : activity.actingAgent
        }
        // A join by invitation or a kick carries the inviter's or kicker's context (slack-api.md
        // §3: `details.inviter`, `details.kicker`): not where the actor was.
        let onBehalf =
            !activity.details.isEmpty
            && (Self.contains(activity.details, Self.inviterKey) || Self.contains(activity.details, Self.kickerKey))
        interactive = user != nil && !failed && !activity.impersonated && actingFor == nil && !onBehalf
        anonymousTag = activity.ipTags.first { anonymousTags.contains($0.lowercased()) }
        evidence = FindingEvidence(sequence: activity.sequence, entryID: activity.entryID, time: activity.time, action: activity.action)
    }

    /// `"inviter"` and `"kicker"` with their quotes, as bytes.
    static let inviterKey = Array("\"inviter\"".utf8)
    static let kickerKey = Array("\"kicker\"".utf8)

    /// Whether `text`'s UTF-8 holds `needle`: a byte search, where `String.contains` would go
    /// through Foundation's locale-aware search on every activity.
    static func contains(_ text: String, _ needle: [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= needle.count, let first = needle.first else { return false }
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var offset = 1
                    while offset < needle.count && bytes[index + offset] == needle[offset] { offset += 1 }
                    if offset == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// The user as people name them: the e-mail, else the name, else the id.
    var who: String {
        guard let user else { return "someone" }
        return !user.email.isEmpty ? user.email : !user.name.isEmpty ? user.name : user.id
    }

    /// The user's e-mail, for scopes.
    var email: String { user?.email ?? "" }

    /// The UTC day of the activity, for dedupe keys.
    var day: String { Phrase.day(time) }

    /// This activity as a mark about `key`.
    func mark(_ key: String, new: Bool = false) -> Mark {
        Mark(time: time, key: key, new: new, sequence: activity.sequence, entryID: activity.entryID)
    }

    /// Where the activity came from, when located: its coordinates and the radius to allow.
    func place(settings: DetectionSettings) -> Place? {
        guard let location = activity.location, let latitude = location.latitude, let longitude = location.longitude else {
            return nil
        }
        let city = location.city ?? ""
        let radius = location.accuracyRadiusKm.map(Double.init) ?? (city.isEmpty ? settings.countryRadiusKm : settings.cityRadiusKm)
        return Place(
            time: time, latitude: latitude, longitude: longitude, radiusKm: radius, country: location.country ?? "", city: city,
            ip: activity.ip, ipCategory: activity.ipCategory.rawValue, sequence: activity.sequence, entryID: activity.entryID,
            action: activity.action, anonymous: anonymousTag != nil)
    }
}
