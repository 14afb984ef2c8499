import ArgumentParser
import Foundation
import PalisadeTLS
import PalisadeTestSupport
import Testing

@testable import PalisadeCLI

/// The message ArgumentParser reports for `arguments` given to `command`, or nil when they
/// parse (and validate).
func refusal<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> String? {
    do {
        _ = try command.parse(arguments)
        return nil
    } catch {
        return command.message(for: error)
    }
}

/// The parsed `command`, or nil when `arguments` are refused.
func parsed<Command: ParsableCommand>(_ command: Command.Type, _ arguments: [String]) -> Command? {
    try? command.parse(arguments)
}

/// The TLS and client options shared by every command, `certs`, and address splitting.
@Suite("Option validation: what the CLI refuses before it connects anywhere")
struct OptionValidationTests {
    @Test("TLS needs a CA (from --ca, PALISADE_CA or the profile) unless --plaintext")
    func caRequired() throws {
        // Parsing leaves the CA to the environment and the profile; resolving requires one.
        #expect(refusal(Health.self, ["--address", "h:1"]) == nil)
        let bare = try #require(parsed(Health.self, ["--address", "h:1", "--cert", "c.pem", "--key", "k.pem"]))
        var message = ""
        do { _ = try bare.client.tls.resolved(environment: [:], profile: nil) } catch { message = "\(error)" }
        #expect(message.contains("no CA to trust: pass --ca, set PALISADE_CA, or write a profile"), "\(message)")
        #expect(refusal(Health.self, ["--address", "h:1", "--ca", "ca.pem"]) == nil)
        #expect(refusal(Health.self, ["--address", "h:1", "--plaintext"]) == nil)
    }

    @Test("a TLS file that cannot be used is named with the flag or variable that gave it")
    func tlsFilesNamedByTheirOption() throws {
        func failure(_ arguments: [String], _ environment: [String: String] = [:]) throws -> String {
            let command = try #require(parsed(Health.self, ["--address", "127.0.0.1:1"] + arguments))
            do {
                _ = try command.client.tls.makeClient(address: "127.0.0.1:1", environment: environment, profile: nil)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let missingCA = try failure(["--ca", "/nonexistent/ca.pem"])
        #expect(missingCA.hasPrefix("--ca /nonexistent/ca.pem: cannot read CA certificate file"), "\(missingCA)")
        let fromVariable = try failure([], ["PALISADE_CA": "/nonexistent/ca.pem"])
        #expect(fromVariable.hasPrefix("PALISADE_CA /nonexistent/ca.pem: "), "\(fromVariable)")
        let directory = try TemporaryDirectory("cli-tls")
        let ca = directory.path + "/ca.pem"
        try TestPKI().root.certificatePEM.write(toFile: ca, atomically: false, encoding: .utf8)
        let missingCert = try failure(["--ca", ca, "--cert", "/nonexistent/c.pem", "--key", "/nonexistent/k.pem"])
        #expect(missingCert.hasPrefix("--cert/--key /nonexistent/c.pem /nonexistent/k.pem: cannot read certificate file"), "\(missingCert)")
    }

    @Test("--cert and --key go together", arguments: [["--cert", "c.pem"], ["--key", "k.pem"]])
    func certAndKey(half: [String]) {
        #expect(refusal(Health.self, ["--address", "h:1", "--ca", "ca.pem"] + half) == "--cert and --key go together")
        #expect(refusal(Connections.self, ["--ca", "ca.pem"] + half) == "--cert and --key go together")
        #expect(refusal(Health.self, ["--address", "h:1", "--ca", "ca.pem", "--cert", "c.pem", "--key", "k.pem"]) == nil)
    }

    @Test("--plaintext with TLS material is refused rather than silently ignored")
    func plaintextWithTLSMaterial() throws {
        let refused = refusal(Health.self, ["--address", "h:1", "--plaintext", "--ca", "ca.pem", "--cert", "c.pem", "--key", "k.pem"])
        #expect(refused?.contains("--plaintext uses no TLS") == true)
        #expect(refusal(Health.self, ["--address", "h:1", "--plaintext", "--ca", "ca.pem"]) != nil)
        #expect(refusal(Health.self, ["--address", "h:1", "--plaintext", "--server-name", "x"]) != nil)
        // Half a pair is still refused first, with its own reason.
        #expect(refusal(Health.self, ["--address", "h:1", "--plaintext", "--cert", "c.pem"]) == "--cert and --key go together")
        #expect(
            refusal(Health.self, ["--address", "h:1", "--timeout", "0", "--plaintext"]) == "--timeout must be a positive number of seconds")
    }

    @Test("health needs --address; connector commands default to the connector's port")
    func addresses() throws {
        #expect(refusal(Health.self, ["--plaintext"])?.contains("--address") == true)
        let connections = try #require(parsed(Connections.self, ["--plaintext"]))
        let address = connections.connector.resolvedAddress(environment: [:], profile: nil)
        #expect(address == "127.0.0.1:7101" && connections.connector.timeout == 30)
        #expect(!connections.json)
    }

    @Test("the connector's --timeout must be positive", arguments: [["--timeout", "0"], ["--timeout=-5"]])
    func connectorTimeout(option: [String]) {
        #expect(refusal(Connections.self, ["--plaintext"] + option) == "--timeout must be a positive number of seconds")
        #expect(refusal(Sync.self, ["--plaintext", "conn_1"] + option) == "--timeout must be a positive number of seconds")
    }

    @Test(
        "a non-numeric or out-of-range number is refused by the parser",
        arguments: [
            ["--timeout", "soon"], ["--timeout", "99999999999999999999"],
        ])
    func notANumber(option: [String]) {
        #expect(refusal(Connections.self, ["--plaintext"] + option) != nil)
    }

    @Test("host:port splitting, [v6] included; an empty host is loopback")
    func split() throws {
        let plain = try TLSClientOptions.split("example.com:443")
        #expect(plain.0 == "example.com" && plain.1 == 443)
        let v6 = try TLSClientOptions.split("[::1]:7101")
        #expect(v6.0 == "::1" && v6.1 == 7101)
        let empty = try TLSClientOptions.split(":7101")
        #expect(empty.0 == "127.0.0.1" && empty.1 == 7101)
    }

    @Test("an address without a numeric port is refused", arguments: ["example.com", "example.com:", "example.com:https", "[::1]", ""])
    func splitRefused(address: String) {
        var refused = false
        do { _ = try TLSClientOptions.split(address) } catch { refused = true }
        #expect(refused)
    }

    @Test("certs: --days is bounded (overflowed into a crash before), names are checked")
    func certs() {
        #expect(refusal(Certs.Initialize.self, ["--days", "999999999999999"]) == "--days must be between 1 and 36600 (100 years)")
        #expect(refusal(Certs.Initialize.self, ["--days=0"]) == "--days must be between 1 and 36600 (100 years)")
        #expect(refusal(Certs.Initialize.self, ["--days", "36600"]) == nil)
        #expect(refusal(Certs.Issue.self, ["connector", "--days", "36601"]) == "--days must be between 1 and 36600 (100 years)")
        #expect(refusal(Certs.Issue.self, ["operator/alice"]) == nil)
        for name in ["Connector", "/connector", "operator/", "../ca", "a b", "a\\b", "x;rm", "operator/a/b", "ünï"] {
            let message = refusal(Certs.Issue.self, [name])
            #expect(message?.contains("must be lower-case letters") == true, "\(name)")
        }
    }
}
