import Foundation
import Logging
import PalisadeMessages
import PalisadeRPC
import PalisadeService
import PalisadeStorage
import PalisadeWire

/// `palisade.detection.v1.Detection`: the findings stream and the custom policies' methods.
final class DetectionService: RPCService {
    let pipeline: DetectionPipeline
    let policies: PolicyBook
    /// Findings per page of `SubscribeFindings`.
    let pageSize: Int

    init(pipeline: DetectionPipeline, policies: PolicyBook, pageSize: Int = 500) {
        self.pipeline = pipeline
        self.policies = policies
        self.pageSize = pageSize
    }

    var routes: [RPCRoute] {
        [
            .serverStreaming(DetectionAPI.subscribeFindings) { [self] request, writer, _ in
                try await subscribe(request, writer: writer)
            }
        ] + policyRoutes
    }

    /// `SubscribeFindings`: everything after the request's sequence, then live; one page in
    /// memory whatever the subscriber's pace (as ingestion's `Subscribe`).
    func subscribe(_ request: SubscribeFindingsRequest, writer: RPCWriter<Finding>) async throws {
        var after = request.afterSequence
        let signal = pipeline.findings
        while true {
            try Task.checkCancellation()
            let page = try await pipeline.store.findings(after: after, limit: pageSize)
            for finding in page { try await writer.write(finding) }
            if let last = page.last { after = last.sequence }
            if page.count < pageSize { _ = await signal.wait(after: after) }
            guard !signal.isClosed else {
                try Task.checkCancellation()
                throw RPCError(.unavailable, "detection is shutting down; subscribe again after \(after)")
            }
        }
    }
}
