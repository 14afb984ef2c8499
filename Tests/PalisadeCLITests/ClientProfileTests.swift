import ArgumentParser
import Foundation
import PalisadeTestSupport
import Testing

@testable import PalisadeCLI

/// Where the commands find their address and mesh files: flags, then `PALISADE_*` variables,
/// then the profile written by `palisade certs issue operator/NAME --profile`.
@Suite("Client profile and environment")
struct ClientProfileTests {
    static let profile = ClientProfile(
        address: "10.0.0.5:7101", ca: "/p/ca.pem", cert: "/p/operator-alice.pem", key: "/p/operator-alice.key", serverName: "connector")

    @Test("flags win over variables, variables over the profile, the profile over the defaults")
    func precedence() throws {
        let bare = try #require(parsed(Connections.self, []))
        let fromProfile = try bare.connector.tls.resolved(environment: [:], profile: Self.profile)
        #expect(fromProfile.ca == "/p/ca.pem" && fromProfile.cert == "/p/operator-alice.pem" && fromProfile.serverName == "connector")
        #expect(bare.connector.resolvedAddress(environment: [:], profile: Self.profile) == "10.0.0.5:7101")

        let environment = ["PALISADE_CA": "/e/ca.pem", "PALISADE_CERT": "/e/c.pem", "PALISADE_KEY": "/e/k.pem", "PALISADE_ADDRESS": "e:1"]
        let fromVariables = try bare.connector.tls.resolved(environment: environment, profile: Self.profile)
        #expect(fromVariables.ca == "/e/ca.pem" && fromVariables.cert == "/e/c.pem" && fromVariables.key == "/e/k.pem")
        #expect(bare.connector.resolvedAddress(environment: environment, profile: Self.profile) == "e:1")

        let flagged = try #require(parsed(Connections.self, ["--ca", "/f/ca.pem", "--address", "f:2"]))
        let fromFlags = try flagged.connector.tls.resolved(environment: environment, profile: Self.profile)
        #expect(fromFlags.ca == "/f/ca.pem" && fromFlags.cert == "/e/c.pem")
        #expect(flagged.connector.resolvedAddress(environment: environment, profile: Self.profile) == "f:2")
    }

    @Test("PALISADE_PLAINTEXT gives cleartext unless flags ask for TLS; a variable pair must be whole")
    func variables() throws {
        let bare = try #require(parsed(Connections.self, []))
        #expect(try bare.connector.tls.resolved(environment: ["PALISADE_PLAINTEXT": "1"], profile: Self.profile).plaintext)
        let flagged = try #require(parsed(Connections.self, ["--ca", "/f/ca.pem"]))
        #expect(try !flagged.connector.tls.resolved(environment: ["PALISADE_PLAINTEXT": "1"], profile: nil).plaintext)
        var message = ""
        do { _ = try bare.connector.tls.resolved(environment: ["PALISADE_CERT": "/e/c.pem"], profile: Self.profile) } catch {
            message = "\(error)"
        }
        #expect(message.contains("PALISADE_CERT and PALISADE_KEY go together"), "\(message)")
    }

    @Test("the profile's place: PALISADE_PROFILE, else XDG_CONFIG_HOME, else ~/.config")
    func location() {
        #expect(ClientProfile.path(environment: ["PALISADE_PROFILE": "/x/p.json", "HOME": "/h"]) == "/x/p.json")
        #expect(ClientProfile.path(environment: ["XDG_CONFIG_HOME": "/c", "HOME": "/h"]) == "/c/palisade/profile.json")
        #expect(ClientProfile.path(environment: ["HOME": "/h"]) == "/h/.config/palisade/profile.json")
    }

    @Test("certs issue --profile writes absolute paths, private; a broken profile is an error naming it")
    func writeAndLoad() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-profile-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/config/palisade/profile.json"
        #expect(try ClientProfile.load(path: path) == nil)

        let issue = try #require(parsed(Certs.Issue.self, ["operator/alice", "--dir", "/srv/certs", "--profile", "--address", "c:7101"]))
        try issue.writeProfile(to: path, certificate: "/srv/certs/operator-alice.pem", key: "/srv/certs/operator-alice.key")
        let loaded = try ClientProfile.load(path: path)
        #expect(
            loaded
                == ClientProfile(
                    address: "c:7101", ca: "/srv/certs/ca.pem", cert: "/srv/certs/operator-alice.pem", key: "/srv/certs/operator-alice.key")
        )
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0) & 0o777
        #expect(mode == 0o600)

        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        var message = ""
        do { _ = try ClientProfile.load(path: path) } catch { message = "\(error)" }
        #expect(message.contains("the profile \(path) is not a profile"), "\(message)")
        #expect(refusal(Certs.Issue.self, ["operator/alice", "--address", "c:1"])?.contains("--address goes with --profile") == true)
    }

    @Test("certs issue --profile --ingestion-address writes the profile's ingestionAddress")
    func profileIngestionAddress() throws {
        let directory = try TemporaryDirectory("cli-profile")
        let arguments = ["operator/alice", "--dir", "/srv/certs", "--profile", "--ingestion-address", "10.0.0.6:7102"]
        let issue = try #require(parsed(Certs.Issue.self, arguments))
        try issue.writeProfile(to: directory.file("profile.json"), certificate: "/srv/certs/a.pem", key: "/srv/certs/a.key")
        let profile = try ClientProfile.load(path: directory.file("profile.json"))
        #expect(profile?.ingestionAddress == "10.0.0.6:7102" && profile?.address == nil)
        let alone = refusal(Certs.Issue.self, ["operator/alice", "--ingestion-address", "i:1"])
        #expect(alone == "--ingestion-address goes with --profile: it is the ingestion address the profile names")
    }
}
