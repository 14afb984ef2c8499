import Foundation
import PalisadeMessages
import PalisadePolicies
import Testing

/// Policies over a stream: every match, thresholds by key within a window, one burst one match,
/// out-of-order times, evidence capped, idle keys forgotten, disabled policies silent.
@Suite("Policy evaluation over a stream")
struct PolicyEvaluatorTests {
    static func policy(_ text: String) throws -> ActivityPolicy { try ActivityPolicy.parse(text, file: "t.yaml") }

    static func login(_ sequence: UInt64, failed: Bool = true, user: String = "W0ANA0001", at seconds: Int) -> Activity {
        var activity = Activity(
            sequence: sequence, orgID: "E0CONTOSO1", entryID: "e\(sequence)",
            time: Date(timeIntervalSince1970: TimeInterval(1_789_000_000 + seconds)),
            action: failed ? "user_login_failed" : "user_login", category: failed ? .failedLogin : .login)
        activity.actor = ActivityActor(kind: .user, id: user, email: "\(user.lowercased())@acme.test")
        return activity
    }

    static let failures = """
        name: Failed logins
        severity: medium
        title: "{actor.email} failed to sign in"
        match: { category: failed-login }
        threshold: { count: 3, within: 10m }
        actions: [notify-user]
        """

    @Test("a policy without a threshold matches every activity it holds for, keyed by the entry")
    func everyMatch() throws {
        var evaluator = PolicyEvaluator(policies: [
            try Self.policy("name: Logins\nseverity: low\ntitle: \"{action}\"\nmatch: {category: login}\n")
        ])
        #expect(evaluator.evaluate(Self.login(1, at: 0)).isEmpty)
        let matches = evaluator.evaluate(Self.login(2, failed: false, at: 5))
        #expect(matches.count == 1)
        #expect(matches.first?.dedupeKey == "e2")
        #expect(matches.first?.title == "user_login")
        #expect(matches.first?.groupKey == nil)
        #expect(matches.first?.evidence.map(\.entryID) == ["e2"])
    }

    @Test("three failures of one user within ten minutes are one match; another user's do not count with them")
    func threshold() throws {
        var evaluator = PolicyEvaluator(policies: [try Self.policy(Self.failures)])
        var found: [PolicyMatch] = []
        let stream = [
            Self.login(1, at: 0), Self.login(2, user: "W0BEN0002", at: 30), Self.login(3, at: 60), Self.login(4, failed: false, at: 70),
            Self.login(5, at: 120), Self.login(6, at: 130), Self.login(7, at: 140),
        ]
        for activity in stream { found += evaluator.evaluate(activity) }
        #expect(found.count == 1)
        let match = try #require(found.first)
        #expect(match.evidence.map(\.entryID) == ["e1", "e3", "e5"])
        #expect(match.groupKey == "W0ANA0001")
        #expect(match.dedupeKey == "W0ANA0001 e1")
        #expect(match.title == "w0ana0001@acme.test failed to sign in")
        #expect(match.actions == [.notifyUser])
        #expect(match.count == 3)
        // e6, e7 and e8 each come within the window of the one before: the same burst, no match.
        #expect(evaluator.evaluate(Self.login(8, at: 150)).isEmpty)
        // After a quiet window the key counts afresh: three more make the second match.
        var later: [PolicyMatch] = []
        for (sequence, seconds): (UInt64, Int) in [(9, 800), (10, 810), (11, 820)] {
            later += evaluator.evaluate(Self.login(sequence, at: seconds))
        }
        #expect(later.map(\.dedupeKey) == ["W0ANA0001 e9"])
    }

    @Test("failures spread wider than the window never match; an out-of-order one inside it does")
    func window() throws {
        var evaluator = PolicyEvaluator(policies: [try Self.policy(Self.failures)])
        var found: [PolicyMatch] = []
        for (sequence, seconds) in [(1, 0), (2, 400), (3, 800), (4, 1_200)] {
            found += evaluator.evaluate(Self.login(UInt64(sequence), at: seconds))
        }
        #expect(found.isEmpty)
        // Backfilled late: at 1,000 s, between the failures at 800 and 1,200.
        found += evaluator.evaluate(Self.login(5, at: 1_000))
        #expect(found.first?.evidence.map(\.entryID) == ["e3", "e5", "e4"])
    }

    @Test("a match of more than 100 activities keeps the first and last 50 and says how many")
    func evidenceCap() throws {
        var evaluator = PolicyEvaluator(
            policies: [
                try Self.policy("name: x\nseverity: high\ntitle: x\nmatch: {category: failed-login}\nthreshold: {count: 150, within: 1h}\n")
            ])
        var found: [PolicyMatch] = []
        for sequence in 1...150 { found += evaluator.evaluate(Self.login(UInt64(sequence), at: sequence)) }
        let match = try #require(found.first)
        #expect(match.count == 150)
        #expect(match.evidence.count == 100)
        #expect(match.evidence.first?.entryID == "e1")
        #expect(match.evidence.last?.entryID == "e150")
        #expect(match.evidence[50].entryID == "e101")
    }

    @Test("keys idle for longer than their window are forgotten, so memory follows the active users")
    func idleKeys() throws {
        var evaluator = PolicyEvaluator(policies: [try Self.policy(Self.failures)])
        for index in 0..<5_000 { _ = evaluator.evaluate(Self.login(UInt64(index + 1), user: "W\(index)", at: 0)) }
        #expect(evaluator.heldKeys == 5_000)
        for index in 0..<PolicyEvaluatorTests.sweepEvery {
            _ = evaluator.evaluate(Self.login(UInt64(10_000 + index), failed: false, at: 3_600))
        }
        #expect(evaluator.heldKeys == 0)
    }

    static let sweepEvery = 10_000

    @Test("a disabled policy is not evaluated")
    func disabled() throws {
        var evaluator = PolicyEvaluator(
            policies: [try Self.policy("name: x\nseverity: low\ntitle: x\nenabled: false\nmatch: {category: failed-login}\n")])
        #expect(evaluator.evaluate(Self.login(1, at: 0)).isEmpty)
    }
}

/// The evaluator skips a policy for the actions its filter rules out, without changing what it finds.
@Suite("Policies indexed by the actions they require")
struct PolicyActionIndexTests {
    @Test("the actions a filter requires: equals, in, all (intersected), any (united), not and others none")
    func requiredActions() throws {
        func required(_ yaml: String) throws -> Set<String>? {
            try ActivityPolicy.parse("name: p\nseverity: low\ntitle: t\nmatch: \(yaml)\n", file: "p.yaml").filter.requiredActions
        }
        #expect(try required("{ action: User_Login }") == ["user_login"])
        #expect(try required("{ action: [a, b] }") == ["a", "b"])
        #expect(try required("{ all: [ { action: [a, b] }, { action: [b, c] }, { ip: { cidr: 10.0.0.0/8 } } ] }") == ["b"])
        #expect(try required("{ any: [ { action: a }, { action: b } ] }") == ["a", "b"])
        #expect(try required("{ any: [ { action: a }, { ip: { cidr: 10.0.0.0/8 } } ] }") == nil)
        #expect(try required("{ not: { action: a } }") == nil)
        #expect(try required("{ action: { prefix: user_ } }") == nil)
        #expect(try required("{ ip: { exists: true } }") == nil)
    }

    @Test("policies on actions and on anything else find in the policies' order, whatever the action's case")
    func orderKept() throws {
        let policies = try ["{ action: file_downloaded }", "{ ip: { exists: true } }", "{ action: [FILE_DOWNLOADED, user_login] }"]
            .enumerated().map { index, match in
                try ActivityPolicy.parse("name: p\(index)\nseverity: low\ntitle: t\nmatch: \(match)\n", file: "p.yaml")
            }
        var evaluator = PolicyEvaluator(policies: policies)
        let download = Activity(sequence: 1, entryID: "e1", action: "file_downloaded", ip: "10.0.0.1")
        #expect(evaluator.evaluate(download).map(\.policy) == ["p0", "p1", "p2"])
        let upper = Activity(sequence: 2, entryID: "e2", action: "USER_LOGIN")
        #expect(evaluator.evaluate(upper).map(\.policy) == ["p2"])
        let other = Activity(sequence: 3, entryID: "e3", action: "user_logout", ip: "10.0.0.2")
        #expect(evaluator.evaluate(other).map(\.policy) == ["p1"])
    }
}
