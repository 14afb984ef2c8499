// The test messages of Protocol/vectors/README.md. Also compiled into the fuzz target
// (Fuzz/run.sh), so this file imports nothing but Foundation and PalisadeWire.
import Foundation
import PalisadeWire

/// `palisade.test.v1.Color`.
enum Color: Int, Codable, Sendable {
    case unspecified = 0
    case red = 1
    case green = 2
    case blue = 3
}

/// `palisade.test.v1.Scalars`: one field of every scalar type.
struct Scalars: Codable, Equatable, Sendable {
    var i32: Int32 = 0
    var i64: Int64 = 0
    var u32: UInt32 = 0
    var u64: UInt64 = 0
    var flag = false
    var ratio: Double = 0
    var text = ""
    var blob = Data()
    var at = Date(timeIntervalSince1970: 0)
    var color = Color.unspecified

    enum CodingKeys: Int, CodingKey {
        case i32 = 1, i64, u32, u64, flag, ratio, text, blob, at, color
    }
}

/// `palisade.test.v1.Item`. Declared with `qty` first to show that field order on the wire
/// follows field numbers, not declaration order.
struct Item: Codable, Equatable, Sendable {
    var qty: Int32 = 0
    var id = ""

    enum CodingKeys: Int, CodingKey {
        case qty = 2
        case id = 1
    }
}

/// `palisade.test.v1.Nested`.
struct Nested: Codable, Equatable, Sendable {
    var id: Int64 = 0
    var item = Item()
    var scalars = Scalars()

    enum CodingKeys: Int, CodingKey {
        case id = 1, item, scalars
    }
}

/// `palisade.test.v1.Collections`.
struct Collections: Codable, Equatable, Sendable {
    var numbers: [Int64] = []
    var tags: [String] = []
    var items: [Item] = []
    var counts: [String: Int64] = [:]
    var names: [Int64: String] = [:]
    var weights: [Double] = []
    var colors: [Color] = []

    enum CodingKeys: Int, CodingKey {
        case numbers = 1, tags, items, counts, names, weights, colors
    }
}

/// `palisade.test.v1.Optionals`.
struct Optionals: Codable, Equatable, Sendable {
    var maybeNumber: Int32?
    var maybeText: String?
    var maybeItem: Item?
    var maybeColor: Color?

    enum CodingKeys: Int, CodingKey {
        case maybeNumber = 1, maybeText, maybeItem, maybeColor
    }
}

/// `palisade.test.v1.Empty`.
struct Empty: Codable, Equatable, Sendable {}

/// `palisade.test.v1.Node`: a recursive message for depth-limit tests.
struct Node: Codable, Equatable, Sendable {
    var value: Int32 = 0
    var children: [Node] = []

    enum CodingKeys: Int, CodingKey {
        case value = 1, children
    }

    /// A chain of `depth` nested nodes (the outermost counts as 1).
    static func chain(depth: Int) -> Node {
        var node = Node(value: Int32(depth))
        for level in stride(from: depth - 1, through: 1, by: -1) {
            node = Node(value: Int32(level), children: [node])
        }
        return node
    }
}
