import ArgumentParser
import Foundation
import PalisadeTLS

/// `palisade certs`: the mesh's local certificate authority.
struct Certs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the mesh's local CA and issue service and operator certificates.",
        subcommands: [Initialize.self, Issue.self]
    )

    /// `palisade certs init`
    struct Initialize: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a local CA: <dir>/ca.pem (share it) and <dir>/ca.key (keep it secret, mode 0600)."
        )

        @Option(name: .long, help: "Directory for the CA files (created if missing).")
        var dir: String = "certs"

        @Option(name: .long, help: "Validity of the CA in days.")
        var days: Int = 3650

        @Option(name: .long, help: "The CA's common name.")
        var name: String = "Palisade local CA"

        func validate() throws { try Certs.validate(days: days) }

        func run() throws {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            let root = try CertificateAuthority.createRoot(commonName: name, validity: .seconds(days * 86_400))
            try CertificateAuthority.write(root, certificatePath: "\(dir)/ca.pem", keyPath: "\(dir)/ca.key")
            print("created \(dir)/ca.pem and \(dir)/ca.key (valid \(days) days)")
        }
    }

    /// `palisade certs issue <name>`
    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a key and certificate whose URI SAN is spiffe://palisade/<name>.",
            discussion: """
                <name> is a service (connector, ingestion, detection, alerting, identity) or \
                operator/<person>. Files: <dir>/<name>.pem and <dir>/<name>.key, with '/' in the \
                name written as '-' (operator/alice → operator-alice.pem).
                """
        )

        @Argument(help: "Service name, or operator/<person>.")
        var name: String

        @Option(name: .long, help: "Directory holding ca.pem and ca.key; the new files go here too.")
        var dir: String = "certs"

        @Option(name: .long, help: "Validity in days.")
        var days: Int = 365

        @Option(name: .long, parsing: .upToNextOption, help: "DNS names to add (default: localhost and the service name).")
        var dns: [String] = []

        @Option(name: .long, parsing: .upToNextOption, help: "IP addresses to add (default: 127.0.0.1 and ::1).")
        var ip: [String] = []

        @Flag(name: .long, help: "Also write the profile the palisade commands read (this certificate, its key, the CA).")
        var profile = false

        @Option(name: .long, help: "With --profile: the connector's address to put in it (host:port).")
        var address: String?

        @Option(name: .long, help: "With --profile: the ingestion service's address to put in it (host:port).")
        var ingestionAddress: String?

        @Option(name: .long, help: "With --profile: the detection service's address to put in it (host:port).")
        var detectionAddress: String?

        @Option(name: .long, help: "With --profile: the identity service's address to put in it (host:port).")
        var identityAddress: String?

        func validate() throws {
            try Certs.validate(days: days)
            if address != nil && !profile {
                throw ValidationError("--address goes with --profile: it is the connector address the profile names")
            }
            if ingestionAddress != nil && !profile {
                throw ValidationError("--ingestion-address goes with --profile: it is the ingestion address the profile names")
            }
            if detectionAddress != nil && !profile {
                throw ValidationError("--detection-address goes with --profile: it is the detection address the profile names")
            }
            if identityAddress != nil && !profile {
                throw ValidationError("--identity-address goes with --profile: it is the identity address the profile names")
            }
            // ASCII only, and one '/' at most: the name becomes a SPIFFE path and a file name.
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_./")
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains), name.filter({ $0 == "/" }).count <= 1,
                !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("..")
            else {
                throw ValidationError(
                    "name '\(name)' must be lower-case letters, digits, '-', '_', '.', and at most one '/' (operator/<person>)")
            }
        }

        func run() throws {
            let caCert = try readFile("\(dir)/ca.pem", hint: "run `palisade certs init --dir \(dir)` first")
            let caKey = try readFile("\(dir)/ca.key", hint: "the CA key must sit next to ca.pem")
            let issuer = CertificateAuthority.Issued(certificatePEM: caCert, privateKeyPEM: caKey)
            let leafName = name.split(separator: "/").last.map(String.init) ?? name
            let issued = try CertificateAuthority.issue(
                commonName: name, uris: ["spiffe://palisade/\(name)"],
                dnsNames: dns.isEmpty ? ["localhost", leafName] : dns,
                ipAddresses: ip.isEmpty ? ["127.0.0.1", "::1"] : ip,
                validity: .seconds(days * 86_400), issuer: issuer)
            let file = name.replacingOccurrences(of: "/", with: "-")
            try CertificateAuthority.write(issued, certificatePath: "\(dir)/\(file).pem", keyPath: "\(dir)/\(file).key")
            print("issued \(dir)/\(file).pem and \(dir)/\(file).key for spiffe://palisade/\(name) (valid \(days) days)")
            if profile {
                let path = ClientProfile.path(environment: ProcessInfo.processInfo.environment)
                try writeProfile(to: path, certificate: "\(dir)/\(file).pem", key: "\(dir)/\(file).key")
                print("wrote the profile \(path): palisade commands now use these files without --ca/--cert/--key")
            }
        }

        /// The profile with absolute paths, so the commands work from any directory.
        func writeProfile(to path: String, certificate: String, key: String) throws {
            let cwd = FileManager.default.currentDirectoryPath
            func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : "\(cwd)/\(path)" }
            try ClientProfile(
                address: address, ca: absolute("\(dir)/ca.pem"), cert: absolute(certificate), key: absolute(key),
                ingestionAddress: ingestionAddress, detectionAddress: detectionAddress,
                identityAddress: identityAddress
            ).write(to: path)
        }

        private func readFile(_ path: String, hint: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read \(path): \(hint)")
            }
            return text
        }
    }

    /// The validity the CA code accepts (1 day to 100 years of 366 days); refused here, before
    /// `days * 86_400` could overflow and crash.
    static func validate(days: Int) throws {
        guard (1...100 * 366).contains(days) else {
            throw ValidationError("--days must be between 1 and 36600 (100 years)")
        }
    }
}
