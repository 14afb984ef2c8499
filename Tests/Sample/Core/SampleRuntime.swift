import GRDB
import Logging
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import Synchronization

/// The sample's parts: its database and its RPC service.
public final class SampleRuntime: ServiceRuntime, RPCService {
    private let database: ServiceDatabase
    private let added = Atomic<Int>(0)

    /// Opens (or creates) the database.
    public init(configuration: SampleConfiguration) throws(StartupError) {
        let schema = Migration("v1-notes") { db in try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)") }
        do {
            database = try ServiceDatabase(path: configuration.database, migrations: [schema])
        } catch {
            throw StartupError(message: "cannot open the database 'database' \(configuration.database): \(error.message)")
        }
    }

    public var routes: [RPCRoute] {
        [
            .unary(SampleAPI.add) { [self] note, _ in
                let id = try await database.write { db in
                    try db.execute(sql: "INSERT INTO notes (text) VALUES (?)", arguments: [note.text])
                    return db.lastInsertedRowID
                }
                added.add(1, ordering: .relaxed)
                return Note(id: id, text: note.text)
            },
            .serverStreaming(SampleAPI.list) { [database] after, writer, _ in
                let notes = try await database.read { db in
                    try Row.fetchAll(db, sql: "SELECT id, text FROM notes WHERE id > ? ORDER BY id", arguments: [after.id])
                        .map { Note(id: $0["id"], text: $0["text"]) }
                }
                for note in notes { try await writer.write(note) }
            },
        ]
    }

    public var startMetadata: Logger.Metadata { ["database": "\(database.path)"] }
    public func renderMetrics() -> [UInt8] { Array("palisade_sample_notes_added_total \(added.load(ordering: .relaxed))\n".utf8) }
    public func close() { try? database.close() }
}
