import Foundation
import PalisadeNet

/// Writes MaxMind DB (`.mmdb`) files for tests, so GeoIP tests build their databases in the test
/// run instead of committing binary fixtures or needing Perl or Python on CI.
///
/// The layout (geoip.md §2.3 and appendix A): the search tree, 16 zero bytes, the data section,
/// `\xAB\xCD\xEFMaxMind.com`, the metadata map. The tree is a binary trie over the address bits;
/// in an IPv6 tree (the default) IPv4 `a.b.c.d/n` sits at `::a.b.c.d/(96+n)`, which is where
/// libmaxminddb looks for an IPv4 address. No `::ffff:0:0/96` alias is written: readers must look
/// IPv4 up as IPv4. Identical records are stored once; the output is the same on every run, and
/// byte for byte what geoip.md's appendix A writer (checked with mmdblookup) gives for its input.
///
/// ```swift
/// var writer = MMDBWriter(databaseType: "Test-City", buildEpoch: 1_793_577_600)
/// try writer.insert(network: IPNetwork(parsing: "81.2.69.0/24"), record: .city(country: "GB", city: "London"))
/// let bytes = writer.bytes()
/// ```
public struct MMDBWriter {
    /// A trie node's child: nothing, another node (its index in `nodes`), or a record (its index in `records`).
    private enum Child: Equatable {
        case empty
        case node(Int)
        case record(Int)
    }

    /// `database_type` in the metadata.
    public var databaseType: String
    /// `build_epoch` in the metadata: seconds since 1970, pinned so the output never changes.
    public var buildEpoch: UInt64
    /// `ip_version` in the metadata and the tree's depth: 6 (128 bits, both families) or 4 (32 bits).
    public let ipVersion: Int
    /// Bits per tree record: 24, 28 or 32.
    public var recordSize: Int
    /// `languages` in the metadata.
    public var languages: [String] = ["en"]
    /// `description` in the metadata, by language.
    public var descriptions: [String: String] = ["en": "Palisade test database"]

    /// Node 0 is the root; nodes replaced by a later, wider insert stay here unreachable and are not written.
    private var nodes: [[Child]] = [[.empty, .empty]]
    private var records: [[UInt8]] = []
    private var recordIndex: [[UInt8]: Int] = [:]

    /// An empty database (every lookup finds nothing).
    public init(databaseType: String, buildEpoch: UInt64, ipVersion: Int = 6, recordSize: Int = 24) {
        precondition(ipVersion == 4 || ipVersion == 6, "an MMDB tree is IPv4 or IPv6")
        precondition([24, 28, 32].contains(recordSize), "records are 24, 28 or 32 bits")
        self.databaseType = databaseType
        self.buildEpoch = buildEpoch
        self.ipVersion = ipVersion
        self.recordSize = recordSize
    }

    /// Gives every address in `network` the record `record`, the way MaxMind's writer does by
    /// default: a network inserted inside an existing one splits it (the rest keeps the old record),
    /// and one inserted over existing ones replaces them all.
    public mutating func insert(network: IPNetwork, record: MMDBValue) {
        let (key, length) = treeKey(network)
        precondition(length > 0, "a /0 network would make the root a record, which the format cannot hold")
        let value = store(record.encoded)
        var node = 0
        for depth in 0..<length {
            let bit = Int(truncatingIfNeeded: key >> (127 - depth) & 1)
            if depth == length - 1 {
                nodes[node][bit] = .record(value)
                return
            }
            switch nodes[node][bit] {
            case .node(let child):
                node = child
            case .empty:
                node = addNode([.empty, .empty], under: node, bit: bit)
            case .record(let existing):
                // A narrower network inside a wider one: push the wider record one level down on
                // both sides, then keep going; the other half keeps it.
                node = addNode([.record(existing), .record(existing)], under: node, bit: bit)
            }
        }
    }

    /// The whole file.
    public func bytes() -> [UInt8] {
        // Number the reachable nodes breadth-first, as MaxMind's writers do (any numbering works
        // for readers; this one keeps the output stable).
        var order = [0]
        var number = [0: 0]
        var next = 0
        while next < order.count {
            for case .node(let child) in nodes[order[next]] where number[child] == nil {
                number[child] = order.count
                order.append(child)
            }
            next += 1
        }
        var offsets: [Int] = []
        var data: [UInt8] = []
        for record in records {
            offsets.append(data.count)
            data += record
        }
        let nodeCount = order.count
        func value(_ child: Child) -> UInt64 {
            switch child {
            case .empty: return UInt64(nodeCount)
            case .node(let index): return UInt64(number[index]!)
            case .record(let index): return UInt64(nodeCount + 16 + offsets[index])
            }
        }
        precondition(nodeCount + 16 + data.count < 1 << recordSize, "the database is too large for \(recordSize)-bit records")
        var file: [UInt8] = []
        for index in order {
            file += treeRecords(left: value(nodes[index][0]), right: value(nodes[index][1]))
        }
        file += [UInt8](repeating: 0, count: 16) + data
        file += [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
        let metadata: MMDBValue = .map([
            "binary_format_major_version": .uint16(2), "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(buildEpoch), "database_type": .string(databaseType),
            "description": .map(descriptions.mapValues { .string($0) }), "ip_version": .uint16(UInt16(ipVersion)),
            "languages": .array(languages.map { .string($0) }), "node_count": .uint32(UInt32(nodeCount)),
            "record_size": .uint16(UInt16(recordSize)),
        ])
        return file + metadata.encoded
    }

    /// Writes ``bytes()`` to `path` and returns the path.
    @discardableResult
    public func write(to path: String) throws -> String {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The network's bits at the top of a 128-bit key, and how many of them the tree uses.
    private func treeKey(_ network: IPNetwork) -> (key: UInt128, length: Int) {
        let address = network.address
        if address.isIPv4 {
            // IPv4 lives at ::a.b.c.d in an IPv6 tree, and is the whole key in an IPv4 tree.
            let bits = UInt128(address.ipv4Bits)
            return ipVersion == 4 ? (bits << 96, network.prefixLength) : (bits, network.prefixLength + 96)
        }
        precondition(ipVersion == 6, "an IPv4 database cannot hold \(network)")
        return (UInt128(address.high) << 64 | UInt128(address.low), network.prefixLength)
    }

    /// The index of `encoded` in the data section, storing it if it is new.
    private mutating func store(_ encoded: [UInt8]) -> Int {
        if let index = recordIndex[encoded] { return index }
        records.append(encoded)
        recordIndex[encoded] = records.count - 1
        return records.count - 1
    }

    /// Appends a node with `children`, hangs it under `parent` at `bit`, and returns its index.
    private mutating func addNode(_ children: [Child], under parent: Int, bit: Int) -> Int {
        nodes.append(children)
        nodes[parent][bit] = .node(nodes.count - 1)
        return nodes.count - 1
    }

    /// One node's two records: 24 and 32 bits are plain big-endian pairs; 28 bits put the low 24
    /// bits of each in 3 bytes and share a middle byte whose high nibble is the left record's top
    /// 4 bits and low nibble the right's.
    private func treeRecords(left: UInt64, right: UInt64) -> [UInt8] {
        switch recordSize {
        case 24, 32:
            return MMDBValue.bigEndian(left, width: recordSize / 8) + MMDBValue.bigEndian(right, width: recordSize / 8)
        default:
            let middle = UInt8(truncatingIfNeeded: (left >> 24) << 4 | (right >> 24) & 0x0F)
            return MMDBValue.bigEndian(left, width: 3) + [middle] + MMDBValue.bigEndian(right, width: 3)
        }
    }
}
