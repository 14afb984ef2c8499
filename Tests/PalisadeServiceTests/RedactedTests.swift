import Foundation
import Logging
import PalisadeService
import PalisadeTestSupport
import Synchronization
import Testing

@Suite struct RedactedTests {
    private let secret = Redacted("xoxp-123-secret")

    @Test func everyWayOfPrintingHidesTheSecret() {
        var dumped = ""
        dump(secret, to: &dumped)
        let renderings = [
            "\(secret)",
            String(describing: secret),
            String(reflecting: secret),
            dumped,
            "\([secret])",
            "\(["token": secret])",
            "\(Optional(secret) as Any)",
        ]
        for text in renderings {
            #expect(!text.contains("xoxp"), "\(text)")
        }
        #expect("\(secret)" == "<redacted>")
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect(secret.unredacted == "xoxp-123-secret")
    }

    @Test func logLinesShowRedacted() throws {
        let captured = Mutex<[String]>([])
        let output = LogOutput { line in captured.withLock { $0.append(line) } }
        let logger = Logger(label: "identity") { LogfmtLogHandler(label: $0, service: "identity", output: output) }
        logger.info("token refreshed", metadata: ["secret": "\(secret)", "wrapped": .stringConvertible(secret)])
        let firstLine = captured.withLock { $0.first }
        let line = try #require(firstLine)
        #expect(line.contains("secret=<redacted> wrapped=<redacted>"))
        #expect(!line.contains("xoxp"))
    }

    @Test func decodesFromConfiguration() throws {
        struct Config: Decodable { var clientSecret: Redacted<String> }
        let directory = try TemporaryDirectory()
        let file = try directory.write("identity.yaml", "clientSecret: s3cr3t\n")
        let config = try ConfigLoader.load(Config.self, file: file, environment: [:], prefix: "PALISADE_IDENTITY")
        #expect(config.clientSecret.unredacted == "s3cr3t")
        #expect("\(config)".contains("s3cr3t") == false)
    }
}
