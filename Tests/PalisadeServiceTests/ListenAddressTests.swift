import PalisadeService
import Testing

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8443", "127.0.0.1", 8443, "127.0.0.1:8443"),
        ("[::1]:8443", "::1", 8443, "[::1]:8443"),
        (":8443", "", 8443, ":8443"),
        ("0.0.0.0:65535", "0.0.0.0", 65535, "0.0.0.0:65535"),
        ("localhost:0", "localhost", 0, "localhost:0"),
        ("ingestion.palisade.svc:443", "ingestion.palisade.svc", 443, "ingestion.palisade.svc:443"),
        ("[fe80::1%eth0]:80", "fe80::1%eth0", 80, "[fe80::1%eth0]:80"),
        ("[::ffff:10.0.0.1]:1", "::ffff:10.0.0.1", 1, "[::ffff:10.0.0.1]:1"),
    ])
    func parsesValidAddresses(text: String, host: String, port: Int, description: String) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host)
        #expect(address.port == port)
        #expect(address.description == description)
        #expect(try ListenAddress(parsing: address.description) == address)
    }

    @Test(arguments: [
        ("", "missing :port"),
        ("127.0.0.1", "missing :port"),
        ("127.0.0.1:", "the port must be a number"),
        ("127.0.0.1:65536", "port 65536 is out of range"),
        ("127.0.0.1:-1", "the port must be a number"),
        ("127.0.0.1:+80", "the port must be a number"),
        ("127.0.0.1:80a", "the port must be a number"),
        ("127.0.0.1:123456", "the port must be a number"),
        ("::1:8443", "an IPv6 address must be in brackets"),
        ("[::1]8443", "missing :port after ]"),
        ("[::1", "missing ] after the IPv6 address"),
        ("[127.0.0.1]:80", "brackets are only for IPv6 addresses"),
        ("my host:80", "\"my host\" is not a host name or IP address"),
        ("-bad.example:80", "is not a host name or IP address"),
        ("a..b:80", "is not a host name or IP address"),
        ("[::1%]:80", "is not a host name or IP address"),
    ])
    func rejectsInvalidAddresses(text: String, problem: String) {
        let error = #expect(throws: ConfigError.self) { _ = try ListenAddress(parsing: text) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("expected host:port, e.g. 127.0.0.1:8443, [::1]:8443") == true)
    }

    @Test func partsAreValidated() throws {
        #expect(try ListenAddress(host: "127.0.0.1", port: 0).port == 0)
        #expect(throws: ConfigError.self) { _ = try ListenAddress(host: "127.0.0.1", port: 70000) }
        #expect(throws: ConfigError.self) { _ = try ListenAddress(host: "a b", port: 1) }
    }

    @Test(arguments: [
        ("127.0.0.1:1", true), ("127.1.2.3:1", true), ("[::1]:1", true), ("localhost:1", true),
        ("LOCALHOST:1", true), (":1", false), ("0.0.0.0:1", false), ("10.0.0.1:1", false),
        ("127.example.com:1", false), ("[::]:1", false),
    ])
    func loopback(text: String, isLoopback: Bool) throws {
        #expect(try ListenAddress(parsing: text).isLoopback == isLoopback)
    }
}
