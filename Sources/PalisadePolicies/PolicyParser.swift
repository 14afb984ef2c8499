import PalisadeMessages
internal import Yams

/// Reads a whole policy file: its keys around the filter (`match`), each checked and located.
struct PolicyParser {
    let filters: PolicyFilterParser

    init(file: String) {
        filters = PolicyFilterParser(file: file)
    }

    static let keys = ["name", "description", "enabled", "severity", "title", "match", "threshold", "actions", "tests"]
    static let thresholdKeys = ["count", "within", "by"]

    func parse(_ source: String) throws(PolicyError) -> ActivityPolicy {
        let root = try filters.document(source)
        guard case .mapping(let mapping) = root else {
            throw filters.error(root, "", "a policy is a mapping of \(Self.keys.joined(separator: ", "))")
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string, Self.keys.contains(name) else {
                throw filters.error(key, key.string ?? "", "not a policy key; keys are \(Self.keys.joined(separator: ", "))")
            }
            entries[name] = value
        }
        func required(_ name: String) throws(PolicyError) -> Node {
            guard let node = entries[name] else { throw filters.error(root, "", "`\(name)` is missing") }
            return node
        }
        let name = try text(try required("name"), "name")
        let severity = try named(try required("severity"), "severity", Severity.named)
        let titleNode = try required("title")
        let titleText = try text(titleNode, "title")
        let title: TitleTemplate
        do throws(TitleTemplate.Problem) {
            title = try TitleTemplate(titleText)
        } catch {
            throw filters.error(titleNode, "title", "\(error.message) (character \(error.offset + 1))")
        }
        var budget = PolicyFilterParser.maxParts
        let filter = try filters.filter(try required("match"), path: "match", depth: 1, budget: &budget)
        var policy = ActivityPolicy(name: name, severity: severity, title: title, filter: filter)
        if let node = entries["description"] { policy.description = try text(node, "description", allowEmpty: true) }
        if let node = entries["enabled"] {
            guard case .scalar(let scalar) = node, let flag = Bool(scalar.string) else {
                throw filters.error(node, "enabled", "takes true or false")
            }
            policy.enabled = flag
        }
        if let node = entries["threshold"] { policy.threshold = try threshold(node) }
        if let node = entries["tests"] { policy.tests = try tests(node) }
        if let node = entries["actions"] {
            guard case .sequence(let items) = node else { throw filters.error(node, "actions", "takes a list of actions") }
            var actions: Set<GovernanceAction> = []
            for (index, item) in items.enumerated() {
                actions.insert(try named(item, "actions[\(index)]", GovernanceAction.named))
            }
            policy.actions = actions.sorted { $0.rawValue < $1.rawValue }
        }
        return policy
    }

    private func threshold(_ node: Node) throws(PolicyError) -> PolicyThreshold {
        guard case .mapping(let mapping) = node else {
            throw filters.error(node, "threshold", "a threshold is `{ count: N, within: 10m, by: actor.id }`")
        }
        var count: Int?
        var seconds: Int?
        var groupBy = ActivityField("actor.id")
        for (key, value) in mapping {
            let name = key.string ?? ""
            let path = "threshold.\(name)"
            switch name {
            case "count":
                guard case .scalar(let scalar) = value, let number = Int(scalar.string), (2...10_000).contains(number) else {
                    throw filters.error(value, path, "takes a whole number from 2 to 10000 (for every match, leave the threshold out)")
                }
                count = number
            case "within":
                guard case .scalar(let scalar) = value, let window = Self.seconds(scalar.string), (60...86_400).contains(window) else {
                    throw filters.error(value, path, "takes a window from 1m to 24h, e.g. 10m, 2h or 90 (minutes)")
                }
                seconds = window
            case "by":
                guard case .scalar(let scalar) = value, let field = ActivityField(scalar.string) else {
                    throw filters.error(value, path, "takes a field name, e.g. actor.id or entity.id")
                }
                groupBy = field
            default:
                throw filters.error(key, path, "not a threshold key; keys are \(Self.thresholdKeys.joined(separator: ", "))")
            }
        }
        guard let count, let seconds, let groupBy else { throw filters.error(node, "threshold", "needs both `count` and `within`") }
        return PolicyThreshold(count: count, seconds: seconds, groupBy: groupBy)
    }

    /// `10m`, `2h`, `1d` or a number of minutes, in seconds.
    static func seconds(_ text: String) -> Int? {
        let units: [Character: Int] = ["m": 60, "h": 3_600, "d": 86_400]
        if let unit = text.last.flatMap({ units[$0] }) {
            return Int(text.dropLast()).flatMap { $0.multipliedReportingOverflow(by: unit).overflow ? nil : $0 * unit }
        }
        return Int(text).flatMap { $0.multipliedReportingOverflow(by: 60).overflow ? nil : $0 * 60 }
    }

    func text(_ node: Node, _ path: String, allowEmpty: Bool = false) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node, allowEmpty || !scalar.string.isEmpty else {
            throw filters.error(node, path, "takes text")
        }
        return scalar.string
    }

    private func named<Value>(_ node: Node, _ path: String, _ names: [(name: String, value: Value)]) throws(PolicyError) -> Value {
        guard case .scalar(let scalar) = node, let value = ValueNames.value(named: scalar.string, in: names) else {
            throw filters.error(node, path, "takes one of \(names.map(\.name).joined(separator: ", "))")
        }
        return value
    }
}
