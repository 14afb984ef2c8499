import PalisadeNormaliser
internal import Yams

/// Reads a policy file's `tests:`, each case located like the rest of the file, each entry
/// checked by the normaliser here so a case that could never run is refused with the policy.
extension PolicyParser {
    /// The keys of a test case.
    static let testKeys = ["name", "entries", "entry", "findings"]

    /// Most values (scalars, mappings, sequences) in one file's tests, aliases counted at each use.
    static let maxTestValues = 200_000

    /// The normaliser entries are checked with (its action rules are built once).
    static let normaliser = EntryNormaliser()

    /// `tests`: a list of cases.
    func tests(_ node: Node) throws(PolicyError) -> [PolicyTestCase] {
        guard case .sequence(let items) = node else {
            throw filters.error(node, "tests", "takes a list of cases, each `{ name: …, entries: [ … ], findings: N }`")
        }
        var budget = Self.maxTestValues
        var cases: [PolicyTestCase] = []
        for (index, item) in items.enumerated() {
            cases.append(try testCase(item, path: "tests[\(index)]", number: index + 1, budget: &budget))
        }
        return cases
    }

    private func testCase(_ node: Node, path: String, number: Int, budget: inout Int) throws(PolicyError) -> PolicyTestCase {
        guard case .mapping(let mapping) = node else {
            throw filters.error(node, path, "a test case is a mapping of \(Self.testKeys.joined(separator: ", "))")
        }
        var name: String?
        var entryNodes: [(node: Node, path: String)]?
        var findings: Int?
        for (key, value) in mapping {
            let keyName = key.string ?? ""
            let here = "\(path).\(keyName)"
            switch keyName {
            case "name": name = try text(value, here)
            case "entries", "entry":
                guard entryNodes == nil else { throw filters.error(key, here, "give `entries` (a list) or `entry` (one), not both") }
                if keyName == "entry" {
                    entryNodes = [(value, here)]
                } else {
                    guard case .sequence(let list) = value, !list.isEmpty else {
                        throw filters.error(value, here, "takes a list of one or more entries (for one, `entry:` is enough)")
                    }
                    entryNodes = list.enumerated().map { ($0.element, "\(here)[\($0.offset)]") }
                }
            case "findings":
                guard case .scalar(let scalar) = value, scalar.style == .plain, let count = Int(scalar.string), count >= 0 else {
                    throw filters.error(value, here, "takes how many findings the policy must raise: 0, 1, 2…")
                }
                findings = count
            default:
                throw filters.error(key, here, "not a test case key; keys are \(Self.testKeys.joined(separator: ", "))")
            }
        }
        let caseName = name ?? "case \(number)"
        guard let entryNodes else { throw filters.error(node, path, "test \"\(caseName)\": `entries` (or `entry`) is missing") }
        guard let findings else {
            throw filters.error(
                node, path, "test \"\(caseName)\": `findings` is missing: how many findings the entries must raise (0 for none)")
        }
        var entries: [[UInt8]] = []
        for (position, (entryNode, entryPath)) in entryNodes.enumerated() {
            let bytes: [UInt8]
            do throws(TestEntryJSON.Problem) {
                bytes = try TestEntryJSON.bytes(entryNode, budget: &budget)
            } catch {
                throw PolicyError(
                    file: filters.file, line: error.line, column: error.column, path: entryPath,
                    message: "test \"\(caseName)\": \(error.message)")
            }
            do throws(EntryRefusal) {
                _ = try Self.normaliser.normalise(bytes, orgID: PolicyTestRunner.testOrgID)
            } catch {
                throw filters.error(
                    entryNode, entryPath,
                    "test \"\(caseName)\": entry \(position + 1) is not one Slack could send (\(error.reason)); "
                        + "an entry needs at least a string `id` and a whole-number `date_create`")
            }
            entries.append(bytes)
        }
        return PolicyTestCase(name: caseName, entries: entries, findings: findings, line: node.mark?.line ?? 0)
    }
}
