import Foundation
import PalisadeMessages
import PalisadeWire

/// One method as the contract states it: a row of a method table in `Protocol/*.md`, or a typed
/// descriptor in Swift, reduced to what both say.
struct ContractMethod: Sendable, Hashable, CustomStringConvertible {
    /// `/package.Service/Method`.
    let path: String
    /// `unary`, `server streaming`, `client streaming` or `bidirectional`, as the tables write it.
    let shape: String
    /// The request message's name.
    let request: String
    /// The response message's name.
    let response: String

    var description: String { "\(path) (\(shape)) \(request) → \(response)" }

    /// What a Swift descriptor says.
    init<Request, Response>(_ method: RPCMethod<Request, Response>) {
        path = method.name.path
        shape =
            switch method.name.kind {
            case .unary: "unary"
            case .serverStreaming: "server streaming"
            case .clientStreaming: "client streaming"
            case .bidirectional: "bidirectional"
            }
        request = String(describing: Request.self)
        response = String(describing: Response.self)
    }

    /// A method table row, e.g. ``| `POST /palisade.ingestion.v1.Ingestion/Ingest` | client
    /// streaming | stream of `IngestBatch` | one `IngestSummary` |``; nil for other lines.
    init?(row line: Substring) {
        let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard cells.count == 4, let path = Self.quoted(cells[0])?.split(separator: " ").last, cells[0].contains("`POST /"),
            let request = Self.quoted(cells[2]), let response = Self.quoted(cells[3])
        else { return nil }
        self.path = String(path)
        shape = cells[1]
        self.request = request
        self.response = response
    }

    /// The first backquoted word of a cell.
    private static func quoted(_ cell: String) -> String? {
        let parts = cell.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }

    /// Every method table row of the `.md` files in `Protocol/`, with the file it is in.
    static func documented(in directory: URL) throws -> [(method: ContractMethod, file: String)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".md") }.sorted()
        var rows: [(ContractMethod, String)] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let method = ContractMethod(row: line) { rows.append((method, file)) }
            }
        }
        return rows
    }

    /// Every method descriptor the services share.
    static let described: [ContractMethod] = [
        ContractMethod(HealthAPI.check),
        ContractMethod(IngestionAPI.ingest),
        ContractMethod(IngestionAPI.query),
        ContractMethod(IngestionAPI.subscribe),
        ContractMethod(IngestionAPI.getStats),
        ContractMethod(IngestionAPI.addIPRange),
        ContractMethod(IngestionAPI.listIPRanges),
        ContractMethod(IngestionAPI.removeIPRange),
        ContractMethod(IngestionAPI.loadIPFeed),
        ContractMethod(ConnectorAPI.addConnection),
        ContractMethod(ConnectorAPI.beginOAuth),
        ContractMethod(ConnectorAPI.completeOAuth),
        ContractMethod(ConnectorAPI.listConnections),
        ContractMethod(ConnectorAPI.sync),
        ContractMethod(ConnectorAPI.removeConnection),
        ContractMethod(DetectionAPI.subscribeFindings),
        ContractMethod(DetectionAPI.createPolicy),
        ContractMethod(DetectionAPI.updatePolicy),
        ContractMethod(DetectionAPI.setPolicyEnabled),
        ContractMethod(DetectionAPI.listPolicies),
        ContractMethod(DetectionAPI.getPolicy),
        ContractMethod(DetectionAPI.deletePolicy),
        ContractMethod(IdentityAPI.getUserStatus),
        ContractMethod(IdentityAPI.listActions),
        ContractMethod(IdentityAPI.notifyUser),
        ContractMethod(IdentityAPI.requireSignIn),
        ContractMethod(IdentityAPI.suspendUser),
        ContractMethod(IdentityAPI.unsuspendUser),
    ]
}
