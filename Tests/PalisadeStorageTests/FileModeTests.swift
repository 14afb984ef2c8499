import Foundation
import GRDB
import PalisadeStorage
import PalisadeTestSupport
import Testing

/// A service's database holds personal data and sealed secrets: its files are the service
/// user's alone, whatever the umask or the mode a file was found with.
@Suite struct FileModeTests {
    private static let schema = [Migration("create note") { db in try db.execute(sql: "CREATE TABLE note (text TEXT)") }]

    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test func aNewDatabaseAndItsWALAreReadableByTheOwnerOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        let database = try ServiceDatabase(path: path, migrations: Self.schema)
        try database.write { db in try db.execute(sql: "INSERT INTO note VALUES ('x')") }
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(path + "-wal") == 0o600)
        #expect(try Self.mode(path + "-shm") == 0o600)
        try database.close()
    }

    @Test func filesFoundWithAWiderModeAreNarrowed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        try ServiceDatabase(path: path, migrations: Self.schema).close()
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        }
        #expect(try Self.mode(path) == 0o644)
        let database = try ServiceDatabase(path: path, migrations: Self.schema)
        try database.write { db in try db.execute(sql: "INSERT INTO note VALUES ('y')") }
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(path + "-wal") == 0o600)
        try database.close()
    }
}
