import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet
import PalisadeWire

/// Changes to the IP range catalogue, one at a time: each writes the store, then rebuilds the
/// lookup table from it and hands it to the enricher, so the table always matches the latest
/// committed catalogue (two changes racing could otherwise install their tables out of order).
actor RangeCatalogue {
    let store: ActivityStore
    let enricher: ActivityEnricher

    /// Most bytes of one feed file.
    static let maxFeedBytes = 64 << 20
    /// Most bytes of one chunk.
    static let maxChunkBytes = 1 << 20

    init(store: ActivityStore, enricher: ActivityEnricher) {
        self.store = store
        self.enricher = enricher
    }

    /// Adds or replaces an operator range.
    func add(_ request: IPRange) async throws -> IPRange {
        let range = try Self.operatorRange(request)
        // Checked before the write: this actor is the catalogue's only writer, so nothing changes in between.
        let stored = try store.ranges().map(\.range)
        if stored.contains(where: { $0.name == range.name && $0.source != .custom }) {
            throw RPCError(.alreadyExists, "\"\(range.name)\" is the name of a feed; choose another name")
        }
        let overlaps = range.overlaps(with: stored.filter { $0.source == .custom && $0.name != range.name })
        guard overlaps.isEmpty else {
            let listed = overlaps.prefix(5).map(\.description).joined(separator: "; ")
            throw RPCError(.alreadyExists, "range \"\(range.name)\" overlaps operator ranges: \(listed); ranges must not overlap")
        }
        let (_, updated) = try await store.put(range)
        try rebuild()
        return Self.message(range, updated: updated)
    }

    /// Removes a range, operator or feed.
    func remove(_ name: String) async throws {
        guard try await store.removeRange(named: name) else {
            throw RPCError(.notFound, "there is no IP range \"\(name)\"; `palisade ip-ranges list` shows them")
        }
        try rebuild()
    }

    /// Replaces feed `format`'s range with the file's blocks.
    func load(_ contents: [UInt8], format: FeedFormat) async throws -> IPFeedSummary {
        let feed: IPFeed
        do {
            feed = try format.parse(contents)
        } catch {
            let problems = error.problems.map(\.description).joined(separator: "\n")
            throw RPCError(.invalidArgument, problems.isEmpty ? error.message : "\(error.message)\n\(problems)")
        }
        var range = feed.range
        range.name = format.rawValue
        let (replaced, updated) = try await store.put(range)
        try rebuild()
        var stored = Self.message(range, updated: updated)
        stored.networks = []
        return IPFeedSummary(range: stored, networks: UInt64(range.networks.count), replaced: UInt64(replaced))
    }

    /// Every range as messages.
    func list() throws -> IPRangeList {
        IPRangeList(ranges: try store.ranges().map { Self.message($0.range, updated: $0.updated) })
    }

    private func rebuild() throws {
        enricher.replace(try store.loadRangeTable())
    }

    /// The request as an operator range, or why it cannot be one.
    static func operatorRange(_ request: IPRange) throws(RPCError) -> CatalogueRange {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(name.count) else { throw RPCError(.invalidArgument, "name: give 1–200 characters") }
        guard !request.networks.isEmpty else { throw RPCError(.invalidArgument, "networks: give at least one CIDR block or address") }
        var networks: [IPNetwork] = []
        for text in request.networks {
            do {
                networks.append(try IPNetwork(parsing: text.trimmingCharacters(in: .whitespaces)))
            } catch {
                throw RPCError(.invalidArgument, "networks: \(error.description)")
            }
        }
        guard request.category != .none else {
            throw RPCError(.invalidArgument, "category: choose corporate, administrative, risky, vpn, cloud provider or other")
        }
        let tags = request.tags.map { $0.trimmingCharacters(in: .whitespaces) }
        guard tags.allSatisfy({ !$0.isEmpty && !$0.contains("\n") }) else {
            throw RPCError(.invalidArgument, "tags: a tag must not be empty or contain a line break")
        }
        return CatalogueRange(name: name, networks: networks, category: request.category, tags: tags, source: .custom)
    }

    static func message(_ range: CatalogueRange, updated: Date) -> IPRange {
        var message = range.message
        message.updated = updated
        return message
    }
}
