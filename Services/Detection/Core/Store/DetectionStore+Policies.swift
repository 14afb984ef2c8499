import Foundation
import GRDB
import PalisadePolicies
import PalisadeStorage

/// A custom policy as stored: its text as the operator wrote it, and whether it is switched on.
struct StoredPolicy: Sendable, Equatable {
    var name: String
    var source: String
    /// The file name errors and lists name.
    var file: String
    /// The switch: the file's `enabled` at its last create or update, or an operator's since.
    var enabled: Bool
    /// Who switched it off ("" when its file did, or it is on).
    var disabledBy: String
    /// Unix seconds.
    var created: Int64
    var updated: Int64

    init(row: Row) {
        name = row["name"]
        source = row["source"]
        file = row["file"]
        enabled = row["enabled"]
        disabledBy = row["disabled_by"]
        created = row["created"]
        updated = row["updated"]
    }

    init(name: String, source: String, file: String, enabled: Bool, disabledBy: String = "", created: Int64, updated: Int64) {
        (self.name, self.source, self.file, self.enabled, self.disabledBy) = (name, source, file, enabled, disabledBy)
        (self.created, self.updated) = (created, updated)
    }
}

// Operators change policies rarely and a change is one small row, so these are synchronous:
// the policy book runs them at start-up and under its own ordering.
extension DetectionStore {
    /// Every stored policy, by name.
    func policies() throws(StorageError) -> [StoredPolicy] {
        try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM policies ORDER BY name").map(StoredPolicy.init(row:)) }
    }

    /// The policy named `name`.
    func policy(named name: String) throws(StorageError) -> StoredPolicy? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM policies WHERE name = ?", arguments: [name]).map(StoredPolicy.init(row:))
        }
    }

    /// Stores `policy`: a new one when `create` (false when the name is taken), else a
    /// replacement of the stored one (false when there is none), which keeps its creation time.
    func save(_ policy: StoredPolicy, create: Bool) throws(StorageError) -> Bool {
        try database.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM policies WHERE name = ?", arguments: [policy.name]) != nil
            guard exists != create else { return false }
            if create {
                try db.execute(
                    sql: "INSERT INTO policies (name, source, file, enabled, disabled_by, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [policy.name, policy.source, policy.file, policy.enabled, policy.disabledBy, policy.created, policy.updated])
            } else {
                try db.execute(
                    sql: "UPDATE policies SET source = ?, file = ?, enabled = ?, disabled_by = ?, updated = ? WHERE name = ?",
                    arguments: [policy.source, policy.file, policy.enabled, policy.disabledBy, policy.updated, policy.name])
            }
            return true
        }
    }

    /// Switches the policy named `name` on or off (`by` whom, when off); false when there is none.
    func setEnabled(_ name: String, _ enabled: Bool, by caller: String, at time: Int64) throws(StorageError) -> Bool {
        try database.write { db in
            try db.execute(
                sql: "UPDATE policies SET enabled = ?, disabled_by = ?, updated = ? WHERE name = ?",
                arguments: [enabled, enabled ? "" : caller, time, name])
            return db.changesCount > 0
        }
    }

    /// Deletes the policy named `name`; its findings stay. False when none.
    func deletePolicy(_ name: String) throws(StorageError) -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM policies WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// The saved state of the policies named `names` (what an evaluator rebuilt for a changed
    /// policy list loads for the policies it keeps).
    func policyState(of names: Set<String>) throws(StorageError) -> [PolicyStateRow] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT policy, key, value FROM policy_state").compactMap { row -> PolicyStateRow? in
                let policy: String = row["policy"]
                guard names.contains(policy) else { return nil }
                let key: String = row["key"]
                return PolicyStateRow(
                    policy: policy, key: key == "d" ? nil : String(key.dropFirst(2)), value: [UInt8](row["value"] as Data))
            }
        }
    }

    /// Writes `batch` synchronously and then forgets the saved state of the policies in `reset`
    /// (the pipeline's policy swap, which must not let the follower run between a drain and its
    /// write).
    func commitNow(_ batch: CommitBatch, clearingPolicies reset: Set<String>) throws(StorageError) -> (last: UInt64, new: Int) {
        try database.write { db in
            let result = try Self.write(batch, in: db)
            for name in reset { try db.execute(sql: "DELETE FROM policy_state WHERE policy = ?", arguments: [name]) }
            return result
        }
    }
}
