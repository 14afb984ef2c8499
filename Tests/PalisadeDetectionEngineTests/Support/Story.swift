import Foundation
import PalisadeDetectionEngine
import PalisadeMessages
import Testing

/// A person of the test organisation (acme.test).
struct Person: Sendable {
    let id: String
    let email: String
    let name: String

    static let ana = Person(id: "W0ANA", email: "ana@acme.test", name: "Ana")
    static let ben = Person(id: "W0BEN", email: "ben@acme.test", name: "Ben")
    static let eve = Person(id: "W0EVE", email: "eve@acme.test", name: "Eve")

    /// The n-th colleague: `user7@acme.test`.
    static func colleague(_ number: Int) -> Person {
        Person(id: "W0U\(number)", email: "user\(number)@acme.test", name: "User \(number)")
    }
}

/// Where an activity comes from: an address, where GeoIP puts it, and what the IP catalogue says.
struct Spot: Sendable {
    var ip: String
    var country: String?
    var city: String?
    var latitude: Double?
    var longitude: Double?
    var radiusKm: UInt32?
    var category: IPCategory = .none
    var tags: [String] = []

    static let berlin = Spot(ip: "198.51.100.10", country: "DE", city: "Berlin", latitude: 52.52, longitude: 13.405)
    static let paris = Spot(ip: "198.51.100.20", country: "FR", city: "Paris", latitude: 48.8566, longitude: 2.3522)
    static let london = Spot(ip: "198.51.100.30", country: "GB", city: "London", latitude: 51.5074, longitude: -0.1278)
    static let saoPaulo = Spot(ip: "203.0.113.40", country: "BR", city: "São Paulo", latitude: -23.5505, longitude: -46.6333)
    static let tokyo = Spot(ip: "203.0.113.50", country: "JP", city: "Tokyo", latitude: 35.6762, longitude: 139.6503)
    /// A Tor exit in the Netherlands.
    static let tor = Spot(
        ip: "192.0.2.66", country: "NL", city: "Amsterdam", latitude: 52.37, longitude: 4.89, category: .risky, tags: ["Tor"])
    /// An address the catalogue lists as a botnet's.
    static let botnet = Spot(
        ip: "192.0.2.77", country: "RU", city: "Moscow", latitude: 55.75, longitude: 37.62, category: .risky, tags: ["Botnet"])

    /// The same place through another address.
    func address(_ ip: String) -> Spot {
        var spot = self
        spot.ip = ip
        return spot
    }

    /// The same place as the IP catalogue files it.
    func filed(_ category: IPCategory, tags: [String] = []) -> Spot {
        var spot = self
        spot.category = category
        spot.tags = tags
        return spot
    }

    /// The same place with an accuracy radius.
    func radius(_ km: UInt32?) -> Spot {
        var spot = self
        spot.radiusKm = km
        return spot
    }

    /// The same place known only to its country (no city).
    var countryOnly: Spot {
        var spot = self
        spot.city = nil
        return spot
    }

    var location: ActivityLocation? {
        guard country != nil || latitude != nil else { return nil }
        return ActivityLocation(country: country, city: city, latitude: latitude, longitude: longitude, accuracyRadiusKm: radiusKm)
    }
}

/// A stream of one organisation's activities, written as what people did when, and run through
/// a detection engine. Activities are numbered from 1 in the order written (entry ids `Ev1`…).
struct Story {
    /// 2026-09-01 00:00 UTC: day 0 of every story.
    static let start: Int64 = 1_788_220_800
    static let orgID = "E0ACME"

    var settings = DetectionSettings()
    private(set) var activities: [Activity] = []

    init(_ configure: (inout DetectionSettings) -> Void = { _ in }) {
        configure(&settings)
    }

    /// The story with one setting changed.
    func with<Value>(_ setting: WritableKeyPath<DetectionSettings, Value>, _ value: Value) -> Story {
        var story = self
        story.settings[keyPath: setting] = value
        return story
    }

    /// Unix seconds of day `day` (from 0), at `hour`:`minute`:`second` UTC.
    static func at(day: Int, _ hour: Int = 9, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        start + Int64(day) * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
    }

    /// Appends an activity and returns it.
    @discardableResult
    mutating func add(
        _ person: Person?, at time: Int64, from spot: Spot?, action: String = "user_login", category: ActivityCategory = .login,
        administrative: Bool = false, app: ActivityApp? = nil, agent: String = "", entity: ActivityEntity? = nil, details: String = ""
    ) -> Activity {
        let sequence = UInt64(activities.count + 1)
        let activity = Activity(
            sequence: sequence, orgID: Self.orgID, entryID: "Ev\(sequence)", time: Date(timeIntervalSince1970: TimeInterval(time)),
            action: action, category: category, administrative: administrative,
            actor: person.map { ActivityActor(kind: .user, type: "user", id: $0.id, name: $0.name, email: $0.email) },
            entity: entity, ip: spot?.ip ?? "", userAgent: "Slack/4.41", impersonated: app != nil || !agent.isEmpty, actingApp: app,
            actingAgent: agent, location: spot?.location, ipCategory: spot?.category ?? .none, ipTags: spot?.tags ?? [],
            details: details)
        activities.append(activity)
        return activity
    }

    /// A successful sign-in.
    @discardableResult
    mutating func signIn(_ person: Person, at time: Int64, from spot: Spot) -> Activity {
        add(person, at: time, from: spot)
    }

    /// A failed sign-in.
    @discardableResult
    mutating func failSignIn(_ person: Person, at time: Int64, from spot: Spot) -> Activity {
        add(person, at: time, from: spot, action: "user_login_failed", category: .failedLogin)
    }

    /// An administrative action.
    @discardableResult
    mutating func admin(_ person: Person, _ action: String, at time: Int64, from spot: Spot = .berlin) -> Activity {
        add(person, at: time, from: spot, action: action, category: .adminSetting, administrative: true)
    }

    /// A message the app (or agent) posted for the person.
    @discardableResult
    mutating func acting(_ app: ActivityApp?, agent: String = "", for person: Person, at time: Int64, from spot: Spot = .berlin)
        -> Activity
    {
        add(person, at: time, from: spot, action: "message_posted", category: .message, app: app, agent: agent)
    }

    /// One sign-in a day at 09:00 from `spot`, on each of `days`.
    mutating func learn(_ person: Person, _ spot: Spot, days: Range<Int>) {
        for day in days { signIn(person, at: Self.at(day: day), from: spot) }
    }

    /// The findings of a fresh engine over the whole story, all found at `detected`.
    func findings(detected: Date = Date(timeIntervalSince1970: 1_800_000_000), prepare: (inout DetectionEngine) -> Void = { _ in })
        -> [Finding]
    {
        var engine = DetectionEngine(settings: settings)
        prepare(&engine)
        return Self.run(activities[...], through: &engine, detected: detected)
    }

    /// The findings of `detector` only.
    func findings(of detector: Detector, prepare: (inout DetectionEngine) -> Void = { _ in }) -> [Finding] {
        findings(prepare: prepare).filter { $0.detector == detector }
    }

    /// Runs `activities` through `engine`.
    static func run(_ activities: ArraySlice<Activity>, through engine: inout DetectionEngine, detected: Date) -> [Finding] {
        var findings: [Finding] = []
        for activity in activities { findings += engine.process(activity, detected: detected) }
        return findings
    }
}

/// Whom a scope watches, for the scope tests every detection shares: Ana (ana@acme.test) is the
/// user the finding is about.
struct ScopeCase: Sendable, CustomTestStringConvertible {
    let scope: UserScope
    let watchesAna: Bool
    let testDescription: String

    static let all: [ScopeCase] = [
        ScopeCase(scope: UserScope(), watchesAna: true, testDescription: "everyone"),
        ScopeCase(scope: UserScope(include: ["ANA@acme.test"]), watchesAna: true, testDescription: "include her e-mail (any case)"),
        ScopeCase(scope: UserScope(include: ["ben@acme.test"]), watchesAna: false, testDescription: "include someone else"),
        ScopeCase(scope: UserScope(include: ["acme.test"]), watchesAna: true, testDescription: "include her domain"),
        ScopeCase(scope: UserScope(include: ["@acme.test"]), watchesAna: true, testDescription: "include @domain"),
        ScopeCase(scope: UserScope(include: ["eu.acme.test"]), watchesAna: false, testDescription: "include a subdomain only"),
        ScopeCase(scope: UserScope(exclude: ["ana@acme.test"]), watchesAna: false, testDescription: "exclude her e-mail"),
        ScopeCase(scope: UserScope(exclude: ["@acme.test"]), watchesAna: false, testDescription: "exclude her domain"),
        ScopeCase(
            scope: UserScope(include: ["acme.test"], exclude: ["ana@acme.test"]), watchesAna: false,
            testDescription: "include her domain, exclude her"),
        ScopeCase(scope: UserScope(exclude: ["ben@acme.test"]), watchesAna: true, testDescription: "exclude someone else"),
    ]
}

extension Finding {
    /// The evidence's entry ids, in order.
    var entryIDs: [String] { evidence.map(\.entryID) }

    /// The evidence's sequences, in order.
    var sequences: [UInt64] { evidence.map(\.sequence) }

    /// A baseline fact's value.
    func fact(_ name: String) -> String? { baseline.first { $0.name == name }?.value }
}

/// Whether `id` has the form `Protocol/detection.md` gives: "f_" and 32 lowercase hex digits.
func isFindingID(_ id: String) -> Bool {
    id.hasPrefix("f_") && id.count == 34 && id.dropFirst(2).allSatisfy { "0123456789abcdef".contains($0) }
}
