import ArgumentParser
import PalisadeRPC
import PalisadeTLS

/// The TLS material every CLI client takes (`--ca`, `--cert`, `--key`, `--server-name`,
/// `--plaintext`), shared by `ClientOptions` and `ServiceClientOptions`.
struct TLSClientOptions: ParsableArguments {
    @Option(name: .long, help: "CA certificate to trust (the mesh CA, ca.pem).")
    var ca: String?

    @Option(name: .long, help: "Our certificate (operator), PEM.")
    var cert: String?

    @Option(name: .long, help: "Our private key, PEM.")
    var key: String?

    @Option(name: .long, help: "The name the server certificate must carry (default: the host).")
    var serverName: String?

    @Flag(name: .long, help: "Use cleartext HTTP/2 (loopback test servers only).")
    var plaintext = false

    func validate() throws {
        // A missing --ca may come from PALISADE_CA or the profile: `resolved` checks it.
        if (cert == nil) != (key == nil) {
            throw ValidationError("--cert and --key go together")
        }
        if plaintext && (ca != nil || cert != nil || serverName != nil) {
            // Silently dropping them would send an operator who meant TLS over cleartext.
            throw ValidationError("--plaintext uses no TLS: drop --ca, --cert, --key and --server-name, or drop --plaintext")
        }
    }

    /// These options completed from the environment (`PALISADE_CA`, `PALISADE_CERT`,
    /// `PALISADE_KEY`, `PALISADE_SERVER_NAME`, `PALISADE_PLAINTEXT`) and then from `profile`:
    /// flags first, then variables, then the profile. Throws when no CA is found for TLS.
    func resolved(environment: [String: String], profile: ClientProfile?) throws -> TLSClientOptions {
        var options = self
        let flagsSayTLS = ca != nil || cert != nil || serverName != nil
        let variableSaysPlaintext = ["1", "true", "yes"].contains(environment["PALISADE_PLAINTEXT"]?.lowercased() ?? "")
        options.plaintext = plaintext || (variableSaysPlaintext && !flagsSayTLS)
        if options.plaintext { return options }
        options.ca = ca ?? environment["PALISADE_CA"] ?? profile?.ca
        options.serverName = serverName ?? environment["PALISADE_SERVER_NAME"] ?? profile?.serverName
        if cert == nil {
            switch (environment["PALISADE_CERT"], environment["PALISADE_KEY"]) {
            case (let cert?, let key?): (options.cert, options.key) = (cert, key)
            case (nil, nil): (options.cert, options.key) = (profile?.cert, profile?.key)
            default: throw CommandFailure("PALISADE_CERT and PALISADE_KEY go together: set both, or neither")
            }
        }
        guard options.ca != nil else {
            throw CommandFailure(
                "no CA to trust: pass --ca, set PALISADE_CA, or write a profile with "
                    + "`palisade certs issue operator/NAME --profile` (or --plaintext for a loopback test server)")
        }
        return options
    }

    /// A client for `address`, with these options completed from the environment and the
    /// profile (`resolved`). A file that cannot be used is named with where it came from (the
    /// flag, the variable or the profile), which is what a person changes.
    func makeClient(address: String, environment: [String: String], profile: ClientProfile?) throws -> RPCClient {
        let options = try resolved(environment: environment, profile: profile)
        do {
            return try options.makeClient(address: address)
        } catch let error as TLSError {
            throw options.attributed(error, origins: origins(environment: environment))
        }
    }

    /// Where the CA and the certificate pair come from: `--ca`, `PALISADE_CA` or the profile.
    private func origins(environment: [String: String]) -> (ca: String, pair: String) {
        let profile = "the profile (\(ClientProfile.path(environment: environment)))"
        let ca = self.ca != nil ? "--ca" : environment["PALISADE_CA"] != nil ? "PALISADE_CA" : "'ca' in \(profile)"
        let pair =
            cert != nil ? "--cert/--key" : environment["PALISADE_CERT"] != nil ? "PALISADE_CERT/PALISADE_KEY" : "'cert'/'key' in \(profile)"
        return (ca, pair)
    }

    /// `error` (the TLS files could not be used) named with the option that gave the file at
    /// fault rather than OpenSSL's terms: the CA is loaded again on its own to tell which it was.
    private func attributed(_ error: TLSError, origins: (ca: String, pair: String)) -> CommandFailure {
        let caLoads = (try? TLSContext(client: .client(trustRoots: ca.map { .file($0) }))) != nil
        guard caLoads, let cert, let key else { return CommandFailure("\(origins.ca) \(ca ?? ""): \(error.message)") }
        return CommandFailure("\(origins.pair) \(cert) \(key): \(error.message)")
    }

    /// Builds a client for `address` (host:port) with these settings.
    func makeClient(address: String) throws -> RPCClient {
        let (host, port) = try Self.split(address)
        let security: TransportSecurity
        if plaintext {
            security = .plaintext
        } else {
            let configuration = TLSConfiguration.client(
                trustRoots: ca.map { .file($0) },
                certificateChain: cert.map { .file($0) },
                privateKey: key.map { .file($0) })
            security = .tls(try TLSContext(client: configuration))
        }
        return try RPCClient(configuration: .init(host: host, port: port, security: security, serverName: serverName))
    }

    /// Splits `host:port` (`[v6]:port` too); an empty host is 127.0.0.1.
    static func split(_ address: String) throws -> (String, Int) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw ValidationError("address '\(address)' must be host:port")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }
}
