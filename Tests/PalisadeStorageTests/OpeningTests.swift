import Foundation
import GRDB
import PalisadeStorage
import PalisadeTestSupport
import Testing

private let schema = [
    Migration("create token") { db in
        try db.execute(sql: "CREATE TABLE token (org TEXT PRIMARY KEY, secret TEXT NOT NULL)")
    }
]

@Suite struct OpeningTests {
    @Test func connectionSettingsAreTheProductionOnes() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        let pragmas = "SELECT * FROM pragma_journal_mode, pragma_foreign_keys, pragma_busy_timeout, pragma_temp_store"
        // The writer and the readers are separate connections; both must be set up.
        for row in [
            try database.write { db in try Row.fetchOne(db, sql: pragmas) },
            try database.read { db in try Row.fetchOne(db, sql: pragmas) },
        ] {
            let row = try #require(row)
            #expect(row["journal_mode"] == "wal")
            #expect(row["foreign_keys"] == 1)
            #expect(row["timeout"] == 5000)
            #expect(row["temp_store"] == 2)  // MEMORY
        }
        // Only the writer commits, so only its durability setting matters.
        let synchronous = try database.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 1)  // NORMAL
    }

    @Test func optionsChangeSynchronousAndBusyTimeout() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(
            path: directory.file("db.sqlite"),
            migrations: schema,
            options: .init(synchronous: .full, busyTimeout: .milliseconds(250), quickCheckOnOpen: true)
        )
        let pragmaRow = try database.write { db in
            try Row.fetchOne(db, sql: "SELECT * FROM pragma_synchronous, pragma_busy_timeout")
        }
        let row = try #require(pragmaRow)
        #expect(row["synchronous"] == 2)  // FULL
        #expect(row["timeout"] == 250)
    }

    @Test func missingDirectoriesAreCreatedPrivate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("data/alerting/db.sqlite")
        let database = try ServiceDatabase(path: path, migrations: schema)
        #expect(database.path == path)
        for created in ["data", "data/alerting"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.file(created))
            let mode = try #require(attributes[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(created) has mode \(String(mode, radix: 8))")
        }
    }

    @Test func garbageFileIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: schema)
        }
        #expect(error?.code == .notADatabase)
        #expect(error?.message.contains(path) == true)
        #expect(error?.sqliteCode == 26)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
    }

    @Test func damagedPagesAreFoundByQuickCheck() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        let filler = Migration("filler") { db in
            try db.execute(sql: "CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            for id in 0..<2_000 {
                try db.execute(sql: "INSERT INTO filler VALUES (?, ?)", arguments: [id, String(repeating: "x", count: 100)])
            }
        }
        try ServiceDatabase(path: path, migrations: schema + [filler]).close()
        // close() copied the WAL into the main file, so damaging the main file damages the data.
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect(wal == 0)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 4096 * 20)
        try handle.write(contentsOf: Data(repeating: 0xAB, count: 4096 * 4))
        try handle.close()

        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: schema + [filler], options: .init(quickCheckOnOpen: true))
        }
        #expect(error?.code == .corrupt, "\(String(describing: error))")
        #expect(error?.message.contains("restore the file from a backup") == true)
    }

    @Test(arguments: ["blocker/service/db.sqlite", "blocker/db.sqlite"])
    func pathUnderARegularFileNamesThePath(relative: String) throws {
        let directory = try TemporaryDirectory()
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory.file("blocker")))
        let path = directory.file(relative)
        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: schema)
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains(directory.file("blocker")) == true, "\(String(describing: error))")
    }

    @Test func unwritableFileSystemNamesThePath() throws {
        // /proc refuses new directories even to root, which the test may well be running as.
        let path = "/proc/palisade-test-\(UUID().uuidString)/db.sqlite"
        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: schema)
        }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains("/proc/palisade-test-") == true)
    }

    @Test func closedDatabaseSaysSo() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        try database.close()
        let error = #expect(throws: StorageError.self) {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
        }
        #expect(error?.code == .closed)
    }
}
