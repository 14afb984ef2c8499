import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeRPC
import PalisadeWire
import Testing

@testable import IngestionCore

@Suite("The IP range catalogue over RPC, and enrichment by it")
struct IPRangeServiceTests {
    func call<T>(_ body: () async throws -> T) async -> RPCError? {
        do {
            _ = try await body()
            return nil
        } catch let error as RPCError {
            return error
        } catch {
            return RPCError(.unknown, "\(error)")
        }
    }

    @Test func operatorRangesAndFeedsEnrichNewActivities() async throws {
        let harness = try IngestionHarness()
        let client = harness.client
        _ = try await harness.ingest([
            IngestBatch(orgID: "E1", batchID: 1, entries: [IngestionHarness.entry("before", at: 10, ip: "203.0.113.9")])
        ])
        let office = IPRange(name: "Frankfurt office", networks: ["203.0.113.0/25"], category: .corporate, tags: ["Frankfurt office"])
        let added = try await client.call(IngestionAPI.addIPRange, office)
        #expect(added.source == "operator" && added.updated != nil && added.networks == ["203.0.113.0/25"])
        let tor = try await client.clientStreaming(IngestionAPI.loadIPFeed) { writer in
            try await writer.write(IPFeedChunk(format: .tor, data: Data("185.220.101.7\n".utf8)))
            try await writer.write(IPFeedChunk(data: Data("171.25.193.9\n".utf8)))
        }
        #expect(tor.networks == 2 && tor.replaced == 0 && tor.range?.name == "tor" && tor.range?.category == .risky)
        _ = try await harness.ingest([
            IngestBatch(
                orgID: "E1", batchID: 2,
                entries: [
                    IngestionHarness.entry("office", at: 20, ip: "203.0.113.9"), IngestionHarness.entry("tor", at: 30, ip: "171.25.193.9"),
                ])
        ])
        let byID = Dictionary(uniqueKeysWithValues: try await harness.query(ActivityQuery()).map { ($0.entryID, $0) })
        #expect(byID["before"]?.ipCategory == IPCategory.none && byID["before"]?.ipTags == [], "stored activities keep what they had")
        #expect(byID["office"]?.ipCategory == .corporate && byID["office"]?.ipTags == ["Frankfurt office"], "operator ranges win")
        #expect(byID["tor"]?.ipCategory == .risky && byID["tor"]?.ipTags == ["Tor"])
        #expect(try await harness.query(ActivityQuery(ipTags: ["Tor"])).map(\.entryID) == ["tor"])
        let list = try await client.call(IngestionAPI.listIPRanges, Empty())
        #expect(list.ranges.map(\.name) == ["Frankfurt office", "tor"])
        let stats = try await client.call(IngestionAPI.getStats, Empty())
        #expect(stats.ipRanges == 2 && stats.ipNetworks == 3)
        _ = try await client.call(IngestionAPI.removeIPRange, IPRangeRef(name: "tor"))
        #expect(try await client.call(IngestionAPI.listIPRanges, Empty()).ranges.map(\.name) == ["Frankfurt office"])
        await harness.shutdown()
    }

    @Test func badRangesAndFeedsGetClearErrors() async throws {
        let harness = try IngestionHarness()
        let client = harness.client
        _ = try await client.call(IngestionAPI.addIPRange, IPRange(name: "A", networks: ["10.0.0.0/8"], category: .vpn))
        let overlap = await call {
            try await client.call(IngestionAPI.addIPRange, IPRange(name: "B", networks: ["10.1.0.0/16"], category: .corporate))
        }
        #expect(overlap?.code == .alreadyExists && overlap?.message.contains("10.1.0.0/16 overlaps 10.0.0.0/8 of range \"A\"") == true)
        let badCIDR = await call {
            try await client.call(IngestionAPI.addIPRange, IPRange(name: "C", networks: ["10.0.0.300/8"], category: .vpn))
        }
        #expect(badCIDR?.code == .invalidArgument && badCIDR?.message.hasPrefix("networks: \"10.0.0.300/8\"") == true)
        let noCategory = await call { try await client.call(IngestionAPI.addIPRange, IPRange(name: "D", networks: ["192.0.2.0/24"])) }
        #expect(noCategory?.code == .invalidArgument)
        let missing = await call { try await client.call(IngestionAPI.removeIPRange, IPRangeRef(name: "nope")) }
        #expect(missing?.code == .notFound)
        let badFeed = await call {
            try await client.clientStreaming(IngestionAPI.loadIPFeed) { writer in
                try await writer.write(IPFeedChunk(format: .tor, data: Data("185.220.101.7\nnot-an-address\n".utf8)))
            }
        }
        #expect(badFeed?.code == .invalidArgument && badFeed?.message.contains("line 2") == true, "\(badFeed?.message ?? "")")
        let noFormat = await call {
            try await client.clientStreaming(IngestionAPI.loadIPFeed) { writer in
                try await writer.write(IPFeedChunk(data: Data("1.2.3.4\n".utf8)))
            }
        }
        #expect(noFormat?.code == .invalidArgument)
        #expect(try await client.call(IngestionAPI.listIPRanges, Empty()).ranges.map(\.name) == ["A"])
        await harness.shutdown()
    }
}
