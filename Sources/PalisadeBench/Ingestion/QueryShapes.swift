import Foundation
import GRDB
import PalisadeMessages
import PalisadeNet
import PalisadeSlackSimulator

/// The three query shapes `palisade-bench query` times, each as a rotation of concrete queries
/// (different people, addresses, names) so the figures are not one cached answer:
/// - `a`: one person's activity over 24 hours (a Wednesday, 00:00–24:00 UTC), every row;
/// - `b`: one address over the last 30 days of the log, every row;
/// - `c`: free text, a person's full name as typed ("ana ruiz"), no time range, the first page
///   of 100 rows newest first (what `palisade activities query --text` shows first).
struct QueryShapes {
    let a: [ActivityQuery]
    let b: [ActivityQuery]
    let c: [ActivityQuery]

    /// `count` queries of each shape over the log at `path` (its times and addresses) and
    /// `organization` (its people).
    init(path: String, organization: SimOrganization, count: Int) throws {
        let queue = try DatabaseQueue(path: path, configuration: Self.readOnly)
        defer { try? queue.close() }
        let (last, sampled) = try queue.read { db in
            let last = try Int64.fetchOne(db, sql: "SELECT time FROM activities ORDER BY time DESC LIMIT 1") ?? 0
            let top = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM activities") ?? 0
            // Addresses as they occur: those of evenly spaced activities.
            var addresses: [Data] = []
            for index in 1...(count * 4) where addresses.count < count {
                let sequence = top * Int64(index) / Int64(count * 4 + 1)
                if let ip = try Data.fetchOne(db, sql: "SELECT ip FROM activities WHERE sequence = ?", arguments: [sequence]),
                    !addresses.contains(ip)
                {
                    addresses.append(ip)
                }
            }
            return (last, addresses)
        }
        // 1970-01-01 was a Thursday: day numbers ≡ 6 (mod 7) are Wednesdays.
        var day = last / 86_400 - 1
        while day % 7 != 6 { day -= 1 }
        let dayStart = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
        let people = organization.users.prefix(organization.people)
        let step = max(1, people.count / count)
        let chosen = stride(from: 0, to: people.count, by: step).prefix(count).map { people[people.startIndex + $0] }
        a = chosen.map { ActivityQuery(from: dayStart, to: dayStart.addingTimeInterval(86_400), users: [$0.id]) }
        let month = Date(timeIntervalSince1970: TimeInterval(last + 1 - 30 * 86_400))
        b = sampled.map { ActivityQuery(from: month, ips: [IPAddress(bytes: [UInt8]($0)).description]) }
        c = chosen.map { ActivityQuery(text: $0.name.lowercased(), limit: 100) }
    }

    /// A plain read-only connection, as the baseline reads.
    static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}
