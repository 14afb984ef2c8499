import Foundation
import Testing

/// Reads the golden vectors straight from `Protocol/vectors`, so the spec is what is tested.
///
/// A copy of the helper in `PalisadeWireTests` (test targets cannot share sources), extended to
/// the per-service subdirectories (`vectors/ingestion`, `vectors/connector`). Those live in
/// subdirectories so that the wire tests' "every vector file has an expected value" check keeps
/// covering only the wire's own vectors.
enum VectorFiles {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .resolvingSymlinksInPath()  // a development package may link the test sources in
        .deletingLastPathComponent()  // PalisadeMessagesTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Protocol/vectors")

    /// Vector names in `subdirectory`: every `*.hex` except the `*.canonical.hex` companions,
    /// prefixed with the subdirectory (`ingestion/ingest_batch`).
    static func names(in subdirectory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(subdirectory).path)
            .filter { $0.hasSuffix(".hex") && !$0.hasSuffix(".canonical.hex") }
            .map { "\(subdirectory)/\($0.dropLast(4))" }
            .sorted()
    }

    /// Parses a `.hex` file: `#` starts a comment, whitespace is ignored.
    static func hex(_ file: String) throws -> [UInt8] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        var digits: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            digits += content.utf8.filter { !$0.isWhitespace }
        }
        try #require(digits.count % 2 == 0, "odd number of hex digits in \(file)")
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            let pair = String(decoding: digits[index..<(index + 2)], as: UTF8.self)
            bytes.append(try #require(UInt8(pair, radix: 16), "bad hex '\(pair)' in \(file)"))
        }
        return bytes
    }

    static func exists(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path)
    }

    static func data(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(file)))
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
}
