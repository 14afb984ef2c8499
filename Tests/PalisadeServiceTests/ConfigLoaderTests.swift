import Foundation
import PalisadeService
import PalisadeTestSupport
import Testing

/// A configuration shaped like a real service's.
private struct EchoConfig: Decodable, Equatable {
    struct Limits: Decodable, Equatable {
        var maxConcurrentStreams: Int
        var maxMessageBytes: Int

        init() {
            maxConcurrentStreams = 100
            maxMessageBytes = 4_194_304
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let defaults = Limits()
            maxConcurrentStreams = try container.decode(forKey: .maxConcurrentStreams, default: defaults.maxConcurrentStreams)
            maxMessageBytes = try container.decode(forKey: .maxMessageBytes, default: defaults.maxMessageBytes)
        }

        private enum CodingKeys: String, CodingKey { case maxConcurrentStreams, maxMessageBytes }
    }

    var listen: ListenAddress
    var tls: TLSFiles
    var logLevel: LogLevel
    var limits: Limits
    var peers: [ListenAddress]
    var name: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        listen = try container.decode(ListenAddress.self, forKey: .listen)
        tls = try container.decode(TLSFiles.self, forKey: .tls)
        logLevel = try container.decode(forKey: .logLevel, default: .info)
        limits = try container.decode(forKey: .limits, default: Limits())
        peers = try container.decode(forKey: .peers, default: [])
        name = try container.decodeIfPresent(String.self, forKey: .name)
    }

    private enum CodingKeys: String, CodingKey { case listen, tls, logLevel, limits, peers, name }
}

private let plaintextEcho = """
    listen: 127.0.0.1:8443
    tls:
      plaintext: true
    """

private func load(_ yaml: String?, _ environment: [String: String] = [:]) throws -> EchoConfig {
    let directory = try TemporaryDirectory()
    let file = try yaml.map { try directory.write("echo.yaml", $0) }
    return try ConfigLoader.load(EchoConfig.self, file: file, environment: environment, prefix: "PALISADE_ECHO")
}

/// The error `load` throws, with `<file>` standing for the file's path in its message.
private func loadError(_ yaml: String?, _ environment: [String: String] = [:]) throws -> ConfigError? {
    let directory = try TemporaryDirectory()
    let file = try yaml.map { try directory.write("echo.yaml", $0) }
    do {
        _ = try ConfigLoader.load(EchoConfig.self, file: file, environment: environment, prefix: "PALISADE_ECHO")
        return nil
    } catch {
        return ConfigError(code: error.code, message: error.message.replacingOccurrences(of: file ?? "-", with: "<file>"))
    }
}

@Suite struct ConfigLoaderTests {
    @Test func environmentOverridesFileWhichOverridesDefaults() throws {
        let yaml =
            plaintextEcho + """

                logLevel: debug
                limits:
                  maxConcurrentStreams: 50
                name: from-file
                """
        let config = try load(
            yaml,
            [
                "PALISADE_ECHO_LIMITS__MAX_CONCURRENT_STREAMS": "200",
                "PALISADE_ECHO_NAME": "from-environment",
                "PALISADE_ECHO_PEERS": "[127.0.0.1:1, '[::1]:2']",
                "PALISADE_OTHER_NAME": "ignored",
                "HOME": "/root",
            ])
        #expect(config.listen.description == "127.0.0.1:8443")
        #expect(config.logLevel == .debug)
        #expect(config.limits.maxConcurrentStreams == 200)
        #expect(config.limits.maxMessageBytes == 4_194_304)
        #expect(config.name == "from-environment")
        #expect(config.peers.map(\.description) == ["127.0.0.1:1", "[::1]:2"])
        #expect(config.tls.plaintext)
    }

    @Test func environmentAloneWhenThereIsNoFile() throws {
        let config = try load(
            nil,
            [
                "PALISADE_ECHO_LISTEN": ":9000",
                "PALISADE_ECHO_TLS__PLAINTEXT": "true",
            ])
        #expect(config.listen.port == 9000)
        #expect(config.listen.isAllInterfaces)
        #expect(config.logLevel == .info)
        #expect(config.name == nil)
    }

    @Test func unknownKeysAreListedWithTheirPaths() throws {
        let yaml =
            plaintextEcho + """

                lisen: 127.0.0.1:1
                limits:
                  maxConcurentStreams: 5
                tls:
                  plaintext: true
                """
        let duplicate = try loadError(yaml)
        #expect(duplicate?.code == .malformed)  // `tls` twice
        #expect(duplicate?.message.contains("duplicate keys 'tls'") == true)

        let error = try loadError(
            plaintextEcho + """

                lisen: 127.0.0.1:1
                limits:
                  maxConcurentStreams: 5
                """, ["PALISADE_ECHO_TLS__EXTRA": "1"])
        #expect(error?.code == .unknownKeys)
        #expect(
            error?.message == "config <file>: unknown keys 'lisen', 'limits.maxConcurentStreams'; "
                + "environment PALISADE_ECHO_TLS__EXTRA: unknown key 'tls.extra'; check the spelling, or remove keys this version does not use"
        )
    }

    @Test func typeErrorsNameTheKeyAndTheValue() throws {
        let error = try loadError(plaintextEcho + "\nlimits:\n  maxConcurrentStreams: abc\n")
        #expect(error?.code == .typeMismatch)
        #expect(error?.message == "config <file>: 'limits.maxConcurrentStreams': expected an integer, got \"abc\"")

        let fromEnvironment = try loadError(plaintextEcho, ["PALISADE_ECHO_LIMITS__MAX_MESSAGE_BYTES": "lots"])
        #expect(
            fromEnvironment?.message == "environment PALISADE_ECHO_LIMITS__MAX_MESSAGE_BYTES: 'limits.maxMessageBytes': "
                + "expected an integer, got \"lots\"")

        let mapping = try loadError(plaintextEcho + "\nname: {first: a}\n")
        #expect(mapping?.message == "config <file>: 'name': expected a string, got a mapping")

        let level = try loadError(plaintextEcho + "\nlogLevel: verbose\n")
        #expect(level?.code == .invalidValue)
        #expect(
            level?.message == "config <file>: 'logLevel': expected one of trace, debug, info, notice, "
                + "warning, error, critical, got \"verbose\"")

        let address = try loadError("listen: 127.0.0.1\ntls: {plaintext: true}\n")
        #expect(address?.code == .invalidValue)
        #expect(address?.message.hasPrefix("config <file>: 'listen': invalid address \"127.0.0.1\": missing :port") == true)
    }

    @Test func missingKeysAreNamed() throws {
        let error = try loadError("listen: 127.0.0.1:8443\ntls:\n  key: k.pem\n  ca: ca.pem\n")
        #expect(error?.code == .missingKey)
        #expect(error?.message == "config <file>: 'tls.certificate' is required")

        let typo = try loadError("listen: 127.0.0.1:8443\ntls:\n  certifcate: c.pem\n  key: k.pem\n  ca: ca.pem\n")
        #expect(typo?.message == "config <file>: 'tls.certificate' is required (found 'tls.certifcate': a typo?)")

        let empty = try loadError("")
        #expect(empty?.message == "config <file>: 'listen' is required")

        let null = try loadError("listen:\ntls: {plaintext: true}\n")
        #expect(null?.code == .missingKey)
        #expect(null?.message == "config <file>: 'listen': expected a string, got nothing")
    }

    @Test func missingFileIsNamed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("absent.yaml")
        let error = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.load(EchoConfig.self, file: path, environment: [:], prefix: "PALISADE_ECHO")
        }
        #expect(error?.code == .fileNotFound)
        #expect(error?.message == "config file: \(path) does not exist")
    }

    @Test func malformedYAMLIsReportedWithoutQuotingTheFile() throws {
        let error = try loadError("listen: 127.0.0.1:8443\nsecret: \"xoxp-1234\n  tls: [\n")
        #expect(error?.code == .malformed)
        #expect(error?.message.hasPrefix("config <file>: invalid YAML: line ") == true)
        #expect(error?.message.contains("xoxp") == false)

        let list = try loadError("- a\n- b\n")
        #expect(list?.code == .malformed)
        #expect(list?.message == "config <file>: the top level must be a mapping of keys to values, not a list")

        let binary = try TemporaryDirectory()
        let path = binary.file("bad.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.load(EchoConfig.self, file: path, environment: [:], prefix: "PALISADE_ECHO")
        }
    }

    @Test(arguments: ["PALISADE_ECHO_listen", "PALISADE_ECHO_LISTEN___PORT", "PALISADE_ECHO_", "PALISADE_ECHO_A-B"])
    func malformedVariableNamesAreRejected(name: String) throws {
        let error = try loadError(plaintextEcho, [name: "1"])
        #expect(error?.code == .invalidEnvironment)
        #expect(error?.message.hasPrefix("environment variable \(name): expected PALISADE_ECHO_KEY__SUBKEY") == true)
    }

    @Test func overrideInsideAScalarIsRejected() throws {
        let error = try loadError(plaintextEcho, ["PALISADE_ECHO_LISTEN__PORT": "9000"])
        #expect(error?.code == .invalidEnvironment)
        #expect(
            error?.message == "environment variable PALISADE_ECHO_LISTEN__PORT sets 'listen.port', "
                + "but 'listen' is \"127.0.0.1:8443\" in config <file>, not a mapping")
    }

    @Test func validatableConfigIsValidated() throws {
        struct Checked: Decodable, ValidatableConfig {
            var listen: ListenAddress
            var tls: TLSFiles
            func validate() throws(ConfigError) { try tls.validate(address: listen) }
        }
        let directory = try TemporaryDirectory()
        let file = try directory.write("checked.yaml", "listen: :8443\ntls: {plaintext: true}\n")
        let error = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.load(Checked.self, file: file, environment: [:], prefix: "PALISADE_ECHO")
        }
        #expect(error?.code == .invalidValue)
        #expect(
            error?.message == "config \(file): 'tls.plaintext' is true but 'listen' is :8443, which is not a "
                + "loopback address; cleartext is only allowed on 127.0.0.1, [::1] or localhost")

        let loopback = try ConfigLoader.load(
            Checked.self, file: file, environment: ["PALISADE_ECHO_LISTEN": "[::1]:8443"], prefix: "PALISADE_ECHO")
        #expect(loopback.listen.host == "::1")

        // A value an override set is blamed on the variable, not the file.
        let overridden = #expect(throws: ConfigError.self) {
            _ = try ConfigLoader.load(
                Checked.self, file: file, environment: ["PALISADE_ECHO_TLS__PLAINTEXT": "true"], prefix: "PALISADE_ECHO")
        }
        #expect(overridden?.message.hasPrefix("environment PALISADE_ECHO_TLS__PLAINTEXT: 'tls.plaintext' is true") == true)
        #expect(ConfigError(code: .invalidValue, message: "'a.b' is 3").leadingKeyPath == "a.b")
        #expect(ConfigError(code: .invalidValue, message: "no key here").leadingKeyPath == nil)
    }
}
