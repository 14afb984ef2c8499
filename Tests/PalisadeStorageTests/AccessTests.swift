import Dispatch
import GRDB
import PalisadeStorage
import PalisadeTestSupport
import Testing

private let schema = [
    Migration("create token") { db in
        try db.execute(sql: "CREATE TABLE token (org TEXT PRIMARY KEY, secret TEXT NOT NULL)")
    }
]

private struct DomainError: Error {}

@Suite struct AccessTests {
    @Test func asyncReadAndWrite() async throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        try await database.write { db in
            try db.execute(sql: "INSERT INTO token VALUES ('T1', 'x')")
        }
        let count = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM token") }
        #expect(count == 1)
    }

    @Test func readsProceedWhileAWriteIsInProgress() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        let inTransaction = DispatchSemaphore(value: 0)
        let mayCommit = DispatchSemaphore(value: 0)
        let committed = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? database.write { db in
                try db.execute(sql: "INSERT INTO token VALUES ('T1', 'x')")
                inTransaction.signal()
                mayCommit.wait()
            }
            committed.signal()
        }
        inTransaction.wait()
        // Readers see the last committed state and do not wait for the writer.
        let counts = Counts()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let count = try? database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM token") }
            counts.set(index, count ?? -1)
        }
        mayCommit.signal()
        committed.wait()
        #expect(counts.values == [0, 0, 0, 0])
        let tokenCount = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM token") }
        #expect(tokenCount == 1)
    }

    @Test func constraintViolationKeepsItsCodeAndHidesArguments() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        let insert = "INSERT INTO token (org, secret) VALUES (?, ?)"
        try database.write { db in try db.execute(sql: insert, arguments: ["T1", "xoxp-first-secret"]) }
        let error = #expect(throws: StorageError.self) {
            try database.write { db in try db.execute(sql: insert, arguments: ["T1", "xoxp-second-secret"]) }
        }
        #expect(error?.code == .constraint)
        #expect(error?.sqliteCode == 1555)  // SQLITE_CONSTRAINT_PRIMARYKEY
        #expect(error?.message.contains("token.org") == true)
        #expect(error?.message.contains("xoxp") == false)
        let errorDescription = error.map { String(describing: $0) }
        #expect(errorDescription?.contains("xoxp") == false)
    }

    @Test func callerErrorRollsBackAndIsKeptAsCause() async throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        let error = await #expect(throws: StorageError.self) {
            try await database.write { db in
                try db.execute(sql: "INSERT INTO token VALUES ('T1', 'x')")
                throw DomainError()
            }
        }
        #expect(error?.code == .aborted)
        #expect(error?.cause is DomainError)
        let tokenCount = try await database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM token") }
        #expect(tokenCount == 0)
    }

    @Test func invalidSQLIsReportedAsSQL() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        let error = #expect(throws: StorageError.self) {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT nope FROM token") }
        }
        #expect(error?.code == .sql)
        #expect(error?.message.contains("SELECT nope FROM token") == true)
    }
}

/// Results written from `concurrentPerform`'s threads.
private final class Counts: @unchecked Sendable {
    // Guarded by `lock`.
    private var storage = [Int](repeating: -2, count: 4)
    private let lock = DispatchSemaphore(value: 1)

    func set(_ index: Int, _ value: Int) {
        lock.wait()
        storage[index] = value
        lock.signal()
    }

    var values: [Int] {
        lock.wait()
        defer { lock.signal() }
        return storage
    }
}
