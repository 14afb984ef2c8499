import Foundation
import GRDB
import PalisadeMessages
import PalisadeNet
import PalisadeWire

/// An activity ready to store: the columns queries filter on, and its encoded body.
///
/// Built outside the database's write lock (normalising and encoding are the expensive part), so
/// concurrent `Ingest` streams prepare in parallel and the writer only inserts. The body leaves
/// out the three fields only the commit knows or that are kept apart: `sequence`, `ingested` and
/// `raw` (``StoredActivity`` puts them back).
///
/// Public, opaque, for `palisade-bench`: it prepares records once (``IngestionRuntime/records(for:)``)
/// and inserts them with ``insertSQL`` on a plain connection as its baseline.
public struct ActivityRecord: Sendable {
    var time: Int64
    var org: String
    var entryID: String
    var actor: String?
    var entity: String?
    var ip: Data?
    var action: String
    var category: Int
    var flags: Int
    var country: String?
    var ipCategory: Int
    var ipTags: String?
    var app: String?
    /// `Data`, not bytes: SQLite binds it as it is, so the writer copies nothing more.
    var body: Data
    var raw: Data
    /// The actor's and entity's names and e-mails, for the free-text directory.
    var names: [DirectoryName]

    /// The record of an enriched activity (its `sequence`, `ingested` and `raw` are ignored but for `raw`'s bytes).
    init(_ activity: Activity, address: IPAddress?) throws(WireError) {
        if let body = ActivityBodyEncoder.body(of: activity) {
            self.body = Data(body)
        } else {
            // A date out of the timestamp's range: the generic encoder says which.
            var fields = activity
            fields.sequence = 0
            fields.ingested = Date(timeIntervalSince1970: 0)
            fields.raw = Data()
            body = Data(try WireEncoder().encode(fields))
        }
        raw = activity.raw
        time = Int64(activity.time.timeIntervalSince1970.rounded(.down))
        org = activity.orgID
        entryID = activity.entryID
        actor = activity.actor.flatMap { $0.id.isEmpty ? nil : $0.id }
        entity = activity.entity.flatMap { $0.id.isEmpty ? nil : $0.id }
        ip = address.map { Data($0.bytes) }
        action = activity.action
        category = activity.category.rawValue
        flags =
            (activity.administrative ? IngestionSchema.administrativeFlag : 0)
            | (activity.impersonated ? IngestionSchema.impersonatedFlag : 0)
            | (activity.unknownAction ? IngestionSchema.unknownActionFlag : 0)
        country = activity.location?.country
        ipCategory = activity.ipCategory.rawValue
        ipTags = activity.ipTags.isEmpty ? nil : Self.tagText(activity.ipTags)
        app = activity.actingApp.flatMap { $0.id.isEmpty ? nil : $0.id }
        names = []
        if let actor = activity.actor, !actor.id.isEmpty {
            names.append(DirectoryName(kind: .actor, id: actor.id, name: actor.name, email: actor.email))
        }
        if let entity = activity.entity, !entity.id.isEmpty, !(entity.name.isEmpty && entity.email.isEmpty) {
            names.append(DirectoryName(kind: .entity, id: entity.id, name: entity.name, email: entity.email))
        }
    }

    /// Stores a record in `activities`, unless its time, org and entry id are stored already
    /// (then no row changes): the store's statement, and the ingest benchmark baseline's.
    public static let insertSQL = """
        INSERT INTO activities (sequence, time, org, entry_id, ingested, actor, entity, ip, action, category, flags,
            country, ip_category, ip_tags, app, body, raw)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (time, org, entry_id) DO NOTHING
        """

    /// The arguments of ``insertSQL`` for this record as `sequence`, committed at `ingested`
    /// (microseconds since 1970).
    public func arguments(sequence: Int64, ingested: Int64) -> StatementArguments {
        [
            sequence, time, org, entryID, ingested, actor, entity, ip, action, category, flags, country, ipCategory, ipTags, app,
            body, raw,
        ]
    }

    /// Tags as stored: each between newlines, so `instr(ip_tags, '\nTor\n')` matches one whole tag.
    static func tagText(_ tags: [String]) -> String {
        "\n" + tags.joined(separator: "\n") + "\n"
    }
}

/// A name or e-mail of an actor or entity, as free text searches them.
struct DirectoryName: Sendable, Hashable {
    enum Kind: String, Sendable { case actor = "a", entity = "e" }
    var kind: Kind
    var id: String
    var name: String
    var email: String
}
