import Foundation
import PalisadeNet

/// Spamhaus DROP's JSON files (`drop_v4.json`, `drop_v6.json`): NDJSON, one record a line,
/// `{"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}`, and last a
/// `{"type":"metadata","timestamp":…,"records":…}` record.
///
/// The metadata record is required: it is the only sign that the download finished, so a file
/// without it is refused as incomplete. Its `records` count is not checked against the file,
/// since Spamhaus does not document exactly what it counts.
enum SpamhausJSONParser {
    private struct Record: Decodable {
        let cidr: String?
        let type: String?
    }

    static func parse(_ contents: [UInt8], into collector: inout IPFeedCollector) throws(IPFeedError) {
        var metadataLine: Int?
        var sawRecord = false
        for (number, line) in TextFeedParser.lines(of: contents) {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let record: Record
            switch FeedJSON.decode(Record.self, from: text.utf8) {
            case .success(let decoded): record = decoded
            case .failure(let failure):
                // A first line that is not a record on its own is another kind of JSON file
                // (a pretty-printed document): say so once rather than once a line.
                if !sawRecord { throw collector.wrongFormat("line \(number) is not a JSON record on its own line") }
                let place = failure.path.isEmpty ? "it" : "\"\(failure.path)\""
                collector.problem(line: number, text: line, reason: "\(place) \(failure.reason)")
                continue
            }
            sawRecord = true
            if let earlier = metadataLine {
                collector.problem(
                    line: number, text: line, reason: "a record after the metadata record of line \(earlier), which comes last")
                continue
            }
            if record.type == "metadata" {
                metadataLine = number
                continue
            }
            guard let cidr = record.cidr else {
                collector.problem(line: number, text: line, reason: "the record has no \"cidr\"")
                continue
            }
            do {
                collector.add(try IPNetwork(parsing: cidr))
            } catch {
                collector.problem(line: number, text: line, reason: error.description)
            }
        }
        if metadataLine == nil {
            throw IPFeedError(
                .incomplete,
                "\(collector.fileName) ends without the metadata record Spamhaus writes last ({\"type\":\"metadata\",…}): "
                    + "the download is incomplete, so none of it was loaded; download it again")
        }
    }
}
