import Foundation
import Logging
import PalisadeService
import Synchronization
import Testing

/// Collects the lines a handler writes.
private final class Lines: Sendable {
    private let lines = Mutex<[String]>([])

    var output: LogOutput {
        LogOutput { line in self.lines.withLock { $0.append(line) } }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// `ts=… ` removed, since the clock is not under test here.
private func withoutTimestamp(_ line: String) -> String {
    guard line.hasPrefix("ts="), let space = line.firstIndex(of: " ") else { return line }
    return String(line[line.index(after: space)...])
}

@Suite struct LogfmtTests {
    @Test func lineHasTheDocumentedShape() throws {
        let lines = Lines()
        var logger = Logger(label: "echo") { LogfmtLogHandler(label: $0, service: "echo", output: lines.output) }
        logger[metadataKey: "zone"] = "eu"
        logger.info("server listening", metadata: ["address": "127.0.0.1:8443"])
        logger.debug("below the level")

        let written = lines.all
        #expect(written.count == 1)
        let line = try #require(written.first)
        let documentedShape = line.wholeMatch(of: /ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info .*\n/)
        #expect(documentedShape != nil, "\(line)")
        #expect(withoutTimestamp(line) == "level=info service=echo msg=\"server listening\" address=127.0.0.1:8443 zone=eu\n")
    }

    @Test func valuesAreQuotedAndEscapedWhenNeeded() throws {
        let lines = Lines()
        let logger = Logger(label: "palisade.rpc") {
            LogfmtLogHandler(label: $0, service: "echo", level: .trace, output: lines.output)
        }
        logger.warning(
            "say \"hi\"\nsecond line\tend \\ \u{1B}[31m",
            metadata: [
                "b": "two words",
                "a": "key=value",
                "empty": "",
                "plain": "x",
                "msg": "shadow",
                "peer": ["id": "spiffe://palisade/detection", "port": "8443"],
                "list": ["a", "b"],
                "bad key": "1",
            ])
        let line = withoutTimestamp(try #require(lines.all.first))
        #expect(
            line == #"level=warning service=echo logger=palisade.rpc msg="say \"hi\"\nsecond line\tend \\ \u001b[31m" "#
                + #"_msg=shadow a="key=value" b="two words" bad_key=1 empty="" list="[a, b]" "#
                + #"peer.id=spiffe://palisade/detection peer.port=8443 plain=x"# + "\n")
        #expect(line.dropLast().contains("\n") == false)
    }

    @Test func errorsAreWritten() throws {
        struct Failure: Error, CustomStringConvertible { var description: String { "connection refused" } }
        let lines = Lines()
        let handler = LogfmtLogHandler(label: "echo", service: "echo", output: lines.output)
        handler.log(
            event: LogEvent(
                level: .error, message: "dial failed", error: Failure(), metadata: nil,
                source: nil, file: #fileID, function: #function, line: #line))
        #expect(
            withoutTimestamp(try #require(lines.all.first))
                == "level=error service=echo msg=\"dial failed\" error=\"connection refused\"\n")
    }

    @Test func jsonLinesParse() throws {
        let lines = Lines()
        let logger = Logger(label: "echo") {
            LoggingSystemSetup.makeHandler(label: $0, service: "echo", level: .info, format: .json, output: lines.output)
        }
        logger.info("quote \" and\nnewline", metadata: ["peer": ["id": "x"], "n": "\(3)"])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n") && line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "quote \" and\nnewline")
        #expect(object["service"] as? String == "echo")
        #expect(object["level"] as? String == "info")
        #expect((object["peer"] as? [String: Any])?["id"] as? String == "x")
        #expect(object["n"] as? String == "3")
    }

    @Test func bootstrapIsIdempotent() {
        LoggingSystemSetup.bootstrap(service: "tests", level: .critical)
        #expect(LoggingSystemSetup.bootstrap(service: "tests", level: .debug, format: .json) == false)
    }

    @Test func logLevelsMapToSwiftLog() {
        for level in LogLevel.allCases {
            #expect(level.loggerLevel.rawValue == level.rawValue)
            #expect(LogLevel(level.loggerLevel) == level)
        }
    }
}
