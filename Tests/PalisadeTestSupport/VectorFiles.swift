import Foundation

/// Reads the golden vectors straight from `Protocol/vectors`, so the spec is what is tested.
///
/// Shared by the wire and message test targets. The services' vectors live in subdirectories
/// (`vectors/ingestion`, `vectors/connector`) so that the wire tests' "every vector file has an
/// expected value" check keeps covering only the wire's own vectors.
public enum VectorFiles {
    /// A vector file that cannot be read as hex.
    public struct MalformedHex: Error, CustomStringConvertible {
        /// What is wrong, naming the file.
        public let description: String
    }

    /// `Protocol/vectors` in this checkout.
    public static let directory: URL = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()  // a development package may link the test sources in
        .deletingLastPathComponent()  // PalisadeTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Protocol/vectors")

    /// Vector names in `subdirectory` (default: the top level): every `*.hex` except the
    /// `*.canonical.hex` companions, prefixed with the subdirectory (`ingestion/ingest_batch`).
    public static func names(in subdirectory: String = "") throws -> [String] {
        let prefix = subdirectory.isEmpty ? "" : subdirectory + "/"
        return try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(subdirectory).path)
            .filter { $0.hasSuffix(".hex") && !$0.hasSuffix(".canonical.hex") }
            .map { prefix + $0.dropLast(4) }
            .sorted()
    }

    /// Parses a `.hex` file: `#` starts a comment, whitespace is ignored.
    public static func hex(_ file: String) throws -> [UInt8] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        var digits: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            digits += content.utf8.filter { !$0.isWhitespace }
        }
        guard digits.count % 2 == 0 else { throw MalformedHex(description: "odd number of hex digits in \(file)") }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            let pair = String(decoding: digits[index..<(index + 2)], as: UTF8.self)
            guard let byte = UInt8(pair, radix: 16) else { throw MalformedHex(description: "bad hex '\(pair)' in \(file)") }
            bytes.append(byte)
        }
        return bytes
    }

    /// Whether `file` exists under `Protocol/vectors`.
    public static func exists(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)
    }

    /// The raw bytes of `file` (the `.json` halves).
    public static func data(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(file)))
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
}
