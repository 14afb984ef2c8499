import GRDB
import PalisadeStorage
import PalisadeTestSupport
import Testing

/// A migration that creates or appends to a `log` table, so tests can see what ran and in which order.
private func logging(_ name: String) -> Migration {
    Migration(name) { db in
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        try db.execute(sql: "INSERT INTO log (name) VALUES (?)", arguments: [name])
    }
}

private func log(_ database: ServiceDatabase) throws -> [String] {
    try database.read { db in try String.fetchAll(db, sql: "SELECT name FROM log ORDER BY seq") }
}

@Suite struct MigrationTests {
    @Test func migrationsRunOnceInOrderAndAreRecordedByName() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("service.sqlite")
        let first = try ServiceDatabase(path: path, migrations: [logging("one"), logging("two"), logging("three")])
        #expect(try log(first) == ["one", "two", "three"])
        #expect(try first.appliedMigrations() == ["one", "two", "three"])
        let recorded = try first.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(recorded == ["one", "three", "two"])
        try first.close()

        let reopened = try ServiceDatabase(path: path, migrations: [logging("one"), logging("two"), logging("three")])
        #expect(try log(reopened) == ["one", "two", "three"])
        try reopened.close()

        let upgraded = try ServiceDatabase(
            path: path,
            migrations: [logging("one"), logging("two"), logging("three"), logging("four")]
        )
        #expect(try log(upgraded) == ["one", "two", "three", "four"])
        #expect(try upgraded.appliedMigrations() == ["one", "two", "three", "four"])
    }

    @Test func databaseFromNewerBinaryIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("service.sqlite")
        try ServiceDatabase(path: path, migrations: [logging("one"), logging("two")]).close()

        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: [logging("one")])
        }
        #expect(error?.code == .unknownMigrations)
        #expect(error?.message.contains("'two'") == true)
        #expect(error?.message.contains(path) == true)

        let newer = try ServiceDatabase(path: path, migrations: [logging("one"), logging("two")])
        #expect(try log(newer) == ["one", "two"])
    }

    @Test func duplicateMigrationNamesAreAnErrorNotATrap() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: [logging("a"), logging("a")])
        }
        #expect(error?.code == .invalidMigrations)
        #expect(error?.message.contains("'a'") == true)
    }

    @Test func failingMigrationIsNamedAndRolledBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("db.sqlite")
        let broken = Migration("broken") { db in
            try db.execute(sql: "INSERT INTO log (name) VALUES ('half done')")
            try db.execute(sql: "INSERT INTO no_such_table VALUES (1)")
        }
        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: path, migrations: [logging("one"), broken])
        }
        #expect(error?.code == .migrationFailed)
        #expect(error?.message.contains("migration 'broken' failed") == true)
        #expect(error?.message.contains("no such table") == true)

        let fixed = try ServiceDatabase(path: path, migrations: [logging("one"), logging("broken")])
        #expect(try log(fixed) == ["one", "broken"])
    }

    @Test func foreignKeysAreCheckedWhenAMigrationCommits() throws {
        let directory = try TemporaryDirectory()
        let schema = Migration("schema") { db in
            try db.execute(sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id))")
            try db.execute(sql: "INSERT INTO child VALUES (1, 42)")
        }
        let error = #expect(throws: StorageError.self) {
            _ = try ServiceDatabase(path: directory.file("db.sqlite"), migrations: [schema])
        }
        #expect(error?.code == .migrationFailed)
    }
}
