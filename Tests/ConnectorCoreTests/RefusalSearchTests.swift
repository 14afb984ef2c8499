import PalisadeWire
import Testing

@testable import ConnectorCore

/// `RefusalSearch` against a simulated ingestion that refuses every call holding one entry.
@Suite struct RefusalSearchTests {
    static let refusal = RPCError(.invalidArgument, "batch 1 entry 0: refused")

    /// Runs the search over `count` refused entries of which the one at `bad` (nil: none, an
    /// ingestion that changed its mind) is refused: the index it dead-letters (nil: none) and
    /// the calls it made.
    static func run(count: Int, bad: Int?) -> (found: Int?, calls: Int) {
        var acknowledged = 0
        var search = RefusalSearch(refused: count, refusal)
        var calls = 0
        while true {
            switch search.next {
            case .deadLetter:
                return (acknowledged, calls)
            case .send(let entries):
                calls += 1
                if let bad, bad < acknowledged + entries {
                    search = RefusalSearch(refused: entries, refusal)
                } else {
                    acknowledged += entries
                    guard let next = search.accepted(entries) else { return (nil, calls) }
                    search = next
                }
            }
        }
    }

    /// ⌈log₂ n⌉.
    static func ceilLog2(_ n: Int) -> Int {
        var bits = 0
        while 1 << bits < n { bits += 1 }
        return bits
    }

    @Test("the refused entry is found wherever it is, in at most ⌈log₂ n⌉ + 1 calls", arguments: [1, 2, 3, 5, 8, 40, 100, 4_000])
    func findsTheEntry(_ count: Int) {
        for bad in Set([0, 1, count / 3, count / 2, count - 2, count - 1]) where bad >= 0 && bad < count {
            let result = Self.run(count: count, bad: bad)
            #expect(result.found == bad, "\(count) entries, refused \(bad)")
            #expect(result.calls <= Self.ceilLog2(count) + 1, "\(count) entries, refused \(bad): \(result.calls) calls")
        }
    }

    @Test("a single refused entry is dead-lettered at once")
    func singleEntry() {
        #expect(RefusalSearch(refused: 1, Self.refusal).next == .deadLetter(Self.refusal))
    }

    @Test("an ingestion that accepts every part ends the search with nothing dead-lettered, as quickly")
    func changedItsMind() {
        for count in [2, 7, 64, 1_000] {
            let result = Self.run(count: count, bad: nil)
            #expect(result.found == nil)
            #expect(result.calls <= Self.ceilLog2(count) + 1)
        }
    }
}
