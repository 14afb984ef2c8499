import PalisadeNet

/// One block of a new range that shares addresses with a block already in the catalogue (or with
/// another block of the same new range).
///
/// Defender refuses overlapping custom ranges (`defender.md` §3.1): with overlaps, which range's
/// category an address gets would depend on prefix lengths the operator never meant to rank.
public struct IPRangeOverlap: Sendable, Hashable, CustomStringConvertible {
    /// The new range's block.
    public let network: IPNetwork
    /// The name of the range holding the other block (the new range's own name when two of its
    /// blocks overlap each other).
    public let otherRange: String
    /// The block it overlaps.
    public let otherNetwork: IPNetwork

    /// Makes an overlap.
    public init(network: IPNetwork, otherRange: String, otherNetwork: IPNetwork) {
        self.network = network
        self.otherRange = otherRange
        self.otherNetwork = otherNetwork
    }

    /// `10.1.0.0/16 overlaps 10.0.0.0/8 of range "Paris office"`.
    public var description: String { "\(network) overlaps \(otherNetwork) of range \"\(otherRange)\"" }
}

extension CatalogueRange {
    /// Every pair of this range's blocks and `existing` ranges' blocks that share addresses, plus
    /// pairs within this range; empty when the range can be added. In address order.
    ///
    /// Pass the operator's ranges already stored (feeds may overlap anything), without the range
    /// this one replaces when it is an edit. Repeats of one block within this range are not
    /// overlaps. Sort-and-sweep, so checking a large import against a large catalogue stays
    /// O(n log n) rather than every pair.
    public func overlaps(with existing: [CatalogueRange]) -> [IPRangeOverlap] {
        var blocks: [(start: IPAddress, network: IPNetwork, owner: String, isNew: Bool)] = []
        for network in Set(networks) { blocks.append((network.address, network, name, true)) }
        for range in existing {
            for network in range.networks { blocks.append((network.address, network, range.name, false)) }
        }
        blocks.sort { ($0.start, $0.network.bitLength) < ($1.start, $1.network.bitLength) }
        var found: [IPRangeOverlap] = []
        var open: [(network: IPNetwork, owner: String, isNew: Bool)] = []
        for block in blocks {
            while let outer = open.last, !outer.network.contains(block.start) { open.removeLast() }
            // Every block still open holds this one (blocks nest or are disjoint).
            for outer in open where outer.isNew || block.isNew {
                found.append(
                    outer.isNew
                        ? IPRangeOverlap(network: outer.network, otherRange: block.owner, otherNetwork: block.network)
                        : IPRangeOverlap(network: block.network, otherRange: outer.owner, otherNetwork: outer.network))
            }
            open.append((block.network, block.owner, block.isNew))
        }
        return found
    }
}
