import Foundation
import PalisadeMessages
import PalisadeWire
import Testing

@testable import ConnectorCore

/// A call ingestion refuses for good (`IngestionAPI.finalStatuses`) does not stall the outbox:
/// the refused entries are found by halves and kept in the dead-letter table, and every other
/// entry is delivered once, in order. Any other status is retried with nothing given up.
@Suite("Forwarder: entries refused for good go to the dead-letter table")
struct DeadLetterForwarderTests {
    @Test("one entry refused for good lands in dead_letters; the others arrive once and in order; the count is 1")
    func oneRefusedEntry() async throws {
        try await ForwarderRig.with(entries: 40, before: { $0.refuse(["e17"]) }) { rig in
            let drained = try await rig.waitUntil { try await rig.outboxEmpty() }
            #expect(drained)
            let expected = rig.entries.map(\.id).filter { $0 != "e17" }
            #expect(rig.receiver.ids == expected)
            let letters = try await rig.store.deadLetters()
            #expect(letters.count == 1)
            let letter = try #require(letters.first)
            #expect(letter.entryID == "e17")
            #expect(letter.entry == Data(rig.entries[17].json))
            #expect(letter.connectionID == ForwarderRig.connection)
            #expect(letter.orgID == ForwarderRig.org)
            #expect(letter.status == .invalidArgument)
            #expect(letter.message.contains("e17 refused on purpose"), "\(letter.message)")
            let now = Int64(Date().timeIntervalSince1970)
            #expect(abs(letter.refusedAt - now) <= 60)
            #expect(try rig.store.gaugeSnapshot().deadLetters == 1)
            #expect(try await rig.store.deadLetterCounts() == [ForwarderRig.connection: 1])
            #expect(rig.metric("palisade_connector_dead_lettered_total") == 1)
            #expect(rig.forwarder.entriesDelivered == 39)
        }
    }

    @Test("refused entries side by side, first and last are each found; the rest arrive once, in order, in few calls")
    func severalRefusedEntries() async throws {
        let refused: Set<String> = ["e0", "e5", "e6", "e39"]
        try await ForwarderRig.with(entries: 40, before: { $0.refuse(refused) }) { rig in
            let drained = try await rig.waitUntil { try await rig.outboxEmpty() }
            #expect(drained)
            let expected = rig.entries.map(\.id).filter { !refused.contains($0) }
            #expect(rig.receiver.ids == expected)
            let kept = try await rig.store.deadLetters().map(\.entryID)
            #expect(kept == ["e0", "e5", "e6", "e39"])
            // Each refusal costs the refused call and at most ⌈log₂ 40⌉ + 1 = 7 more.
            #expect(rig.receiver.calls <= refused.count * 8, "\(rig.receiver.calls) calls")
            #expect(rig.metric("palisade_connector_dead_lettered_total") == 4)
        }
    }

    static let retryable: [StatusCode] = [
        .unavailable, .resourceExhausted, .deadlineExceeded, .failedPrecondition, .permissionDenied, .internalError,
    ]

    @Test("a status that is not final is retried: nothing is dead-lettered, and all arrives once it passes", arguments: retryable)
    func retryableStatus(_ code: StatusCode) async throws {
        try await ForwarderRig.with(entries: 40, before: { $0.refuse(["e17"], with: code) }) { rig in
            let retried = try await rig.waitUntil { rig.receiver.calls >= 3 }
            #expect(retried)
            #expect(try await rig.store.deadLetters().isEmpty)
            #expect(try await rig.store.pendingEntries()[ForwarderRig.connection] == 40)
            #expect(rig.receiver.ids.isEmpty)
            #expect(rig.forwarder.deliveryStatus.failing)

            rig.receiver.refuse([])
            let drained = try await rig.waitUntil { try await rig.outboxEmpty() }
            #expect(drained)
            let expected = rig.entries.map(\.id)
            #expect(rig.receiver.ids == expected)
            #expect(try await rig.store.deadLetters().isEmpty)
            #expect(rig.metric("palisade_connector_dead_lettered_total") == nil)
        }
    }
}
