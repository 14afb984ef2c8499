import ArgumentParser
import Foundation
import PalisadeEnrichment
import PalisadeMessages
import PalisadeNet

/// `palisade-bench ip-ranges`: the IP range catalogue's lookup rate, one thread.
///
/// `--ranges` random ranges of one block each (70 % IPv4 /8–/32, most of them /24 or longer as in
/// real feeds; 30 % IPv6 /32–/64 under 2000::/3; one in ten an operator's, the rest feeds with
/// feed-like categories and tags) are flattened into an `IPRangeTable` (`build_ms`). The probe
/// addresses (1,000,000, made before timing) are half inside a random range and half anywhere,
/// in the same 70/30 family mix. Timed for `--seconds` each, after a warm-up, in six alternating slices:
/// - `lookups_per_s`: `IPRangeTable.lookup` of every probe in turn;
/// - `baseline_per_s`: a `Dictionary<IPAddress, IPRangeMatch>` keyed by each range's first address,
///   probed with the same addresses — the hash floor: exact match only, what a table that ignored
///   prefixes would cost.
/// `ratio` is the first over the second; `bytes_per_range` is the table's memory over `ranges`.
/// The issue's target is `lookups_per_s` ≥ 2,000,000 with 100,000+ ranges.
struct IPRangesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ip-ranges",
        abstract: "Benchmark IP range lookups (longest prefix, operator over feed) against a hash lookup (release builds only).")

    @Option(name: .long, help: "Random ranges in the table.")
    var ranges = 100_000

    @Option(name: .long, help: "Seconds per figure.")
    var seconds = 3.0

    @Option(name: .long, help: "Seed of the ranges and probe addresses.")
    var seed: UInt64 = 7

    func validate() throws {
        guard ranges > 0, seconds > 0 else { throw ValidationError("--ranges and --seconds must be positive") }
    }

    func run() throws {
        var random = BenchRandom(seed: seed)
        let catalogue = (0..<ranges).map { Self.randomRange($0, &random) }
        let buildStart = ContinuousClock.now
        let table = IPRangeTable(catalogue)
        let buildSeconds = Self.seconds(ContinuousClock.now - buildStart)
        let probes = (0..<1_000_000).map { _ in Self.probe(catalogue, &random) }
        var exact: [IPAddress: IPRangeMatch] = [:]
        for range in catalogue { exact[range.networks[0].address] = IPRangeMatch(category: range.category, tags: range.tags) }

        let hits = probes.prefix(100_000).filter { table.lookup($0) != .none }.count
        let intervals = table.intervalCount
        print(
            "table: \(table.networkCount) blocks, \(intervals.ipv4) IPv4 + \(intervals.ipv6) IPv6 intervals, "
                + "\(table.memoryBytes) bytes; \(hits / 1000) % of probes matched; build \(String(format: "%.0f", buildSeconds * 1000)) ms")
        // The two alternate in six slices each, so a neighbour's load shift hits both alike.
        var tableMeter = Meter(probes: probes) { table.lookup($0).category.rawValue }
        var hashMeter = Meter(probes: probes) { exact[$0]?.category.rawValue ?? 0 }
        tableMeter.run(for: seconds / 4, counted: false)
        hashMeter.run(for: seconds / 4, counted: false)
        for _ in 0..<6 {
            tableMeter.run(for: seconds / 6)
            hashMeter.run(for: seconds / 6)
        }
        print("checksums \(tableMeter.checksum) \(hashMeter.checksum)")
        let (lookups, baseline) = (tableMeter.rate, hashMeter.rate)
        let figures = [
            "lookups_per_s=\(Int(lookups))", "baseline_per_s=\(Int(baseline))", String(format: "ratio=%.2f", lookups / baseline),
            "ranges=\(ranges)", String(format: "build_ms=%.0f", buildSeconds * 1000),
            String(format: "bytes_per_range=%.1f", Double(table.memoryBytes) / Double(ranges)),
        ]
        print(figures.joined(separator: " "))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static let feedKinds: [(IPRangeSource, IPCategory, [String])] = [
        (.feed(.tor), .risky, ["Tor"]), (.feed(.firehol), .risky, ["Malware C&C"]), (.feed(.spamhaus), .risky, ["Botnet"]),
        (.feed(.aws), .cloudProvider, ["AWS"]), (.feed(.azure), .cloudProvider, ["Azure"]),
    ]
    private static let customKinds: [(IPCategory, [String])] = [
        (.corporate, ["office"]), (.vpn, ["vpn"]), (.administrative, []), (.risky, ["Brute force", "Password spray"]),
        (.other, ["partner"]),
    ]

    private static func randomRange(_ index: Int, _ random: inout BenchRandom) -> CatalogueRange {
        // The lengths drawn are in their family's range and host bits are allowed: nothing can throw.
        let network: IPNetwork
        if Int.random(in: 0..<10, using: &random) < 7 {
            // Real feeds are mostly /24 and longer; a few wide blocks keep nesting in play.
            let roll = Int.random(in: 0..<100, using: &random)
            let length =
                roll < 1
                ? Int.random(in: 8...15, using: &random)
                : roll < 20 ? Int.random(in: 16...23, using: &random) : Int.random(in: 24...32, using: &random)
            network = try! IPNetwork(
                address: IPAddress(ipv4: UInt32.random(in: 0...UInt32.max, using: &random)), prefixLength: length, allowHostBits: true)
        } else {
            let high = 0x2000_0000_0000_0000 | UInt64.random(in: 0...UInt64.max, using: &random) >> 3
            network = try! IPNetwork(
                address: IPAddress(high: high, low: 0), prefixLength: Int.random(in: 32...64, using: &random), allowHostBits: true)
        }
        if Int.random(in: 0..<10, using: &random) == 0 {
            let (category, tags) = customKinds.randomElement(using: &random)!
            return CatalogueRange(name: "custom \(index)", networks: [network], category: category, tags: tags, source: .custom)
        }
        let (source, category, tags) = feedKinds.randomElement(using: &random)!
        return CatalogueRange(name: "feed \(index)", networks: [network], category: category, tags: tags, source: source)
    }

    /// Half the time an address inside a random range, otherwise anywhere (IPv6 under 2000::/3).
    private static func probe(_ catalogue: [CatalogueRange], _ random: inout BenchRandom) -> IPAddress {
        let v4 = Int.random(in: 0..<10, using: &random) < 7
        if Bool.random(using: &random) {
            for _ in 0..<16 {
                let network = catalogue.randomElement(using: &random)!.networks[0]
                guard network.address.isIPv4 == v4 else { continue }
                let last = network.lastAddress
                let high = network.address.high | UInt64.random(in: 0...UInt64.max, using: &random) & (last.high ^ network.address.high)
                let low = network.address.low | UInt64.random(in: 0...UInt64.max, using: &random) & (last.low ^ network.address.low)
                return IPAddress(high: high, low: low)
            }
        }
        if v4 { return IPAddress(ipv4: UInt32.random(in: 0...UInt32.max, using: &random)) }
        return IPAddress(
            high: 0x2000_0000_0000_0000 | UInt64.random(in: 0...UInt64.max, using: &random) >> 3,
            low: UInt64.random(in: 0...UInt64.max, using: &random))
    }
}

/// Runs one kind of lookup over the probes in turn, in timed slices, and adds up its rate. The
/// answers are summed into ``checksum`` and printed, so no lookup can be optimised away.
private struct Meter {
    let probes: [IPAddress]
    let body: (IPAddress) -> Int
    private(set) var checksum = 0
    private var index = 0
    private var count = 0
    private var elapsed = Duration.zero

    init(probes: [IPAddress], body: @escaping (IPAddress) -> Int) {
        self.probes = probes
        self.body = body
    }

    /// Lookups per second over the counted slices.
    var rate: Double {
        Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// Looks up for `seconds`, in batches of 4096 between clock reads; `counted: false` warms up.
    mutating func run(for seconds: Double, counted: Bool = true) {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .seconds(seconds)
        var done = 0
        while clock.now < end {
            for _ in 0..<4096 {
                checksum &+= body(probes[index])
                index = index + 1 == probes.count ? 0 : index + 1
            }
            done += 4096
        }
        if counted {
            count += done
            elapsed += clock.now - start
        }
    }
}

/// SplitMix64: a seeded generator, so a run's ranges and probes can be made again.
private struct BenchRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
