import Logging
import PalisadeRPC
import PalisadeService

/// `palisade-ingestion`'s parts: the activity log's database and the Ingestion RPC service.
public final class IngestionRuntime: ServiceRuntime, RPCService {
    private let configuration: IngestionConfiguration

    /// Opens (or creates) the database.
    public init(configuration: IngestionConfiguration, logger: Logger) throws(StartupError) {
        self.configuration = configuration
    }

    public var routes: [RPCRoute] { [] }

    public var startMetadata: Logger.Metadata { ["database": "\(configuration.database)"] }

    public func renderMetrics() -> [UInt8] { [] }
}
