import Foundation
import PalisadeHTTPClient
import PalisadeService

/// What an operator uses besides the RPC client: the `palisade` binary and plain HTTPS with JSON
/// (what `curl` sends), both with the operator's certificate.
struct OperatorTools: Sendable {
    let port: Int
    let files: TLSFiles
    let directory: String

    /// Runs `palisade identity …arguments` against the service; its exit status and standard output.
    func cli(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locateProduct("palisade"))
        process.arguments =
            ["identity"] + arguments + [
                "--address", "127.0.0.1:\(port)", "--ca", files.ca, "--cert", files.certificate, "--key", files.key, "--server-name",
                "localhost",
            ]
        // No variable or profile of the person running the tests may change what is asked.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PALISADE_") }
        environment["PALISADE_PROFILE"] = directory + "/no-profile.json"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// POSTs `json` to `method` of the identity service through the JSON mapping, as
    /// `curl --cacert ca.pem --cert operator.pem --key operator.key -H 'content-type: application/json'` does.
    func json(_ method: String, _ json: String) async throws -> (status: Int, body: [String: Any]) {
        let client = try HTTPClient(
            configuration: HTTPClient.Configuration(
                caFile: files.ca, clientCertificate: HTTPClient.ClientCertificate(certificateFile: files.certificate, keyFile: files.key)))
        defer { client.shutdown() }
        let request = HTTPRequest(
            method: "POST", url: "https://localhost:\(port)/palisade.identity.v1.Identity/\(method)",
            headers: ["Content-Type": "application/json"], body: Array(json.utf8))
        let response = try await client.send(request)
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (response.status, body)
    }
}
