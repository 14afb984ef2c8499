import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeRPC
import PalisadeWire

extension IngestionService {
    /// The IP range catalogue's routes.
    var rangeRoutes: [RPCRoute] {
        [
            .unary(IngestionAPI.addIPRange) { [catalogue] range, _ in try await catalogue.add(range) },
            .unary(IngestionAPI.listIPRanges) { [catalogue] _, _ in try await catalogue.list() },
            .unary(IngestionAPI.removeIPRange) { [catalogue] reference, _ in
                try await catalogue.remove(reference.name)
                return Empty()
            },
            .clientStreaming(IngestionAPI.loadIPFeed) { [catalogue] chunks, _ in
                var format = FeedFormat?.none
                var contents: [UInt8] = []
                for try await chunk in chunks {
                    guard chunk.data.count <= RangeCatalogue.maxChunkBytes else {
                        throw RPCError(
                            .invalidArgument, "a chunk holds \(chunk.data.count) bytes; send at most \(RangeCatalogue.maxChunkBytes)")
                    }
                    guard contents.count + chunk.data.count <= RangeCatalogue.maxFeedBytes else {
                        throw RPCError(.resourceExhausted, "the feed is larger than \(RangeCatalogue.maxFeedBytes >> 20) MiB")
                    }
                    if format == nil, chunk.format != .unspecified { format = FeedFormat(chunk.format) }
                    contents.append(contentsOf: chunk.data)
                }
                guard let format else {
                    throw RPCError(.invalidArgument, "the first chunk must name the feed's format (tor, firehol, spamhaus, aws or azure)")
                }
                return try await catalogue.load(contents, format: format)
            },
        ]
    }
}

extension FeedFormat {
    /// The parser of a wire format; `nil` for `UNSPECIFIED`.
    init?(_ wire: IPFeedFormat) {
        switch wire {
        case .unspecified: return nil
        case .tor: self = .tor
        case .firehol: self = .firehol
        case .spamhaus: self = .spamhaus
        case .aws: self = .aws
        case .azure: self = .azure
        }
    }
}
