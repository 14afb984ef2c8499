import Foundation
import GRDB
import PalisadeStorage
import PalisadeTestSupport
import Testing

private let schema = [
    Migration("create outbox") { db in
        try db.execute(sql: "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
    }
]

/// `pageSize` and `secureDelete`: the settings a blob-heavy store (the connector's outbox) opens with.
@Suite struct PageOptionsTests {
    private static func pragma(_ database: ServiceDatabase, _ name: String, reader: Bool = false) throws -> Int? {
        reader
            ? try database.read { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") }
            : try database.write { db in try Int.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    @Test func defaultsAre4KiBPagesAndSecureDeleteOn() throws {
        let directory = try TemporaryDirectory()
        let database = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: schema)
        #expect(try Self.pragma(database, "page_size") == 4096)
        // Stated whatever the library's compiled-in default: on for the writer and the readers.
        #expect(try Self.pragma(database, "secure_delete") == 1)
        #expect(try Self.pragma(database, "secure_delete", reader: true) == 1)
    }

    @Test func aNewFileTakesThePageSizeAnExistingOneKeepsItsOwn() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        do {
            let database = try ServiceDatabase(path: path, migrations: schema, options: .init(secureDelete: .fast, pageSize: 65_536))
            #expect(try Self.pragma(database, "page_size") == 65_536)
            #expect(try Self.pragma(database, "secure_delete") == 2)  // FAST
            let mode = try database.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            #expect(mode == "wal")
            try database.write { db in try db.execute(sql: "INSERT INTO outbox (payload) VALUES (?)", arguments: [Data(count: 200_000)]) }
        }
        // Reopened with another page size: the file's own stays, and its data with it.
        let reopened = try ServiceDatabase(path: path, migrations: schema, options: .init(pageSize: 1024))
        #expect(try Self.pragma(reopened, "page_size") == 65_536)
        let length = try reopened.read { db in try Int.fetchOne(db, sql: "SELECT length(payload) FROM outbox") }
        #expect(length == 200_000)
    }

    @Test(arguments: [0, 256, 1000, 131_072])
    func aPageSizeSQLiteWouldIgnoreIsRefused(size: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        do {
            _ = try ServiceDatabase(path: path, migrations: schema, options: .init(pageSize: size))
            Issue.record("page size \(size) was accepted")
        } catch {
            #expect(error.code == .invalidOptions)
            #expect(error.message.contains("\(size)"))
        }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is created for refused options")
    }
}
