import PalisadeNet

/// The cloud providers' JSON documents: AWS `ip-ranges.json` and Azure Service Tags.
///
/// Both list a prefix many times (AWS once per service, `AMAZON` being the superset; Azure in
/// `AzureCloud` and again in its `AzureCloud.<region>` tag), so the blocks are deduplicated. A
/// document of the wrong shape (no `prefixes` list, no `AzureCloud` tag) is refused as a whole;
/// bad prefixes are reported by JSON path.
enum CloudFeedParser {
    private struct AWSDocument: Decodable {
        struct IPv4Prefix: Decodable {
            let prefix: String?
            enum CodingKeys: String, CodingKey { case prefix = "ip_prefix" }
        }
        struct IPv6Prefix: Decodable {
            let prefix: String?
            enum CodingKeys: String, CodingKey { case prefix = "ipv6_prefix" }
        }
        let prefixes: [IPv4Prefix]?
        let ipv6Prefixes: [IPv6Prefix]?
        enum CodingKeys: String, CodingKey {
            case prefixes
            case ipv6Prefixes = "ipv6_prefixes"
        }
    }

    private struct AzureDocument: Decodable {
        struct Value: Decodable {
            struct Properties: Decodable {
                let addressPrefixes: [String]?
            }
            let name: String?
            let properties: Properties?
        }
        let values: [Value]?
    }

    static func parseAWS(_ contents: [UInt8], into collector: inout IPFeedCollector) throws(IPFeedError) {
        let document = try decode(AWSDocument.self, contents, &collector)
        guard let prefixes = document.prefixes else {
            throw collector.wrongFormat("has no \"prefixes\" list at the top")
        }
        for (index, entry) in prefixes.enumerated() {
            add(entry.prefix, path: "prefixes[\(index)].ip_prefix", to: &collector)
        }
        for (index, entry) in (document.ipv6Prefixes ?? []).enumerated() {
            add(entry.prefix, path: "ipv6_prefixes[\(index)].ipv6_prefix", to: &collector)
        }
    }

    /// Only the `AzureCloud` tags: together they are all public Azure space, which is what
    /// "cloud provider" means; the service tags (Storage, AzureFrontDoor…) are subsets of it.
    static func parseAzure(_ contents: [UInt8], into collector: inout IPFeedCollector) throws(IPFeedError) {
        let document = try decode(AzureDocument.self, contents, &collector)
        guard let values = document.values else {
            throw collector.wrongFormat("has no \"values\" list at the top")
        }
        var sawAzureCloud = false
        for (index, value) in values.enumerated() {
            guard let name = value.name, name == "AzureCloud" || name.hasPrefix("AzureCloud.") else { continue }
            sawAzureCloud = true
            guard let prefixes = value.properties?.addressPrefixes else {
                collector.problem(
                    path: "values[\(index)].properties.addressPrefixes", text: name, reason: "is missing from the \(name) tag")
                continue
            }
            for (prefixIndex, prefix) in prefixes.enumerated() {
                add(prefix, path: "values[\(index)].properties.addressPrefixes[\(prefixIndex)]", to: &collector)
            }
        }
        guard sawAzureCloud else {
            throw collector.wrongFormat("has no AzureCloud service tag (it is not a full Service Tags file)")
        }
    }

    private static func add(_ prefix: String?, path: String, to collector: inout IPFeedCollector) {
        guard let prefix else {
            collector.problem(path: path, text: "", reason: "is missing")
            return
        }
        do {
            collector.add(try IPNetwork(parsing: prefix))
        } catch {
            collector.problem(path: path, text: prefix, reason: error.description)
        }
    }

    /// The document, or: not JSON / not an object at all (wrong format), or a value of the wrong
    /// type somewhere inside (one bad entry, at its path).
    private static func decode<Document: Decodable>(
        _ type: Document.Type, _ contents: [UInt8], _ collector: inout IPFeedCollector
    ) throws(IPFeedError) -> Document {
        switch FeedJSON.decode(type, from: contents) {
        case .success(let document): return document
        case .failure(let failure) where failure.isNotJSON:
            let start = TextFeedParser.lines(of: contents).first { !$0.text.isEmpty }?.text.prefix(40) ?? ""
            throw collector.wrongFormat("\(failure.reason); it starts with \"\(start)\"")
        case .failure(let failure):
            collector.problem(path: failure.path, text: "", reason: failure.reason)
            throw collector.refusal()
        }
    }
}
