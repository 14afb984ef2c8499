import ArgumentParser
import Testing

@testable import PalisadeCLI

/// `palisade connect slack` options before the ones under test: a loopback connector in cleartext.
private let base = ["--plaintext"]

/// `ConnectSlack.validate` through ArgumentParser, as a person would type the options.
@Suite("connect slack: token file or OAuth, and the OAuth options")
struct ConnectSlackOptionsTests {
    @Test(
        "exactly one of --token-file and --oauth",
        arguments: [
            [String](), ["--token-file", "t", "--oauth"],
        ])
    func exactlyOneSource(options: [String]) {
        #expect(refusal(ConnectSlack.self, base + options) == "give either --token-file FILE or --oauth")
    }

    @Test("a token file alone, or --oauth alone, is accepted")
    func oneSource() throws {
        let token = try #require(parsed(ConnectSlack.self, base + ["--token-file", "t"]))
        #expect(token.tokenFile == "t" && !token.oauth && token.backfillDays == nil)
        let oauth = try #require(parsed(ConnectSlack.self, base + ["--oauth", "--redirect-port", "8765", "--backfill-days", "30"]))
        #expect(oauth.oauth && oauth.redirectPort == 8765 && oauth.backfillDays == 30 && oauth.oauthTimeout == 10)
    }

    @Test("--redirect-port goes with --oauth")
    func redirectPortNeedsOAuth() {
        #expect(refusal(ConnectSlack.self, base + ["--token-file", "t", "--redirect-port", "8765"]) == "--redirect-port goes with --oauth")
        // Port 0 is the default ("any free port"), so naming it is not an error.
        #expect(refusal(ConnectSlack.self, base + ["--token-file", "t", "--redirect-port", "0"]) == nil)
    }

    @Test("--redirect-port must be a port number", arguments: ["65536", "70000", "-1", "http"])
    func redirectPortRange(port: String) {
        #expect(refusal(ConnectSlack.self, base + ["--oauth", "--redirect-port=\(port)"]) != nil)
    }

    @Test(
        "--oauth-timeout is 1…1440 minutes (a huge value overflowed into a crash before)",
        arguments: [
            "0", "-1", "1441", "153722867280912931", "9223372036854775807",
        ])
    func oauthTimeoutRefused(minutes: String) {
        #expect(
            refusal(ConnectSlack.self, base + ["--oauth", "--oauth-timeout=\(minutes)"])
                == "--oauth-timeout must be between 1 and 1440 minutes")
    }

    @Test("--oauth-timeout at its bounds is accepted", arguments: [1, 1440])
    func oauthTimeoutAccepted(minutes: Int) throws {
        let command = try #require(parsed(ConnectSlack.self, base + ["--oauth", "--oauth-timeout", String(minutes)]))
        #expect(command.oauthTimeout == minutes)
    }

    @Test("--backfill-days 0 is refused; negative or too large is not a UInt32")
    func backfillDays() {
        #expect(
            refusal(ConnectSlack.self, base + ["--token-file", "t", "--backfill-days", "0"])
                == "--backfill-days must be at least 1 (leave it out for the connector's default)")
        #expect(refusal(ConnectSlack.self, base + ["--token-file", "t", "--backfill-days=-1"]) != nil)
        #expect(refusal(ConnectSlack.self, base + ["--token-file", "t", "--backfill-days", "4294967296"]) != nil)
    }

    @Test("the connector options apply here too")
    func connectorOptions() {
        #expect(refusal(ConnectSlack.self, ["--token-file", "t", "--cert", "c.pem"]) == "--cert and --key go together")
        #expect(
            refusal(ConnectSlack.self, base + ["--token-file", "t", "--timeout", "0"]) == "--timeout must be a positive number of seconds")
    }

    @Test("the subcommand is reached as `connect slack` from the root")
    func fromRoot() throws {
        let command = try Palisade.parseAsRoot(["connect", "slack", "--plaintext", "--token-file", "t"])
        let slack = try #require(command as? ConnectSlack)
        #expect(slack.tokenFile == "t")
        var refused: String?
        do { _ = try Palisade.parseAsRoot(["connect", "slack", "--plaintext"]) } catch { refused = Palisade.message(for: error) }
        #expect(refused == "give either --token-file FILE or --oauth")
    }
}
