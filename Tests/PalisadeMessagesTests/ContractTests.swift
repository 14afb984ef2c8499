import Foundation
import PalisadeMessages
import PalisadeTestSupport
import Testing

/// The wire contract is written twice, as pseudo-IDL in `Protocol/*.md` and as Swift `Codable`
/// types; these tests check that both say the same thing.
@Suite("Protocol/*.md message blocks match the Swift message types")
struct ContractTests {
    /// The parsed documents (parsing problems are checked by `documentsParse`).
    static let contract: ProtocolContract = (try? ProtocolContract.load()) ?? ProtocolContract()

    @Test("every message block in Protocol/*.md parses, with known field types")
    func documentsParse() throws {
        let contract = try ProtocolContract.load()
        #expect(contract.issues.isEmpty, "\(contract.issues.joined(separator: "\n"))")
        let unknown = ContractChecker(contract: contract).unknownTypes()
        #expect(unknown.isEmpty, "\(unknown.joined(separator: "\n"))")
        // A parser that found nothing would make every other test pass vacuously.
        #expect(contract.messages.count >= 12)
    }

    @Test("the parser rejects malformed field lines, naming file and line")
    func parserIsStrict() {
        let text = """
            Prose may start a line with
            message Bad { 1: this is not a block, it is outside a fence
            ```
            message Good {
              1: string id        // fine
              2: repeated bytes entries
            }

            message Bad {
              1: string
              two: string name
              3 string other
            }
            enum Open {
              A = 0
            ```
            """
        let parsed = ProtocolContract.parse(text, file: "x.md")
        #expect(
            parsed.issues == [
                "x.md:10: malformed field line in message Bad: '1: string'",
                "x.md:11: malformed field line in message Bad: 'two: string name'",
                "x.md:12: malformed field line in message Bad: '3 string other'",
                "x.md:14: block Open is never closed with '}'",
            ])
        let good = parsed.message("Good")
        #expect(
            good?.fields == [
                ContractField(number: 1, name: "id", type: "string", label: .singular, line: 5),
                ContractField(number: 2, name: "entries", type: "bytes", label: .repeated, line: 6),
            ])
    }

    @Test("every documented message has a registered Swift type, and every registered one is documented")
    func registryCoversDocuments() {
        let documented = Set(Self.contract.messages.map(\.name))
        let registered = Set(ContractRegistry.samples.map(\.name))
        let excluded = Set(ContractRegistry.withoutSwiftType.keys)
        let unregistered = documented.subtracting(registered).subtracting(excluded).sorted()
        #expect(unregistered.isEmpty, "documented in Protocol/*.md but not in ContractRegistry.samples: \(unregistered)")
        let undocumented = registered.union(excluded).subtracting(documented).sorted()
        #expect(undocumented.isEmpty, "in ContractRegistry but documented in no Protocol/*.md: \(undocumented)")
        let duplicates = ContractRegistry.samples.count - registered.count
        #expect(duplicates == 0, "a message is registered twice")
    }

    @Test("binary: field numbers and wire types are exactly the documented ones", arguments: ContractRegistry.samples)
    func binaryMatchesDocument(_ sample: ContractSample) throws {
        let message = try #require(Self.contract.message(sample.name), "\(sample.name) is not documented")
        let problems = try ContractChecker(contract: Self.contract).binaryProblems(message, try sample.binary())
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("JSON: member names are exactly the documented field names", arguments: ContractRegistry.samples)
    func jsonMatchesDocument(_ sample: ContractSample) throws {
        let message = try #require(Self.contract.message(sample.name), "\(sample.name) is not documented")
        let parsed = try JSONSerialization.jsonObject(with: Data(try sample.json()))
        let object = try #require(parsed as? [String: Any], "\(sample.name) JSON is not an object")
        let problems = ContractChecker(contract: Self.contract).jsonProblems(message, object)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("every registered message has a golden vector pair, apart from the known missing ones")
    func vectorsExist() {
        let missing = ContractRegistry.samples.map(\.vector).filter { !Self.hasVectorPair($0) }
        #expect(missing.isEmpty, "no Protocol/vectors/<name>.hex + .json for: \(missing)")
    }

    private static func hasVectorPair(_ name: String) -> Bool {
        VectorFiles.exists("\(name).hex") && VectorFiles.exists("\(name).json")
    }
}

/// The method tables of `Protocol/*.md` against the typed descriptors in Swift.
@Suite("Protocol/*.md method tables match the Swift method descriptors")
struct MethodContractTests {
    @Test("every documented method has a descriptor with the same shape and messages, and every descriptor is documented")
    func methodsMatch() throws {
        let documented = try ContractMethod.documented(in: ProtocolContract.directory)
        // A parser that found nothing would make the comparison pass vacuously.
        #expect(documented.count >= ContractMethod.described.count)
        let described = Set(ContractMethod.described)
        for (method, file) in documented where !described.contains(method) {
            let swift = described.first { $0.path == method.path }
            Issue.record("\(file): \(method) — Swift says \(swift.map(\.description) ?? "nothing (no descriptor)")")
        }
        let paths = Set(documented.map(\.method.path))
        for method in described where !paths.contains(method.path) {
            Issue.record("\(method) has no row in a Protocol/*.md method table")
        }
    }

    @Test("a table row is read as path, shape and the two message names")
    func rowParsing() {
        let row = ContractMethod(
            row: "| `POST /palisade.ingestion.v1.Ingestion/Ingest` | client streaming | stream of `IngestBatch` | one `IngestSummary` |")
        #expect(row == ContractMethod(IngestionAPI.ingest))
        #expect(ContractMethod(row: "| State | `statusText` |") == nil)
        #expect(ContractMethod(row: "| `BACKFILLING` | `Backfilling 42%` | x | y |") == nil)
    }
}
