import Foundation
import PalisadeWire

/// A golden vector's expected value, with type-erased checks so one table covers every type:
/// the wire test target's own messages and the services' messages alike.
///
/// The checks return what is wrong (empty when the vector holds), so the test target states
/// them with its own `#expect` and this target needs no test framework.
public struct GoldenVector: Sendable, CustomStringConvertible {
    /// The vector's path under `Protocol/vectors`, without extension (`ingestion/ingest_batch`).
    public let name: String
    private let binary: @Sendable (_ input: [UInt8], _ canonical: [UInt8]) throws -> [String]
    private let json: @Sendable (_ json: [UInt8]) throws -> [String]

    /// The name, as test reports show each argument.
    public var description: String { name }

    /// A vector whose files must decode to `expected` and be what encoding it writes.
    public init<T: Codable & Equatable & Sendable>(_ name: String, _ expected: T) {
        self.name = name
        binary = { input, canonical in
            var problems: [String] = []
            let decoded = try WireDecoder().decode(T.self, from: input)
            if decoded != expected { problems.append("\(name): decoded value differs") }
            let encoded = try WireEncoder().encode(expected)
            if encoded != canonical { problems.append("\(name): got \(encoded.hexString), want \(canonical.hexString)") }
            // Decoding and re-encoding what was read must give the same bytes back.
            if try WireEncoder().encode(decoded) != canonical { problems.append("\(name): re-encoding the decoded value differs") }
            return problems
        }
        json = { json in
            var problems: [String] = []
            let decoded = try WireJSONDecoder().decode(T.self, from: json)
            if decoded != expected { problems.append("\(name): JSON decoded value differs") }
            let encoded = try WireJSONEncoder().encode(expected)
            let actual = try JSONSerialization.jsonObject(with: Data(encoded)) as? NSDictionary
            let wanted = try JSONSerialization.jsonObject(with: Data(json)) as? NSDictionary
            if actual != wanted { problems.append("\(name): JSON got \(String(decoding: encoded, as: UTF8.self))") }
            if try WireJSONDecoder().decode(T.self, from: encoded) != expected { problems.append("\(name): JSON round trip differs") }
            return problems
        }
    }

    /// Checks `<name>.hex`: it decodes to the expected value, and encoding gives
    /// `<name>.canonical.hex` when there is one, else the same bytes.
    public func binaryProblems() throws -> [String] {
        let input = try VectorFiles.hex("\(name).hex")
        let canonicalFile = "\(name).canonical.hex"
        let canonical = VectorFiles.exists(canonicalFile) ? try VectorFiles.hex(canonicalFile) : input
        return try binary(input, canonical)
    }

    /// Checks `<name>.json`: it decodes to the expected value, and encoding gives the same JSON.
    public func jsonProblems() throws -> [String] {
        try json(try VectorFiles.data("\(name).json"))
    }
}

extension [UInt8] {
    /// Lower-case hex, for messages.
    public var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

/// A microsecond timestamp built the same way the decoders build them.
public func timestamp(_ micros: Int64) -> Date {
    Date(timeIntervalSince1970: Double(micros) / 1_000_000)
}
