import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import ServiceLifecycle

/// `palisade-detection`'s parts: the store, the policy book, the pipeline with its follower
/// (ingestion's `Subscribe`) and committer, and the Detection RPC service.
public final class DetectionRuntime: ServiceRuntime {
    let store: DetectionStore
    let pipeline: DetectionPipeline
    let service: DetectionService
    let follower: ActivityFollower
    let committer: FindingCommitter
    private let policyErrors: [String]

    /// Opens (or creates) the database, loads the policies (and the policy directory's files),
    /// and resumes from the committed cursor; nothing runs until the services do.
    public init(configuration: DetectionConfiguration, logger: Logger, batchSize: Int = 20_000) throws(StartupError) {
        do {
            store = try DetectionStore(path: configuration.database)
        } catch {
            throw StartupError(message: "cannot open the database 'database' \(configuration.database): \(error.message)")
        }
        let book: PolicyBook
        do {
            book = try PolicyBook(store: store, logger: logger)
            policyErrors =
                try configuration.policies.directory.map {
                    try book.loadDirectory($0, now: Int64(Date().timeIntervalSince1970))
                } ?? []
        } catch {
            store.close()
            throw StartupError(message: "cannot read the policies in \(configuration.database): \(error)")
        }
        do {
            pipeline = try DetectionPipeline(
                store: store, settings: configuration.detections, policies: book.active, dailyLimit: configuration.policies.dailyLimit,
                batchSize: batchSize)
            book.attach(pipeline)
            let ingestion = try configuration.ingestion.makeClient(tls: configuration.tls, key: "ingestion")
            let identity = try configuration.identity.map {
                (client: try $0.peer.makeClient(tls: configuration.tls, key: "identity"), ttl: TimeInterval($0.cacheMinutes * 60))
            }
            follower = ActivityFollower(pipeline: pipeline, client: ingestion, identity: identity, logger: logger)
        } catch let error as StartupError {
            store.close()
            throw error
        } catch {
            store.close()
            throw StartupError(message: "\(error)")
        }
        committer = FindingCommitter(pipeline: pipeline, logger: logger)
        service = DetectionService(pipeline: pipeline, policies: book)
    }

    public var rpcServices: [any RPCService] { [service] }
    /// Shut down in reverse: the follower stops first, then the committer writes what is left.
    public var services: [any Service] { [committer, follower] }

    public var startMetadata: Logger.Metadata {
        [
            "database": "\(store.path)", "cursor": "\(pipeline.processed)", "policies": "\(service.policies.active.count)",
            "policyFileErrors": "\(policyErrors.count)",
        ]
    }

    /// The last activity sequence whose effects are committed.
    public var committedCursor: UInt64 { pipeline.committed.last }

    /// The highest finding sequence stored.
    public var lastFinding: UInt64 { pipeline.findings.last }

    public func renderMetrics() -> [UInt8] {
        let lines = [
            "# TYPE palisade_detection_activities_received_total counter",
            "palisade_detection_activities_received_total \(follower.activitiesReceived)",
            "# TYPE palisade_detection_cursor gauge", "palisade_detection_cursor \(pipeline.committed.last)",
            "# TYPE palisade_detection_findings_last_sequence gauge", "palisade_detection_findings_last_sequence \(pipeline.findings.last)",
            "# TYPE palisade_detection_pending_activities gauge", "palisade_detection_pending_activities \(pipeline.pending)",
            "# TYPE palisade_detection_following gauge", "palisade_detection_following \(follower.isConnected ? 1 : 0)",
            "# TYPE palisade_detection_policies gauge", "palisade_detection_policies \(service.policies.active.count)",
        ]
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Ends the findings streams so the drain does not wait for them.
    public func beginShutdown() { pipeline.findings.close() }

    /// Closes the database.
    public func close() {
        pipeline.findings.close()
        store.close()
    }
}
