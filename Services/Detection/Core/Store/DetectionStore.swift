import Foundation
import GRDB
import PalisadeDetectionEngine
import PalisadeMessages
import PalisadePolicies
import PalisadeStorage
import PalisadeWire

/// What one commit writes: the engine's changed records, the activity cursor and the findings
/// found since the last commit, in one transaction.
struct CommitBatch: Sendable {
    var state: [StateRow] = []
    var policyState: [PolicyStateRow] = []
    /// The last activity sequence whose effects the batch holds.
    var cursor: UInt64
    var findings: [Finding] = []

    /// This batch followed by `later` (a commit that failed, retried with what came after it):
    /// later values of the same record win.
    func merged(with later: CommitBatch) -> CommitBatch {
        var state: [String: StateRow] = [:]
        for row in self.state + later.state { state["\(row.kind.rawValue)\u{1F}\(row.key)"] = row }
        var policy: [String: PolicyStateRow] = [:]
        for row in policyState + later.policyState { policy["\(row.policy)\u{1F}\(DetectionStore.policyKey(row.key))"] = row }
        return CommitBatch(
            state: Array(state.values), policyState: Array(policy.values), cursor: max(cursor, later.cursor),
            findings: findings + later.findings)
    }
}

/// Everything detection keeps: see `DetectionSchema`.
public final class DetectionStore: Sendable {
    let database: ServiceDatabase

    /// Opens (or creates) the database at `path`.
    public init(path: String) throws(StorageError) {
        database = try ServiceDatabase(path: path, migrations: DetectionSchema.migrations)
    }

    /// The database file.
    public var path: String { database.path }

    /// Closes the database; later calls fail.
    public func close() { try? database.close() }

    /// What a start resumes from.
    struct Resume: Sendable {
        var cursor: UInt64
        var state: [StateRow]
        var policyState: [PolicyStateRow]
        var lastFinding: UInt64
    }

    /// The committed cursor, state and policy state, and the last finding's sequence.
    func resume() throws(StorageError) -> Resume {
        try database.read { db in
            let cursor = try Int64.fetchOne(db, sql: "SELECT after FROM cursor WHERE id = 1") ?? 0
            var state: [StateRow] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT kind, key, value FROM state")
            while let row = try rows.next() {
                guard let kind = StateKind(rawValue: row["kind"]) else { continue }
                state.append(StateRow(kind: kind, key: row["key"], value: [UInt8](row["value"] as Data)))
            }
            var policyState: [PolicyStateRow] = []
            for row in try Row.fetchAll(db, sql: "SELECT policy, key, value FROM policy_state") {
                let key: String = row["key"]
                policyState.append(
                    PolicyStateRow(
                        policy: row["policy"], key: key == "d" ? nil : String(key.dropFirst(2)), value: [UInt8](row["value"] as Data)))
            }
            let last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM findings") ?? 0
            return Resume(cursor: UInt64(cursor), state: state, policyState: policyState, lastFinding: UInt64(last))
        }
    }

    /// Makes a new database start following after `sequence` instead of the log's beginning: a
    /// deployment joining a long log, or a benchmark reading only its newest part. Refused once
    /// the database has learned or found anything, whose state would then skip activities.
    public func startFollowing(after sequence: UInt64) throws(StorageError) {
        let used = try database.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM state) OR EXISTS (SELECT 1 FROM findings)") ?? false
        }
        guard !used else {
            throw StorageError(
                code: .constraint, message: "the detection database in \(path) has state already; start from a new one to skip ahead")
        }
        try database.write { db in try db.execute(sql: "UPDATE cursor SET after = ? WHERE id = 1", arguments: [Int64(sequence)]) }
    }

    /// The stored key of a policy record: `d` for the day counts, `k:` and the group key.
    static func policyKey(_ key: String?) -> String { key.map { "k:\($0)" } ?? "d" }

    /// Writes `batch` in one transaction; returns the highest finding sequence after it and how
    /// many of its findings were new (a finding whose id is stored already is skipped).
    func commit(_ batch: CommitBatch) async throws(StorageError) -> (last: UInt64, new: Int) {
        try await database.write { db in try Self.write(batch, in: db) }
    }

    /// The commit's statements, in the caller's transaction.
    static func write(_ batch: CommitBatch, in db: Database) throws -> (last: UInt64, new: Int) {
        let putState = try db.cachedStatement(sql: "INSERT OR REPLACE INTO state (kind, key, value) VALUES (?, ?, ?)")
        let dropState = try db.cachedStatement(sql: "DELETE FROM state WHERE kind = ? AND key = ?")
        for row in batch.state {
            if let value = row.value {
                try putState.execute(arguments: [row.kind.rawValue, row.key, Data(value)])
            } else {
                try dropState.execute(arguments: [row.kind.rawValue, row.key])
            }
        }
        let putPolicy = try db.cachedStatement(sql: "INSERT OR REPLACE INTO policy_state (policy, key, value) VALUES (?, ?, ?)")
        let dropPolicy = try db.cachedStatement(sql: "DELETE FROM policy_state WHERE policy = ? AND key = ?")
        for row in batch.policyState {
            let key = Self.policyKey(row.key)
            if let value = row.value {
                try putPolicy.execute(arguments: [row.policy, key, Data(value)])
            } else {
                try dropPolicy.execute(arguments: [row.policy, key])
            }
        }
        try db.execute(sql: "UPDATE cursor SET after = ? WHERE id = 1", arguments: [Int64(batch.cursor)])
        var last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM findings") ?? 0
        var new = 0
        let known = try db.cachedStatement(sql: "SELECT 1 FROM findings WHERE id = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO findings (sequence, id, source, time, body) VALUES (?, ?, ?, ?, ?)")
        let encoder = WireEncoder()
        for var finding in batch.findings where try Bool.fetchOne(known, arguments: [finding.id]) == nil {
            last += 1
            new += 1
            finding.sequence = UInt64(last)
            let source = finding.detector == .unspecified ? "policy:\(finding.policy)" : "detector:\(finding.detector.protocolName)"
            try insert.execute(
                arguments: [last, finding.id, source, Int64(finding.time.timeIntervalSince1970), Data(try encoder.encode(finding))])
        }
        return (UInt64(last), new)
    }

    /// Up to `limit` findings after `sequence`, oldest first.
    func findings(after sequence: UInt64, limit: Int) async throws(StorageError) -> [Finding] {
        let bodies = try await database.read { db in
            try Data.fetchAll(
                db, sql: "SELECT body FROM findings WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [Int64(sequence), limit])
        }
        let decoder = WireDecoder()
        do {
            return try bodies.map { body throws(WireError) in try decoder.decode(Finding.self, from: [UInt8](body)) }
        } catch {
            throw StorageError(code: .corrupt, message: "a stored finding cannot be read (\(error.message)) in \(path)")
        }
    }

    /// How many findings each source raised (`policy:NAME`, `detector:NAME`).
    func findingCounts() async throws(StorageError) -> [String: UInt64] {
        try await database.read { db in
            var counts: [String: UInt64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM findings GROUP BY source") {
                counts[row["source"]] = UInt64(row["n"] as Int64)
            }
            return counts
        }
    }
}
